package parser

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// mayHoldDecoded is mayHold as written out: every rune decoded by utf8,
// and s may hold a key when it holds the key's first rune and its last
// ideograph (for a filter by first runes alone, its first rune).
func mayHoldDecoded(f *keyFilter, keys []string, s string) bool {
	if f.all {
		return true
	}
	has := func(want rune) bool {
		for _, r := range s {
			if r == want {
				return true
			}
		}
		return false
	}
	for _, k := range keys {
		first, _ := utf8.DecodeRuneInString(k)
		last := first
		for _, r := range k {
			if unicode.Is(unicode.Han, r) {
				last = r
			}
		}
		if has(first) && (!f.byEnds || has(last)) {
			return true
		}
	}
	return false
}

// TestMayHoldAsDecoded holds mayHold's decoding (runeSet's) of three-byte
// characters to utf8's, on the filters the readers use and on strings
// with cut, overlong and surrogate sequences.
func TestMayHoldAsDecoded(t *testing.T) {
	ix := modernIndexesOf(loaded())
	heads := []string{"勾稽关系"}
	for _, c := range loaded().t2Columns {
		heads = append(heads, c.key)
	}
	heads = append(heads, t3Header...)
	filters := map[string]struct {
		f    *keyFilter
		keys []string
	}{"modernMarks": {&modernMarks, modernMarkKeys}, "t4Heads": {&t4Heads, slices.Collect(maps.Keys(t4Header))}, "heads": {&ix.heads, heads},
		"2014 header": {&template2014.table.index().header, template2014.table.header}, "Fujian header": {&templateFujian.table.index().header, templateFujian.table.header}}
	if filters["2014 header"].f.one == "" {
		t.Fatal("the 2014 header filter searches no byte string: the test tests one path only")
	}
	odd := []string{"统", "ç统", "ç»统", "统»", "ç»", "xç»x", "ðç»", "çç»", "指", "æ", "计指标", "", "a", "第", "第二十条", "x第", "\xe7\xac", "\xe7\xac\xac", "\xe7\xac\xacx", "\xe0\x80\x80第", "\xed\xa0\x80", "\xed\x9f\xbf",
		"\xef\xbf\xbd", "\xf0\x9f\x98\x80信", "\xe7\xac第", "\xe7\x2c\xac条", "\xc3\xa9勾稽关系", "（一）", "结果维持", "统 计 指 标", "指标名称", "\x80\x80\x80"}
	for _, w := range append(append(gluedVocab(), glueMarkers...), t3Header...) {
		odd = append(odd, w, w[1:], w[:len(w)-1], "12"+w)
	}
	for name, fk := range filters {
		f := fk.f
		if name == "modernMarks" && !f.byEnds {
			t.Fatal("modernMarks filters by first runes alone: the test tests one path only")
		}
		var cases []string
		for _, k := range fk.keys {
			rs := []rune(k)
			cases = append(cases, k, k[:len(k)-len(string(rs[len(rs)-1]))], string(rs[0]), string(rs[0])+"x"+string(rs[len(rs)-1]), string(rs[len(rs)-1])+string(rs[0]),
				"（"+k+"）", strings.Join(strings.Split(k, ""), " "))
		}
		for _, s := range append(odd, cases...) {
			if got, want := f.mayHold(s), mayHoldDecoded(f, fk.keys, s); got != want {
				t.Errorf("%s.mayHold(%q) = %v, decoded %v", name, s, got, want)
			}
			// a filter: whatever key(s) holds a key of, it lets through
			for _, k := range fk.keys {
				if strings.Contains(key(s), k) && !f.mayHold(s) {
					t.Errorf("%s.mayHold(%q) = false: its key holds %s", name, s, k)
				}
			}
		}
		for _, r := range append(f.first, f.endRunes...) {
			// every rune with the same low bits, and the rune itself, alone and after another key's first
			for x := r & 511; x < 0x10000; x += 512 {
				for _, s := range []string{string(rune(x)), string(f.first[0]) + string(rune(x))} {
					if got, want := f.mayHold(s), mayHoldDecoded(f, fk.keys, s); got != want {
						t.Errorf("%s.mayHold(%q) = %v, decoded %v", name, s, got, want)
					}
				}
			}
		}
	}
}
