package parser

import (
	"strings"
	"testing"
)

// isMdRuleRef is the pattern isMdRule matches by hand.
func isMdRuleRef(s string) bool {
	if len(s) < 3 || s[0] != '-' && s[0] != ':' {
		return false
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, ":"), ":")
	return len(s) >= 3 && strings.Trim(s, "-") == ""
}

// TestIsMdRuleAsPattern holds isMdRule to ^:?-{3,}:?$ on every string
// of up to six bytes of ":-x" and on the cells of the Markdown fixtures.
func TestIsMdRuleAsPattern(t *testing.T) {
	var all func(prefix string)
	all = func(prefix string) {
		if got, want := isMdRule(prefix), isMdRuleRef(prefix); got != want {
			t.Errorf("isMdRule(%q) = %v, want %v", prefix, got, want)
		}
		if len(prefix) == 6 {
			return
		}
		for _, c := range []string{":", "-", "x", " "} {
			all(prefix + c)
		}
	}
	all("")
	for _, s := range []string{":---:", ":--:", "---:", ":---", "--", "-:", ":-:", "::", ":::", "----- ", "-—-"} {
		if got, want := isMdRule(s), isMdRuleRef(s); got != want {
			t.Errorf("isMdRule(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestLabelCellAsIsLabelCell holds labelCell, which refuses an ASCII
// cell before isLabelCell reads it (tableDef.segment asks it of every
// cell of a stream), to isLabelCell on ASCII cells of values, notes and
// brackets, and on the lines of the text fixtures cut at " | ".
func TestLabelCellAsIsLabelCell(t *testing.T) {
	cells := []string{"", "0", "12", "1,234", "12)", "(1)", "22(3)", "22(其中3)", "22（其中修订16件）", "a b", "-", "1.5", "n/a", "12 )", "%", "x)"}
	for a := byte(' '); a < 0x7f; a++ {
		cells = append(cells, string(a), "1"+string(a), string(a)+")", "2"+string(a)+"3)")
	}
	for _, c := range textCells(t) {
		cells = append(cells, Clean(c))
	}
	for _, s := range cells {
		if got, want := labelCell(s), isLabelCell(s); got != want {
			t.Errorf("labelCell(%q) = %v, isLabelCell %v", s, got, want)
		}
	}
}
