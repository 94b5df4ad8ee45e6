package parser

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A keyFilter tells, in one pass over a string, whether key(s) may
// contain one of a fixed set of keys: not when s holds none of the
// ideographs the keys start with (key drops runes and folds full-width
// forms, which makes no ideograph), nor when it holds a key's first
// ideograph but not its last. It spares the key of most cells of every
// table; the keys' first and last runes are found once, not for each cell.
type keyFilter struct {
	all   bool   // a key starts with something other than an ideograph: any s may hold it
	first []rune // the keys' first ideographs, each once
	set   *runeSet
	// one is the first ideograph when all the keys start with it (the
	// header of a pre-2019 table, 统计指标 or 指标名称), as UTF-8: a byte
	// search finds it in a cell faster than decoding every rune.
	one string
	// ends holds the keys' first and last ideographs; endRunes lists
	// them, and firstOf and lastOf the keys (by bit) each starts and ends.
	ends            *runeSet
	endRunes        []rune
	firstOf, lastOf []uint64
	byEnds          bool // at most 64 keys: by ends, else by first runes alone
	// lastBytes has bit b&63 set for the last byte b of each end rune's
	// encoding (all three bytes long: ideographs of the BMP): a
	// character whose last byte is not among them is no end rune, told
	// without decoding it.
	lastBytes uint64
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
		}
	}
	f.set = newRuneSet(string(f.first))
	if len(f.first) == 1 && !f.all {
		f.one = string(f.first[0])
	}
	if f.all || f.one != "" || len(keys) > 64 {
		return f
	}
	f.byEnds = true
	at := func(r rune) int {
		for i, x := range f.endRunes {
			if x == r {
				return i
			}
		}
		f.endRunes, f.firstOf, f.lastOf = append(f.endRunes, r), append(f.firstOf, 0), append(f.lastOf, 0)
		return len(f.endRunes) - 1
	}
	for i, k := range keys {
		first, _ := utf8.DecodeRuneInString(k)
		last := first // the last ideograph of k (key keeps it as it is)
		for _, r := range k {
			if unicode.Is(unicode.Han, r) {
				last = r
			}
		}
		f.firstOf[at(first)] |= 1 << i
		f.lastOf[at(last)] |= 1 << i
	}
	f.ends = newRuneSet(string(f.endRunes))
	for _, r := range f.endRunes {
		if utf8.RuneLen(r) != 3 {
			f.lastBytes = ^uint64(0) // every character is decoded
			break
		}
		f.lastBytes |= 1 << (byte(0x80|r&0x3F) & 63)
	}
	return f
}

// mayHold reports whether key(s) may contain one of the filter's keys:
// whether s holds the first and the last ideograph of one of them
// (runeSet decodes a three-byte character from its bytes).
func (f *keyFilter) mayHold(s string) bool {
	if len(s) < 3 && !f.all {
		return false // no ideograph takes fewer than 3 bytes: a value cell (0, 12)
	}
	if f.one != "" {
		// its bytes are in s only as the character: no other character
		// holds a lead byte, and an invalid byte never takes one after it
		return strings.Contains(s, f.one)
	}
	if !f.byEnds {
		return f.all || f.set.in(s)
	}
	// The runes are decoded here as runeSet.index decodes them, once (no
	// end rune is ASCII: they are ideographs).
	var firsts, lasts uint64 // the keys s holds the first and the last ideograph of
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		var r rune
		if c := s[i]; c >= 0xE1 && c != 0xED && c <= 0xEF && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			// rune3's character, its last byte asked first
			b := s[i+2]
			i += 3
			if f.lastBytes&(1<<(b&63)) == 0 {
				continue
			}
			if r = rune(c&0x0F)<<12 | rune(s[i-2]&0x3F)<<6 | rune(b&0x3F); f.ends[r>>6]&(1<<(r&63)) == 0 {
				continue
			}
		} else {
			var n int
			r, n = utf8.DecodeRuneInString(s[i:])
			i += n
			if !f.ends.has(r) {
				continue
			}
		}
		for j, x := range f.endRunes {
			if x == r {
				firsts |= f.firstOf[j]
				lasts |= f.lastOf[j]
				break
			}
		}
		if firsts&lasts != 0 {
			return true
		}
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
