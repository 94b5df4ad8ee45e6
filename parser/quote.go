package parser

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// quoteText is strconv.Quote(s), what %q prints of a string: the
// characters it keeps as they are whatever follows them (printable
// ASCII but " and \, the ideographs U+4E00–U+9FFF, the CJK punctuation
// and full-width forms of quoteKeeps) are copied by runs; any other
// character is quoted by strconv.Quote on its own (Quote escapes each
// character, or each byte of an invalid one, without regard to the rest).
// Quote asks its tables of printable characters about every character
// of a Chinese sentence (TestQuoteTextAsQuote).
func quoteText(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	run := 0 // s[run:i] is kept as it is
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f && c != '"' && c != '\\' {
			i++
			continue
		}
		if c >= 0xE3 && c <= 0xEF && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			if r := rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F); quoteKeeps(r) {
				i += 3
				continue
			}
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		b.WriteString(s[run:i])
		q := strconv.Quote(s[i : i+n])
		b.WriteString(q[1 : len(q)-1])
		i += n
		run = i
	}
	b.WriteString(s[run:])
	b.WriteByte('"')
	return b.String()
}

// quoteKeeps reports whether strconv.Quote keeps r, a character of three
// bytes, as it is, for the ones Chinese text is made of: the ideographs
// U+4E00–U+9FFF, the CJK punctuation U+3001–U+3003 and U+3008–U+3011
// (、。〃〈〉《》「」『』【】) and the full-width forms U+FF01–U+FF5E
// (TestQuoteKeepsAsIsPrint checks each).
func quoteKeeps(r rune) bool {
	return r >= 0x4E00 && r <= 0x9FFF || r >= 0x3001 && r <= 0x3003 || r >= 0x3008 && r <= 0x3011 || r >= 0xFF01 && r <= 0xFF5E
}
