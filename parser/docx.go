package parser

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// Word (Office Open XML) namespaces: transitional, as Word and LibreOffice
// write it, and strict.
const (
	nsWord       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWordStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsMarkup     = "http://schemas.openxmlformats.org/markup-compatibility/2006"
	nsDC         = "http://purl.org/dc/elements/1.1/"
)

// maxXMLDepth bounds the nesting of elements in a Word part. Report
// documents nest 10–30 deep (a table in a table adds four levels).
const maxXMLDepth = 256

// readDOCX reads a Word document into prose and tables, as readHTML reads
// a page: body paragraphs are the text, one a line; every table, nested
// ones too, is a grid with gridSpan and vMerge expanded the way rowspan
// and colspan are; the title is the first paragraphs', or else the core
// properties' dc:title. Errors name the part they come from
// (word/document.xml: …).
func readDOCX(z *zip.Reader) (*document, error) {
	name, err := mainPart(z)
	if err != nil {
		return nil, err
	}
	f := zipEntry(z, name)
	if f == nil {
		return nil, fmt.Errorf("%s: missing from the package", name)
	}
	rc, err := openPart(f, maxPartSize)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	d := &document{meta: map[string]string{}}
	w := &docxWalker{d: d, budget: newCellBudget(int(f.UncompressedSize64))}
	if err := w.walk(rc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if f := w.budget.finding(); f != nil {
		d.findings = append(d.findings, *f)
	}
	d.text = strings.Join(w.lines, "\n") + "\n"
	// The title printed at the top of the body comes first: dc:title is
	// often last year's, left in a file copied to write this one. A
	// broken core.xml does not stop the reading.
	if cf := zipEntry(z, "docProps/core.xml"); cf != nil && findTitle(&document{text: d.text}) == "" {
		if t, err := coreTitle(cf); err == nil {
			d.title = t
		}
	}
	return d, nil
}

// mainPart finds the main document part through the package's
// relationships (_rels/.rels); word/document.xml when they do not say.
func mainPart(z *zip.Reader) (string, error) {
	f := zipEntry(z, "_rels/.rels")
	if f == nil {
		return "word/document.xml", nil
	}
	b, err := readPart(f, 1<<20)
	if err != nil {
		return "", fmt.Errorf("_rels/.rels: %w", err)
	}
	var rels struct {
		Rel []struct {
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(b, &rels); err != nil {
		return "", fmt.Errorf("_rels/.rels: %w", err)
	}
	for _, r := range rels.Rel {
		if strings.HasSuffix(r.Type, "/officeDocument") && r.Target != "" {
			return strings.TrimPrefix(path.Clean("/"+r.Target), "/"), nil
		}
	}
	return "word/document.xml", nil
}

// coreTitle reads dc:title from docProps/core.xml.
func coreTitle(f *zip.File) (string, error) {
	b, err := readPart(f, 1<<20)
	if err != nil {
		return "", err
	}
	dec := xml.NewDecoder(strings.NewReader(string(b)))
	for depth := 0; ; {
		tok, err := dec.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > maxXMLDepth {
				return "", errors.New("elements nested too deep")
			}
			if t.Name.Space == nsDC && t.Name.Local == "title" {
				var s string
				if err := dec.DecodeElement(&s, &t); err != nil {
					return "", err
				}
				return Clean(s), nil
			}
		case xml.EndElement:
			depth--
		}
	}
}

// docxWalker builds a document from the tokens of word/document.xml.
type docxWalker struct {
	d      *document
	budget *cellBudget
	lines  []string
	paras  []*docxPara  // paragraphs open, innermost last (text boxes nest them)
	tables []*docxTable // tables open, innermost last
	tabNo  int
	grids  []*Grid // every table in the order it starts
	inText bool    // inside w:t
}

// A docxPara is an open paragraph, the cell it belongs to (nil: the body)
// and the number of tables open when it started.
type docxPara struct {
	b      strings.Builder
	cell   *docxCell
	tables int
}

// A docxCell is an open table cell (w:tc).
type docxCell struct {
	text   []string // its paragraphs
	span   int      // w:gridSpan
	vMerge string   // "", "restart" or "continue"
	hMerge string   // legacy horizontal merge: "", "restart" or "continue"
}

// A docxTable is an open table (w:tbl).
type docxTable struct {
	g     *Grid
	no    int
	row   []Cell
	col   int          // grid column of the next cell of the row
	above map[int]Cell // grid column → the vMerge restart cell a continuation copies
	last  *Cell        // the row's last cell, for hMerge
	cell  *docxCell
	rows  int // rows seen
	full  bool
}

func isWord(n xml.Name) bool { return n.Space == nsWord || n.Space == nsWordStrict }

// walk reads the part's tokens. Deleted text (w:del, w:moveFrom) and the
// fallback of alternate content are skipped; inserted text (w:ins),
// content controls (w:sdt), hyperlinks and fields are read through.
func (w *docxWalker) walk(r io.Reader) error {
	dec := xml.NewDecoder(r)
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > maxXMLDepth {
				return fmt.Errorf("line %d: elements nested more than %d deep", line(dec), maxXMLDepth)
			}
			if t.Name.Space == nsMarkup && t.Name.Local == "Fallback" {
				if err := skip(dec, depth); err != nil {
					return err
				}
				depth--
				continue
			}
			if !isWord(t.Name) {
				continue
			}
			skipIt, err := w.start(t)
			if err != nil {
				return fmt.Errorf("line %d: %w", line(dec), err)
			}
			if skipIt {
				if err := skip(dec, depth); err != nil {
					return err
				}
				depth--
			}
		case xml.EndElement:
			depth--
			if isWord(t.Name) {
				w.end(t.Name.Local)
			}
		case xml.CharData:
			if w.inText && len(w.paras) > 0 {
				w.paras[len(w.paras)-1].b.Write(t)
			}
		}
	}
	// Tables and paragraphs left open by a truncated part are closed.
	for len(w.paras) > 0 {
		w.end("p")
	}
	for len(w.tables) > 0 {
		w.end("tbl")
	}
	for _, g := range w.grids {
		if len(g.Rows) > 0 {
			w.d.tables = append(w.d.tables, g)
		}
	}
	return nil
}

// skip reads past the end of the element just started at depth, refusing
// elements nested deeper than maxXMLDepth as walk does (xml.Decoder.Skip
// would follow them as deep as they go).
func skip(dec *xml.Decoder, depth int) error {
	for d := depth; d >= depth; {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			if d++; d > maxXMLDepth {
				return fmt.Errorf("line %d: elements nested more than %d deep", line(dec), maxXMLDepth)
			}
		case xml.EndElement:
			d--
		}
	}
	return nil
}

func line(dec *xml.Decoder) int {
	l, _ := dec.InputPos()
	return l
}

// start handles a w: element; skip says to leave out its content.
func (w *docxWalker) start(t xml.StartElement) (skip bool, err error) {
	switch t.Name.Local {
	case "del", "moveFrom", "delText", "instrText", "footnoteReference", "endnoteReference", "commentReference":
		return true, nil
	case "p":
		// A paragraph belongs to the cell of the innermost table, unless
		// it is in a text box of a paragraph opened inside that table.
		p := &docxPara{tables: len(w.tables)}
		if n := len(w.paras); n > 0 && w.paras[n-1].tables == len(w.tables) {
			p.cell = w.paras[n-1].cell
		} else if tb := w.table(); tb != nil {
			p.cell = tb.cell
		}
		w.paras = append(w.paras, p)
	case "t":
		w.inText = true
	case "tab", "ptab":
		w.write("\t")
	case "br", "cr":
		w.write("\n")
	case "noBreakHyphen":
		w.write("-")
	case "tbl":
		w.tabNo++
		tb := &docxTable{g: &Grid{Form: "docx"}, no: w.tabNo, above: map[int]Cell{}}
		w.tables = append(w.tables, tb)
		w.grids = append(w.grids, tb.g)
	case "tr":
		if tb := w.table(); tb != nil {
			tb.row, tb.col, tb.last = nil, 0, nil
			tb.rows++
		}
	case "gridBefore":
		if tb := w.table(); tb != nil && tb.cell == nil {
			tb.col += min(max(atoi(val(t)), 0), maxSpan)
		}
	case "tc":
		if tb := w.table(); tb != nil {
			tb.cell = &docxCell{span: 1}
		}
	case "gridSpan":
		if c := w.cell(); c != nil {
			c.span = spanVal(t)
		}
	case "vMerge", "hMerge":
		if c := w.cell(); c != nil {
			v := "continue"
			if val(t) == "restart" {
				v = "restart"
			}
			if t.Name.Local == "vMerge" {
				c.vMerge = v
			} else {
				c.hMerge = v
			}
		}
	}
	return false, nil
}

// end handles the end of a w: element.
func (w *docxWalker) end(local string) {
	switch local {
	case "t":
		w.inText = false
	case "p":
		n := len(w.paras)
		if n == 0 {
			return
		}
		p := w.paras[n-1]
		w.paras = w.paras[:n-1]
		if p.cell != nil {
			p.cell.text = append(p.cell.text, p.b.String())
			return
		}
		for _, l := range strings.Split(p.b.String(), "\n") {
			if l = Clean(l); l != "" {
				w.lines = append(w.lines, l)
			}
		}
	case "tc":
		if tb := w.table(); tb != nil && tb.cell != nil {
			w.placeCell(tb)
			tb.cell = nil
		}
	case "tr":
		if tb := w.table(); tb != nil {
			if tb.cell != nil {
				w.placeCell(tb)
				tb.cell = nil
			}
			if !tb.full {
				tb.g.Rows = append(tb.g.Rows, tb.row)
			}
			tb.row = nil
		}
	case "tbl":
		n := len(w.tables)
		if n == 0 {
			return
		}
		tb := w.tables[n-1]
		w.tables = w.tables[:n-1]
		if tb.full {
			w.budget.stop(tb.no, len(tb.g.Rows), tb.rows)
		}
	}
}

// placeCell adds the closed cell to its row: gridSpan copies marked
// Spanned, a vMerge continuation as copies of the cell it continues
// (Spanned and RowSpanned), as rowspan and colspan are expanded in HTML.
func (w *docxWalker) placeCell(tb *docxTable) {
	c := tb.cell
	add := func(cell Cell) {
		if tb.full = tb.full || !w.budget.take(); !tb.full {
			tb.row = append(tb.row, cell)
		}
	}
	if c.hMerge == "continue" && tb.last != nil {
		cp := *tb.last
		cp.Spanned = true
		add(cp)
		tb.col++
		return
	}
	if c.vMerge == "continue" {
		if up, ok := tb.above[tb.col]; ok {
			for k := 0; k < c.span && !tb.full; k++ {
				cp := up
				cp.Spanned, cp.RowSpanned = true, true
				add(cp)
				tb.col++
			}
			return
		}
	}
	cell := Cell{Text: Clean(strings.Join(c.text, "\n"))}
	for k := 0; k < c.span && !tb.full; k++ {
		cc := cell
		if k > 0 {
			cc.Spanned = true
		}
		add(cc)
		if c.vMerge == "restart" {
			tb.above[tb.col] = cell
		} else {
			delete(tb.above, tb.col) // a cell in no vertical merge
		}
		tb.col++
	}
	tb.last = &cell
}

// write adds text to the innermost open paragraph.
func (w *docxWalker) write(s string) {
	if n := len(w.paras); n > 0 {
		w.paras[n-1].b.WriteString(s)
	}
}

func (w *docxWalker) table() *docxTable {
	if n := len(w.tables); n > 0 {
		return w.tables[n-1]
	}
	return nil
}

func (w *docxWalker) cell() *docxCell {
	if tb := w.table(); tb != nil {
		return tb.cell
	}
	return nil
}

// val is the w:val attribute of an element.
func val(t xml.StartElement) string {
	for _, a := range t.Attr {
		if a.Name.Local == "val" {
			return a.Value
		}
	}
	return ""
}

// spanVal reads a w:val count (gridSpan, gridBefore): at least 1, at most
// maxSpan, as span does for colspan.
func spanVal(t xml.StartElement) int {
	return min(max(atoi(val(t)), 1), maxSpan)
}

// atoi reads a count; 0 when it is not one.
func atoi(s string) int {
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0
	}
	return v
}
