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
			// and after them, eight more at once while they last (the
			// runs of Chinese prose between its ASCII)
			// (valid8x3, written out: a call would cost as much as its
			// tests, and the compiler does not inline it)
			for i+24 <= len(p) {
				t := p[i : i+24 : i+24]
				w0, w1, w2 := binary.LittleEndian.Uint64(t[0:8]), binary.LittleEndian.Uint64(t[8:16]), binary.LittleEndian.Uint64(t[16:24])
				if w0&mask0 != want0 || w1&mask1 != want1 || w2&mask2 != want2 ||
					(w0&nib0+add0)&top0 != top0 || (w1&nib1+add1)&top1 != top1 || (w2&nib2+add2)&top2 != top2 ||
					(w0&nib0^d0+add0)&top0 != top0 || (w1&nib1^d1+add1)&top1 != top1 || (w2&nib2^d2+add2)&top2 != top2 {
					break
				}
				i += 24
			}
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

// The places of the lead and continuation bytes of eight characters of
// three bytes in the three words of their 24 bytes (lead: byte k with
// k%3 == 0): for each word, the mask of the bits tested (the lead's top
// four, a continuation byte's top two), the bits wanted (1110, 10), the
// leads' low nibbles, 0x7F at the leads, the leads' top bits, and D at
// the leads.
const (
	mask0, want0, nib0, add0, top0, d0 = 0xC0F0C0C0F0C0C0F0, 0x80E08080E08080E0, 0x000F00000F00000F, 0x007F00007F00007F, 0x0080000080000080, 0x000D00000D00000D
	mask1, want1, nib1, add1, top1, d1 = 0xF0C0C0F0C0C0F0C0, 0xE08080E08080E080, 0x0F00000F00000F00, 0x7F00007F00007F00, 0x8000008000008000, 0x0D00000D00000D00
	mask2, want2, nib2, add2, top2, d2 = 0xC0C0F0C0C0F0C0C0, 0x8080E08080E08080, 0x00000F00000F0000, 0x00007F00007F0000, 0x0000800000800000, 0x00000D00000D0000
)

// valid8x3 reports whether t, 24 bytes, is eight characters of three
// bytes each led by E1–EC, EE or EF (see leads3): in each word the leads
// are 1110xxxx, the continuation bytes 10xxxxxx, and no lead's low
// nibble is 0 (E0) or D (ED), tested at once for the leads of the word
// (a nibble plus 0x7F has its top bit set when the nibble is not zero,
// and carries into no other byte). A false answer says nothing: the
// caller reads the bytes one character at a time.
func valid8x3(t []byte) bool {
	w0, w1, w2 := binary.LittleEndian.Uint64(t[0:8]), binary.LittleEndian.Uint64(t[8:16]), binary.LittleEndian.Uint64(t[16:24])
	return w0&mask0 == want0 && w1&mask1 == want1 && w2&mask2 == want2 &&
		(w0&nib0+add0)&top0 == top0 && (w1&nib1+add1)&top1 == top1 && (w2&nib2+add2)&top2 == top2 &&
		(w0&nib0^d0+add0)&top0 == top0 && (w1&nib1^d1+add1)&top1 == top1 && (w2&nib2^d2+add2)&top2 == top2
}
