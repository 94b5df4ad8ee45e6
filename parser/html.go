package parser

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// bodySelectors are the article containers of the CMSes portals run on
// (TRS, Hanweb, UCAP and hand-made sites), most specific first.
var bodySelectors = []string{
	".TRS_Editor", "#zoom", ".article_content", ".article-content", "#UCAP-CONTENT",
	".TRS_UEDITOR", ".wzcon", "#content", ".content", "article", "body",
}

// matchesSimple matches n against a selector of the forms .class, #id and
// tag, which is all bodySelectors use.
func matchesSimple(n *html.Node, sel string) bool {
	switch sel[0] {
	case '.':
		// FieldsSeq, not Fields: asked of every element of the page, a
		// slice per class attribute was a tenth of the parse.
		for c := range strings.FieldsSeq(attr(n, "class")) {
			if c == sel[1:] {
				return true
			}
		}
		return false
	case '#':
		return attr(n, "id") == sel[1:]
	}
	return n.Data == sel
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
// container, not from the page chrome around it.
func readHTML(src []byte) (*document, error) {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("parse html: %w", err)
	}
	d := &document{meta: map[string]string{}}
	// One walk over the page collects what the rest needs: <meta name>,
	// <title>, the tables, and the article containers by class or id.
	// (Several goquery Finds would walk the 100–350 kB of chrome each time.)
	containers := map[string]*html.Node{}
	budget, tableNo := newCellBudget(len(src)), 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Meta:
				if name, content := attr(n, "name"), Clean(attr(n, "content")); name != "" && content != "" {
					d.meta[name] = content
				}
			case atom.Title:
				if d.title == "" {
					d.title = cellText(n)
				}
			case atom.Table:
				tableNo++
				if g := tableGrid(goquery.NewDocumentFromNode(n).Selection, tableNo, budget); len(g.Rows) > 0 {
					d.tables = append(d.tables, g)
				}
			case atom.Script, atom.Style:
				return
			}
			for _, sel := range bodySelectors {
				if containers[sel] == nil && matchesSimple(n, sel) {
					containers[sel] = n
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range doc.Nodes {
		walk(n)
	}
	if f := budget.finding(); f != nil {
		d.findings = append(d.findings, *f)
	}

	var body *html.Node
	for _, sel := range bodySelectors {
		if n := containers[sel]; n != nil && textLonger(n, 200) {
			body = n
			break
		}
	}
	if body == nil && len(doc.Nodes) > 0 {
		body = doc.Nodes[0]
	}
	if body != nil {
		var b strings.Builder
		writeText(&b, body)
		var lines []string
		for _, l := range strings.Split(b.String(), "\n") {
			if l = Clean(l); l != "" {
				lines = append(lines, l)
			}
		}
		d.text = strings.Join(lines, "\n") + "\n"
	}
	return d, nil
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
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Table, atom.Select, atom.Head:
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
	var b strings.Builder
	writeText(&b, n)
	return Clean(b.String())
}

// tableGrid reads the rows of one table (not of the tables nested in it)
// and expands rowspan and colspan, while the page's budget of cells lasts:
// when it runs out, the row being expanded and the rows after it are
// dropped, and the budget records it (the table's number is no).
func tableGrid(t *goquery.Selection, no int, budget *cellBudget) *Grid {
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
	collect(t.Nodes[0])

	type pending struct {
		cell Cell
		left int // rows still to fill below
	}
	carry := map[int]pending{} // column → cell spanning down into later rows
	for i, tr := range trs {
		var row []Cell
		col := 0
		full := false
		add := func(c Cell) {
			if full = full || !budget.take(); !full {
				row = append(row, c)
			}
		}
		fill := func() {
			for {
				p, ok := carry[col]
				if !ok {
					return
				}
				c := p.cell
				c.Spanned, c.RowSpanned = true, true
				add(c)
				if p.left--; p.left == 0 {
					delete(carry, col)
				} else {
					carry[col] = p
				}
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
					down := c
					carry[col] = pending{cell: down, left: rs - 1}
				}
				col++
			}
		}
		fill()
		// cells carried past the end of this row
		for !full {
			if _, ok := carry[col]; !ok {
				break
			}
			fill()
		}
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
