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
	c, _ := cleanSpaced(s)
	return c
}

// cleanSpaced is Clean, and reports whether s has white space after the
// last character Clean keeps: Clean(s + t), for a t that starts with a
// character Clean keeps as it is, is then Clean(s), a space if both that
// and Clean(s) are not empty, and Clean(t).
func cleanSpaced(s string) (string, bool) {
	s, trailing := trimASCIISpace(s)
	p := cleanPrefix(s)
	if p == len(s) {
		return s, trailing
	}
	var b strings.Builder
	b.Grow(len(s))
	space := cleanRest(&b, 0, s, p)
	return b.String(), space || trailing
}

// cleanTo writes Clean(s) to b and reports whether it wrote anything: a
// text cleaned into a longer one is not made on its own first.
func cleanTo(b *strings.Builder, s string) bool {
	s, _ = trimASCIISpace(s)
	p := cleanPrefix(s)
	if p == len(s) {
		b.WriteString(s)
		return s != ""
	}
	base := b.Len()
	cleanRest(b, base, s, p)
	return b.Len() > base
}

// cleanSpacedTo writes Clean(s) to b as cleanTo does, and reports
// whether it wrote anything and whether s has white space after the last
// character Clean keeps (see cleanSpaced).
func cleanSpacedTo(b *strings.Builder, s string) (wrote, spaced bool) {
	s, trailing := trimASCIISpace(s)
	p := cleanPrefix(s)
	if p == len(s) {
		b.WriteString(s)
		return s != "", trailing
	}
	base := b.Len()
	space := cleanRest(b, base, s, p)
	return b.Len() > base, space || trailing
}

// trimASCIISpace cuts the ASCII white space at the ends of s, and reports
// whether there was some at its end. Clean writes no space before the
// first character it keeps nor after the last: the white space at the
// ends is cut first (by bytes), and a cell cut from a pipe row (" 12 ")
// is then clean as it is.
func trimASCIISpace(s string) (string, bool) {
	for len(s) > 0 && asciiSpace[s[0]] != 0 {
		s = s[1:]
	}
	trailing := false
	for len(s) > 0 && asciiSpace[s[len(s)-1]] != 0 {
		s = s[:len(s)-1]
		trailing = true
	}
	return s, trailing
}

// cleanRest writes Clean(s) to b, which holds base bytes before it, s
// being trimmed (see trimASCIISpace) and clean up to p (see cleanPrefix).
// It reports whether s has white space after the last character it
// keeps.
func cleanRest(b *strings.Builder, base int, s string, p int) bool {
	// The clean prefix is copied as it is; from there, one pass: each
	// rune folded (see foldRune) and then kept, dropped or read as a
	// space; runs of runes kept as they are copied at once. Printable
	// ASCII and three-byte CJK runes are taken from their bytes (plainAt).
	b.WriteString(s[:p])
	space := false
	run := -1 // start of the run of s to copy as it is, -1 if none
	for i := p; i < len(s); {
		// runs of printable ASCII but the space and of the ideographs
		// (plainRunEnd), which plainAt takes: most of any line
		j := i
		for {
			k := j
			j = plainRunEnd(s, j)
			if j == k {
				// the other three-byte characters plainAt takes (CJK
				// punctuation led by E3, as 、 and 。)
				if j+2 >= len(s) || plainAt(s, j) != 3 {
					break
				}
				j += 3
			}
		}
		if j > i {
			if space && (b.Len() > base || run >= 0) {
				b.WriteByte(' ')
			}
			space = false
			if run < 0 {
				run = i
			}
			i = j
			continue
		}
		r, n := runeAt(s, i)
		at := i
		i += n
		f := foldRune(r)
		switch {
		case r >= 0x2000 && r < 0x2070:
			// General Punctuation (“ ” • —, the spaces and format
			// characters of U+2000–U+206F): what the cases below say
			// of each, looked up
			switch generalPunct[r-0x2000] {
			case punctSpace:
				space = true
				if run >= 0 {
					b.WriteString(s[run:at])
					run = -1
				}
				continue
			case punctDropped:
				if run >= 0 {
					b.WriteString(s[run:at])
					run = -1
				}
				continue
			}
		case f > ' ' && f < 0x7f, plainWide(f):
			// printable ASCII (full-width forms fold to it), ideographs
			// and CJK punctuation: no space, no format character
		case f == '\u00a0' || f == '\u3000' || unicode.IsSpace(f):
			space = true
			if run >= 0 {
				b.WriteString(s[run:at])
				run = -1
			}
			continue
		case unicode.Is(unicode.Cf, f) || f == '\ufffd':
			// zero-width space/joiner, BOM, soft hyphen, replacement char
			if run >= 0 {
				b.WriteString(s[run:at])
				run = -1
			}
			continue
		}
		if space && (b.Len() > base || run >= 0) {
			b.WriteByte(' ')
		}
		space = false
		if f == r {
			if run < 0 {
				run = at
			}
			continue
		}
		if run >= 0 {
			b.WriteString(s[run:at])
			run = -1
		}
		b.WriteRune(f)
	}
	if run >= 0 {
		b.WriteString(s[run:])
	}
	return space
}

// What Clean does with a character of General Punctuation.
const (
	punctKept = iota
	punctSpace
	punctDropped
)

// generalPunct says what Clean does with each character of U+2000–U+206F
// (which foldRune leaves as they are): the spaces and format characters
// are found by unicode.IsSpace and unicode.Is(unicode.Cf, …), as Clean
// asks of other characters, once here instead of for every quotation
// mark and bullet of a text.
var generalPunct = func() (t [0x70]uint8) {
	for i := range t {
		switch r := rune(0x2000 + i); {
		case unicode.IsSpace(r):
			t[i] = punctSpace
		case unicode.Is(unicode.Cf, r):
			t[i] = punctDropped
		}
	}
	return t
}()

// Label returns s in the form the records carry: cleaned, with no spaces at
// all (so "统 计 指 标" becomes "统计指标"), and with the full-width brackets
// and colon Chinese typesetting uses: "(一)主动公开" becomes "（一）主动公开".
func Label(s string) string { return labelOf(Clean(s)) }

// labelOf is Label of a cleaned string.
func labelOf(s string) string {
	if !hasLabelMark(s) {
		return s // nothing to drop or widen: most labels
	}
	// the marks are ASCII, which no other character's bytes hold: the
	// runs between them are copied as they are
	var b strings.Builder
	b.Grow(len(s) + 8)
	last := 0 // s[last:i] is not copied yet
	for i := 0; i < len(s); i++ {
		var mark string
		switch s[i] {
		case ' ':
		case '(':
			mark = "（"
		case ')':
			mark = "）"
		case ':':
			mark = "："
		case ';':
			mark = "；"
		case ',':
			mark = "，"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(mark)
		last = i + 1
	}
	b.WriteString(s[last:])
	return b.String()
}

// hasLabelMark is strings.IndexAny(s, " ():;,") >= 0, without making
// the set for each label.
func hasLabelMark(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '(', ')', ':', ';', ',':
			return true
		}
	}
	return false
}

// isBlank reports whether s is all white space (strings.TrimSpace(s) ==
// ""), looking at no more than its first character that is not: most
// strings asked are cells with text.
func isBlank(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiSpace[c] == 0 {
				return false
			}
			i++
			continue
		}
		n := spaceAt(s, i)
		if n == 0 {
			return false // a lead byte that starts no space: whatever follows, not white space
		}
		i += n
	}
	return true
}

// spaceEdge marks the bytes that start (spaceFirst) or end (spaceLast)
// a white space character outside ASCII (see spaceAt): trimSpace asks
// spaceAt of an end only when its byte is one.
var spaceEdge = func() (t [256]uint8) {
	for _, c := range []byte{0xC2, 0xE1, 0xE2, 0xE3} {
		t[c] |= spaceFirst
	}
	for c := 0x80; c <= 0x8A; c++ {
		t[c] |= spaceLast
	}
	for _, c := range []byte{0x9F, 0xA0, 0xA8, 0xA9, 0xAF} {
		t[c] |= spaceLast
	}
	return t
}()

const (
	spaceFirst = 1 << iota
	spaceLast
)

// trimSpace is strings.TrimSpace without decoding: white space outside
// ASCII is found by its bytes (spaceAt), at the start and at the end (a
// rune decoded backwards from the end is one of them exactly when its
// bytes end s).
func trimSpace(s string) string {
	for len(s) > 0 {
		if c := s[0]; c < utf8.RuneSelf {
			if asciiSpace[c] == 0 {
				break
			}
			s = s[1:]
		} else if spaceEdge[c]&spaceFirst == 0 {
			break // (most: an ideograph's lead byte, which leads no space)
		} else if n := spaceAt(s, 0); n > 0 {
			s = s[n:]
		} else {
			break
		}
	}
	for len(s) > 0 {
		n := len(s)
		if c := s[n-1]; c < utf8.RuneSelf {
			if asciiSpace[c] == 0 {
				break
			}
			s = s[:n-1]
		} else if spaceEdge[c]&spaceLast == 0 {
			break // (most: no space ends with the byte)
		} else if n >= 3 && spaceAt(s, n-3) == 3 {
			s = s[:n-3]
		} else if n >= 2 && spaceAt(s, n-2) == 2 {
			s = s[:n-2]
		} else {
			break
		}
	}
	return s
}

// key reduces a label to what matters for matching it against a template:
// letters, digits and ideographs only. Brackets, punctuation, quotes and
// spaces are dropped, so "（一）收到申请数" and "(一) 收到申请数" agree.
func key(s string) string {
	// Most labels keep every rune: build a new string only from the
	// first one dropped or folded (key is asked of every label of every
	// table). ASCII and the ideographs of U+4E00–U+9FFF are read from
	// their bytes.
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				i++
				continue
			}
			return keyFrom(s, i)
		}
		if r, ok := rune3(s, i); ok && r >= 0x4E00 && r <= 0x9FFF {
			i += 3
			continue
		}
		if r, n := utf8.DecodeRuneInString(s[i:]); keyRune(r) && !fullWidth(r) {
			i += n
			continue
		}
		return keyFrom(s, i)
	}
	return s
}

// keyFrom is key(s) for an s whose first rune key drops or folds is at i.
func keyFrom(s string, i int) string {
	{
		var b strings.Builder
		b.Grow(len(s))
		b.WriteString(s[:i])
		run := -1 // start of the run of kept runes to copy at once, -1 if none
		for j := i; j < len(s); {
			if k := keyRunEnd(s, j); k > j {
				// a run of ASCII letters and digits and of ideographs:
				// kept as it is, not decoded rune by rune
				if run < 0 {
					run = j
				}
				j = k
				continue
			}
			r, n := rune(s[j]), 1
			if r >= utf8.RuneSelf {
				r, n = runeAt(s, j)
			}
			if keyRune(r) && !fullWidth(r) {
				if run < 0 {
					run = j
				}
				j += n
				continue
			}
			if run >= 0 {
				b.WriteString(s[run:j])
				run = -1
			}
			if r = foldRune(r); keyRune(r) {
				b.WriteRune(r)
			}
			j += n
		}
		if run >= 0 {
			b.WriteString(s[run:])
		}
		return b.String()
	}
}

// keyRunEnd returns the end of the run from s[j] of runes key keeps as
// they are that are read from their bytes: ASCII letters and digits and
// the ideographs of U+4E00–U+9FFF (E4 B8 80 to E9 BF BF, always valid).
func keyRunEnd(s string, j int) int {
	for j < len(s) {
		c := s[j]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				j++
				continue
			}
			return j
		}
		if c < 0xE4 || c > 0xE9 || j+2 >= len(s) || s[j+1]&0xC0 != 0x80 || s[j+2]&0xC0 != 0x80 || c == 0xE4 && s[j+1] < 0xB8 {
			return j
		}
		j += 3
	}
	return j
}

// keyRune reports whether key keeps r: a letter or a digit. The common
// ideographs and ASCII are answered without the Unicode tables.
func keyRune(r rune) bool {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF: // CJK Unified Ideographs: all letters
		return true
	case r < 0x80:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// stripEnum removes leading enumerators from a label: "其中：", "（一）",
// "一、", "1." and "1、", so that a row can be matched by its body.
func stripEnum(label string) string { return stripEnumClean(Clean(label)) }

// stripEnumClean is stripEnum of a cleaned label (brackets and colons
// ASCII, no white space at the ends).
func stripEnumClean(s string) string {
	for {
		t := trimEnumMarks(strings.TrimPrefix(s, "其中"))
		if strings.HasPrefix(t, "(") {
			if i := strings.IndexByte(t, ')'); i > 1 && isEnum(t[1:i]) {
				t = t[i+1:]
			}
		}
		// an enumerator starts with a digit or a numeral: most labels
		// do not, and are not searched for its end
		if !startsEnum(t) {
		} else if i := indexEnumEnd(t); i > 0 && isEnum(t[:i]) {
			t = t[i:]
			t = strings.TrimPrefix(strings.TrimPrefix(t, "、"), ".")
		}
		t = trimEnumMarks(t)
		if t == s {
			return s
		}
		s = t
	}
}

// trimEnumMarks is strings.TrimLeft(s, ":、. ") without decoding s.
func trimEnumMarks(s string) string {
	for len(s) > 0 {
		switch {
		case s[0] == ':' || s[0] == '.' || s[0] == ' ':
			s = s[1:]
		case strings.HasPrefix(s, "、"):
			s = s[len("、"):]
		default:
			return s
		}
	}
	return s
}

// indexEnumEnd is strings.IndexAny(s, "、.") without decoding s: the
// first "、" or ".", -1 if none.
func indexEnumEnd(s string) int {
	i := strings.IndexByte(s, '.')
	if i < 0 {
		i = len(s)
	}
	if j := strings.Index(s[:i], "、"); j >= 0 {
		return j
	}
	if i == len(s) {
		return -1
	}
	return i
}

// enumNumerals are the Chinese numerals of isEnum.
var enumNumerals = newRuneSet("一二三四五六七八九十")

// startsEnum reports whether s starts as an enumerator (isEnum) does:
// with an ASCII digit or a numeral 一 to 十.
func startsEnum(s string) bool {
	if s == "" {
		return false
	}
	if s[0] < utf8.RuneSelf {
		return isDigit(s[0])
	}
	r, ok := rune3(s, 0)
	return ok && enumNumerals.has(r)
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

// isHan is unicode.Is(unicode.Han, r), answering the CJK Unified
// Ideographs block (all Han) without the table, and anything below
// U+2E80 (the first Han range) without it either.
func isHan(r rune) bool {
	return r >= 0x4E00 && r <= 0x9FFF || r >= 0x2E80 && unicode.Is(unicode.Han, r)
}

// fold applies width.Fold when s has a character of the half-width and
// full-width forms block (U+FF00–U+FFEF), the only ones it changes that
// matter here; most cells have none, and the transformer is not free.
// (It folds rune by rune, as width.Fold does: see foldRune.)
func fold(s string) string {
	if !hasWideForm(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError && n == 1 {
			b = append(b, s[0]) // width.Fold keeps bytes that are not UTF-8
		} else {
			b = utf8.AppendRune(b, foldRune(r))
		}
		s = s[n:]
	}
	return string(b)
}

// fullWidth reports whether r is in the half-width and full-width forms
// block.
func fullWidth(r rune) bool { return r >= 0xFF00 && r <= 0xFFEF }

// foldTab holds width.Fold of each rune of U+FF00–U+FFEF: one rune each.
var foldTab = func() (t [0xF0]rune) {
	for i := range t {
		t[i], _ = utf8.DecodeRuneInString(width.Fold.String(string(rune(0xFF00 + i))))
	}
	return t
}()

// foldRune is width.Fold of one rune. Outside U+FF00–U+FFEF it changes
// only the ideographic space U+3000 (to a space); TestFoldRune checks it
// against width.Fold over all of Unicode.
func foldRune(r rune) rune {
	switch {
	case fullWidth(r):
		return foldTab[r-0xFF00]
	case r == '\u3000':
		return ' '
	}
	return r
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
func isClean(s string) bool { return cleanPrefix(s) == len(s) }

// cleanPrefix is the length of the longest prefix of s that is clean (see
// isClean) and does not end with a space: Clean keeps it as it is.
func cleanPrefix(s string) int {
	prevSpace := true // a leading space is not clean
	good := 0
	for i := 0; i < len(s); {
		// runs of printable ASCII but the space and of the ideographs
		// (plainRunEnd): the most of any cell and line
		if j := plainRunEnd(s, i); j > i {
			prevSpace = false
			i = j
			good = i
			continue
		}
		if n := plainAt(s, i); n > 0 {
			prevSpace = false
			i += n
			good = i
			continue
		}
		r, n := runeAt(s, i)
		switch {
		case r == ' ':
			if prevSpace {
				return good
			}
			prevSpace = true
			i += n
			continue
		case r < 0x80:
			if r < 0x20 || r == 0x7f {
				return good
			}
		case plainWide(r):
			// ideographs and CJK punctuation: clean
		case r >= 0xFF00 && r <= 0xFFEF, r == '\u00a0', r == '\u3000', r == '\ufffd', unicode.IsSpace(r), unicode.Is(unicode.Cf, r):
			return good
		}
		prevSpace = false
		i += n
		good = i
	}
	return good
}

// plainRunEnd is where the run of s from j ends of printable ASCII but
// the space and of the ideographs U+4000–U+9FFF (lead bytes E4–E9): the
// most of any cell and line, which Clean and cleanPrefix take whole.
func plainRunEnd(s string, j int) int {
	for j < len(s) && s[j]-'!' < 0x7f-'!' {
		j++
	}
	for j+2 < len(s) {
		t := s[j : j+3] // (one bounds check for the three bytes)
		if t[0]-0xe4 > 0xe9-0xe4 || t[1]&0xc0 != 0x80 || t[2]&0xc0 != 0x80 {
			break
		}
		j += 3
	}
	return j
}

// runeAt is utf8.DecodeRuneInString(s[i:]), a valid three-byte
// character (full-width forms, CJK punctuation) read from its bytes.
func runeAt(s string, i int) (rune, int) {
	if r, ok := rune3(s, i); ok {
		return r, 3
	}
	return utf8.DecodeRuneInString(s[i:])
}

// plainWide reports whether r lies between the ideographic space (U+3000)
// and the byte order mark (U+FEFF): ideographs, kana, CJK punctuation,
// none of them white space, a format character or a full-width form, so
// Clean keeps them as they are without asking the Unicode tables.
func plainWide(r rune) bool { return r > '\u3000' && r < '\ufeff' }

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
