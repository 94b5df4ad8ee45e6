package parser

import (
	"math/bits"
	"strings"
)

// compactCleanPrefix is compactPrefix(s, n) of a text readText made
// (document.clean): valid UTF-8 (Clean drops the bytes that are not)
// whose only white space is the space and the line break (Clean makes a
// space of every run of white space, and readText joins the lines with
// line breaks). The first n runes are found by counting the bytes that
// start one, eight at a time, and the two spaces are cut out of them by
// byte searches; compactPrefix decodes every character
// (TestCompactCleanPrefixAsCompactPrefix).
func compactCleanPrefix(s string, n int) string {
	s = s[:cleanRunesEnd(s, n)]
	sp, nl := strings.IndexByte(s, ' '), strings.IndexByte(s, '\n')
	if sp < 0 && nl < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0 // s[last:] is not copied yet
	for sp >= 0 || nl >= 0 {
		i := sp
		if i < 0 || nl >= 0 && nl < i {
			i = nl
		}
		b.WriteString(s[last:i])
		last = i + 1
		if i == sp {
			if sp = strings.IndexByte(s[last:], ' '); sp >= 0 {
				sp += last
			}
		} else if nl = strings.IndexByte(s[last:], '\n'); nl >= 0 {
			nl += last
		}
	}
	b.WriteString(s[last:])
	return b.String()
}

// cleanRunesEnd returns the length of the first n runes of s, valid UTF-8
// (len(firstRunes(s, n))): a rune starts at every byte but the
// continuation bytes (10xxxxxx), counted eight bytes at a time while at
// least eight runes are left to count.
func cleanRunesEnd(s string, n int) int {
	const highs, ones = 0x8080808080808080, 0x0101010101010101
	i, k := 0, 0
	for i+32 <= len(s) && n-k >= 32 {
		// 32 bytes at once: each byte's continuation bit (0 or 1) added
		// lane by lane over the four words (at most 4 a lane), then the
		// lanes summed by a multiplication
		t := s[i : i+32] // (one bounds check; the loads make four)
		x0, x1, x2, x3 := le64(t[0:8]), le64(t[8:16]), le64(t[16:24]), le64(t[24:32])
		lanes := (x0&highs&(^x0<<1))>>7 + (x1&highs&(^x1<<1))>>7 + (x2&highs&(^x2<<1))>>7 + (x3&highs&(^x3<<1))>>7
		k += 32 - int(lanes*ones>>56)
		i += 32
	}
	for i+8 <= len(s) && n-k >= 8 {
		t := s[i : i+8] // (one bounds check; the loads make one)
		x := uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
			uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
		cont := x & highs & (^x << 1) // the top bit of each byte 10xxxxxx
		k += 8 - bits.OnesCount64(cont)
		i += 8
	}
	for ; i < len(s); i++ {
		if s[i]&0xC0 != 0x80 {
			if k == n {
				break
			}
			k++
		}
	}
	return i
}

// le64 is the little-endian word of t's eight bytes (one load).
func le64(t string) uint64 {
	_ = t[7]
	return uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
		uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
}

// firstRunes is firstRunes(d.text, n), counted eight bytes at a time in
// a text readText made (see clean).
func (d *document) firstRunes(n int) string {
	if d.clean {
		return d.text[:cleanRunesEnd(d.text, n)]
	}
	return firstRunes(d.text, n)
}
