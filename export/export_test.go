package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nianbao"
	"nianbao/internal/testutil"
	"nianbao/parser"
	"nianbao/store"
)

// goldenFixtures are the real documents in the 2014 and Fujian formats,
// named as under fixtures/; their sources are named as from the
// repository's root (fixtures/seed/…).
var goldenFixtures = []string{
	"seed/000_d451e8e22817c643.txt",
	"html/pingtan_2015.html",
	"text/001_pingtan-zhqsyq_2011.txt",
	"text/005_pingtan-zhqsyq_2012.txt",
}

// parseDocument reads a document with the parser, as cmd/nianbao does.
func parseDocument(doc store.Document) (*nianbao.Report, error) {
	return parser.Parse(doc.Body, parser.Options{Source: doc.Source, ContentType: doc.ContentType})
}

// testDB imports the golden fixtures with a fixed clock.
func testDB(t *testing.T) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "export.db"), store.Options{Parse: parseDocument, ParserVersion: parser.Version, Indicators: parser.Indicators()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	db.Now = func() time.Time {
		clock = clock.Add(time.Second)
		return clock
	}
	for _, name := range goldenFixtures {
		body := testutil.ReadFixture(t, name)
		if _, err := db.SaveDocument(ctx, store.Document{Source: "fixtures/" + name, Body: body}); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func export(t *testing.T, db *store.DB, opt Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := Write(context.Background(), db, &b, opt); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGolden(t *testing.T) {
	db := testDB(t)
	for _, tc := range []struct {
		file string
		opt  Options
	}{
		{"long.csv", Options{Format: CSV, Layout: Long}},
		{"wide.csv", Options{Format: CSV, Layout: Wide}},
		{"long.jsonl", Options{Format: JSONL, Layout: Long}},
		{"wide.jsonl", Options{Format: JSONL, Layout: Wide}},
		{"findings.csv", Options{Format: CSV, Findings: true}},
		{"wide-filtered.csv", Options{Format: CSV, Layout: Wide, NoBOM: true,
			Filter: store.Filter{Codes: []string{"proactive.total", "requests.received"}, YearFrom: 2012, YearTo: 2017, Agency: "平潭"}}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			got := export(t, db, tc.opt)
			// go test ./export -update rewrites them: read the diff
			// against the documents before committing.
			testutil.Golden(t, filepath.Join("testdata", "golden", tc.file), got)
		})
	}
}

// TestCSVReadsBack reads each CSV export with encoding/csv: a BOM first,
// the same number of fields in every row, and every Chinese label intact.
func TestCSVReadsBack(t *testing.T) {
	db := testDB(t)
	ctx := context.Background()
	for _, layout := range []string{Long, Wide} {
		t.Run(layout, func(t *testing.T) {
			out := export(t, db, Options{Format: CSV, Layout: layout})
			if !bytes.HasPrefix(out, []byte(BOM)) {
				t.Fatal("no byte-order mark")
			}
			recs, err := csv.NewReader(bytes.NewReader(out[len(BOM):])).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			var values []store.Value
			if err := db.Values(ctx, store.Filter{}, func(v store.Value) error { values = append(values, v); return nil }); err != nil {
				t.Fatal(err)
			}
			all := strings.Join(flatten(recs), "\n")
			for _, v := range values {
				if layout == Long {
					for _, s := range []string{v.Agency, v.Row, v.Column, v.Section, v.Table, v.Unit, v.Raw} {
						if !strings.Contains(all, s) {
							t.Errorf("%q lost", s)
						}
					}
				}
				label := v.LabelZH
				if layout == Wide {
					label = shortLabel(label) // the wide header's short label
				}
				if label != "" && !strings.Contains(all, label) {
					t.Errorf("label %q lost", v.LabelZH)
				}
			}
			if layout == Long && len(recs) != len(values)+1 {
				t.Errorf("%d rows, want %d values and a header", len(recs), len(values))
			}
			if layout == Wide {
				// The seed's row: 806 under proactive.total.
				col := -1
				for i, h := range recs[0] {
					if h == "主动公开政府信息数 (条)" {
						col = i
					}
				}
				found := false
				for _, r := range recs[1:] {
					if r[1] == "赣州市商务局" && r[3] == "2017" && col >= 0 && r[col] == "806" {
						found = true
					}
				}
				if !found {
					t.Errorf("wide export lacks 赣州市商务局 2017 proactive.total = 806 (header %q)", recs[0])
				}
			}
		})
	}
	out := export(t, db, Options{Format: CSV, Layout: Long, NoBOM: true})
	if bytes.HasPrefix(out, []byte(BOM)) {
		t.Error("-no-bom export starts with a BOM")
	}
	if !strings.HasPrefix(string(out), "agency,region,year,") {
		t.Errorf("header %q", strings.SplitN(string(out), "\n", 2)[0])
	}
}

func flatten(recs [][]string) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r...)
	}
	return out
}

func TestJSONL(t *testing.T) {
	db := testDB(t)
	out := export(t, db, Options{Format: JSONL, Layout: Long, Filter: store.Filter{Codes: []string{"training.trainees"}, Agency: "赣州"}})
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 1 {
		t.Fatalf("%d lines", len(lines))
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &v); err != nil {
		t.Fatal(err)
	}
	// The seed's cut-off row: a null value, not a zero, and its findings.
	if v["value"] != nil || v["agency"] != "赣州市商务局" || v["findings"] != float64(1) || v["code"] != "training.trainees" {
		t.Errorf("%v", v)
	}
	if _, err := Write(context.Background(), db, &bytes.Buffer{}, Options{Format: "xls", Layout: Long}); err == nil {
		t.Error("unknown format accepted")
	}
	if _, err := Write(context.Background(), db, &bytes.Buffer{}, Options{Format: CSV, Layout: "tall"}); err == nil {
		t.Error("unknown layout accepted")
	}
}
