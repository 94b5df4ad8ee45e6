package charset

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

// validUTF8 is utf8.Valid, quicker on Chinese text: a character of three
// bytes led by E1–EC, EE or EF (most ideographs and CJK punctuation) is
// valid when two continuation bytes follow, checked without the tables
// utf8 looks each lead byte up in. Eight bytes are read at once: two
// such characters are checked from the word first, then the ASCII bytes
// before the first other byte are passed together. Other characters are
// decoded (TestValidUTF8).
func validUTF8(p []byte) bool {
	i := 0
	for i+8 <= len(p) {
		w := binary.LittleEndian.Uint64(p[i : i+8])
		// two characters of three bytes, the most of a Chinese text,
		// are asked for first
		if w&0xC0C000C0C000 == 0x808000808000 && leads3(w&0xFF) && leads3(w>>24&0xFF) {
			i += 6
			continue
		}
		hi := w & 0x8080808080808080
		if hi == 0 {
			i += 8
			continue
		}
		if n := bits.TrailingZeros64(hi) >> 3; n > 0 {
			i += n // ASCII up to the first other byte
			continue
		}
		if leads3(w & 0xFF) {
			if w&0xC0C000 != 0x808000 {
				return false
			}
			i += 3 // (the next character is not one the test of two takes)
			continue
		}
		n := validRune(p[i:])
		if n == 0 {
			return false
		}
		i += n
	}
	for i < len(p) {
		c := p[i]
		switch {
		case c < utf8.RuneSelf:
			i++
		case c >= 0xE1 && c <= 0xEF && c != 0xED:
			if i+2 >= len(p) || p[i+1]&0xC0 != 0x80 || p[i+2]&0xC0 != 0x80 {
				return false
			}
			i += 3
		default:
			r, n := utf8.DecodeRune(p[i:])
			if r == utf8.RuneError && n == 1 {
				return false
			}
			i += n
		}
	}
	return true
}

// validRune returns the length of the valid character p starts with, 0
// when it starts with none. It is not inlined: decoding in validUTF8's
// loop would have the compiler read the loop's word a byte at a time
// (the first byte being read twice).
//
//go:noinline
func validRune(p []byte) int {
	r, n := utf8.DecodeRune(p)
	if r == utf8.RuneError && n == 1 {
		return 0
	}
	return n
}

// leads3 reports whether c (a byte, in a word) leads a character of three
// bytes that any two continuation bytes make valid: E1–EC, EE, EF.
func leads3(c uint64) bool { return c-0xE1 <= 0xEF-0xE1 && c != 0xED }
