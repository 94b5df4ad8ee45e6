package parser

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"nianbao"
)

// A document is what the readers make of the bytes: the prose of the
// report, its tables as grids, and what the page said about itself.
type document struct {
	title  string            // from <title>, ArticleTitle or an archive header
	meta   map[string]string // <meta name=…> of an HTML page, or an archive header
	text   string            // the prose, one paragraph a line, cleaned
	tables []*Grid
	// findings are raised while reading the document (a table cut short).
	findings []nianbao.Finding
	// listing is set when the text names the reports of several years,
	// as a column's listing page does (see listingTitles).
	listing bool
	// clean is set when text is lines of Clean's output joined by line
	// breaks (readText): valid UTF-8 whose only white space is the
	// space and the line break (see compactCleanPrefix).
	clean bool
}

// headerRe finds the first header cell of a pre-2019 statistics table,
// allowing the spaces renderers put between characters (统 计 指 标);
// readText looks for it with indexHeaderWords.
var headerRe = mustStartRe("统指", `统\s*计\s*指\s*标|指\s*标\s*名\s*称`)

// modernStartRe finds the first line of the 2019/2021 tables in a rendering
// without separators: the 第二十条 caption or the header of table 三.
var modernStartRe = regexp.MustCompile(`^\s*(第二十条第[(（]?[一二三四五六七八九十]+[)）]?项|[(（]本列数据的勾稽关系)`)

// mayStartModern reports whether line starts, after the white space \s
// stands for, as every match of modernStartRe does: with 第二十条第 or a
// bracket and 本列数据. The pattern is anchored; a line that does not is
// not run through it.
func mayStartModern(line string) bool {
	for len(line) > 0 && (line[0] == ' ' || line[0] == '\t' || line[0] == '\n' || line[0] == '\f' || line[0] == '\r') {
		line = line[1:]
	}
	return strings.HasPrefix(line, "第二十条第") || strings.HasPrefix(line, "(本列数据") || strings.HasPrefix(line, "（本列数据")
}

// readText splits a text rendering into prose and tables. Lines holding a
// "|" are table text: pipe form when most of them hold at most one cell
// (rows are then unmarked), rows form otherwise. Without any "|", a table
// header line (统计指标, 指标名称) starts a table in cells form (one cell a
// line) or space form (cells separated by spaces) that runs to the end.
func readText(s string) *document {
	if strings.IndexByte(s, '\r') >= 0 {
		// (each ReplaceAll counts its needle over the whole text first:
		// most texts have no carriage return, and are searched once)
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	lines := strings.Split(s, "\n")
	if strings.IndexByte(s, '\t') >= 0 {
		tabCells(lines) // a table copied with its cells between tabs
	}
	d := &document{meta: map[string]string{}}
	offset := 0
	if n := readArchiveHeader(lines, d); n > 0 {
		lines = lines[n:] // the archive's header is not part of the report
		offset = n
	}

	lastContent := lastContentLine(lines) // a table ending here ends the text
	// which lines hold a "|", found once (the loops below ask of each
	// line three or four times)
	pipe := make([]bool, len(lines))
	pipes, runs := 0, 0 // lines with a "|", and runs of them
	for k, l := range lines {
		pipe[k] = strings.IndexByte(l, '|') >= 0
		if pipe[k] {
			pipes++
			if k == 0 || !pipe[k-1] {
				runs++
			}
		}
	}
	// the prose: a line each but the table's lines, an empty line a
	// table (a block is one run of pipe lines or more)
	prose := make([]string, 0, len(lines)-pipes+runs)
	var blockBuf []string
	var spanBuf []int
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if isFooter(line) {
			continue // a page footer of a converted PDF, wherever it falls
		}
		if !pipe[i] {
			prose = append(prose, line)
			continue
		}
		// A block of pipe lines; in rows that end with "|", a line that
		// does not continues on the next line (a header cell broken over
		// lines). Rows with pipes only between cells are a line each.
		start := i
		if blockBuf == nil {
			blockBuf = make([]string, 0, pipes) // most blocks are pipe lines alone (append makes room for others)
		}
		block := blockBuf[:0] // one buffer for every block (the grids keep no slice of it)
		end := len(lines)     // where the pipe lines stop
		for j := i; j < len(lines); j++ {
			if pipe[j] {
				block = append(block, lines[j])
				continue
			}
			n := pageBreakGap(lines, pipe, j)
			if n == 0 {
				end = j
				break
			}
			j += n - 1
		}
		style := rowsStyle(block)
		edge := style.style == "edge"
		block = block[:0]
		for i < len(lines) {
			l := lines[i]
			// (a page break starts with a line without a "|")
			if n := 0; !pipe[i] {
				if n = pageBreakGap(lines, pipe, i); n > 0 {
					i += n // the table goes on after the page break
					continue
				}
			}
			cont := edge && len(block) > 0 && !strings.HasSuffix(trimSpace(block[len(block)-1]), "|")
			if !pipe[i] && !cont && !(!edge && oneCellRow(lines, pipe, i)) {
				break
			}
			block = append(block, l)
			i++
		}
		if i != end {
			// lines without a pipe joined the block: its style again
			// (when it ends where the pipe lines do, it is the same
			// lines: those without a pipe are the page breaks, left out)
			style = blockStyle{}
		}
		i--
		blockBuf = block
		g, spans := pipeGrid(block, offset+start+1, style, spanBuf)
		if !linesHold(block, "指") {
			// no cell holds 指, whatever the steps below make of them
			// (they cut, join and empty cells: no character is made):
			// hasHeaderTable and findHeader ask it of every grid
			g.runeAsked, g.runeHeld = '指', false
		}
		if spans != nil {
			spanBuf = spans[:0] // for the next block's (a block's spans are read by the steps below only)
		}
		splitGluedWords(g, spans)
		joinWrappedLabels(g, spans)
		markGlued(g)
		if atEnd := i >= lastContent; g.Form != "pipe" {
			d.findings = append(d.findings, unplaceShortRows(g, atEnd, spans)...)
		} else {
			d.findings = append(d.findings, unplaceShortRuns(g, atEnd)...)
		}
		d.tables = append(d.tables, g)
		prose = append(prose, "") // keep a paragraph break where the table was
	}

	// Glued form of the 2019/2021 tables: cells run together on a line.
	// (Pipe tables of the page's chrome, 使用帮助 | 联系我们, do not count.)
	modern := anyModernTable(d.tables)
	var glued gluedLine // the line the glued table starts in, cleaned once
	var noHeader *Grid  // the glued grid, when its text holds no header words
	// d.text, the prose cleaned, a line each: the lines up to the glued
	// table's are written when it is found (its cleaned text is then a
	// piece of d.text, not a copy), prose[:written] being in b
	var b strings.Builder
	written := 0
	if !modern {
		for i, line := range prose {
			if at := indexGluedStart(line); at >= 0 {
				b.Grow(proseLen(prose))
				writeProse(&b, prose[:i], gluedLine{})
				glued = cleanGluedLineTo(&b, line, at)
				b.WriteByte('\n')
				written = i + 1
				text := glued.rest(prose[i+1:])
				// the table's line alone is cleaned already
				g := gluedGrid(text, offset+lineOf(lines, line), text == glued.table)
				d.tables = append(d.tables, g)
				modern = hasModernTable(g)
				if !holdsHeaderWords(text) {
					noHeader = g // its cells are pieces of text (TestGluedCellsInText)
				}
				break
			}
		}
	}
	// Cells form of the 2019/2021 tables: from the first caption or
	// header line to the end; the prose stays whole for the sections.
	if !modern {
		for i, line := range prose {
			if mayStartModern(line) && modernStartRe.MatchString(line) {
				if looksLayout(prose[i:]) {
					g, fs := layoutGrid(prose[i:], offset+lineOf(lines, line))
					d.tables = append(d.tables, g)
					d.findings = append(d.findings, fs...)
					break
				}
				g := cellsGrid(prose[i:], offset+lineOf(lines, line))
				splitGluedWords(g, nil)
				markGlued(g)
				d.findings = append(d.findings, unplaceShortRuns(g, true)...)
				d.tables = append(d.tables, g)
				break
			}
		}
	}
	// Cells or space form: no pipes around the statistics table.
	// (a line that holds the header holds it in the text: a text
	// without one, most, is not searched line by line)
	if !hasHeaderTable(d.tables, noHeader) && holdsHeaderWordsAtZhi(s) {
		for i, line := range prose {
			start, end := indexHeaderWords(line)
			if start < 0 {
				continue
			}
			loc := []int{start, end}
			before, rest := line[:loc[0]], line[loc[0]:]
			tail := append([]string{rest}, prose[i+1:]...)
			var g *Grid
			if strings.TrimSpace(line[loc[1]:]) != "" {
				// More cells follow the header on its line: space form.
				g = spaceGrid(tail, offset+lineOf(lines, line))
			} else {
				g = cellsGrid(tail, offset+lineOf(lines, line))
			}
			markGlued(g)
			d.tables = append(d.tables, g)
			prose = append(prose[:i:i], before)
			if i < written {
				b, written = strings.Builder{}, 0 // a line written is cut: the text again
			}
			break
		}
	}
	if written == 0 {
		b.Grow(proseLen(prose))
	}
	writeProse(&b, prose[written:], glued)
	d.text = b.String()
	d.clean = true
	return d
}

// linesHold reports whether one of lines holds w.
func linesHold(lines []string, w string) bool {
	for _, l := range lines {
		if indexText(l, w) >= 0 {
			return true
		}
	}
	return false
}

// proseLen is the length of prose's lines, a line break after each: no
// less than the text writeProse makes of them (Clean makes no text
// longer, TestCleanNoLonger).
func proseLen(prose []string) int {
	n := 0
	for _, p := range prose {
		n += len(p) + 1
	}
	return n
}

// writeProse writes Clean of each of prose's lines to b, those not empty
// followed by a line break; the glued line (if glued.table is set) is
// written from its cleaned parts.
func writeProse(b *strings.Builder, prose []string, glued gluedLine) {
	for _, p := range prose {
		if glued.table != "" && p == glued.line {
			glued.writeTo(b)
			b.WriteByte('\n')
			continue
		}
		if cleanTo(b, p) {
			b.WriteByte('\n')
		}
	}
}

// A gluedLine is the line of a glued rendering its table starts in
// (most often the whole report on one line), cleaned once for the prose
// and the glued grid: Clean of the line is Clean of the text before the
// table, a space if white space ends that text, and Clean of the table,
// which starts with a character Clean keeps as it is (第, see
// cleanSpaced).
type gluedLine struct {
	line   string // the line as read
	before string // Clean of the text before the table
	spaced bool   // white space ends the text before the table
	table  string // Clean of the line from the table's start
}

// cleanGluedLineTo writes Clean of line, whose glued table starts at
// start, to b (as writeTo does), and returns the line's cleaned parts:
// pieces of b's text, which later writes leave as they are.
func cleanGluedLineTo(b *strings.Builder, line string, start int) gluedLine {
	from := b.Len()
	wrote, spaced := cleanSpacedTo(b, line[:start])
	end := b.Len()
	if spaced && wrote {
		b.WriteByte(' ')
	}
	at := b.Len()
	cleanTo(b, line[start:])
	text := b.String()
	return gluedLine{line: line, before: text[from:end], spaced: spaced, table: text[at:]}
}

// writeTo writes Clean of the line to b.
func (g gluedLine) writeTo(b *strings.Builder) {
	b.WriteString(g.before)
	if g.spaced && g.before != "" {
		b.WriteByte(' ')
	}
	b.WriteString(g.table)
}

// rest returns Clean of the table's part of the line and the lines
// after it joined by line breaks, the text gluedGrid reads (and cleans:
// Clean of a clean text is the text, TestCleanIdempotent): Clean of the
// parts, those not empty joined by a space.
func (g gluedLine) rest(after []string) string {
	var b strings.Builder
	for _, p := range after {
		if p = Clean(p); p != "" {
			if b.Len() == 0 {
				b.Grow(len(g.table) + 1 + len(p))
				b.WriteString(g.table)
			}
			b.WriteByte(' ')
			b.WriteString(p)
		}
	}
	if b.Len() == 0 {
		return g.table
	}
	return b.String()
}

// oneCellRow reports whether line i, which holds no "|", is a row of one
// cell inside a table whose rows have pipes only between cells (a
// section row or caption spanning the table): a short line with no
// sentence end, followed by another row of the table.
// (pipe[j] says whether lines[j] holds a "|".)
func oneCellRow(lines []string, pipe []bool, i int) bool {
	l := trimSpace(lines[i])
	if l == "" || utf8.RuneCountInString(l) > 40 || strings.HasSuffix(l, "。") {
		return false
	}
	for j := i + 1; j < len(lines); j++ {
		if isFooter(lines[j]) {
			continue
		}
		return pipe[j]
	}
	return false
}

// pageBreakGap returns the number of lines from i that are a page break
// inside a table: empty lines, form feeds and at least one page footer
// or form feed, followed by a line with "|". It returns 0 otherwise.
// (pipe[j] says whether lines[j] holds a "|".)
func pageBreakGap(lines []string, pipe []bool, i int) int {
	brk := false
	for j := i; j < len(lines); j++ {
		l := lines[j]
		switch {
		case pipe[j]:
			if brk && j > i {
				return j - i
			}
			return 0
		case isFooter(l):
			brk = true
		case isBlank(l):
			brk = brk || strings.Contains(l, "\f")
		default:
			return 0
		}
	}
	return 0
}

// lastContentLine returns the index of the last line that is neither
// white space nor a page footer (-1 if none).
func lastContentLine(lines []string) int {
	for i := len(lines) - 1; i >= 0; i-- {
		if !isBlank(lines[i]) && !isFooter(lines[i]) {
			return i
		}
	}
	return -1
}

// anyModernTable reports whether some grid holds part of the 2019/2021
// tables.
func anyModernTable(gs []*Grid) bool {
	for _, g := range gs {
		if hasModernTable(g) {
			return true
		}
	}
	return false
}

// hasHeaderTable reports whether some grid holds a pre-2019 table header;
// the cells of skip (nil: none) are known to hold none.
func hasHeaderTable(gs []*Grid, skip *Grid) bool {
	for _, g := range gs {
		if g == skip || !g.holdsRune('指') {
			// (both words hold 指: a grid without it holds neither,
			// and findHeader, which asks the same, is answered from
			// the grid's memory)
			continue
		}
		for _, r := range g.Rows {
			for _, c := range r {
				if i, _ := indexHeaderWords(c.Text); i >= 0 {
					return true
				}
			}
		}
	}
	return false
}

// holdsHeaderWords reports whether s holds 统计指标 or 指标名称 (see
// indexHeaderWords).
func holdsHeaderWords(s string) bool {
	i, _ := indexHeaderWords(s)
	return i >= 0
}

// lineOf returns the 1-based number of the first line equal to l.
func lineOf(lines []string, l string) int {
	for i, x := range lines {
		if x == l {
			return i + 1
		}
	}
	return 0
}

// readArchiveHeader reads the "标题: …" header some archives put on top of
// their text renderings, up to a line of ====, and returns the number of
// lines it takes (0 when there is no such header).
func readArchiveHeader(lines []string, d *document) int {
	for i, l := range lines {
		if i > 12 {
			return 0
		}
		if strings.HasPrefix(l, "=====") {
			if d.title == "" {
				return 0
			}
			return i + 1
		}
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		switch k {
		case "标题":
			d.title = v
		case "发布时间", "发布机构", "原文链接":
			d.meta[k] = v
		}
	}
	return 0
}

// pipesAndBlanks reports whether l is made of pipes, spaces and tabs
// alone: strings.Trim(l, "| \t") == "", without the set Trim makes.
func pipesAndBlanks(l string) bool {
	for i := 0; i < len(l); i++ {
		if c := l[i]; c != '|' && c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// pipeGrid splits a block of "|" lines into cells; style is
// rowsStyle(block), or the zero blockStyle when it is not known. The
// rows' spans (see rowSpan) come with a Markdown grid, in spanBuf's room
// when it has enough.
func pipeGrid(block []string, firstLine int, style blockStyle, spanBuf []int) (*Grid, []int) {
	single := 0
	for _, l := range block {
		// a cell a line: one "|" with text on one side at most, or pipes
		// alone ("||" padding, which holds no text); a row of blank
		// cells after its label ("其他 |  |  |") is not one
		c, rest, _ := strings.Cut(l, "|")
		if strings.IndexByte(rest, '|') >= 0 {
			// (two pipes or more)
			if pipesAndBlanks(l) {
				single++
			}
			continue
		}
		if isBlank(c) || isBlank(rest) {
			single++
		}
	}
	if single*2 > len(block) {
		// pipe form: every cell ends with " |"; rows are not marked.
		g := &Grid{Stream: true, Form: "pipe", Line: firstLine}
		line := firstLine
		text := strings.Join(block, "\n")
		row := make([]Cell, 0, strings.Count(text, "|")+1)
		for rest := text; ; {
			p, after, found := strings.Cut(rest, "|")
			if !found && isBlank(p) {
				break // after the last "|"
			}
			// the cell's line: that of its first character
			k, nl := 0, 0
			for ; k < len(p) && (p[k] == ' ' || p[k] == '\t' || p[k] == '\n'); k++ {
				if p[k] == '\n' {
					nl++
				}
			}
			row = append(row, Cell{Text: Clean(p), Line: line + nl})
			line += nl + strings.Count(p[k:], "\n")
			if !found {
				break
			}
			rest = after
		}
		g.Rows = [][]Cell{row}
		return g, nil
	}
	if style.style == "" {
		style = rowsStyle(block)
	}
	if style.style != "edge" {
		return lineRows(block, firstLine, style, spanBuf)
	}
	// rows form: one table row a logical line.
	g := &Grid{Form: "rows", Line: firstLine}
	var logical string
	startLine := firstLine
	flush := func(end int) {
		if isBlank(logical) {
			logical = ""
			startLine = end + 1
			return
		}
		pieces := strings.Split(logical, "|")
		if isBlank(pieces[len(pieces)-1]) {
			pieces = pieces[:len(pieces)-1]
		}
		var row []Cell
		for _, p := range pieces {
			row = append(row, Cell{Text: Clean(p), Line: startLine})
		}
		g.Rows = append(g.Rows, row)
		logical = ""
		startLine = end + 1
	}
	for j, l := range block {
		if logical != "" {
			logical += " "
		}
		logical += l
		if strings.HasSuffix(trimSpace(l), "|") {
			flush(firstLine + j)
		}
	}
	flush(firstLine + len(block))
	return g, nil
}

// cellsGrid reads one cell a line. An empty line is a blank cell, so
// that the cells after it keep their columns; when the text is double
// spaced (an empty line after nearly every cell), a run of 2k+1 empty
// lines is k blank cells. Page footers are not cells.
func cellsGrid(lines []string, firstLine int) *Grid {
	g := &Grid{Stream: true, Form: "cells", Line: firstLine}
	row := make([]Cell, 0, len(lines)) // a cell a line at most
	double := doubleSpaced(lines)
	empty := 0
	pageBreak := false // the empty lines around a footer are not cells
	for j, l := range lines {
		if isFooter(l) || strings.Contains(l, "\f") && isBlank(l) {
			empty, pageBreak = 0, true
			continue
		}
		c := Clean(l)
		if c == "" {
			if !pageBreak {
				empty++
			}
			continue
		}
		pageBreak = false
		if len(row) > 0 {
			blanks := empty
			if double {
				blanks = (empty - 1) / 2
			}
			for k := 0; k < blanks; k++ {
				row = append(row, Cell{Line: firstLine + j - empty + k})
			}
		}
		empty = 0
		row = append(row, Cell{Text: c, Line: firstLine + j})
	}
	g.Rows = [][]Cell{row}
	return g
}

// doubleSpaced reports whether at least four in five non-empty lines
// (the last one aside) are followed by an empty line.
func doubleSpaced(lines []string) bool {
	cells, followed := 0, 0
	for j := 0; j+1 < len(lines); j++ {
		if isBlank(lines[j]) || isFooter(lines[j]) {
			continue
		}
		cells++
		if isBlank(lines[j+1]) {
			followed++
		}
	}
	return cells > 0 && followed*5 >= cells*4
}

// spaceGrid reads cells separated by white space, as archives render the
// Fujian annex (指标名称 计量 单位 2011 年度 历年累计 主动公开信息数 条 425 1516 …).
func spaceGrid(lines []string, firstLine int) *Grid {
	g := &Grid{Stream: true, Form: "space", Line: firstLine}
	var row []Cell
	for j, l := range lines {
		for _, f := range strings.Fields(Clean(l)) {
			row = append(row, Cell{Text: f, Line: firstLine + j})
		}
	}
	g.Rows = [][]Cell{row}
	return g
}
