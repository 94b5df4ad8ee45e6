package parser

import (
	"unicode"
	"unicode/utf8"
)

// A keyFilter tells, in one pass over a string, whether key(s) may
// contain one of a fixed set of keys: not when s holds none of the
// ideographs the keys start with (key drops runes and folds full-width
// forms, which makes no ideograph). It spares the key of most cells of
// every table; the keys' first runes are found once, not for each cell.
type keyFilter struct {
	all   bool   // a key starts with something other than an ideograph: any s may hold it
	first []rune // the keys' first ideographs, each once
	// low marks the first runes' low 9 bits: a rune whose bit is clear
	// is none of them (most are not), without the scan of first.
	low [512 / 64]uint64
}

func newKeyFilter(keys []string) keyFilter {
	var f keyFilter
	for _, k := range keys {
		r, _ := utf8.DecodeRuneInString(k)
		if !unicode.Is(unicode.Han, r) {
			f.all = true
		}
		if !hasRune(f.first, r) {
			f.first = append(f.first, r)
			f.low[r&511/64] |= 1 << (r & 63)
		}
	}
	return f
}

// mayHold reports whether key(s) may contain one of the filter's keys.
func (f *keyFilter) mayHold(s string) bool {
	if f.all {
		return true
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++ // no ideograph
			continue
		}
		// A three-byte character led by E1–EC, EE or EF with two
		// continuation bytes is valid whatever they are (E0 and ED
		// restrict the second byte): decoded here, as DecodeRune would.
		var r rune
		n := 3
		if c >= 0xE1 && c <= 0xEF && c != 0xED && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			r = rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
		} else {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		if f.low[r&511/64]&(1<<(r&63)) != 0 && hasRune(f.first, r) {
			return true
		}
		i += n
	}
	return false
}

func hasRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}
