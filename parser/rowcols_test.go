package parser

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"nianbao"
	"nianbao/internal/testutil"
)

// The Fujian annex of a fixture page with its value columns rewritten:
// every value under its own header, none for a column left out.
func TestRowTableColumnsByHeader(t *testing.T) {
	const name = "html/pingtan_2015.html"
	src := testutil.ReadFixture(t, name)
	orig, err := Parse(src, Options{Source: name})
	if err != nil {
		t.Fatal(err)
	}
	if len(orig.Stats) == 0 {
		t.Fatal("no stats in the page as printed")
	}
	annex := func(tb testing.TB, d *goquery.Document) *goquery.Selection { return statsTable(tb, d, "指标名称") }
	for _, tc := range []struct {
		name    string
		rewrite func(testing.TB, *goquery.Document)
		gone    string // dim of the column left out
		missing string // the column missing-column names
		unknown string // the header unknown-column names
	}{
		{name: "year and cumulative swapped", rewrite: func(tb testing.TB, d *goquery.Document) {
			t := annex(tb, d)
			swapColumns(t, headerColumn(tb, t, "2015年度"), headerColumn(tb, t, "历年累计"), 1)
		}},
		{name: "cumulative left out", rewrite: func(tb testing.TB, d *goquery.Document) {
			t := annex(tb, d)
			removeColumn(t, headerColumn(tb, t, "历年累计"))
		}, gone: "cumulative", missing: "历年累计"},
		{name: "year first", rewrite: func(tb testing.TB, d *goquery.Document) {
			t := annex(tb, d)
			moveColumn(t, headerColumn(tb, t, "历年累计"), headerColumn(tb, t, "计量单位"))
		}},
		{name: "a column of notes", rewrite: func(tb testing.TB, d *goquery.Document) {
			t := annex(tb, d)
			c := headerColumn(tb, t, "历年累计")
			for i, row := range tableCells(t) {
				if x := cellAt(row, c, 1); x != nil && i == 0 {
					x.BeforeHtml("<td>备注</td>")
				} else if x != nil {
					x.BeforeHtml("<td>7</td>")
				}
			}
		}, unknown: "备注"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Parse(rewritePage(t, src, colVariant{rewrite: tc.rewrite}), Options{Source: name})
			if err != nil {
				t.Fatal(err)
			}
			got := map[statKey]nianbao.Stat{}
			for _, s := range r.Stats {
				got[statKey{s.Code, s.Dim}] = s
			}
			right := 0
			for _, w := range orig.Stats {
				g, ok := got[statKey{w.Code, w.Dim}]
				switch {
				case w.Dim == tc.gone && tc.gone != "":
					if ok {
						t.Errorf("%s/%s: %s read for a column not printed", w.Code, w.Dim, g.Raw)
						continue
					}
				case !ok:
					t.Errorf("%s/%s: not read (want %s)", w.Code, w.Dim, w.Raw)
					continue
				case !sameValue(w.Value, g.Value) || g.Unit != w.Unit:
					t.Errorf("%s/%s: %s %s, want %s %s", w.Code, w.Dim, g.Raw, g.Unit, w.Raw, w.Unit)
					continue
				}
				right++
			}
			t.Logf("%d of %d cells right", right, len(orig.Stats))
			var missing, unknown []string
			for _, f := range r.Findings {
				switch f.Rule {
				case "missing-column":
					missing = append(missing, f.Message)
				case "unknown-column":
					unknown = append(unknown, f.Message)
				case "unplaced-row":
					t.Errorf("%s: %s", f.Rule, f.Message)
				}
			}
			if tc.unknown == "" && len(unknown) > 0 || tc.unknown != "" && (len(unknown) != 1 || !strings.Contains(unknown[0], tc.unknown)) {
				t.Errorf("unknown-column %q, want one naming %q", unknown, tc.unknown)
			}
			if tc.missing == "" && len(missing) > 0 || tc.missing != "" && (len(missing) != 1 || !strings.Contains(missing[0], tc.missing)) {
				t.Errorf("missing-column %q, want one naming %q", missing, tc.missing)
			}
		})
	}
}
