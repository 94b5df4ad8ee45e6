package parser

import (
	"testing"
	"unicode/utf8"
)

// mayHoldDecoded is mayHold as it was written first: every non-ASCII
// rune decoded by utf8 and looked for among the first runes.
func mayHoldDecoded(f *keyFilter, s string) bool {
	if f.all {
		return true
	}
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if hasRune(f.first, r) {
			return true
		}
		i += n
	}
	return false
}

// TestMayHoldAsDecoded holds mayHold's decoding (runeSet's) of three-byte
// characters to utf8's, on the filters the readers use and on strings
// with cut, overlong and surrogate sequences.
func TestMayHoldAsDecoded(t *testing.T) {
	filters := map[string]*keyFilter{"modernMarks": &modernMarks, "t4Heads": &t4Heads,
		"2014 header": &template2014.table.index().header, "Fujian header": &templateFujian.table.index().header}
	if filters["2014 header"].one == "" {
		t.Fatal("the 2014 header filter searches no byte string: the test tests one path only")
	}
	odd := []string{"统", "ç统", "ç»统", "统»", "ç»", "xç»x", "ðç»", "çç»", "指", "æ", "计指标", "", "a", "第", "第二十条", "x第", "\xe7\xac", "\xe7\xac\xac", "\xe7\xac\xacx", "\xe0\x80\x80第", "\xed\xa0\x80", "\xed\x9f\xbf",
		"\xef\xbf\xbd", "\xf0\x9f\x98\x80信", "\xe7\xac第", "\xe7\x2c\xac条", "\xc3\xa9勾稽关系", "（一）", "结果维持", "统 计 指 标", "指标名称", "\x80\x80\x80"}
	for _, w := range append(append(gluedVocab(), glueMarkers...), t3Header...) {
		odd = append(odd, w, w[1:], w[:len(w)-1], "12"+w)
	}
	for name, f := range filters {
		for _, s := range odd {
			if got, want := f.mayHold(s), mayHoldDecoded(f, s); got != want {
				t.Errorf("%s.mayHold(%q) = %v, decoded %v", name, s, got, want)
			}
		}
		for _, r := range f.first {
			// every rune with the same low bits, and the first rune itself
			for x := r & 511; x < 0x10000; x += 512 {
				s := string(rune(x))
				if got, want := f.mayHold(s), mayHoldDecoded(f, s); got != want {
					t.Errorf("%s.mayHold(%q) = %v, decoded %v", name, s, got, want)
				}
			}
		}
	}
}
