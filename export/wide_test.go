package export

import (
	"nianbao/internal/testutil"

	"bytes"
	"encoding/csv"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"nianbao/store"
)

// TestWideForPeople checks the wide layout's header: the report id and
// source first, short labels with units, the columns of one template's
// tables together and in the order the template prints them.
func TestWideForPeople(t *testing.T) {
	db := testDB(t)
	recs := readCSV(t, export(t, db, Options{Format: CSV, Layout: Wide, Header: HeaderTwo, NoBOM: true}))
	codes, labels := recs[0], recs[1]
	if !slices.Equal(codes[:6], wideFixed) || !slices.Equal(labels[:6], wideFixedZH) {
		t.Errorf("fixed columns %q / %q", codes[:6], labels[:6])
	}
	for i, h := range labels[6:] {
		if strings.Contains(h, "不同渠道和方式") {
			t.Errorf("column %s has its long label %q", codes[i+6], h)
		}
		if !strings.HasSuffix(h, ")") {
			t.Errorf("column %s %q has no unit", codes[i+6], h)
		}
	}
	if i := slices.Index(codes, "requests.received"); i < 0 || labels[i] != "收到申请数 (件/条)" {
		t.Errorf("requests.received is headed %q, want its two units (件 in the 2014 table, 条 in the Fujian annex)", labels[max(i, 0)])
	}
	// Every column of the 2014 table comes before the Fujian annex's
	// own (the cumulative dim), which are together.
	lastNational, firstCumulative := -1, len(codes)
	for i, c := range codes[6:] {
		if strings.HasSuffix(c, "/cumulative") {
			firstCumulative = min(firstCumulative, i)
		} else if firstCumulative < len(codes) {
			if c != "proactive.channel.email" && !strings.HasPrefix(c, "requests.") && !strings.HasPrefix(c, "fees.") &&
				!strings.HasPrefix(c, "complaints.") && !strings.HasPrefix(c, "appeals.") {
				t.Errorf("column %s of the 2014 table after the annex's columns", c)
			}
		} else {
			lastNational = i
		}
	}
	if lastNational < 0 || firstCumulative == len(codes) || lastNational > firstCumulative {
		t.Errorf("templates interleaved: last 2014 column %d, first annex column %d", lastNational, firstCumulative)
	}
	// In the 2014 table, 主动公开 comes before 依申请公开 and both
	// before 复议: the table's order.
	if a, b, c := slices.Index(codes, "proactive.total"), slices.Index(codes, "requests.received"), slices.Index(codes, "review.total"); !(a < b && b < c) {
		t.Errorf("2014 table out of order: proactive.total %d, requests.received %d, review.total %d", a, b, c)
	}
	// Two codes with one label are told apart.
	seen := map[string]string{}
	for i, h := range labels {
		if prev, ok := seen[h]; ok {
			t.Errorf("header %q for both %s and %s", h, prev, codes[i])
		}
		seen[h] = codes[i]
	}
	// The one-row headers: the short labels, or the codes.
	if short := readCSV(t, export(t, db, Options{Format: CSV, Layout: Wide, NoBOM: true}))[0]; !slices.Equal(short[6:], labels[6:]) || !slices.Equal(short[:6], wideFixed) {
		t.Errorf("short header %q", short[:8])
	}
	if code := readCSV(t, export(t, db, Options{Format: CSV, Layout: Wide, Header: HeaderCode, NoBOM: true}))[0]; !slices.Equal(code, codes) {
		t.Errorf("code header %q", code[:8])
	}
	// Two reports of one agency are told apart by id and source.
	rows := map[string]bool{}
	for _, r := range recs[2:] {
		if r[0] == "" || r[5] == "" || rows[r[0]] {
			t.Errorf("row %q: no report id or source, or twice", r[:6])
		}
		rows[r[0]] = true
	}
}

func TestShortLabel(t *testing.T) {
	for in, want := range map[string]string{
		"主动公开政府信息数（不同渠道和方式公开相同信息计1条）": "主动公开政府信息数",
		"本年收费金额（单位：万元）":               "本年收费金额",
		"收到申请数":     "收到申请数",
		"（其他）":      "（其他）",
		"a（b（c）d）e": "ae",
	} {
		if got := shortLabel(in); got != want {
			t.Errorf("shortLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDisplayWidth(t *testing.T) {
	for in, want := range map[string]int{"": 0, "abc": 3, "赣州市商务局": 12, "收到申请数 (件)": 15, "（一）": 6} {
		if got := displayWidth(in); got != want {
			t.Errorf("displayWidth(%q) = %d, want %d", in, got, want)
		}
	}
}

// TestDictionary writes the data dictionary of an export: one row per
// column of the wide layout, in its order, with the full labels and the
// header the wide layout gives it.
func TestDictionary(t *testing.T) {
	db := testDB(t)
	var b bytes.Buffer
	filter := store.Filter{Codes: []string{"proactive.total", "requests.received"}}
	n, err := Dictionary(t.Context(), db, &b, Options{Filter: filter})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte(BOM)) {
		t.Error("no byte-order mark")
	}
	recs := readCSV(t, b.Bytes()[len(BOM):])
	if !slices.Equal(recs[0], dictionaryHeader) || n != len(recs)-1 {
		t.Fatalf("header %q, %d rows, %d said", recs[0], len(recs)-1, n)
	}
	wide := readCSV(t, export(t, db, Options{Format: CSV, Layout: Wide, Header: HeaderTwo, NoBOM: true, Filter: filter}))
	var keys []string
	for _, r := range recs[1:] {
		k := r[0]
		if r[1] != "" {
			k += "/" + r[1]
		}
		keys = append(keys, k)
		if i := slices.Index(wide[0], k); i < 0 || wide[1][i] != r[7] {
			t.Errorf("dictionary %s: wide_header %q, the wide layout heads it %q", k, r[7], wide[1][max(i, 0)])
		}
	}
	if !slices.Equal(keys, wide[0][6:]) {
		t.Errorf("dictionary rows %q, wide columns %q", keys, wide[0][6:])
	}
	if recs[1][0] != "proactive.total" || recs[1][2] != "主动公开政府信息数（不同渠道和方式公开相同信息计1条）" || recs[1][3] == "" || recs[1][4] != "条" {
		t.Errorf("first entry %q", recs[1])
	}
}

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// TestGoldenPeople pins the two-row header and the dictionary file; go
// test ./export -update rewrites them.
func TestGoldenPeople(t *testing.T) {
	db := testDB(t)
	var dict bytes.Buffer
	if _, err := Dictionary(t.Context(), db, &dict, Options{}); err != nil {
		t.Fatal(err)
	}
	for file, got := range map[string][]byte{
		"wide-two.csv":   export(t, db, Options{Format: CSV, Layout: Wide, Header: HeaderTwo}),
		"dictionary.csv": dict.Bytes(),
	} {
		testutil.Golden(t, filepath.Join("testdata", "golden", file), got)
	}
}
