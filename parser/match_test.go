package parser

import (
	"testing"
	"unicode/utf8"
)

// atLeastRunes agrees with counting every rune, on ASCII, Han, mixed and
// invalid UTF-8, at the boundaries.
func TestAtLeastRunes(t *testing.T) {
	for _, s := range []string{"", "a", "abc", "abcd", "规章", "规范性", "规范性文", "行政规范性文件", "a规b", "ab规", "\xff\xfe\xfd", "\xff\xfe\xfd\xfc", "规\xff\xfe"} {
		for n := 0; n <= 5; n++ {
			if got, want := atLeastRunes(s, n), utf8.RuneCountInString(s) >= n; got != want {
				t.Errorf("atLeastRunes(%q, %d) = %v, want %v", s, n, got, want)
			}
		}
	}
}
