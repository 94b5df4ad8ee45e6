package parser

import (
	"regexp"
	"strconv"
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

// TestGluedValueDigits: a run of up to ten digits is read as ParseFloat
// reads it, a longer one is not a count, an empty one is nothing.
func TestGluedValueDigits(t *testing.T) {
	for _, p := range []string{"0", "7", "10", "0012", "999", "1234567890", "9999999999", "12345678901", ""} {
		v, ok := gluedValue(p)
		want, err := strconv.ParseFloat(p, 64)
		wantOK := err == nil && len(p) < gluedDigits
		if ok != wantOK || ok && v != want {
			t.Errorf("gluedValue(%q) = %v, %v; want %v, %v", p, v, ok, want, wantOK)
		}
	}
}
