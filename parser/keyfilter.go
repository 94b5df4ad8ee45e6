package parser

import (
	"strings"
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
	set   *runeSet
	// one is the first ideograph when all the keys start with it (the
	// header of a pre-2019 table, 统计指标 or 指标名称), as UTF-8: a byte
	// search finds it in a cell faster than decoding every rune.
	one string
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
	return f
}

// mayHold reports whether key(s) may contain one of the filter's keys:
// whether s holds one of the first runes (runeSet.in decodes a
// three-byte character from its bytes).
func (f *keyFilter) mayHold(s string) bool {
	if f.one != "" {
		// its bytes are in s only as the character: no other character
		// holds a lead byte, and an invalid byte never takes one after it
		return strings.Contains(s, f.one)
	}
	return f.all || f.set.in(s)
}

func hasRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}
