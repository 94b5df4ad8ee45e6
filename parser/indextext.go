package parser

import "strings"

// indexText is strings.Index(s, sub) for a needle of Chinese text. It
// looks for the needle's rarest continuation byte (see contFreq) and
// compares the needle around it: strings.Index stops at every character
// led by the needle's first byte, one of the few lead bytes (E4–E9) that
// begin thousands of ideographs, nearly every character of a Chinese
// text; a continuation byte is one of 64.
func indexText(s, sub string) int {
	n := len(sub)
	if n < 2 || sub[n-1] < 0x80 {
		return strings.Index(s, sub)
	}
	k := n - 1 // the byte of sub searched: its rarest continuation byte, the last one by default
	for j := 0; j < n-1; j++ {
		if c := sub[j]; c&0xC0 == 0x80 && contFreq[c&0x3F] < contFreq[sub[k]&0x3F] {
			k = j
		}
	}
	c := sub[k]
	for i := k; i < len(s); i++ { // i: where s may hold sub[k]
		j := strings.IndexByte(s[i:], c)
		if j < 0 {
			return -1
		}
		i += j
		if i-k+n > len(s) {
			return -1 // no place further on has room for sub
		}
		// (the bytes at the needle's ends first, inline: most places of
		// a continuation byte are under another lead byte, and the
		// comparison of the whole needle is a call)
		if p := i - k; s[p] == sub[0] && s[p+n-1] == sub[n-1] && s[p:p+n] == sub {
			return p
		}
	}
	return -1
}

// contFreq is how often each continuation byte (80–BF, by its low six
// bits) occurs in Chinese text, per 10,000 bytes of the fixtures' text
// renderings: indexText searches a needle's rarest. (Any byte of the
// needle finds the same places; the rarest stops the byte search least.)
var contFreq = [64]uint16{
	291, 188, 60, 66, 79, 185, 81, 79, 94, 85, 129, 48, 196, 82, 57, 88,
	72, 68, 27, 38, 144, 66, 75, 62, 35, 25, 88, 85, 169, 68, 56, 49,
	44, 199, 54, 26, 54, 85, 38, 62, 87, 9, 25, 26, 127, 78, 144, 135,
	70, 47, 13, 74, 65, 34, 64, 60, 143, 113, 211, 139, 250, 118, 56, 201,
}

// lastIndex is strings.LastIndex found by searching forward with
// strings.Index, which skips to the candidates by a byte search: the
// glued renderings' lines run to tens of kilobytes, and LastIndex hashes
// every byte of them.
func lastIndex(s, sub string) int {
	last := -1
	for off := 0; off <= len(s); {
		i := strings.Index(s[off:], sub)
		if i < 0 {
			break
		}
		last = off + i
		off = last + 1
	}
	return last
}
