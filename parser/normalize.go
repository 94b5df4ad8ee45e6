package parser

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Clean folds full-width ASCII (digits, letters, brackets, colons, spaces)
// to half-width, turns no-break and ideographic spaces into plain spaces,
// drops zero-width and other format characters, and collapses runs of
// white space into one space. It is the first step before any matching.
func Clean(s string) string {
	if isClean(s) {
		return s
	}
	// width.Fold rune by rune, where fold would apply it: one pass over
	// s, not a transformer's and then this loop's
	folding := hasWideForm(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	// s[kept:i] are runes taken as they are, not yet copied to b
	kept := -1
	flush := func(i int) {
		if kept >= 0 {
			b.WriteString(s[kept:i])
			kept = -1
		}
	}
	for i := 0; i < len(s); {
		if n := plainAt(s, i); n > 0 {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			if kept < 0 {
				kept = i
			}
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		at := i
		i += size
		folded := false
		if folding && r >= utf8.RuneSelf && !plainWide(r) {
			if f := width.LookupRune(r).Folded(); f != 0 {
				r, folded = f, true
			}
		}
		switch {
		case r < utf8.RuneSelf && r > ' ' && r != 0x7f, plainWide(r):
		case r == '\u00a0' || r == '\u3000' || unicode.IsSpace(r):
			flush(at)
			space = true
			continue
		case unicode.Is(unicode.Cf, r) || r == '\ufffd':
			// zero-width space/joiner, BOM, soft hyphen, replacement char
			flush(at)
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		if folded {
			flush(at)
			b.WriteRune(r)
		} else if kept < 0 {
			kept = at
		}
	}
	flush(len(s))
	return b.String()
}

// Label returns s in the form the records carry: cleaned, with no spaces at
// all (so "统 计 指 标" becomes "统计指标"), and with the full-width brackets
// and colon Chinese typesetting uses: "(一)主动公开" becomes "（一）主动公开".
func Label(s string) string {
	s = Clean(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		switch r {
		case ' ':
			continue
		case '(':
			r = '（'
		case ')':
			r = '）'
		case ':':
			r = '：'
		case ';':
			r = '；'
		case ',':
			r = '，'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// key reduces a label to what matters for matching it against a template:
// letters, digits and ideographs only. Brackets, punctuation, quotes and
// spaces are dropped, so "（一）收到申请数" and "(一) 收到申请数" agree.
func key(s string) string {
	s = fold(s)
	// Most labels keep every rune: build a new string only from the
	// first one dropped (key is asked of every label of every table).
	for i, r := range s {
		if keyRune(r) {
			continue
		}
		var b strings.Builder
		b.Grow(len(s))
		b.WriteString(s[:i])
		for _, r := range s[i:] {
			if keyRune(r) {
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	return s
}

// keyRune reports whether key keeps r: a letter or a digit. ASCII and
// the common ideographs (U+4E00–U+9FFF, all letters) are answered
// without the Unicode tables.
func keyRune(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	case r >= 0x4e00 && r <= 0x9fff:
		return true
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// stripEnum removes leading enumerators from a label: "其中：", "（一）",
// "一、", "1." and "1、", so that a row can be matched by its body.
func stripEnum(label string) string {
	s := strings.TrimSpace(Clean(label)) // brackets and colons now ASCII
	for {
		t := strings.TrimLeft(strings.TrimPrefix(s, "其中"), ":、. ")
		if strings.HasPrefix(t, "(") {
			if i := strings.IndexByte(t, ')'); i > 1 && isEnum(t[1:i]) {
				t = t[i+1:]
			}
		}
		if i := strings.IndexAny(t, "、."); i > 0 && isEnum(t[:i]) {
			t = t[i:]
			t = strings.TrimPrefix(strings.TrimPrefix(t, "、"), ".")
		}
		t = strings.TrimLeft(t, ":、. ")
		if t == s {
			return s
		}
		s = t
	}
}

// isEnum reports whether s is an enumerator: Arabic digits or the Chinese
// numerals 一 to 十.
func isEnum(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9') && !strings.ContainsRune("一二三四五六七八九十", r) {
			return false
		}
	}
	return true
}

// hasHan reports whether s contains at least one CJK ideograph.
func hasHan(s string) bool {
	for _, r := range s {
		if isHan(r) {
			return true
		}
	}
	return false
}

// fold applies width.Fold when s has a character of the half-width and
// full-width forms block (U+FF00–U+FFEF), the only ones it changes that
// matter here; most cells have none, and the transformer is not free.
func fold(s string) string {
	if hasWideForm(s) {
		return width.Fold.String(s)
	}
	return s
}

// hasWideForm reports whether s holds a character of the half-width and
// full-width forms block (U+FF00–U+FFEF), encoded EF BC 80 to EF BF AF.
func hasWideForm(s string) bool {
	for {
		i := strings.IndexByte(s, 0xEF)
		if i < 0 || i+2 >= len(s) {
			return false
		}
		if c, d := s[i+1], s[i+2]; c >= 0xBC && c <= 0xBF && d >= 0x80 && (d <= 0xBF && c < 0xBF || d <= 0xAF) {
			return true
		}
		s = s[i+1:]
	}
}

// isClean reports whether Clean would return s unchanged: no full-width
// forms, no format characters, no space but single ASCII spaces between
// words. Most cells are clean already (the readers clean them once).
func isClean(s string) bool {
	prevSpace := true // a leading space is not clean
	for i := 0; i < len(s); {
		if n := plainAt(s, i); n > 0 {
			prevSpace = false
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
			continue
		case r < 0x80:
			if r < 0x20 || r == 0x7f {
				return false
			}
		case plainWide(r):
		case r >= 0xFF00 && r <= 0xFFEF, r == '\u00a0', r == '\u3000', r == '\ufffd', unicode.IsSpace(r), unicode.Is(unicode.Cf, r):
			return false
		}
		prevSpace = false
	}
	return !prevSpace || s == ""
}

// plainWide reports whether r lies between the ideographic space (U+3000)
// and the byte order mark (U+FEFF): ideographs, kana, CJK punctuation,
// none of them white space, a format character or a full-width form, so
// Clean keeps them as they are without asking the Unicode tables.
func plainWide(r rune) bool { return r > '\u3000' && r < '\ufeff' }

// isHan is unicode.Is(unicode.Han, r), answering the common ideographs
// (U+4E00–U+9FFF, all Han) without the table search.
func isHan(r rune) bool {
	return r >= 0x4e00 && r <= 0x9fff || r >= 0x2e80 && unicode.Is(unicode.Han, r)
}

// plainAt returns the length of the character at s[i] when Clean keeps it
// as it is whatever else s holds, read from its bytes alone: printable
// ASCII but the space, or a three-byte character from U+3001 to U+D7FF or
// U+E000 to U+EFFF (ideographs, kana, CJK punctuation; see plainWide). It
// returns 0 for anything else, which the caller decodes.
func plainAt(s string, i int) int {
	c := s[i]
	if c > ' ' && c < 0x7f {
		return 1
	}
	if c < 0xe3 || c > 0xee || i+2 >= len(s) || s[i+1]&0xc0 != 0x80 || s[i+2]&0xc0 != 0x80 {
		return 0
	}
	if c == 0xe3 && s[i+1] == 0x80 && s[i+2] == 0x80 || c == 0xed && s[i+1] >= 0xa0 {
		return 0 // U+3000, the ideographic space; U+D800–U+DFFF, surrogates (invalid)
	}
	return 3
}
