package parser

import (
	"regexp"
	"testing"
)

// TestValidNumber checks the hand-written matcher against the pattern
// it replaces, on the shapes splits of glued runs take.
func TestValidNumber(t *testing.T) {
	re := regexp.MustCompile(`^[+-]?(0|[1-9]\d*)(\.\d+)?(元|万元)?$`)
	for _, s := range []string{
		"", "0", "00", "01", "1", "10", "+1", "-0", "-18", "+-1", "--1", "1.", ".5", "0.5", "00.5", "1.25", "1.2.3",
		"5元", "5万元", "5万", "万元", "元", "-3.5万元", "3元元", "3万元元", "1e5", "１", "1 ", " 1", "12a", "a12", "0.0",
		"13575394432.52元", "24252.31", "+", "-", "+元", "0万元", "1.万元",
	} {
		if got, want := validNumber(s), re.MatchString(s); got != want {
			t.Errorf("validNumber(%q) = %v, the pattern says %v", s, got, want)
		}
	}
}
