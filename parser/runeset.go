package parser

import "unicode/utf8"

// A runeSet is a set of runes of the Basic Multilingual Plane, one bit
// a rune (8 kB): a membership test is a shift and a mask, where a list of
// runes (strings.ContainsRune, a slice) is searched rune by rune. The
// per-cell tests of the text readers (is this ideograph a unit's? does
// this cell hold a marker's first character?) ask it for every rune of
// every cell.
type runeSet [1 << 16 / 64]uint64

// newRuneSet returns the set of the runes of s (all of the BMP).
func newRuneSet(s string) *runeSet {
	set := new(runeSet)
	for _, r := range s {
		if r > 0xFFFF {
			panic("runeSet: rune outside the BMP: " + string(r))
		}
		set[r>>6] |= 1 << (r & 63)
	}
	return set
}

// has reports whether r is in the set.
func (set *runeSet) has(r rune) bool {
	return r >= 0 && r <= 0xFFFF && set[r>>6]&(1<<(r&63)) != 0
}

// in reports whether s holds a rune of the set, its runes read as
// ranging over s reads them (an invalid byte is utf8.RuneError). A
// well-formed three-byte character (most of a Chinese text) is decoded
// from its bytes.
func (set *runeSet) in(s string) bool { return set.index(s) >= 0 }

// index returns the index in s of the first rune of the set, -1 if none
// (see in).
func (set *runeSet) index(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if set[c>>6]&(1<<(c&63)) != 0 {
				return i
			}
			i++
			continue
		}
		if r, ok := rune3(s, i); ok {
			if set[r>>6]&(1<<(r&63)) != 0 {
				return i
			}
			i += 3
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if set.has(r) {
			return i
		}
		i += n
	}
	return -1
}

// rune3 decodes the character at s[i] when it is a three-byte one that
// needs no further check: a lead byte E1–EC, EE or EF and two
// continuation bytes is always valid UTF-8 (E0 and ED restrict their
// second byte, and are left to utf8.DecodeRuneInString).
func rune3(s string, i int) (rune, bool) {
	c := s[i]
	if c < 0xE1 || c == 0xED || c > 0xEF || i+2 >= len(s) || s[i+1]&0xC0 != 0x80 || s[i+2]&0xC0 != 0x80 {
		return 0, false
	}
	return rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F), true
}
