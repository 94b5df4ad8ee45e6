package crawler

import (
	"bytes"
	"html"
)

// listingScan reads what tells a listing from a report (looksLikeListing)
// straight from a page's bytes: the text of its links and of its tables.
// It finds tags as golang.org/x/net/html's tokenizer does (a '<' then a
// letter, '/' or '!'; quoted attribute values; comments; the raw text of
// script, style, title and the like) without building tokens or
// attributes, which made the tokenizer cost 0.7–1.4 ms a report page,
// a tenth of the crawl's CPU. It stops at the first table that holds a
// statistics row: the page is then a report whatever its links.
type listingScan struct {
	page   []byte
	titles map[string]bool // distinct report titles of links
	stats  bool            // a table holds a statistics row
	inA    int
	tables int
	text   []byte // the open link's text
	cell   []byte // the tables' text outside links since the last </table>
}

// rawTextTags are the elements whose content the tokenizer reads as
// text up to their end tag, not as markup.
var rawTextTags = map[string]bool{"iframe": true, "noembed": true, "noframes": true, "noscript": true,
	"plaintext": true, "script": true, "style": true, "textarea": true, "title": true, "xmp": true}

// scanListing reads page, stopping at a table with a statistics row.
func scanListing(page []byte) *listingScan {
	s := &listingScan{page: page, titles: map[string]bool{}}
	for i := 0; i < len(page) && !s.stats; {
		j := bytes.IndexByte(page[i:], '<')
		if j < 0 {
			s.addText(page[i:], true)
			break
		}
		s.addText(page[i:i+j], true)
		i += j
		if i+1 >= len(page) {
			s.addText(page[i:], true)
			break
		}
		switch c := page[i+1]; {
		case isASCIILetter(c):
			name, end := tagName(page, i+1)
			end, ok := tagEnd(page, end)
			if !ok {
				return s // a tag cut by the end of the page: no token
			}
			i = s.startTag(name, end, page[end-2] == '/')
		case c == '/':
			switch {
			case i+2 >= len(page):
				s.addText(page[i:], true)
				i = len(page)
			case page[i+2] == '>':
				i += 3
			case isASCIILetter(page[i+2]):
				name, end := tagName(page, i+2)
				end, ok := tagEnd(page, end)
				if !ok {
					return s
				}
				s.endTag(name)
				i = end
			default:
				i = closeAngle(page, i+2)
			}
		case c == '!':
			i = markupEnd(page, i+2)
		case c == '?':
			i = closeAngle(page, i+2)
		default:
			s.addText(page[i:i+1], true)
			i++
		}
	}
	return s
}

// startTag notes a start tag named name whose '>' ends before end
// (self-closing: "/>", which opens no link or table), and reads the
// raw text that follows some; it returns where to go on.
func (s *listingScan) startTag(name []byte, end int, selfClosing bool) int {
	switch {
	case selfClosing && !rawTextTags[string(name)]:
	case len(name) == 1 && name[0] == 'a':
		s.inA++
		s.text = s.text[:0]
	case string(name) == "table":
		s.tables++
	case rawTextTags[string(name)]:
		if string(name) == "plaintext" {
			s.addText(s.page[end:], false)
			return len(s.page)
		}
		stop := rawTextEnd(s.page, end, string(name))
		// Title and textarea hold entities; the rest is raw.
		s.addText(s.page[end:stop], string(name) == "title" || string(name) == "textarea")
		return stop
	}
	return end
}

// endTag notes an end tag named name.
func (s *listingScan) endTag(name []byte) {
	switch {
	case len(name) == 1 && name[0] == 'a':
		if s.inA > 0 {
			s.inA--
			if t := collapse(string(s.text)); isReportTitle(t) {
				s.titles[t] = true
			}
		}
	case string(name) == "table":
		if s.tables > 0 {
			s.tables--
		}
		for _, w := range statsWords {
			if bytes.Contains(s.cell, []byte(w)) {
				s.stats = true
			}
		}
		s.cell = s.cell[:0]
	}
}

// addText adds text to the open link's or, outside links, to the
// tables' text, its entities decoded when escaped.
func (s *listingScan) addText(t []byte, escaped bool) {
	if len(t) == 0 || s.inA == 0 && s.tables == 0 {
		return
	}
	var dst *[]byte
	if s.inA > 0 {
		dst = &s.text
	} else {
		dst = &s.cell
	}
	if escaped && bytes.IndexByte(t, '&') >= 0 {
		*dst = append(*dst, html.UnescapeString(string(t))...)
		return
	}
	*dst = append(*dst, t...)
}

func isASCIILetter(c byte) bool {
	return 'a' <= c|0x20 && c|0x20 <= 'z'
}

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'
}

// tagName returns the lowercased name of the tag whose name starts at
// i, and where it ends.
func tagName(page []byte, i int) ([]byte, int) {
	j := i
	for j < len(page) && !isHTMLSpace(page[j]) && page[j] != '/' && page[j] != '>' {
		j++
	}
	name := page[i:j]
	for _, c := range name {
		if 'A' <= c && c <= 'Z' {
			name = bytes.ToLower(name)
			break
		}
	}
	return name, j
}

// tagEnd returns the index after the '>' closing the tag whose
// attributes start at i, reading its attributes as the tokenizer does
// (a value quoted with " or ' may hold '>'), or false when the page
// ends first.
func tagEnd(page []byte, i int) (int, bool) {
	n := len(page)
	skipSpace := func() {
		for i < n && isHTMLSpace(page[i]) {
			i++
		}
	}
	skipSpace()
	for {
		if i >= n {
			return 0, false
		}
		if page[i] == '>' {
			return i + 1, true
		}
		// The attribute's name: an '=' first is part of it.
		for start := i; i < n; i++ {
			c := page[i]
			if c == '=' && i == start {
				continue
			}
			if c == '=' || c == '/' || c == '>' || isHTMLSpace(c) {
				break
			}
		}
		// Its value, if an '=' follows.
		skipSpace()
		if i >= n {
			return 0, false
		}
		switch page[i] {
		case '/':
			i++
		case '=':
			i++
			skipSpace()
			if i >= n {
				return 0, false
			}
			switch q := page[i]; q {
			case '>':
			case '"', '\'':
				k := bytes.IndexByte(page[i+1:], q)
				if k < 0 {
					return 0, false
				}
				i += k + 2
			default:
				for i < n && page[i] != '>' && !isHTMLSpace(page[i]) {
					i++
				}
			}
		}
		skipSpace()
	}
}

// closeAngle returns the index after the next '>' from i, or the end of
// the page: a bogus comment.
func closeAngle(page []byte, i int) int {
	if k := bytes.IndexByte(page[i:], '>'); k >= 0 {
		return i + k + 1
	}
	return len(page)
}

// markupEnd returns where a "<!" declaration starting before i ends: a
// comment at "-->" or "--!>" (or at once for "<!-->" and "<!--->"),
// anything else at the next '>'.
func markupEnd(page []byte, i int) int {
	if !bytes.HasPrefix(page[i:], []byte("--")) {
		return closeAngle(page, i)
	}
	i += 2
	switch {
	case bytes.HasPrefix(page[i:], []byte(">")):
		return i + 1
	case bytes.HasPrefix(page[i:], []byte("->")):
		return i + 2
	}
	for j := i; j < len(page); j++ {
		if page[j] != '-' || j+2 > len(page) || page[j+1] != '-' {
			continue
		}
		k := j + 2
		for k < len(page) && page[k] == '-' {
			k++
		}
		switch {
		case k < len(page) && page[k] == '>':
			return k + 1
		case k+1 < len(page) && page[k] == '!' && page[k+1] == '>':
			return k + 2
		}
		j = k - 1
	}
	return len(page)
}

// rawTextEnd returns where the raw text of element name, starting at
// i, ends: at its end tag ("</script" then a space, '/' or '>'), or the
// end of the page.
func rawTextEnd(page []byte, i int, name string) int {
	for {
		k := bytes.Index(page[i:], []byte("</"))
		if k < 0 {
			return len(page)
		}
		j := i + k + 2
		if j+len(name) < len(page) && bytes.EqualFold(page[j:j+len(name)], []byte(name)) {
			if c := page[j+len(name)]; isHTMLSpace(c) || c == '/' || c == '>' {
				return i + k
			}
		}
		i = j
	}
}
