package parser

import (
	"reflect"
	"testing"
)

// The glued texts 003 and 015 are the same reports as pingtan_2019.html and
// pingtan_2023.html: every value read from the glued text must be the
// HTML's, tables 三 and 四 must be read whole, and table 二 may only be
// left unread (ambiguous), never read differently.
func TestGluedAgainstHTML(t *testing.T) {
	for glued, html := range map[string]string{
		"text/003_pingtan-zhqsyq_2019.txt": "html/pingtan_2019.html",
		"text/015_pingtan-zhqsyq_2023.txt": "html/pingtan_2023.html",
	} {
		g, h := parseFixture(t, glued), parseFixture(t, html)
		if g.Form != "glued" || g.Template != h.Template {
			t.Errorf("%s: form %q template %q, want glued %q", glued, g.Form, g.Template, h.Template)
		}
		want := statMap(h)
		read, unread := 0, 0
		for _, s := range g.Stats {
			w, ok := want[statKey{s.Code, s.Dim}]
			if !ok {
				t.Errorf("%s: %s/%s not in the HTML", glued, s.Code, s.Dim)
				continue
			}
			if s.Value == nil {
				unread++
				if s.Table != table2 {
					t.Errorf("%s: %s/%s of %s left unread (raw %q)", glued, s.Code, s.Dim, s.Table, s.Raw)
				}
				continue
			}
			read++
			if w.Value == nil || *w.Value != *s.Value {
				t.Errorf("%s: %s/%s = %v, the HTML says %v", glued, s.Code, s.Dim, *s.Value, w.Value)
			}
		}
		if len(g.Stats) != len(h.Stats) {
			t.Errorf("%s: %d stats, the HTML has %d", glued, len(g.Stats), len(h.Stats))
		}
		t.Logf("%s: %d values read, %d left unread (ambiguous)", glued, read, unread)
	}
}

func TestSplitGlued(t *testing.T) {
	for _, tc := range []struct {
		run   string
		n     int
		check func([]float64) bool
		want  [][]string
	}{
		{"230 000023", 7, rowSumCheck, [][]string{{"23", "0", "0", "0", "0", "0", "23"}}},
		{"640020470", 7, rowSumCheck, [][]string{{"64", "0", "0", "2", "0", "4", "70"}}},
		{"000", 3, nil, [][]string{{"0", "0", "0"}}},
		{"2648-18538", 3, nil, [][]string{{"2", "648", "-18538"}, {"26", "48", "-18538"}, {"264", "8", "-18538"},
			{"2648", "-1", "8538"}, {"2648", "-18", "538"}, {"2648", "-185", "38"}, {"2648", "-1853", "8"}}},
		{"10203120001200000", 15, t4Check, [][]string{{"1", "0", "2", "0", "3", "12", "0", "0", "0", "12", "0", "0", "0", "0", "0"}}},
		{"110024001510102", 15, t4Check, [][]string{{"1", "1", "0", "0", "2", "4", "0", "0", "1", "5", "1", "0", "1", "0", "2"}}},
		{"24252.311082", 1, nil, [][]string{{"24252.311082"}}},
		{"0.5.5", 2, nil, nil},
	} {
		got := splitGlued(tc.run, tc.n, tc.check, 10)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("splitGlued(%q, %d) = %v, want %v", tc.run, tc.n, got, tc.want)
		}
	}
}
