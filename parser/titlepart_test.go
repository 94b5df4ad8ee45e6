package parser

import (
	"regexp"
	"strings"
	"testing"
)

// titleSepRe is the pattern titlePart cuts a title at.
var titleSepRe = regexp.MustCompile(`_| - |\|`)

// titlePartSplit is titlePart by titleSepRe.Split.
func titlePartSplit(title, word string) (string, bool) {
	for _, part := range titleSepRe.Split(title, -1) {
		if strings.Contains(part, word) {
			return part, true
		}
	}
	return "", false
}

// TestTitlePartAsSplit holds titlePart to the parts of titleSepRe.Split:
// on titles of the fixtures' pages and on random titles of separators,
// their pieces, the word and other text.
func TestTitlePartAsSplit(t *testing.T) {
	titles := []string{"", "报告", "_", "|", " - ", "a - b", "a -b", "a- b", " -  - ", "报告_", "_报告", "x_y|z - 报告", "x - 报告|y", "平潭综合实验区2023年政府信息公开工作年度报告_平潭综合实验区政府门户网站",
		"首页 - 年度报告 | 信息公开", "a\xff_报告", " - - 报告"}
	for _, s := range fixtureTexts(t) {
		for _, l := range strings.SplitN(s, "\n", 8) {
			titles = append(titles, l)
		}
	}
	titles = append(titles, pieceTexts(5, []string{"_", "|", " - ", " ", "-", "- ", " -", "报告", "报", "告", "年度", "a", "\xe6"}, 3000, 8)...)
	found := 0
	for _, s := range titles {
		got, ok := titlePart(s, "报告")
		want, wantOK := titlePartSplit(s, "报告")
		if got != want || ok != wantOK {
			t.Errorf("titlePart(%q) = %q, %v; Split: %q, %v", s, got, ok, want, wantOK)
		}
		if wantOK {
			found++
		}
	}
	if found < 500 {
		t.Errorf("%d titles hold the word: the test does not reach it", found)
	}
}
