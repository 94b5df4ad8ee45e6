package parser

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// bodySelectors are the article containers of the CMSes portals run on
// (TRS, Hanweb, UCAP and hand-made sites), most specific first.
var bodySelectors = [...]string{
	".TRS_Editor", "#zoom", ".article_content", ".article-content", "#UCAP-CONTENT",
	".TRS_UEDITOR", ".wzcon", "#content", ".content", "article", "body",
}

// containers holds the first element of a page matching each of
// bodySelectors, in the same order.
type containers [len(bodySelectors)]*html.Node

// The selectors of bodySelectors by form, with their places in it.
var classSelectors, idSelectors, tagSelectors = splitSelectors()

type selector struct {
	name string // without its . or #
	at   int    // index in bodySelectors
}

func splitSelectors() (class, id, tag []selector) {
	for i, sel := range bodySelectors {
		switch sel[0] {
		case '.':
			class = append(class, selector{sel[1:], i})
		case '#':
			id = append(id, selector{sel[1:], i})
		default:
			tag = append(tag, selector{sel, i})
		}
	}
	return class, id, tag
}

// see matches n against every selector of bodySelectors (the forms .class,
// #id and tag) and keeps the first element each one matches. It reads the
// class and id attributes once: asked of every element of the page, a
// look-up per selector was a tenth of the parse.
func (c *containers) see(n *html.Node) {
	class, id := "", ""
	hasClass, hasID := false, false
	for _, a := range n.Attr {
		switch {
		case a.Key == "class" && !hasClass:
			class, hasClass = a.Val, true
		case a.Key == "id" && !hasID:
			id, hasID = a.Val, true
		}
	}
	// Every class of bodySelectors holds "content", "TRS_" or "wzcon":
	// the class lists of the rest of the page's chrome are not split.
	if class != "" && (strings.Contains(class, "content") || strings.Contains(class, "TRS_") || strings.Contains(class, "wzcon")) {
		for _, s := range classSelectors {
			if c[s.at] == nil && hasClassWord(class, s.name) {
				c[s.at] = n
			}
		}
	}
	if id != "" {
		for _, s := range idSelectors {
			if c[s.at] == nil && id == s.name {
				c[s.at] = n
			}
		}
	}
	for _, s := range tagSelectors {
		if c[s.at] == nil && n.Data == s.name {
			c[s.at] = n
		}
	}
}

// hasClassWord reports whether the space-separated class list holds word.
func hasClassWord(class, word string) bool {
	for c := range strings.FieldsSeq(class) {
		if c == word {
			return true
		}
	}
	return false
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// textLonger reports whether n holds more than min bytes of non-space text.
func textLonger(n *html.Node, min int) bool {
	total := 0
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.TextNode {
			total += len(strings.TrimSpace(n.Data))
			return total > min
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	return walk(n)
}

// readHTML parses a page (already UTF-8) into prose and tables. Tables
// anywhere in the page are read; the prose is taken from the article
// container, not from the page chrome around it. The tree is built from
// the page less the attributes nothing reads (see slimHTML), and of the
// article container alone when the page is plain enough to tell what the
// whole tree would be (see findRegion): the same document as the whole
// page gives.
func readHTML(src []byte) (*document, error) {
	buf := getPageBuf()
	defer putPageBuf(buf)
	page := src
	if slim, scan, ok := slimHTMLTo(*buf, src); ok {
		page, *buf = slim, slim
		if rg, ok := findRegion(page, &scan); ok {
			if d := readRegion(src, page, &rg); d != nil {
				return d, nil
			}
		}
	}
	return readHTMLTree(src, page)
}

// readHTMLTree reads the document of page src from the tree html.Parse
// builds of page (src itself, or src slimmed).
func readHTMLTree(src, page []byte) (*document, error) {
	root, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return nil, fmt.Errorf("parse html: %w", err)
	}
	w := newPageWalk(len(src))
	w.walk(root)
	d := w.done()

	var body *html.Node
	for _, n := range w.found {
		if n != nil && textLonger(n, 200) {
			body = n
			break
		}
	}
	if body == nil {
		body = root
	}
	d.text = proseText(body)
	return d, nil
}

// readRegion reads the document of page src from the tree of its article
// region (see findRegion), nil when the region's tree is not the one the
// whole page gives or its text too short for readHTML to take it.
func readRegion(src, page []byte, rg *pageRegion) *document {
	slab := getNodeSlab()
	defer putNodeSlab(slab)
	c := buildRegionIn(slab, page, rg)
	if c == nil {
		root, err := html.Parse(bytes.NewReader(rg.doc(page)))
		if err != nil {
			return nil
		}
		c = rg.container(root)
	}
	if c == nil || !textLonger(c, 200) {
		return nil
	}
	// The whole tree in order: the <meta> and <title> before the region,
	// the region, those after it.
	w := newPageWalk(len(src))
	for _, m := range rg.metaBefore {
		addMeta(w.d, page[m[0]:m[1]])
	}
	for _, t := range rg.titleBefore {
		if w.d.title == "" {
			w.d.title = titleText(page[t[0]:t[1]])
		}
	}
	w.walk(c)
	for _, m := range rg.metaAfter {
		addMeta(w.d, page[m[0]:m[1]])
	}
	for _, t := range rg.titleAfter {
		if w.d.title == "" {
			w.d.title = titleText(page[t[0]:t[1]])
		}
	}
	d := w.done()
	d.text = proseText(c)
	return d
}

// A pageWalk collects, in one walk over a page's tree, what readHTML
// needs: <meta name>, <title>, the tables, and the article containers by
// class or id. (Several goquery Finds would walk the 100–350 kB of chrome
// each time.)
type pageWalk struct {
	d       *document
	found   containers
	budget  *cellBudget
	tableNo int
}

func newPageWalk(size int) *pageWalk {
	return &pageWalk{d: &document{meta: map[string]string{}}, budget: newCellBudget(size)}
}

func (w *pageWalk) walk(n *html.Node) {
	if n.Type == html.ElementNode {
		switch n.DataAtom {
		case atom.Meta:
			if name, content := attr(n, "name"), Clean(attr(n, "content")); name != "" && content != "" {
				w.d.meta[name] = content
			}
		case atom.Title:
			if w.d.title == "" {
				w.d.title = cellText(n)
			}
		case atom.Table:
			w.tableNo++
			if g := tableGrid(n, w.tableNo, w.budget); len(g.Rows) > 0 {
				w.d.tables = append(w.d.tables, g)
			}
		case atom.Script, atom.Style:
			return
		}
		w.found.see(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
}

// done is the document, the cell budget's finding added.
func (w *pageWalk) done() *document {
	if f := w.budget.finding(); f != nil {
		w.d.findings = append(w.d.findings, *f)
	}
	return w.d
}

// proseText is the text of n one cleaned paragraph a line, blank lines
// left out, ending with a line break.
func proseText(n *html.Node) string {
	var b strings.Builder
	b.Grow(textSize(n)) // one allocation, where growing by doubling copied it several times
	writeText(&b, n)
	text := b.String()
	var out strings.Builder
	out.Grow(len(text))
	for len(text) > 0 {
		l := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			l, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		// Clean drops the spaces at either end anyway; trimmed first,
		// most lines are clean already and cost no copy.
		if l = Clean(strings.TrimSpace(l)); l != "" {
			out.WriteString(l)
			out.WriteByte('\n')
		}
	}
	if out.Len() == 0 {
		return "\n"
	}
	return out.String()
}

// textSize is at least the length of what writeText writes of n: its
// text, two line breaks an element, one for an element left out.
func textSize(n *html.Node) int {
	size := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			size += len(n.Data)
			return
		case html.ElementNode:
			if skipText(n.DataAtom) {
				size++
				return
			}
			size += 2
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return size
}

// writeText writes the text of n, with a line break around block elements.
// Tables are left out: they are read as grids.
func writeText(b *strings.Builder, n *html.Node) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(n.Data)
		return
	case html.CommentNode:
		return
	case html.ElementNode:
		if skipText(n.DataAtom) {
			b.WriteByte('\n')
			return
		}
	}
	block := n.Type == html.ElementNode && isBlock(n.DataAtom)
	if block {
		b.WriteByte('\n')
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		writeText(b, c)
	}
	if block {
		b.WriteByte('\n')
	}
}

// skipText reports whether writeText leaves out an element's text.
func skipText(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Table, atom.Select, atom.Head:
		return true
	}
	return false
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Br, atom.Li, atom.Ul, atom.Ol, atom.H1, atom.H2, atom.H3, atom.H4,
		atom.H5, atom.H6, atom.Tr, atom.Section, atom.Article, atom.Dd, atom.Dt, atom.Dl, atom.Center,
		atom.Blockquote, atom.Pre, atom.Header, atom.Footer, atom.Hr:
		return true
	}
	return false
}

// cellText is the text of one table cell: its text runs concatenated (Word
// splits "2015" into "201" and "5"), paragraphs and <br> as a space.
func cellText(n *html.Node) string {
	// Most cells hold one run of text, perhaps among runs of white space
	// (Word's <p><span>12</span></p>): Clean of that run is the cell's
	// text, the line breaks and spaces around it being dropped by Clean.
	if t, ok := soleText(n); ok {
		return Clean(t)
	}
	var b strings.Builder
	writeText(&b, n)
	return Clean(b.String())
}

// soleText returns the one text node under n, as writeText visits them,
// that is not only white space ("" when there is none); ok is false when
// there are several.
func soleText(n *html.Node) (string, bool) {
	var only *html.Node
	var visit func(n *html.Node) bool
	visit = func(n *html.Node) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				if allSpace(c.Data) {
					continue
				}
				if only != nil {
					return false
				}
				only = c
			case html.ElementNode:
				if !skipText(c.DataAtom) && !visit(c) {
					return false
				}
			case html.CommentNode:
			default:
				if !visit(c) {
					return false
				}
			}
		}
		return true
	}
	if !visit(n) {
		return "", false
	}
	if only == nil {
		return "", true
	}
	return only.Data, true
}

// allSpace reports whether Clean reads s as nothing but white space.
func allSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			continue
		case c < 0x80:
			return false
		}
		return allSpaceRunes(s[i:])
	}
	return true
}

func allSpaceRunes(s string) bool {
	for _, r := range s {
		if r != '\u00a0' && r != '\u3000' && !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// tableGrid reads the rows of table t (not of the tables nested in it)
// and expands rowspan and colspan, while the page's budget of cells lasts:
// when it runs out, the row being expanded and the rows after it are
// dropped, and the budget records it (the table's number is no).
func tableGrid(t *html.Node, no int, budget *cellBudget) *Grid {
	g := &Grid{Form: "html"}
	var trs []*html.Node
	var collect func(n *html.Node)
	collect = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Tr:
				trs = append(trs, c)
			case atom.Tbody, atom.Thead, atom.Tfoot:
				collect(c)
			}
		}
	}
	collect(t)

	type pending struct {
		cell Cell
		left int // rows still to fill below; 0: no cell spans down here
	}
	var carry []pending // by column: the cell spanning down into later rows
	carried := func(col int) bool { return col < len(carry) && carry[col].left > 0 }
	for i, tr := range trs {
		n := len(carry) // room for the row's cells: its own and those carried into it
		for td := tr.FirstChild; td != nil; td = td.NextSibling {
			if td.Type == html.ElementNode && (td.DataAtom == atom.Td || td.DataAtom == atom.Th) {
				n++
			}
		}
		var row []Cell
		if n > 0 {
			row = make([]Cell, 0, n)
		}
		col := 0
		full := false
		add := func(c Cell) {
			if full = full || !budget.take(); !full {
				row = append(row, c)
			}
		}
		fill := func() {
			for carried(col) {
				p := &carry[col]
				c := p.cell
				c.Spanned, c.RowSpanned = true, true
				add(c)
				p.left--
				col++
			}
		}
		for td := tr.FirstChild; td != nil && !full; td = td.NextSibling {
			if td.Type != html.ElementNode || (td.DataAtom != atom.Td && td.DataAtom != atom.Th) {
				continue
			}
			fill()
			c := Cell{Text: cellText(td)}
			cs, rs := span(td, "colspan"), span(td, "rowspan")
			for k := 0; k < cs && !full; k++ {
				cc := c
				if k > 0 {
					cc.Spanned = true
				}
				add(cc)
				if rs > 1 {
					for len(carry) <= col {
						carry = append(carry, pending{})
					}
					carry[col] = pending{cell: c, left: rs - 1}
				}
				col++
			}
		}
		fill()
		if full {
			budget.stop(no, i, len(trs))
			break
		}
		g.Rows = append(g.Rows, row)
	}
	return g
}

// span reads a rowspan or colspan attribute: at least 1, at most maxSpan.
func span(n *html.Node, name string) int {
	for _, a := range n.Attr {
		if a.Key == name {
			v, err := strconv.Atoi(strings.TrimSpace(a.Val))
			if err != nil || v < 1 {
				return 1
			}
			return min(v, maxSpan)
		}
	}
	return 1
}
