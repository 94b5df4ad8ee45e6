package parser

import (
	"strings"
	"unicode/utf8"
)

// suffixKey returns key(se) for se a suffix of text (stripEnumClean cuts
// an enumerator from the front of a label) when k is key(text): key maps
// each rune on its own, so key(se) is what is left of k without the key
// of text's prefix, whose length keyLen counts without building it. The
// reader keys a label and then its text without the enumerator; the
// second key read the whole label again.
func suffixKey(text, se, k string) string {
	cut := len(text) - len(se)
	if cut < 0 || !strings.HasSuffix(text, se) {
		return key(se)
	}
	n := keyLen(text[:cut])
	if n > len(k) {
		return key(se)
	}
	return k[n:]
}

// keyLen is len(key(s)).
func keyLen(s string) int {
	n := 0
	for j := 0; j < len(s); {
		r, w := rune(s[j]), 1
		if r >= utf8.RuneSelf {
			r, w = runeAt(s, j)
		}
		j += w
		if keyRune(r) && !fullWidth(r) {
			n += w
			continue
		}
		if r = foldRune(r); keyRune(r) {
			n += utf8.RuneLen(r)
		}
	}
	return n
}
