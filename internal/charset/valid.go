package charset

import "unicode/utf8"

// validUTF8 is utf8.Valid, quicker on Chinese text (two thirds of its
// instructions on the seed's pipe table): a character of three bytes led by E1–EC, EE
// or EF (most ideographs and CJK punctuation) is valid when two
// continuation bytes follow, checked without the tables utf8 looks each
// lead byte up in, and ASCII is passed a byte at a time (utf8.Valid's
// eight-byte test mostly fails on text mixing the two). Other characters
// are decoded (TestValidUTF8).
func validUTF8(p []byte) bool {
	for i := 0; i < len(p); {
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
