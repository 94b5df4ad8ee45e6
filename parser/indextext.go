package parser

import "strings"

// indexText is strings.Index(s, sub) for a needle of Chinese text. It
// looks for the needle's last byte and compares backwards: the last byte
// of an ideograph is one of 64 continuation bytes, its first one of the
// few lead bytes (E4–E9) that begin thousands of them, on which
// strings.Index stops at nearly every character of a Chinese text.
func indexText(s, sub string) int {
	n := len(sub)
	if n < 2 || sub[n-1] < 0x80 {
		return strings.Index(s, sub)
	}
	last := sub[n-1]
	for i := n - 1; i < len(s); i++ {
		j := strings.IndexByte(s[i:], last)
		if j < 0 {
			return -1
		}
		i += j
		if s[i-n+1:i+1] == sub {
			return i - n + 1
		}
	}
	return -1
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
