package parser

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A portal page is a report of a few tens of kB inside 50–100 kB of
// navigation, search boxes and footers (portals.md), and readHTML reads
// little of that chrome: the <meta> and <title> elements and the tables
// (there are none on most pages). findRegion finds the article container
// readHTML would take the prose from, so that only it is built into a
// tree; the rest of the page is only read tag by tag.
//
// It does so only when it can tell, from the tags alone, what the tree
// builder does with the page:
//
//   - the container is the first element matching the first selector of
//     bodySelectors that any start tag matches (so that, if its text is
//     long enough, readHTML would take it), and a plain element (div,
//     article, section, main, center, span);
//   - before it, the page is plain: <html>, a head of meta, link, base,
//     title, script, style and noscript, then <body> and elements that
//     close in the order they open (implied ends only for p and list
//     items), no table, form left open, select, button, frames, template,
//     formatting element left open, nor any of the elements the tree
//     builder treats specially (see treeModel.start);
//   - after it, no table, frameset, frame, template, second <html> or
//     <body>, nor <meta> or <title> inside a <select>.
//
// The region, from the container's start tag to the end tag that closes
// it by count, is parsed under the same open elements (see regionDoc) and
// followed by a marker element; readRegion checks that the container
// closed at its end tag and that the marker follows it (a region that
// closes more than it opens, or leaves formatting elements open, fails
// that), and falls back to the whole page otherwise.
type pageRegion struct {
	lead      int      // the page's first start tag
	at, end   int      // the region in the page: the container's start tag to its end tag
	name      string   // the container's element name
	ancestors []string // the open elements around it, html and body first
	// The <meta> tags (start, end) and <title> elements (start, end of
	// their text) of the page before the region and after it, in order.
	metaBefore, metaAfter   [][2]int
	titleBefore, titleAfter [][2]int
}

// regionEnd is the marker element closing the region in pageRegion.doc.
const regionEnd = "nianbao-region-end"

// regionContainers are the elements findRegion takes as the container.
func regionContainer(name string) bool {
	switch name {
	case "div", "article", "section", "main", "center", "span":
		return true
	}
	return false
}

// pageScan is what slimHTML learns of a page's start tags for
// findRegion, at their places in the slimmed page.
type pageScan struct {
	// first is where the first start tag matching each selector of
	// bodySelectors starts, -1 if none does.
	first         [len(bodySelectors)]int
	metas, titles [][2]int // <meta> tags; <title> start tags and text
	tables        []int    // <table> start tags
	htmls, bodies int      // <html> and <body> start tags
	// unsafe is set by a frameset, frame or template, and by a <meta> or
	// <title> in a <select> (which the tree builder drops).
	unsafe   bool
	inSelect bool

	// The tree model of findRegion, run over the tags as slimHTML reads
	// them, and the open elements it gives around the first element
	// matching each selector.
	model    treeModel
	modelOff bool // the model gave up: no container from here on
	lead     int  // the page's first start tag, -1 before it
	prevEnd  int  // where the last tag ended, in the page
	rawPrev  bool // the last tag opened raw text
	snaps    [len(bodySelectors)]regionSnap
	open     int // the snaps whose containers are open
	// best is the first selector of bodySelectors an element matched:
	// the elements first matching the selectors after it are not looked
	// for (findRegion takes the first selector any element matches).
	best int
}

// regionSnap is the model's state at a container (see findRegion).
type regionSnap struct {
	ok        bool     // the model followed the page up to the container, which is a plain element in the body
	name      string   // the container's element name
	ancestors []string // the open elements around it
	form      bool     // a form was open
	depth     int      // the container's elements open, counted by name
	end       int      // where the end tag closing it by count ends, -1 before
}

func (s *pageScan) init() {
	for i := range s.first {
		s.first[i] = -1
	}
	s.lead = -1
	s.best = len(bodySelectors)
}

// follow runs the model over r's tag, at start and end in the slimmed page,
// and counts the open containers' elements.
func (s *pageScan) follow(src []byte, r *tagReader, start, end int) {
	if s.open > 0 && r.kind != otherTag {
		for i := range min(s.best+1, len(s.snaps)) {
			sn := &s.snaps[i]
			if !sn.ok || sn.end >= 0 || string(r.name) != sn.name {
				continue
			}
			if r.kind == startTag {
				sn.depth++
			} else if sn.depth--; sn.depth == 0 {
				sn.end = end
				s.open--
			}
		}
	}
	if s.modelOff {
		return
	}
	if !s.model.body && !s.rawPrev && !blank(src[s.prevEnd:r.start]) {
		s.modelOff = true // text before <body>
		return
	}
	s.prevEnd, s.rawPrev = r.end, r.kind == startTag && r.raw != ""
	switch r.kind {
	case startTag:
		if s.lead < 0 {
			s.lead = start
		}
		s.modelOff = !s.model.start(tagName(r.name))
	case endTag:
		s.modelOff = s.lead < 0 || !s.model.end(tagName(r.name))
	}
}

// snap notes the model's state at r's start tag, at start, for the
// selectors it is the first element of.
func (s *pageScan) snap(r *tagReader, start int) {
	for i, p := range s.first {
		if p != start {
			continue
		}
		if s.modelOff || !s.model.body || !regionContainer(string(r.name)) {
			continue
		}
		m := &s.model
		s.snaps[i] = regionSnap{ok: true, name: m.top(), ancestors: append([]string(nil), m.stack[:len(m.stack)-1]...), form: m.form, depth: 1, end: -1}
		s.open++
	}
	if s.best == 0 {
		s.modelOff = true // no element can come before this one
	}
}

// tagName is a tag's (lower-case) name as a string, the atom's where
// there is one.
func tagName(name []byte) string {
	if a := atom.Lookup(name); a != 0 {
		return a.String()
	}
	return string(name)
}

// see notes r's start tag, at start and end in the slimmed page; shift
// is the slimmed page's offsets less the page's after the tag.
func (s *pageScan) see(src []byte, r *tagReader, start, end, shift int) {
	switch string(r.name) {
	case "frameset", "frame", "template":
		s.unsafe = true
	case "html":
		s.htmls++
	case "body":
		s.bodies++
	case "table":
		s.tables = append(s.tables, start)
	case "select":
		s.inSelect = true
	case "input", "keygen", "textarea":
		s.inSelect = false
	case "meta":
		s.unsafe = s.unsafe || s.inSelect
		s.metas = append(s.metas, [2]int{start, end})
	case "title":
		s.unsafe = s.unsafe || s.inSelect
		s.titles = append(s.titles, [2]int{start, rawTextEnd(src, r.end, "title") + shift})
	}
	if s.best > 0 {
		matchSelectors(src, r, start, &s.first, s.best)
		for i := range s.best {
			if s.first[i] >= 0 {
				s.best = i
				break
			}
		}
	}
}

// findRegion finds the article region of page, slimmed by slimHTML,
// which noted its tags in scan; ok is false when readHTML must parse the
// whole page.
func findRegion(page []byte, scan *pageScan) (rg pageRegion, ok bool) {
	if scan.unsafe || scan.htmls > 1 || scan.bodies > 1 {
		return rg, false
	}
	at := -1 // the container's start tag
	for i, p := range scan.first {
		if bodySelectors[i] == "body" { // its text is the page's
			break
		}
		if p >= 0 {
			at = p
			break
		}
	}
	if at < 0 {
		return rg, false
	}
	metas, titles, tables := scan.metas, scan.titles, scan.tables
	var sn *regionSnap
	for i, p := range scan.first {
		if p == at {
			sn = &scan.snaps[i]
			break
		}
	}
	if !sn.ok {
		return rg, false
	}
	rg.name = sn.name
	rg.ancestors = sn.ancestors
	if sn.form {
		return rg, false
	}
	for _, a := range rg.ancestors {
		if a == "a" || comparedAttrs([]byte(a)) {
			return rg, false // open formatting elements
		}
	}
	end := sn.end // the end tag that closes the container, by count
	if end < 0 {
		return rg, false
	}
	for _, t := range tables {
		if t < at || t >= end {
			return rg, false
		}
	}
	for _, x := range metas {
		switch {
		case x[1] <= at:
			rg.metaBefore = append(rg.metaBefore, x)
		case x[0] >= end:
			rg.metaAfter = append(rg.metaAfter, x)
		}
	}
	for _, x := range titles {
		switch {
		case x[1] <= at:
			rg.titleBefore = append(rg.titleBefore, x)
		case x[0] >= end:
			rg.titleAfter = append(rg.titleAfter, x)
		}
	}
	rg.at, rg.end = at, end
	rg.lead = scan.lead
	return rg, true
}

// doc is the region of page under its ancestors (see regionDoc).
func (rg *pageRegion) doc(page []byte) []byte {
	return regionDoc(page[:rg.lead], rg.ancestors, page[rg.at:rg.end])
}

// regionDoc is the page to parse for a region: what comes before the
// first start tag of the page (the doctype, which sets the quirks mode),
// the start tags of the elements open around the region, the region, and
// the marker element.
func regionDoc(lead []byte, ancestors []string, region []byte) []byte {
	n := len(lead) + len(region) + 2*len(regionEnd) + 5
	for _, a := range ancestors {
		n += len(a) + 2
	}
	doc := make([]byte, 0, n)
	doc = append(doc, lead...)
	for _, a := range ancestors {
		doc = append(doc, '<')
		doc = append(doc, a...)
		doc = append(doc, '>')
	}
	doc = append(doc, region...)
	doc = append(doc, "<"+regionEnd+"></"+regionEnd+">"...)
	return doc
}

// container finds the region's container in the tree of rg.doc, nil
// unless the tree is the ancestors, each the only child of the one
// before, around the container and the marker after it, empty.
func (rg *pageRegion) container(root *html.Node) *html.Node {
	var top *html.Node
	for n := root.FirstChild; n != nil; n = n.NextSibling {
		switch n.Type {
		case html.ElementNode:
			if top != nil {
				return nil
			}
			top = n
		case html.DoctypeNode, html.CommentNode:
		default:
			return nil
		}
	}
	if top == nil || top.Data != "html" || len(rg.ancestors) < 2 {
		return nil
	}
	head, body := top.FirstChild, top.LastChild
	if head == nil || head.Data != "head" || head.FirstChild != nil || head.NextSibling != body || body.Data != "body" {
		return nil
	}
	n := body
	for _, a := range rg.ancestors[2:] {
		c := n.FirstChild
		if c == nil || c != n.LastChild || c.Type != html.ElementNode || c.Data != a || c.Namespace != "" {
			return nil
		}
		n = c
	}
	c := n.FirstChild
	if c == nil || c.Type != html.ElementNode || c.Data != rg.name || c.Namespace != "" {
		return nil
	}
	end := c.NextSibling
	if end == nil || end != n.LastChild || end.Type != html.ElementNode || end.Data != regionEnd || end.FirstChild != nil {
		return nil
	}
	return c
}

// matchSelectors records r's start tag, at start, in first for each
// selector of bodySelectors before the limit-th it matches that none
// matched before, as containers.see does for its element.
func matchSelectors(src []byte, r *tagReader, start int, first *[len(bodySelectors)]int, limit int) {
	for _, s := range tagSelectors {
		if s.at < limit && first[s.at] < 0 && string(r.name) == s.name {
			first[s.at] = start
		}
	}
	hasClass, hasID := false, false
	for _, a := range r.tag.attrs {
		k := src[a.start:a.keyEnd]
		switch {
		case !hasClass && asciiEqualFold(k, "class"):
			hasClass = true
			v := src[a.valStart:a.valEnd]
			// Every class of bodySelectors holds "content", "TRS_" or
			// "wzcon" (see containers.see); a reference could spell them.
			if !bytes.Contains(v, []byte("content")) && !bytes.Contains(v, []byte("TRS_")) && !bytes.Contains(v, []byte("wzcon")) && bytes.IndexByte(v, '&') < 0 {
				continue
			}
			class := attrValue(src, r, a, "class")
			for _, s := range classSelectors {
				if s.at < limit && first[s.at] < 0 && hasClassWord(class, s.name) {
					first[s.at] = start
				}
			}
		case !hasID && asciiEqualFold(k, "id"):
			hasID = true
			id := attrValue(src, r, a, "id")
			for _, s := range idSelectors {
				if s.at < limit && first[s.at] < 0 && id == s.name {
					first[s.at] = start
				}
			}
		}
	}
}

func asciiEqualFold(b []byte, lower string) bool {
	if len(b) != len(lower) {
		return false
	}
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// attrValue is the value of attribute a of r's tag, as the tokenizer
// gives it (the tokenizer itself reads the tag when the value holds a
// character reference, a carriage return or a NUL).
func attrValue(page []byte, r *tagReader, a tagAttr, key string) string {
	v := page[a.valStart:a.valEnd]
	if bytes.IndexByte(v, '&') < 0 && bytes.IndexByte(v, '\r') < 0 && bytes.IndexByte(v, 0) < 0 {
		return string(v)
	}
	return tokenAttr(page[r.start:r.end], key)
}

// tokenAttr is the value of attribute key of the tag src, as html.Parse
// would give it.
func tokenAttr(src []byte, key string) string {
	z := html.NewTokenizer(bytes.NewReader(src))
	z.Next()
	n := html.Node{Attr: z.Token().Attr}
	return attr(&n, key)
}

// addMeta reads a <meta> tag as readHTML reads the element.
func addMeta(d *document, tag []byte) {
	name, content := startTagAttr(tag, "name"), startTagAttr(tag, "content")
	if content = Clean(content); name != "" && content != "" {
		d.meta[name] = content
	}
}

// startTagAttr is the value of the first attribute key (lower case) of the
// start tag src, as the tokenizer gives it; "" if there is none.
func startTagAttr(src []byte, key string) string {
	var buf [8]tagAttr
	t, ok := scanTag(src, 1, buf[:0])
	if !ok {
		return tokenAttr(src, key)
	}
	for _, a := range t.attrs {
		if asciiEqualFold(src[a.start:a.keyEnd], key) {
			v := src[a.valStart:a.valEnd]
			if bytes.IndexByte(v, '&') < 0 && bytes.IndexByte(v, '\r') < 0 && bytes.IndexByte(v, 0) < 0 {
				return string(v)
			}
			return tokenAttr(src, key)
		}
	}
	return ""
}

// titleText is the text of a <title> element (its start tag and text), as
// readHTML reads it.
func titleText(src []byte) string {
	var buf [8]tagAttr
	t, ok := scanTag(src, 1, buf[:0])
	if !ok || bytes.IndexByte(src, 0) >= 0 {
		return parsedTitleText(src)
	}
	text := src[t.end:]
	n := html.Node{Type: html.ElementNode, DataAtom: atom.Title, Data: "title"}
	if len(text) > 0 {
		s := string(text)
		if strings.IndexByte(s, '\r') >= 0 {
			s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
		}
		if strings.IndexByte(s, '&') >= 0 {
			s = html.UnescapeString(s)
		}
		n.AppendChild(&html.Node{Type: html.TextNode, Data: s})
	}
	return cellText(&n)
}

// parsedTitleText is titleText through html.Parse.
func parsedTitleText(src []byte) string {
	root, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		return ""
	}
	var title *html.Node
	var find func(n *html.Node)
	find = func(n *html.Node) {
		for c := n.FirstChild; c != nil && title == nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.Data == "title" {
				title = c
				return
			}
			find(c)
		}
	}
	find(root)
	if title == nil {
		return ""
	}
	return cellText(title)
}

func blank(b []byte) bool {
	for _, c := range b {
		if !isSpaceByte(c) {
			return false
		}
	}
	return true
}

// treeModel follows the open elements of the tree builder through the
// tags of a plain page, and gives up (false) on anything it does not
// model: then the page is parsed whole.
type treeModel struct {
	stack []string
	body  bool // <body> was read
	form  bool // a <form> is open
}

func (m *treeModel) top() string {
	if len(m.stack) == 0 {
		return ""
	}
	return m.stack[len(m.stack)-1]
}

func (m *treeModel) pop() { m.stack = m.stack[:len(m.stack)-1] }

func (m *treeModel) has(name string) bool {
	for _, s := range m.stack {
		if s == name {
			return true
		}
	}
	return false
}

// closeP closes an open <p> before a block, false when elements are open
// inside it.
func (m *treeModel) closeP() bool {
	for i := len(m.stack) - 1; i >= 0; i-- {
		if m.stack[i] == "p" {
			if i != len(m.stack)-1 {
				return false
			}
			m.pop()
			return true
		}
	}
	return true
}

// start follows a start tag.
func (m *treeModel) start(name string) bool {
	if !m.body {
		switch {
		case name == "html" && len(m.stack) == 0:
			m.stack = append(m.stack, name)
		case len(m.stack) == 0:
			return false
		case name == "head" && len(m.stack) == 1:
			m.stack = append(m.stack, name)
		case name == "body":
			m.stack = append(m.stack[:1], name)
			m.body = true
		case name == "meta" || name == "link" || name == "base" || name == "basefont" || name == "bgsound":
		case name == "title" || name == "script" || name == "style" || name == "noscript" || name == "noframes":
			m.stack = append(m.stack, name)
		default:
			return false
		}
		return true
	}
	switch name {
	case "html", "body", "head", "frameset", "frame", "table", "caption", "colgroup", "col",
		"tbody", "thead", "tfoot", "tr", "td", "th", "select", "option", "optgroup", "template",
		"plaintext", "image", "isindex", "nobr", "applet", "marquee", "object",
		"math", "svg", "rb", "rp", "rt", "rtc", "menuitem":
		return false
	case "area", "br", "embed", "img", "keygen", "wbr", "input", "param", "source", "track",
		"meta", "link", "base", "basefont", "bgsound":
		return true
	case "hr":
		return m.closeP()
	case "li", "dd", "dt":
		for i := len(m.stack) - 1; i >= 0; i-- {
			s := m.stack[i]
			if s == name || (name != "li" && (s == "dd" || s == "dt")) {
				if i != len(m.stack)-1 {
					return false
				}
				m.pop()
				break
			}
			if special(s) && s != "address" && s != "div" && s != "p" {
				break
			}
		}
	case "h1", "h2", "h3", "h4", "h5", "h6":
		if !m.closeP() {
			return false
		}
		switch m.top() {
		case "h1", "h2", "h3", "h4", "h5", "h6":
			return false
		}
		m.stack = append(m.stack, name)
		return true
	case "form":
		if m.form {
			return false
		}
		m.form = true
	case "button":
		if m.has(name) {
			return false
		}
	case "a":
		if m.has("a") {
			return false
		}
	case "b", "big", "code", "em", "font", "i", "s", "small", "strike", "strong", "tt", "u":
		if m.has(name) {
			return false // the "Noah's Ark" clause may come into play
		}
	}
	if closesP(name) && !m.closeP() {
		return false
	}
	m.stack = append(m.stack, name)
	return true
}

// end follows an end tag.
func (m *treeModel) end(name string) bool {
	if !m.body {
		if m.top() == name && name != "html" {
			m.pop()
			return true
		}
		return false
	}
	switch name {
	case "html", "body", "br":
		return false
	}
	if blockEnd(name) {
		// generate implied end tags, then pop up to the element
		for {
			switch t := m.top(); t {
			case "p", "li", "dd", "dt":
				if t != name {
					m.pop()
					continue
				}
			}
			break
		}
	}
	if m.top() != name || len(m.stack) <= 2 {
		return false
	}
	m.pop()
	if name == "form" {
		m.form = false
	}
	return true
}

// blockEnd reports whether an end tag of name generates the implied end
// tags (of p and list items) before closing its element.
func blockEnd(name string) bool {
	switch name {
	case "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div",
		"dl", "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "listing", "main",
		"menu", "nav", "ol", "pre", "search", "section", "summary", "ul", "li", "dd", "dt", "form",
		"button":
		return true
	}
	return false
}

// closesP reports whether a start tag of name closes an open <p>.
func closesP(name string) bool {
	switch name {
	case "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div",
		"dl", "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav",
		"ol", "p", "search", "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
		"listing", "form", "li", "dd", "dt", "xmp", "hr", "table", "plaintext":
		return true
	}
	return false
}

// special reports whether name is in the tree builder's special category.
func special(name string) bool {
	switch name {
	case "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote",
		"body", "br", "button", "caption", "center", "col", "colgroup", "dd", "details", "dir", "div",
		"dl", "dt", "embed", "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset",
		"h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "iframe", "img",
		"input", "keygen", "li", "link", "listing", "main", "marquee", "menu", "meta", "nav", "noembed",
		"noframes", "noscript", "object", "ol", "p", "param", "plaintext", "pre", "script", "search",
		"section", "select", "source", "style", "summary", "table", "tbody", "td", "template",
		"textarea", "tfoot", "th", "thead", "title", "tr", "track", "ul", "wbr", "xmp":
		return true
	}
	return false
}
