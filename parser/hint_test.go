package parser

import (
	"os"
	"strings"
	"testing"

	"nianbao"
)

// TestTitleHint: a document that names no agency or year takes them
// from the page linking to it, with an identity-from-link finding; what
// a document names is never replaced, and a document without a table
// takes nothing.
func TestTitleHint(t *testing.T) {
	zhouji, err := os.ReadFile("../fixtures/renderings/026_qianjiang-zhouji-jd_2020_excerpt.txt")
	if err != nil {
		t.Fatal(err)
	}
	noYear := strings.ReplaceAll(string(zhouji), "2020年", "本年")
	const hint = "潜江市周矶街道办事处2020年政府信息公开工作年度报告"
	for _, tc := range []struct {
		name       string
		text       string
		title      string
		yearHint   int
		agency     string
		year       int
		fromLink   bool
		noAgencyOK bool // a no-agency finding is expected
	}{
		{"no agency: the hint's", string(zhouji), hint, 2020, "潜江市周矶街道办事处", 2020, true, false},
		{"no agency and no year: both the hint's", noYear, hint, 0, "潜江市周矶街道办事处", 2020, true, false},
		{"no year in the hint title: the year hint", noYear, "潜江市周矶街道办事处政府信息公开工作年度报告", 2019, "潜江市周矶街道办事处", 2019, true, false},
		{"no hint", string(zhouji), "", 0, "", 2020, false, true},
		{"own agency kept", "平潭综合实验区2023年度政府信息公开工作年度报告\n" + string(zhouji), hint, 2020, "平潭综合实验区", 2023, false, false},
		{"no table: nothing taken", "详见附件。", hint, 2020, "", 0, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Parse([]byte(tc.text), Options{Source: "hint.txt", TitleHint: tc.title, YearHint: tc.yearHint})
			if err != nil {
				t.Fatal(err)
			}
			if r.Agency != tc.agency || r.Year != tc.year {
				t.Errorf("agency %q year %d, want %q %d", r.Agency, r.Year, tc.agency, tc.year)
			}
			var fromLink, noAgency, noYear bool
			for _, f := range r.Findings {
				switch f.Rule {
				case "identity-from-link":
					fromLink = true
					if f.Kind != nianbao.KindMetadata || !strings.Contains(f.Message, tc.title) {
						t.Errorf("finding %+v", f)
					}
				case "no-agency":
					noAgency = true
				case "no-year":
					noYear = true
				}
			}
			if fromLink != tc.fromLink || noAgency != tc.noAgencyOK || noYear {
				t.Errorf("identity-from-link %v no-agency %v no-year %v; findings %+v", fromLink, noAgency, noYear, r.Findings)
			}
		})
	}
}
