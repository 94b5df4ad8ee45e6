package parser

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// buildRegion builds the tree of the region's container from the tags of
// the page (see findRegion), the tree html.Parse builds of rg.doc, less
// what readHTML does not read (comments' text; attributes other than the
// name and content of <meta> and the colspan and rowspan of cells). It
// does so for the regions the tree builder takes in order: every end tag
// closes the current element (after the implied ends of p and list
// items; a cell's end tag closes what is open in the cell), tables hold
// only table sections, rows and cells (implied <tbody>, <tr> and cell
// ends followed), and nothing the tree builder treats specially is met
// (see regionBuilder.start and end). It returns nil for any other region:
// readRegion then parses rg.doc with html.Parse.
//
// The tokenizer of x/net/html costs a string a tag name, attribute and
// text run and the tree builder a node and its bookkeeping each; here the
// tags were read already (tagReader), the nodes come from one slab and
// the text runs are slices of one string.
func buildRegion(page []byte, rg *pageRegion) *html.Node {
	var slab []html.Node
	return buildRegionIn(&slab, page, rg)
}

// buildRegionIn is buildRegion taking its nodes from *slab, which it
// replaces by a larger one when it holds too few.
func buildRegionIn(slab *[]html.Node, page []byte, rg *pageRegion) *html.Node {
	region := page[rg.at:rg.end]
	if bytes.IndexByte(region, 0) >= 0 {
		return nil // the tokenizer and the tree builder replace or drop NUL
	}
	b := regionBuilder{page: page, text: string(region), base: rg.at}
	// About three nodes for four tags on the real pages.
	if n := bytes.Count(region, []byte{'<'})*3/4 + len(rg.ancestors) + 8; cap(*slab) < n {
		*slab = make([]html.Node, 0, n)
	}
	b.slab = (*slab)[:0]
	for i, name := range rg.ancestors {
		n := b.element(atom.Lookup([]byte(name)), []byte(name))
		if i > 0 {
			b.top().AppendChild(n)
		}
		b.stack = append(b.stack, n)
	}
	b.floor = len(b.stack)
	r := tagReader{src: page, i: rg.at, tag: tagScan{attrs: make([]tagAttr, 0, 16)}}
	prev := rg.at
	for r.next() {
		if r.start > prev && !b.textRun(prev, r.start) {
			return nil
		}
		prev = r.end
		switch r.kind {
		case startTag:
			if r.start == rg.at {
				if string(r.name) != rg.name {
					return nil
				}
				b.container = b.element(atom.Lookup(r.name), r.name)
				b.push(b.container)
				break
			}
			if !b.start(&r) {
				return nil
			}
			if r.raw != "" { // its text, then its end tag
				end := rawTextEnd(page, r.end, r.raw)
				if end > prev && !b.rawText(r.raw, prev, end) {
					return nil
				}
				r.i, r.raw = end, ""
				if !r.next() || r.kind != endTag {
					return nil
				}
				b.pop()
				prev = r.end
			}
		case endTag:
			if !b.end(atom.Lookup(r.name), r.name) {
				return nil
			}
		default:
			if !b.other(r.start) {
				return nil
			}
		}
		if r.end >= rg.end {
			break
		}
		if len(b.stack) <= b.floor {
			return nil // the container closed before its end tag
		}
	}
	// The container's end tag closed it, and only it.
	if r.end != rg.end || len(b.stack) != b.floor {
		return nil
	}
	return b.container
}

// A regionBuilder builds a region's tree (see buildRegion).
type regionBuilder struct {
	page []byte
	text string // the region, as a string: text runs are slices of it
	base int    // where the region starts in page
	slab []html.Node

	stack []*html.Node // the open elements, the region's ancestors first
	floor int          // the ancestors' count: the container is stack[floor]
	// afe is the list of active formatting elements; nil is a marker
	// (set by a cell).
	afe       []*html.Node
	form      *html.Node // the form element pointer
	container *html.Node
}

func (b *regionBuilder) node() *html.Node {
	if len(b.slab) == cap(b.slab) {
		b.slab = make([]html.Node, 0, 64)
	}
	b.slab = b.slab[:len(b.slab)+1] // zero: new, or cleared by putNodeSlab
	return &b.slab[len(b.slab)-1]
}

// element makes the element a (name when a is 0).
func (b *regionBuilder) element(a atom.Atom, name []byte) *html.Node {
	n := b.node()
	n.Type = html.ElementNode
	if a != 0 {
		n.DataAtom, n.Data = a, a.String()
	} else {
		n.Data = string(name)
	}
	return n
}

func (b *regionBuilder) top() *html.Node { return b.stack[len(b.stack)-1] }

// push adds n to the current element and opens it.
func (b *regionBuilder) push(n *html.Node) {
	b.top().AppendChild(n)
	b.stack = append(b.stack, n)
}

func (b *regionBuilder) pop() { b.stack = b.stack[:len(b.stack)-1] }

// addText adds text to the current element, to its last child when that
// is text (html.Parse's addText).
func (b *regionBuilder) addText(s string) {
	if s == "" {
		return
	}
	t := b.top()
	if l := t.LastChild; l != nil && l.Type == html.TextNode {
		l.Data += s
		return
	}
	n := b.node()
	n.Type, n.Data = html.TextNode, s
	t.AppendChild(n)
}

// textOf is the text of page[i:j] as the tokenizer gives it: line breaks
// converted, character references unescaped unless raw.
func (b *regionBuilder) textOf(i, j int, raw bool) string {
	s := b.text[i-b.base : j-b.base]
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	if !raw && strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	return s
}

// textRun follows the text token page[i:j].
func (b *regionBuilder) textRun(i, j int) bool {
	s := b.textOf(i, j, false)
	switch t := b.top(); t.DataAtom {
	case atom.Table, atom.Tbody, atom.Thead, atom.Tfoot, atom.Tr:
		if strings.Trim(s, " \t\r\n\f") != "" {
			return false // foster parented
		}
	case atom.Pre, atom.Listing:
		if t.FirstChild == nil && s != "" && s[0] == '\n' {
			s = s[1:]
		}
	}
	b.addText(s)
	return true
}

// rawText adds the text page[i:j] of the raw text or RCDATA element tag,
// just opened.
func (b *regionBuilder) rawText(tag string, i, j int) bool {
	b.addText(b.textOf(i, j, tag != "title"))
	return true
}

// other follows a comment, doctype or "</>" (an empty comment to the
// tokenizer) starting at p.
func (b *regionBuilder) other(p int) bool {
	if s := b.page[p:]; len(s) >= 9 && s[1] == '!' && asciiEqualFold(s[2:9], "doctype") {
		return true // ignored in the body and in tables
	}
	n := b.node()
	n.Type = html.CommentNode // its text is not read
	b.top().AppendChild(n)
	return true
}

// spanAttrs are the attributes of a cell's start tag readHTML reads, and
// metaAttrs those of a <meta>.
var spanAttrs, metaAttrs = []string{"colspan", "rowspan"}, []string{"name", "content"}

// attrs copies those of r's attributes whose keys are in keys.
func (b *regionBuilder) attrs(r *tagReader, n *html.Node, keys []string) {
	for _, a := range r.tag.attrs {
		k := b.page[a.start:a.keyEnd]
		for _, key := range keys {
			if asciiEqualFold(k, key) {
				n.Attr = append(n.Attr, html.Attribute{Key: key, Val: attrValue(b.page, r, a, key)})
			}
		}
	}
}

// inScope is the index of the nearest open element of atom a in the scope
// ending at the elements stop reports, -1 if there is none.
func (b *regionBuilder) inScope(a atom.Atom, stop func(atom.Atom) bool) int {
	for i := len(b.stack) - 1; i >= 0; i-- {
		e := b.stack[i].DataAtom
		if e == a {
			return i
		}
		if stop(e) {
			return -1
		}
	}
	return -1
}

func tableScopeStop(a atom.Atom) bool {
	return a == atom.Html || a == atom.Table || a == atom.Template
}

func defaultScopeStop(a atom.Atom) bool {
	switch a {
	case atom.Applet, atom.Caption, atom.Html, atom.Table, atom.Td, atom.Th, atom.Marquee, atom.Object, atom.Template, atom.Select:
		return true
	}
	return false
}

func buttonScopeStop(a atom.Atom) bool { return a == atom.Button || defaultScopeStop(a) }

// closeP closes a <p> in button scope before a block, false when it is
// not the current element.
func (b *regionBuilder) closeP() bool {
	i := b.inScope(atom.P, buttonScopeStop)
	if i < 0 {
		return true
	}
	if i != len(b.stack)-1 {
		return false
	}
	b.pop()
	return true
}

// closeCell closes the cell open in table scope: the elements open in it
// are closed, the formatting elements up to its marker forgotten.
func (b *regionBuilder) closeCell() bool {
	for i := len(b.stack) - 1; i >= b.floor; i-- {
		switch e := b.stack[i]; e.DataAtom {
		case atom.Td, atom.Th:
			b.stack = b.stack[:i]
			for len(b.afe) > 0 {
				m := b.afe[len(b.afe)-1]
				b.afe = b.afe[:len(b.afe)-1]
				if m == nil {
					break
				}
			}
			return true
		case atom.Html, atom.Table, atom.Template, atom.Form:
			return false // not in scope, or a form closed out of turn
		}
	}
	return false
}

// start follows a start tag; false when the tree builder does something
// buildRegion does not follow.
func (b *regionBuilder) start(r *tagReader) bool {
	a := atom.Lookup(r.name)
	for {
		switch b.top().DataAtom {
		case atom.Table:
			switch a {
			case atom.Tbody, atom.Thead, atom.Tfoot:
				b.push(b.element(a, r.name))
				return true
			case atom.Tr, atom.Td, atom.Th:
				b.push(b.element(atom.Tbody, nil))
				continue
			}
			return false
		case atom.Tbody, atom.Thead, atom.Tfoot:
			switch a {
			case atom.Tr:
				b.push(b.element(a, r.name))
				return true
			case atom.Td, atom.Th:
				b.push(b.element(atom.Tr, nil))
				continue
			case atom.Tbody, atom.Thead, atom.Tfoot:
				b.pop()
				continue
			}
			return false
		case atom.Tr:
			switch a {
			case atom.Td, atom.Th:
				n := b.element(a, r.name)
				b.attrs(r, n, spanAttrs)
				b.push(n)
				b.afe = append(b.afe, nil)
				return true
			case atom.Tr, atom.Tbody, atom.Thead, atom.Tfoot:
				b.pop()
				continue
			}
			return false
		}
		break
	}
	// In the body, or in a cell.
	switch a {
	case atom.Td, atom.Th, atom.Tr, atom.Tbody, atom.Thead, atom.Tfoot:
		if !b.closeCell() {
			return false
		}
		return b.start(r)
	case atom.Html, atom.Body, atom.Frameset, atom.Frame, atom.Head, atom.Template, atom.Plaintext,
		atom.Button, atom.Nobr, atom.Applet, atom.Marquee, atom.Object, atom.Image, atom.Textarea,
		atom.Select, atom.Option, atom.Optgroup, atom.Rb, atom.Rtc, atom.Rp, atom.Rt, atom.Math,
		atom.Svg, atom.Caption, atom.Col, atom.Colgroup:
		return false
	case atom.Meta:
		n := b.element(a, r.name)
		b.attrs(r, n, metaAttrs)
		b.top().AppendChild(n)
	case atom.Base, atom.Basefont, atom.Bgsound, atom.Link, atom.Area, atom.Br, atom.Embed, atom.Img,
		atom.Keygen, atom.Wbr, atom.Input, atom.Param, atom.Source, atom.Track:
		b.top().AppendChild(b.element(a, r.name))
	case atom.Hr:
		if !b.closeP() {
			return false
		}
		b.top().AppendChild(b.element(a, r.name))
	case atom.Script, atom.Style, atom.Noframes, atom.Title, atom.Noscript, atom.Iframe, atom.Noembed:
		b.push(b.element(a, r.name))
	case atom.Xmp, atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Center, atom.Details,
		atom.Dialog, atom.Dir, atom.Div, atom.Dl, atom.Fieldset, atom.Figcaption, atom.Figure,
		atom.Footer, atom.Header, atom.Hgroup, atom.Main, atom.Menu, atom.Nav, atom.Ol, atom.P,
		atom.Search, atom.Section, atom.Summary, atom.Ul, atom.Pre, atom.Listing:
		if !b.closeP() {
			return false
		}
		b.push(b.element(a, r.name))
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		if !b.closeP() || heading(b.top().DataAtom) {
			return false
		}
		b.push(b.element(a, r.name))
	case atom.Form:
		if b.form != nil || !b.closeP() {
			return false
		}
		b.form = b.element(a, r.name)
		b.push(b.form)
	case atom.Li, atom.Dd, atom.Dt:
		for i := len(b.stack) - 1; i >= 0; i-- {
			e := b.stack[i]
			if e.DataAtom == a || (a != atom.Li && (e.DataAtom == atom.Dd || e.DataAtom == atom.Dt)) {
				if i != len(b.stack)-1 || i < b.floor {
					return false
				}
				b.pop()
				break
			}
			if e.DataAtom != atom.Address && e.DataAtom != atom.Div && e.DataAtom != atom.P && special(e.Data) {
				break
			}
		}
		if !b.closeP() {
			return false
		}
		b.push(b.element(a, r.name))
	case atom.A:
		for i := len(b.afe) - 1; i >= 0 && b.afe[i] != nil; i-- {
			if b.afe[i].DataAtom == atom.A {
				return false // the adoption agency closes it
			}
		}
		fallthrough
	case atom.B, atom.Big, atom.Code, atom.Em, atom.Font, atom.I, atom.S, atom.Small, atom.Strike, atom.Strong, atom.Tt, atom.U:
		n := b.element(a, r.name)
		b.push(n)
		b.afe = append(b.afe, n)
	case atom.Table:
		if b.inScope(atom.P, buttonScopeStop) >= 0 {
			return false // closed in no-quirks mode, not in quirks mode
		}
		b.push(b.element(a, r.name))
	default:
		b.push(b.element(a, r.name))
	}
	return true
}

func heading(a atom.Atom) bool {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// end follows an end tag of a (name when a is 0); false when the tree
// builder does something buildRegion does not follow.
func (b *regionBuilder) end(a atom.Atom, name []byte) bool {
	for {
		switch t := b.top().DataAtom; t {
		case atom.Table:
			if a != atom.Table {
				return false
			}
			b.pop()
			return true
		case atom.Tbody, atom.Thead, atom.Tfoot:
			switch a {
			case atom.Tbody, atom.Thead, atom.Tfoot:
				if a != t {
					return false
				}
				b.pop()
				return true
			case atom.Table:
				b.pop()
				continue
			}
			return false
		case atom.Tr:
			switch a {
			case atom.Tr:
				b.pop()
				return true
			case atom.Table:
				b.pop()
				continue
			case atom.Tbody, atom.Thead, atom.Tfoot:
				if b.stack[len(b.stack)-2].DataAtom != a {
					return false
				}
				b.pop()
				continue
			}
			return false
		}
		break
	}
	// In the body, or in a cell.
	top := b.top()
	switch a {
	case atom.Td, atom.Th:
		i := b.inScope(a, tableScopeStop)
		for j := len(b.stack) - 1; j > i; j-- {
			if e := b.stack[j].DataAtom; e == atom.Td || e == atom.Th {
				return false // </th> in a td: ignored
			}
		}
		return i >= b.floor && b.closeCell()
	case atom.Table, atom.Tbody, atom.Thead, atom.Tfoot, atom.Tr:
		if b.inScope(a, tableScopeStop) < 0 || !b.closeCell() {
			return false
		}
		return b.end(a, name)
	case atom.Area, atom.Embed, atom.Img, atom.Keygen, atom.Wbr, atom.Input, atom.Param, atom.Source,
		atom.Track, atom.Meta, atom.Link, atom.Base, atom.Basefont, atom.Bgsound, atom.Hr:
		return true // no such element is open: ignored
	case atom.Form:
		b.impliedEnds()
		if top = b.top(); top != b.form || b.form == nil {
			return false
		}
		b.form = nil
	case atom.P, atom.Li, atom.Dd, atom.Dt:
		if top.DataAtom != a {
			return false
		}
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		if !heading(top.DataAtom) {
			return false
		}
	case atom.A, atom.B, atom.Big, atom.Code, atom.Em, atom.Font, atom.I, atom.S, atom.Small, atom.Strike, atom.Strong, atom.Tt, atom.U:
		if top.DataAtom != a {
			return false
		}
		for i := len(b.afe) - 1; i >= 0; i-- {
			if b.afe[i] == top {
				b.afe = append(b.afe[:i], b.afe[i+1:]...)
				break
			}
		}
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Center, atom.Details, atom.Dialog,
		atom.Dir, atom.Div, atom.Dl, atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Header,
		atom.Hgroup, atom.Listing, atom.Main, atom.Menu, atom.Nav, atom.Ol, atom.Pre, atom.Search,
		atom.Section, atom.Summary, atom.Ul:
		b.impliedEnds()
		if top = b.top(); top.DataAtom != a {
			return false
		}
	case 0:
		if top.DataAtom != 0 || top.Data != string(name) {
			return false
		}
	case atom.Html, atom.Body, atom.Br, atom.Caption, atom.Col, atom.Colgroup, atom.Template,
		atom.Applet, atom.Marquee, atom.Object, atom.Button, atom.Select, atom.Nobr:
		return false
	default:
		if top.DataAtom != a {
			return false
		}
	}
	if len(b.stack) <= b.floor {
		return false
	}
	b.pop()
	return true
}

// impliedEnds closes the open p, li, dd and dt elements on top of the
// stack (the tree builder's generateImpliedEndTags; the others of its
// list, option, optgroup and the ruby elements, are never open here).
func (b *regionBuilder) impliedEnds() {
	for len(b.stack) > b.floor {
		switch b.top().DataAtom {
		case atom.P, atom.Li, atom.Dd, atom.Dt:
			b.pop()
			continue
		}
		return
	}
}
