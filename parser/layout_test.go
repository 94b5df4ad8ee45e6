package parser

import (
	"slices"
	"strings"
	"testing"

	"nianbao/internal/testutil"
)

// layoutFixtures are pdftotext -layout renderings of LibreOffice PDFs of
// the HTML fixtures (see fixtures/README.md), with the least number of
// values each must read right: what the layout reader reads today.
var layoutFixtures = []struct {
	page, text string
	floor      int
}{
	{"html/pingtan_2015.html", "pdftext/pingtan_2015_layout.txt", 32},
	{"html/pingtan_2019.html", "pdftext/pingtan_2019_layout.txt", 220},
	{"html/pingtan_2023.html", "pdftext/pingtan_2023_layout.txt", 230},
	{"html/pingtan_2024.html", "pdftext/pingtan_2024_layout.txt", 230},
}

// TestPdftotextLayout reads the PDF renderings of the fixture pages:
// every value read is the value the HTML gives (rows the template does
// not know, the page's chrome after the table, are kept without a code
// and said in unknown-row), every other cell is null with a reading
// finding, and at least floor values are read right.
func TestPdftotextLayout(t *testing.T) {
	for _, f := range layoutFixtures {
		t.Run(f.text, func(t *testing.T) {
			want := parseFixture(t, f.page)
			got := parseFixture(t, f.text)
			right := valuesRight(got.Stats, want.Stats)
			t.Logf("%s: %d of %d values right, form %s, template %s", f.text, right, len(want.Stats), got.Form, got.Template)
			if got.Template != want.Template {
				t.Fatalf("template %q, want %q", got.Template, want.Template)
			}
			wantBy := map[string]*float64{}
			for _, s := range want.Stats {
				wantBy[statKeyOf(s)] = s.Value
			}
			if got.Agency != want.Agency || got.Year != want.Year {
				t.Errorf("agency %q year %d, want %q %d", got.Agency, got.Year, want.Agency, want.Year)
			}
			for _, s := range got.Stats {
				w, ok := wantBy[statKeyOf(s)]
				if s.Code == "" && findingWith(got.Findings, "unknown-row", s.Row) {
					continue // a row the template does not know (the page's chrome), said so
				}
				if s.Value != nil && (!ok || w == nil || *w != *s.Value) {
					t.Errorf("%s read as %v, the HTML says %s", statKeyOf(s), *s.Value, valueText(w))
				}
			}
			if right < f.floor {
				t.Errorf("%d values right, want at least %d", right, f.floor)
			}
			diffStats(t, got.Stats, want.Stats)
		})
	}
}

// A line of pdftotext -layout text: its label pieces and values.
func TestSplitLayout(t *testing.T) {
	for _, tc := range []struct {
		line        string
		texts, vals int
		firstVal    string
	}{
		{"          规章       0      0       0", 1, 3, "0"},
		{"规章  —  0  —", 1, 3, "—"},
		{" 三、   （一）予以公开               22     0   0   0   0   0   22", 2, 7, "22"},
		{"政府集中采购       135         75394432.52 元", 1, 2, "135"},
		{"2024 年，我区将采取以下措施加以改进：", 1, 0, ""},
		{"1    1   0   0   2   4   0   0    1   5     1    0   1       0        2", 0, 15, "1"},
	} {
		l := splitLayout(tc.line, 1)
		if len(l.texts) != tc.texts || len(l.vals) != tc.vals || tc.vals > 0 && l.vals[0] != tc.firstVal {
			t.Errorf("splitLayout(%q) = %q %q", tc.line, l.texts, l.vals)
		}
	}
}

// A pdftotext -layout line that prints fewer values than its table is
// left null with a short-row finding, and its cells are not said printed
// blank.
func TestLayoutShortRow(t *testing.T) {
	src := string(testutil.ReadFixture(t, "pdftext/pingtan_2023_layout.txt"))
	line := " 三、   （一）予以公开               22     0   0   0   0   0   22"
	if !strings.Contains(src, line) {
		t.Fatalf("no %q", line)
	}
	got, err := Parse([]byte(strings.Replace(src, line, " 三、   （一）予以公开               22     0   0   0   0   22", 1)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !findingWith(got.Findings, "short-row", "（一）予以公开", "not placed") {
		t.Errorf("no short-row finding: %+v", got.Findings)
	}
	for _, s := range got.Stats {
		if s.Code == "requests.disclosed" && s.Value != nil {
			t.Errorf("%s/%s = %v from a short row", s.Code, s.Dim, *s.Value)
		}
	}
	for _, f := range got.Findings {
		if (f.Rule == "blank-cells" && slices.Contains(f.Codes, "requests.disclosed")) ||
			(f.Rule == "blank-total" && strings.Contains(f.Message, "予以公开")) {
			t.Errorf("the short row's cells said printed blank: %s", f.Message)
		}
	}
}
