package parser

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"nianbao"
)

// The renderer below turns an HTML page into the text forms extractors
// make of it. It reads the page with golang.org/x/net/html itself, not
// with the parser's readers, so that a reader's mistake cannot hide in
// the rendering.

// An htmlCell is one <td>/<th> as printed: its text on one line and its
// spans.
type htmlCell struct {
	text             string
	rowspan, colspan int
}

// A block is a paragraph of prose or a table, in page order.
type block struct {
	prose string
	rows  [][]htmlCell // nil for prose
}

// pageBlocks reads the report body of an HTML page (the TRS_Editor div
// when there is one) into paragraphs and tables.
func pageBlocks(t *testing.T, src []byte) []block {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	root := findNode(doc, func(n *html.Node) bool { return hasClass(n, "TRS_Editor") })
	if root == nil {
		root = findNode(doc, func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == "body" })
	}
	var out []block
	var para strings.Builder
	flush := func() {
		if s := oneLine(para.String()); s != "" {
			out = append(out, block{prose: s})
		}
		para.Reset()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			para.WriteString(n.Data)
			return
		case n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style"):
			return
		case n.Type == html.ElementNode && n.Data == "table":
			flush()
			out = append(out, block{rows: tableRows(n)})
			return
		}
		blockish := n.Type == html.ElementNode && strings.Contains(" p div br h1 h2 h3 h4 h5 h6 li ", " "+n.Data+" ")
		if blockish {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if blockish {
			flush()
		}
	}
	walk(root)
	flush()
	return out
}

func findNode(n *html.Node, ok func(*html.Node) bool) *html.Node {
	if ok(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findNode(c, ok); f != nil {
			return f
		}
	}
	return nil
}

func hasClass(n *html.Node, class string) bool {
	for _, a := range n.Attr {
		if a.Key == "class" && strings.Contains(" "+a.Val+" ", " "+class+" ") {
			return true
		}
	}
	return false
}

// oneLine collapses white space (and no-break spaces) to single spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

// tableRows returns the cells of each <tr> of a table (not of tables
// nested in it), with their text on one line.
func tableRows(tbl *html.Node) [][]htmlCell {
	var rows [][]htmlCell
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.Data {
			case "table":
				continue
			case "tr":
				var row []htmlCell
				for td := c.FirstChild; td != nil; td = td.NextSibling {
					if td.Type != html.ElementNode || td.Data != "td" && td.Data != "th" {
						continue
					}
					row = append(row, htmlCell{text: oneLine(nodeText(td)), rowspan: spanAttr(td, "rowspan"), colspan: spanAttr(td, "colspan")})
				}
				rows = append(rows, row)
			default:
				walk(c)
			}
		}
	}
	walk(tbl)
	return rows
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		if n.Type == html.ElementNode && (n.Data == "p" || n.Data == "br") {
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func spanAttr(n *html.Node, k string) int {
	for _, a := range n.Attr {
		if a.Key == k {
			if v, err := strconv.Atoi(strings.TrimSpace(a.Val)); err == nil && v > 0 && v < 100 {
				return v
			}
		}
	}
	return 1
}

// expand lays the cells out on the table's grid: a spanned position is
// empty, as Markdown converters leave it.
func expand(rows [][]htmlCell) [][]string {
	var grid [][]string
	taken := map[[2]int]bool{}
	width := 0
	for i, r := range rows {
		for len(grid) <= i {
			grid = append(grid, nil)
		}
		col := 0
		for _, c := range r {
			for taken[[2]int{i, col}] {
				col++
			}
			for di := 0; di < c.rowspan; di++ {
				for dj := 0; dj < c.colspan; dj++ {
					taken[[2]int{i + di, col + dj}] = true
					for len(grid) <= i+di {
						grid = append(grid, nil)
					}
					row := grid[i+di]
					for len(row) <= col+dj {
						row = append(row, "")
					}
					if di == 0 && dj == 0 {
						row[col+dj] = c.text
					}
					grid[i+di] = row
				}
			}
			col += c.colspan
			width = max(width, col)
		}
	}
	for i := range grid {
		for len(grid[i]) < width {
			grid[i] = append(grid[i], "")
		}
	}
	return grid
}

// renderForms renders the page's blocks, after its title, in the text
// forms extractors produce:
//   - rows: a table row a line, cells joined by " | ", no pipe at either end;
//   - blanklines: a cell a line, a blank cell an empty line;
//   - markdown: "| a | b |" rows on the expanded grid, a |---| rule after
//     the first row, blank lines around each table;
//   - tabs: a table row a line, cells separated by a tab, a blank cell
//     between two tabs (a table copied out of Word or Excel).
func renderForms(title string, blocks []block) map[string]string {
	var rows, lines, md, tabs strings.Builder
	for _, b := range []*strings.Builder{&rows, &lines, &md, &tabs} {
		b.WriteString(title + "\n")
	}
	for _, bl := range blocks {
		if bl.rows == nil {
			for _, b := range []*strings.Builder{&rows, &lines, &md, &tabs} {
				b.WriteString(bl.prose + "\n")
			}
			continue
		}
		for _, r := range bl.rows {
			var texts []string
			for _, c := range r {
				texts = append(texts, c.text)
				lines.WriteString(c.text + "\n")
			}
			rows.WriteString(strings.Join(texts, " | ") + "\n")
			tabs.WriteString(strings.Join(texts, "\t") + "\n")
		}
		md.WriteString("\n")
		for i, r := range expand(bl.rows) {
			md.WriteString("| " + strings.Join(r, " | ") + " |\n")
			if i == 0 {
				md.WriteString(strings.Repeat("|---", len(r)) + "|\n")
			}
		}
		md.WriteString("\n")
		// prose between tables, as renderings keep it
		rows.WriteString("表格完\n")
		lines.WriteString("表格完\n")
		tabs.WriteString("表格完\n")
	}
	return map[string]string{"rows": rows.String(), "blanklines": lines.String(), "markdown": md.String(), "tabs": tabs.String()}
}

// statKeyOf names a record for comparing two readings of one table.
func statKeyOf(s nianbao.Stat) string {
	return s.Table + "|" + s.Code + "|" + s.Dim + "|" + s.Row + "|" + s.Column
}

// valuesRight counts the records of want that got holds with the same
// value (or the same absence of one).
func valuesRight(got, want []nianbao.Stat) int {
	byKey := map[string][]nianbao.Stat{}
	for _, s := range got {
		byKey[statKeyOf(s)] = append(byKey[statKeyOf(s)], s)
	}
	n := 0
	for _, w := range want {
		k := statKeyOf(w)
		if len(byKey[k]) == 0 {
			continue
		}
		g := byKey[k][0]
		byKey[k] = byKey[k][1:]
		if (g.Value == nil) == (w.Value == nil) && (g.Value == nil || *g.Value == *w.Value) {
			n++
		}
	}
	return n
}

// textFormPages are the HTML pages re-rendered; the seed's table comes as
// the HTML page TestSeedRenderings builds from it.
// "blank zeros" pages are the same page with every 0 cell emptied, as
// some agencies leave their zeros blank.
var textFormPages = []string{"html/pingtan_2015.html", "html/pingtan_2019.html", "html/pingtan_2023.html", "html/pingtan_2024.html", "seed",
	"html/pingtan_2019.html blank zeros", "html/pingtan_2024.html blank zeros"}

// TestTextFormsRerendered renders every visible HTML table into rows
// without edge pipes, one cell a line with blank cells as empty lines,
// and Markdown, and checks each form gives the records the HTML gives.
func TestTextFormsRerendered(t *testing.T) {
	for _, name := range textFormPages {
		var src []byte
		if name == "seed" {
			prose, header, rows := seedParts(t)
			src = []byte(seedHTML(prose, header, rows, "utf-8"))
		} else {
			file, variant, _ := strings.Cut(name, " ")
			var err error
			if src, err = os.ReadFile(filepath.Join("..", "fixtures", file)); err != nil {
				t.Fatal(err)
			}
			if variant == "blank zeros" {
				src = blankZeros(t, src)
			}
		}
		want, err := Parse(src, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for form, text := range renderForms(want.Title, pageBlocks(t, src)) {
			t.Run(strings.ReplaceAll(filepath.Base(name), " ", "_")+"/"+form, func(t *testing.T) {
				got, err := Parse([]byte(text), Options{})
				if err != nil {
					t.Fatal(err)
				}
				want := want
				if name == "seed" && (form == "rows" || form == "tabs") {
					// The seed stops at a row of one cell, (三)接受培训人员数:
					// with no pipe (or tab) on its line and nothing after
					// it, it is prose in these forms, not a row of the table.
					w := *want
					w.Stats = w.Stats[:len(w.Stats)-1]
					want = &w
				}
				t.Logf("%s %s: %d of %d values right", name, form, valuesRight(got.Stats, want.Stats), len(want.Stats))
				if got.Template != want.Template {
					t.Fatalf("template %q, want %q", got.Template, want.Template)
				}
				if got.Agency != want.Agency || got.Year != want.Year {
					t.Errorf("agency %q year %d, want %q %d", got.Agency, got.Year, want.Agency, want.Year)
				}
				if n := valuesRight(got.Stats, want.Stats); n != len(want.Stats) || len(got.Stats) != len(want.Stats) {
					t.Errorf("%d of %d values right, %d records", n, len(want.Stats), len(got.Stats))
					diffStats(t, got.Stats, want.Stats)
				}
			})
		}
	}
}

// blankZeros empties every table cell of the page that holds 0, except
// in table 四 (the last table): its row of 15 values printed all blank
// gives no record in HTML (a row with no cell to start from) and 15
// blank records in the cell forms, which is not what this variant tests.
func blankZeros(t *testing.T, src []byte) []byte {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	var tables []*html.Node
	var find func(n *html.Node)
	find = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "table" {
			tables = append(tables, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if len(tables) > 0 && n == tables[len(tables)-1] {
			return
		}
		if n.Type == html.ElementNode && n.Data == "td" && oneLine(nodeText(n)) == "0" {
			for n.FirstChild != nil {
				n.RemoveChild(n.FirstChild)
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	var b bytes.Buffer
	if err := html.Render(&b, doc); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// diffStats logs the first records on which two readings differ.
func diffStats(t *testing.T, got, want []nianbao.Stat) {
	t.Helper()
	shown := 0
	for i := 0; i < max(len(got), len(want)) && shown < 8; i++ {
		var g, w string
		if i < len(got) {
			g = fmt.Sprintf("%s %s=%s", statKeyOf(got[i]), valueText(got[i].Value), got[i].Raw)
		}
		if i < len(want) {
			w = fmt.Sprintf("%s %s=%s", statKeyOf(want[i]), valueText(want[i].Value), want[i].Raw)
		}
		if g != w {
			t.Logf("record %d:\n got  %s\n want %s", i, g, w)
			shown++
		}
	}
}

func valueText(v *float64) string {
	if v == nil {
		return "null"
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// TestRendererMatchesFixtureGrid checks the renderer against a page it
// must render: a spanned cell printed once in rows, empty on the grid.
func TestRendererMatchesFixtureGrid(t *testing.T) {
	src := []byte(`<html><body><table><tr><td rowspan="2">甲</td><td>1</td></tr><tr><td></td></tr></table></body></html>`)
	f := renderForms("标题", pageBlocks(t, src))
	if want := "标题\n甲 | 1\n | \n"; !strings.HasPrefix(f["rows"], "标题\n甲 | 1\n") {
		t.Errorf("rows %q, want %q", f["rows"], want)
	}
	if want := "标题\n甲\n1\n\n表格完\n"; f["blanklines"] != want {
		t.Errorf("blanklines %q, want %q", f["blanklines"], want)
	}
	if want := "标题\n\n| 甲 | 1 |\n|---|---|\n|  |  |\n\n"; f["markdown"] != want {
		t.Errorf("markdown %q, want %q", f["markdown"], want)
	}
	if !reflect.DeepEqual(expand([][]htmlCell{{{"a", 1, 2}}, {{"b", 1, 1}, {"c", 1, 1}}}), [][]string{{"a", ""}, {"b", "c"}}) {
		t.Error("colspan not expanded")
	}
}
