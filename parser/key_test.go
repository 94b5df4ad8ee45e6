package parser

import (
	"strings"
	"testing"
	"unicode"
)

// TestKeyKeepsLettersAndDigits checks key against its definition (fold,
// then keep letters and digits), on labels that keep every rune, drop
// some, and carry invalid UTF-8.
func TestKeyKeepsLettersAndDigits(t *testing.T) {
	want := func(s string) string {
		var b strings.Builder
		for _, r := range fold(s) {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	for _, s := range []string{
		"", "收到申请数", "（一）收到申请数", "(一) 收到申请数", "ＡＢＣ１２３", "行政许可3960181", "其他情形数 [review.other]",
		"自然人（个人）", "a\xffb", "\xff收到", "收到\xff", "  ", "·", "12.5万元",
	} {
		if got := key(s); got != want(s) {
			t.Errorf("key(%q) = %q, want %q", s, got, want(s))
		}
	}
}

// TestStripEnumHelpers: trimEnumMarks and indexEnumEnd agree with the
// strings functions they stand for, on labels and invalid UTF-8.
func TestStripEnumHelpers(t *testing.T) {
	for _, s := range []string{"", ".", "、", "1.收到", "一、收到", "(一)收到", "其中：收到", ": 、. x", "收到.申请、数", "\xe3、", "\xe3\x80.", "a、b.c", "规\xff、", "、、..  x", "、、" + "\xe3"} {
		if got, want := trimEnumMarks(s), strings.TrimLeft(s, ":、. "); got != want {
			t.Errorf("trimEnumMarks(%q) = %q, want %q", s, got, want)
		}
		if got, want := indexEnumEnd(s), strings.IndexAny(s, "、."); got != want {
			t.Errorf("indexEnumEnd(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestUnitRunes: every ideograph of a unit or a dash is in unitRunes, on
// which isLabelCell rests to skip isUnitCell.
func TestUnitRunes(t *testing.T) {
	for _, m := range []map[string]bool{units, dashes} {
		for u := range m {
			for _, r := range u {
				if isHan(r) && !strings.ContainsRune(unitRunes, r) {
					t.Errorf("unit %q: %q not in unitRunes", u, r)
				}
			}
		}
	}
}
