package parser

import "bytes"

// Portal pages spend most of their bytes on attributes nobody reads: a
// report pasted from Word carries a style="…" of 100–300 bytes on every
// <p>, <span> and <td>, and html.Parse tokenizes each one, allocates a
// string for it and copies it into the tree. slimHTML removes them from
// the bytes before html.Parse sees them, keeping the few attributes that
// the tree builder or readHTML reads, so that the tree is the one the
// whole page gives, less those attributes.
//
// To be sure of that, slimHTML reads the bytes as golang.org/x/net/html's
// tokenizer does (tags, attribute quoting, comments, markup declarations,
// raw text and RCDATA elements, the escapes of <script>) and changes
// nothing but the attribute lists of start tags. The tree builder reads
// attributes in few places: the type of an <input> (kept), the attributes
// of formatting elements, compared by the "Noah's Ark" clause (see
// comparedAttrs: those elements keep all of theirs), and the attributes of
// <font> and <annotation-xml> in SVG and MathML content, where the
// tokenizer also behaves differently (CDATA sections, no raw text): a page
// with an <svg> or <math> start tag is left as it is. So is a page whose
// bytes end inside a tag, comment or declaration.

// keptAttr reports whether a start tag keeps attribute key (lower case):
// those readHTML reads (class and id for the article containers, name and
// content of <meta>, rowspan and colspan of cells) and the one the tree
// builder reads (the type of an <input>).
func keptAttr(key []byte) bool {
	switch string(key) {
	case "class", "id", "name", "content", "colspan", "rowspan", "type":
		return true
	}
	return false
}

// keptKey is keptAttr of the lower case of key.
func keptKey(key []byte) bool {
	switch len(key) {
	case 2:
		return asciiEqualFold(key, "id")
	case 4:
		return asciiEqualFold(key, "name") || asciiEqualFold(key, "type")
	case 5:
		return asciiEqualFold(key, "class")
	case 7:
		return asciiEqualFold(key, "content") || asciiEqualFold(key, "colspan") || asciiEqualFold(key, "rowspan")
	}
	return false
}

// comparedAttrs reports whether the tree builder may compare the
// attributes of elements named name (lower case): those of the formatting
// elements, in the "Noah's Ark" clause, which removes the earliest of
// three identical ones (same name and attributes) after the last marker
// of the list of active formatting elements. Not those of <a>: a new <a>
// first closes any <a> after the last marker, so no two are compared (the
// <a> of a portal's navigation carry href, target and title).
func comparedAttrs(name []byte) bool {
	switch string(name) {
	case "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u":
		return true
	}
	return false
}

// rawTextTag is the lower-case name of the element whose start tag name
// puts the tokenizer into raw text or RCDATA, "" for the others.
func rawTextTag(name []byte) string {
	switch string(name) {
	case "iframe":
		return "iframe"
	case "noembed":
		return "noembed"
	case "noframes":
		return "noframes"
	case "noscript":
		return "noscript"
	case "plaintext":
		return "plaintext"
	case "script":
		return "script"
	case "style":
		return "style"
	case "textarea":
		return "textarea"
	case "title":
		return "title"
	case "xmp":
		return "xmp"
	}
	return ""
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'
}

func isLetter(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// lowerInto appends the ASCII lower case of b to dst[:0].
func lowerInto(dst, b []byte) []byte {
	dst = dst[:0]
	for _, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// tagAttr is one attribute of a tag as the tokenizer reads it: its key
// src[start:keyEnd], its value src[valStart:valEnd] (not yet unescaped)
// and everything up to end (value, quotes, the white space or slash the
// value reading consumed).
type tagAttr struct {
	start, keyEnd    int
	valStart, valEnd int
	end              int
}

// tagScan is a tag read by scanTag.
type tagScan struct {
	nameEnd int       // the tag name is src[start+1:nameEnd] (start+2 for an end tag)
	attrs   []tagAttr // every attribute, empty keys (stray slashes) included
	end     int       // just after the closing '>'
}

// Byte classes for scanTag: the bytes that end a tag name, an attribute
// key and an unquoted value.
const (
	clSpace = 1 << iota // white space as the tokenizer reads it
	clSlash
	clGT
	clEq
)

var byteClass = func() (t [256]uint8) {
	for _, c := range []byte{' ', '\n', '\r', '\t', '\f'} {
		t[c] = clSpace
	}
	t['/'], t['>'], t['='] = clSlash, clGT, clEq
	return t
}()

// scanTag reads the tag whose name starts at p, as Tokenizer.readTag does;
// ok is false when the input ends inside it (the tokenizer then drops it
// and stops).
func scanTag(src []byte, p int, attrs []tagAttr) (t tagScan, ok bool) {
	t.attrs = attrs[:0]
	// readTagName: up to white space (consumed), '/' or '>' (not consumed).
	i := p + 1
	for ; i < len(src); i++ {
		if c := byteClass[src[i]]; c&(clSpace|clSlash|clGT) != 0 {
			t.nameEnd = i
			if c == clSpace {
				i++
			}
			break
		}
	}
	if i >= len(src) {
		return t, false
	}
	for i < len(src) && byteClass[src[i]] == clSpace {
		i++
	}
	for {
		if i >= len(src) {
			return t, false
		}
		if src[i] == '>' {
			t.end = i + 1
			return t, true
		}
		// readTagAttrKey
		a := tagAttr{start: i}
		if src[i] == '=' {
			i++
		}
		for ; i < len(src); i++ {
			if byteClass[src[i]] != 0 {
				break
			}
		}
		a.keyEnd = i
		if i >= len(src) {
			return t, false
		}
		// readTagAttrVal
		for i < len(src) && byteClass[src[i]] == clSpace {
			i++
		}
		if i >= len(src) {
			return t, false
		}
		a.valStart, a.valEnd = i, i
		switch c := src[i]; {
		case c == '/':
			i++
		case c == '=':
			i++
			for i < len(src) && byteClass[src[i]] == clSpace {
				i++
			}
			if i >= len(src) {
				return t, false
			}
			switch q := src[i]; q {
			case '>':
			case '\'', '"':
				j := bytes.IndexByte(src[i+1:], q)
				if j < 0 {
					return t, false
				}
				a.valStart, a.valEnd = i+1, i+1+j
				i += j + 2
			default:
				a.valStart = i
				for i++; i < len(src); i++ {
					if byteClass[src[i]]&(clSpace|clGT) != 0 {
						break
					}
				}
				a.valEnd = i
				if i < len(src) && src[i] != '>' {
					i++
				}
			}
		}
		a.end = i
		t.attrs = append(t.attrs, a)
		for i < len(src) && byteClass[src[i]] == clSpace {
			i++
		}
	}
}

// rawTextEnd is where the raw text or RCDATA of element tag, starting at
// p, ends: at the "</tag" followed by white space, '/' or '>' that closes
// it (Tokenizer.readRawOrRCDATA), or at the end of the input.
func rawTextEnd(src []byte, p int, tag string) int {
	if tag == "plaintext" {
		return len(src)
	}
	if tag == "script" {
		return scriptEnd(src, p)
	}
	for i := p; ; {
		j := bytes.IndexByte(src[i:], '<')
		if j < 0 {
			return len(src)
		}
		i += j
		if i+1 < len(src) && src[i+1] == '/' {
			if n, ok := rawEndTag(src, i+2, tag); ok {
				return i
			} else if n < 0 {
				return len(src)
			} else {
				i = n
				continue
			}
		}
		i++
	}
}

// rawEndTag matches tag, case-insensitively, at p followed by white space,
// '/' or '>' (Tokenizer.readRawEndTag). When it does not match, next is
// where reading goes on (the byte that did not match), -1 at the end of
// the input.
func rawEndTag(src []byte, p int, tag string) (next int, ok bool) {
	for k := 0; k < len(tag); k++ {
		if p+k >= len(src) {
			return -1, false
		}
		if c := src[p+k]; c != tag[k] && c != tag[k]-('a'-'A') {
			return p + k, false
		}
	}
	p += len(tag)
	if p >= len(src) {
		return -1, false
	}
	switch src[p] {
	case ' ', '\n', '\r', '\t', '\f', '/', '>':
		return 0, true
	}
	return p, false
}

// scriptEnd is where the text of a <script> starting at p ends, following
// the escapes of Tokenizer.readScript ("<!--", "<script" inside it).
func scriptEnd(src []byte, p int) int {
	i := p
	get := func() (byte, bool) {
		if i >= len(src) {
			return 0, false
		}
		i++
		return src[i-1], true
	}
	// endTag tries "</script" at i (the "</" read); -2: found, the
	// script ends at i-2; -1: the input ended.
	endTag := func() int {
		n, ok := rawEndTag(src, i, "script")
		switch {
		case ok:
			return -2
		case n < 0:
			return -1
		}
		i = n
		return 0
	}
	var c byte
	var ok bool
scriptData:
	if j := bytes.IndexByte(src[i:], '<'); j < 0 {
		return len(src)
	} else {
		i += j + 1
	}
	// scriptDataLessThanSign
	if c, ok = get(); !ok {
		return len(src)
	}
	switch c {
	case '/':
		switch endTag() {
		case -2:
			return i - 2
		case -1:
			return len(src)
		}
		goto scriptData
	case '!':
		goto scriptDataEscapeStart
	}
	i--
	goto scriptData

scriptDataEscapeStart:
	if c, ok = get(); !ok {
		return len(src)
	}
	if c != '-' {
		i--
		goto scriptData
	}
	if c, ok = get(); !ok {
		return len(src)
	}
	if c != '-' {
		i--
		goto scriptData
	}
	goto scriptDataEscapedDashDash

scriptDataEscaped:
	if c, ok = get(); !ok {
		return len(src)
	}
	switch c {
	case '-':
		goto scriptDataEscapedDash
	case '<':
		goto scriptDataEscapedLessThanSign
	}
	goto scriptDataEscaped

scriptDataEscapedDash:
	if c, ok = get(); !ok {
		return len(src)
	}
	switch c {
	case '-':
		goto scriptDataEscapedDashDash
	case '<':
		goto scriptDataEscapedLessThanSign
	}
	goto scriptDataEscaped

scriptDataEscapedDashDash:
	if c, ok = get(); !ok {
		return len(src)
	}
	switch c {
	case '-':
		goto scriptDataEscapedDashDash
	case '<':
		goto scriptDataEscapedLessThanSign
	case '>':
		goto scriptData
	}
	goto scriptDataEscaped

scriptDataEscapedLessThanSign:
	if c, ok = get(); !ok {
		return len(src)
	}
	if c == '/' {
		switch endTag() {
		case -2:
			return i - 2
		case -1:
			return len(src)
		}
		goto scriptDataEscaped
	}
	if isLetter(c) {
		i--
		for k := 0; k < len("script"); k++ {
			if c, ok = get(); !ok {
				return len(src)
			}
			if c != "script"[k] && c != "SCRIPT"[k] {
				i--
				goto scriptDataEscaped
			}
		}
		if c, ok = get(); !ok {
			return len(src)
		}
		switch c {
		case ' ', '\n', '\r', '\t', '\f', '/', '>':
			goto scriptDataDoubleEscaped
		}
		i--
		goto scriptDataEscaped
	}
	i--
	goto scriptData

scriptDataDoubleEscaped:
	if c, ok = get(); !ok {
		return len(src)
	}
	switch c {
	case '-':
		goto scriptDataDoubleEscapedDash
	case '<':
		goto scriptDataDoubleEscapedLessThanSign
	}
	goto scriptDataDoubleEscaped

scriptDataDoubleEscapedDash:
	if c, ok = get(); !ok {
		return len(src)
	}
	switch c {
	case '-':
		goto scriptDataDoubleEscapedDashDash
	case '<':
		goto scriptDataDoubleEscapedLessThanSign
	}
	goto scriptDataDoubleEscaped

scriptDataDoubleEscapedDashDash:
	if c, ok = get(); !ok {
		return len(src)
	}
	switch c {
	case '-':
		goto scriptDataDoubleEscapedDashDash
	case '<':
		goto scriptDataDoubleEscapedLessThanSign
	case '>':
		goto scriptData
	}
	goto scriptDataDoubleEscaped

scriptDataDoubleEscapedLessThanSign:
	if c, ok = get(); !ok {
		return len(src)
	}
	if c != '/' {
		i--
		goto scriptDataDoubleEscaped
	}
	// scriptDataDoubleEscapeEnd
	if n, ok := rawEndTag(src, i, "script"); ok {
		i += len("script>")
		goto scriptDataEscaped
	} else if n < 0 {
		return len(src)
	} else {
		i = n
	}
	goto scriptDataDoubleEscaped
}

// commentEnd is where a comment whose "<!--" ends at p ends (just after
// its "-->", "--!>" or the '>' of "<!-->"), as Tokenizer.readComment
// reads it; -1 when the input ends first.
func commentEnd(src []byte, p int) int {
	dashes, beginning := 0, true
	for i := p; i < len(src); {
		c := src[i]
		i++
		switch c {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 || beginning {
				return i
			}
		case '!':
			if dashes >= 2 {
				if i >= len(src) {
					return -1
				}
				c = src[i]
				i++
				if c == '>' {
					return i
				} else if c == '-' {
					dashes, beginning = 1, false
					continue
				}
			}
		}
		dashes, beginning = 0, false
	}
	return -1
}

// A tagReader reads the tags of a page as Tokenizer.Next does, skipping
// the text between them and the raw text and RCDATA of <script>, <style>,
// <title>, <textarea> and the like.
type tagReader struct {
	src []byte
	i   int    // where reading goes on
	raw string // the element whose raw text comes next, if any
	// bad is set when the input ends inside a tag, comment or
	// declaration (the tokenizer then drops it and stops).
	bad bool

	// The last tag read: its kind, where it starts and ends, its name
	// (lower case) and attributes.
	kind       tagKind
	start, end int
	tag        tagScan
	name       []byte
}

type tagKind uint8

const (
	startTag tagKind = iota + 1
	endTag
	otherTag // comment, doctype, bogus comment, </>
)

// readTag reads the tag whose name starts at p into r.tag, as scanTag
// does; a tag of a name alone (most end tags) is read here.
func (r *tagReader) readTag(p int) bool {
	src := r.src
	j := p + 1
	for j < len(src) && byteClass[src[j]]&(clSpace|clSlash|clGT) == 0 {
		j++
	}
	if j < len(src) && src[j] == '>' {
		r.tag.nameEnd, r.tag.end, r.tag.attrs = j, j+1, r.tag.attrs[:0]
		return true
	}
	t, ok := scanTag(src, p, r.tag.attrs)
	r.tag = t
	return ok
}

// next reads the next tag, false at the end of the input (or when it
// ends inside a tag: see bad).
func (r *tagReader) next() bool {
	src := r.src
	if r.raw != "" {
		r.i = rawTextEnd(src, r.i, r.raw)
		r.raw = ""
	}
	for i := r.i; i < len(src); {
		j := bytes.IndexByte(src[i:], '<')
		if j < 0 {
			break
		}
		i += j
		if i+1 >= len(src) {
			break
		}
		r.start = i
		switch c := src[i+1]; {
		case isLetter(c):
			if !r.readTag(i + 1) {
				r.bad = true
				return false
			}
			r.kind, r.end = startTag, r.tag.end
			r.name = lowerInto(r.name, src[i+1:r.tag.nameEnd])
			r.raw = rawTextTag(r.name)
		case c == '/':
			if i+2 >= len(src) {
				r.bad = true
				return false
			}
			switch c := src[i+2]; {
			case c == '>':
				r.kind, r.end = otherTag, i+3
			case isLetter(c):
				if !r.readTag(i + 2) {
					r.bad = true
					return false
				}
				r.kind, r.end = endTag, r.tag.end
				r.name = lowerInto(r.name, src[i+2:r.tag.nameEnd])
			default:
				k := bytes.IndexByte(src[i+2:], '>')
				if k < 0 {
					r.bad = true
					return false
				}
				r.kind, r.end = otherTag, i+2+k+1
			}
		case c == '!' && i+3 < len(src) && src[i+2] == '-' && src[i+3] == '-':
			k := commentEnd(src, i+4)
			if k < 0 {
				r.bad = true
				return false
			}
			r.kind, r.end = otherTag, k
		case c == '!' || c == '?':
			k := bytes.IndexByte(src[i+2:], '>')
			if k < 0 {
				r.bad = true
				return false
			}
			r.kind, r.end = otherTag, i+2+k+1
		default:
			i++
			continue
		}
		r.i = r.end
		return true
	}
	r.i = len(src)
	return false
}

// slimHTML returns src without the attributes of start tags that neither
// readHTML nor the tree builder reads (see keptAttr), in a new slice, and
// what findRegion needs to know of its tags; ok is false, and src is to
// be parsed as it is, for a page with SVG or MathML content or one ending
// inside a tag, comment or declaration.
func slimHTML(src []byte) (out []byte, scan pageScan, ok bool) {
	return slimHTMLTo(nil, src)
}

// slimHTMLTo is slimHTML writing to buf[:0], or to a new slice when buf
// is shorter than src.
func slimHTMLTo(buf, src []byte) (out []byte, scan pageScan, ok bool) {
	out = buf[:0]
	if cap(out) < len(src) {
		out = make([]byte, 0, len(src))
	}
	copied := 0 // src[:copied] is in out
	scan.init()
	r := tagReader{src: src, tag: tagScan{attrs: make([]tagAttr, 0, 16)}}
	for r.next() {
		if r.kind != startTag {
			if r.kind == endTag && string(r.name) == "select" {
				scan.inSelect = false
			}
			scan.follow(src, &r, r.start-copied+len(out), r.end-copied+len(out))
			continue
		}
		name, t := r.name, r.tag
		if string(name) == "svg" || string(name) == "math" {
			return nil, scan, false
		}
		at := r.start - copied + len(out) // where the tag starts in out
		if len(t.attrs) > 0 && !comparedAttrs(name) {
			drop := -1 // the first attribute dropped
			for k, a := range t.attrs {
				if !keptKey(src[a.start:a.keyEnd]) {
					drop = k
					break
				}
			}
			if drop >= 0 {
				out = append(out, src[copied:t.nameEnd]...)
				last := t.nameEnd
				for k, a := range t.attrs {
					if k != drop && (k < drop || keptKey(src[a.start:a.keyEnd])) {
						out = append(out, ' ')
						out = append(out, src[a.start:a.end]...)
					}
					last = a.end
				}
				out = append(out, src[last:t.end]...)
				copied = t.end
			}
		}
		scan.follow(src, &r, at, r.end-copied+len(out))
		scan.see(src, &r, at, r.end-copied+len(out), len(out)-copied)
		scan.snap(&r, at)
	}
	if r.bad {
		return nil, scan, false
	}
	return append(out, src[copied:]...), scan, true
}
