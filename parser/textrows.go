package parser

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"nianbao"
)

// Text renderings mark table rows three ways: every row ends with " |"
// (rows form), rows hold " | " between cells and no pipe at either end
// (a row a line), or Markdown rows "| a | b |" with a |---| rule under
// the first. PDF conversions add page footers inside tables. This file
// reads the rows and drops the footers; the template readers then place
// the cells.

// footerRes match the page footers PDF conversions leave in the text:
// "— 4 —", "- 4 -", "第 4 页 共 9 页", "共9页 第4页", "4 / 9".
var footerRes = []*regexp.Regexp{
	regexp.MustCompile(`^[-—–－―]+\s*\d{1,4}\s*[-—–－―]+$`),
	regexp.MustCompile(`^第\s*\d{1,4}\s*页\s*[,，/]?\s*(共\s*\d{1,4}\s*页)?$`),
	regexp.MustCompile(`^共\s*\d{1,4}\s*页\s*[,，/]?\s*第\s*\d{1,4}\s*页$`),
	regexp.MustCompile(`^\d{1,4}\s*/\s*\d{1,4}$`),
}

// isFooter reports whether a line is a page footer (or header) of a
// converted PDF and nothing else.
func isFooter(line string) bool {
	l := trimSpace(line) // strings.Trim(line, "\f \t\u3000") first: white space all
	if l == "" || len(l) > 40 || !footerEnd(l) {
		return false
	}
	for _, re := range footerRes {
		if re.MatchString(l) {
			return true
		}
	}
	return false
}

// footerEnd reports whether l ends as every match of footerRes does:
// with a digit, 页 or a dash. Most short lines (a table's cells) do not,
// and are not tried against the four patterns.
func footerEnd(l string) bool {
	if c := l[len(l)-1]; isDigit(c) || c == '-' {
		return true
	}
	for _, end := range []string{"页", "—", "–", "－", "―"} {
		if strings.HasSuffix(l, end) {
			return true
		}
	}
	return false
}

// A blockStyle is what rowsStyle finds of a block of lines: how its rows
// end, and which of its first 64 lines are Markdown rules (isMdRuleLine),
// which lineRows leaves out.
type blockStyle struct {
	style string
	rules uint64 // bit k: line k is a rule
}

// rule reports whether line k of the block is a Markdown rule.
func (s blockStyle) rule(block []string, k int) bool {
	if k < 64 {
		return s.rules&(1<<k) != 0
	}
	return isMdRuleLine(block[k])
}

// rowsStyle says how the rows of a block of " | " lines end: "edge" when
// most rows end with "|" (a line without one continues on the next),
// "markdown" when the rows start and end with "|" under a |---| rule,
// "bare" when rows have pipes only between cells (a row a line); and
// which lines are rules.
func rowsStyle(block []string) blockStyle {
	var multi, trailing, leading, bareNum int
	var rules uint64
	rule := false
	for k, l := range block {
		l = trimSpace(l)
		if strings.IndexByte(l, '|') < 0 {
			if k < 64 && isMdRuleLine(l) {
				rules |= 1 << k // (a rule without pipes: ---)
			}
			continue
		}
		if isMdRuleLine(l) {
			if k < 64 {
				rules |= 1 << k
			}
			rule = true
			continue
		}
		multi++
		if strings.HasSuffix(l, "|") {
			trailing++
		} else if last := l[strings.LastIndex(l, "|")+1:]; readNumber(last).problem == "" {
			bareNum++
		}
		if strings.HasPrefix(l, "|") {
			leading++
		}
	}
	style := "bare"
	switch {
	case rule && leading*2 > multi:
		style = "markdown"
	case bareNum > 0 && bareNum*2 >= multi-trailing:
		// rows ending in a number with no pipe after it: pipes only
		// between cells (the rows ending with "|" end with a blank cell)
		style = "bare"
	case trailing*2 >= multi:
		style = "edge"
	}
	return blockStyle{style: style, rules: rules}
}

// isMdRuleLine reports whether a line is a Markdown table rule: |---|:--:|.
func isMdRuleLine(l string) bool {
	l = trimSpace(l)
	// the first cell of a rule starts with - or :, after the pipes at the
	// start: a line that does not is not searched nor cut
	if l == "" || l[0] != '|' && l[0] != '-' && l[0] != ':' || !strings.Contains(l, "-") {
		return false
	}
	for rest, more := strings.Trim(l, "|"), true; more; {
		var c string
		c, rest, more = strings.Cut(rest, "|")
		if !isMdRule(trimSpace(c)) {
			return false
		}
	}
	return true
}

// lineRows reads a block in which every line is one row ("bare" and
// "markdown" styles). Markdown rules are dropped, and the pipes at the
// ends of a Markdown row are not cells. The rows' spans (see rowSpan)
// come with a Markdown grid, found as its span copies are marked; nil
// otherwise, in buf (its room reused when it has enough).
func lineRows(block []string, firstLine int, bs blockStyle, buf []int) (*Grid, []int) {
	style := bs.style
	// the rows' cells are slices of one array, with room for the cells
	// of every row: a cell more than its pipes (the rules left out)
	// (each row's text and cells counted once: kept for the second pass
	// for up to 64 lines, most blocks)
	var countBuf [64]int32
	counts := countBuf[:0]
	if len(block) > len(countBuf) {
		counts = make([]int32, 0, len(block))
	}
	n, rows := 0, 0
	for j, l := range block {
		k := int32(0) // cells of the row, 0 for no row
		if t, ok := rowText(l, style); ok && !bs.rule(block, j) {
			k = int32(strings.Count(t, "|") + 1)
			n += int(k)
			rows++
		}
		counts = append(counts, k)
	}
	g := &Grid{Form: "rows", Line: firstLine, Rows: make([][]Cell, 0, rows)}
	if style == "markdown" {
		g.Form = "markdown"
	}
	cells := make([]Cell, 0, n)
	for j, l := range block {
		if counts[j] == 0 {
			continue
		}
		t, _ := rowText(l, style)
		n := int(counts[j])
		row := cells[len(cells) : len(cells) : len(cells)+n] // capped: no append reaches the next row
		for rest := t; ; {
			// (strings.Cut, by a byte search: Cut goes through Index)
			k := strings.IndexByte(rest, '|')
			if k < 0 {
				row = append(row, Cell{Text: Clean(rest), Line: firstLine + j})
				break
			}
			row = append(row, Cell{Text: Clean(rest[:k]), Line: firstLine + j})
			rest = rest[k+1:]
		}
		cells = cells[:len(cells)+n]
		g.Rows = append(g.Rows, row)
	}
	if style == "markdown" {
		return g, markMarkdownSpans(g, buf)
	}
	return g, nil
}

// rowText is the text of line l that lineRows cuts into cells: without
// the white space at its ends, nor the pipes at the ends of a Markdown
// row; ok is false for a line of white space, which is no row.
func rowText(l, style string) (t string, ok bool) {
	t = trimSpace(l)
	if t == "" {
		return "", false
	}
	if style == "markdown" {
		t = strings.TrimPrefix(t, "|")
		t = strings.TrimSuffix(t, "|")
	}
	return t, true
}

// markMarkdownSpans marks the empty cells Markdown converters leave where
// the table had a merged cell: every empty cell of a row without a
// number (a header row), and the empty cells of a data row left of its
// last label cell or in a column where other data rows print labels.
// The readers skip them as they skip HTML span copies. It returns the
// rows' spans (see rowSpan), which the copies marked leave as they are,
// in buf's room when it has enough.
func markMarkdownSpans(g *Grid, buf []int) []int {
	var colBuf [32]bool
	labelCol := colBuf[:0] // the columns where data rows print labels
	spans := buf[:0]       // firstNumber and lastLabel of each row, found once (every row's set below)
	if cap(spans) < 2*len(g.Rows) {
		spans = make([]int, 2*len(g.Rows))
	}
	spans = spans[:2*len(g.Rows)]
	var labelBuf [16]int
	for ri, r := range g.Rows {
		// firstNumber and lastLabel in one pass, each cell asked once
		labels := labelBuf[:0] // the row's label cells before its first number
		first, last := len(r), -1
		for i, c := range r {
			if c.Text == "" {
				continue
			}
			if isLabelCell(c.Text) {
				labels = append(labels, i)
				last = i
				continue
			}
			if readNumber(c.Text).problem == "" {
				first = i
				break
			}
		}
		spans[2*ri], spans[2*ri+1] = first, last
		if first == len(r) {
			continue // no number
		}
		for _, i := range labels {
			for len(labelCol) <= i {
				labelCol = append(labelCol, false)
			}
			labelCol[i] = true
		}
	}
	isLabelCol := func(i int) bool { return i < len(labelCol) && labelCol[i] }
	for ri, r := range g.Rows {
		// A row without numbers is a header unless all its text is in
		// label columns: then it is a data row printed blank.
		header := false
		if spans[2*ri] == len(r) {
			for i, c := range r {
				if c.Text != "" && !isLabelCol(i) {
					header = true
				}
			}
		}
		last := spans[2*ri+1]
		for i := range r {
			if r[i].Text == "" && (header || isLabelCol(i) || i < last) {
				r[i].Spanned = true
			}
		}
	}
	return spans
}

// rowSpan is firstNumberLastLabel(g.Rows[ri]), kept in spans (two ints a
// row, the first -1 when not known; nil: none kept) by the steps of
// readText that read a grid's rows in turn: those that change a row's
// cells set its first to -1. (In these grids a span copy is an empty
// cell, which neither function reads.)
func rowSpan(g *Grid, spans []int, ri int) (first, last int) {
	if spans != nil && spans[2*ri] >= 0 {
		return spans[2*ri], spans[2*ri+1]
	}
	first, last = firstNumberLastLabel(g.Rows[ri])
	if spans != nil {
		spans[2*ri], spans[2*ri+1] = first, last
	}
	return first, last
}

// forget marks the span of row ri as not known (see rowSpan).
func forget(spans []int, ri int) {
	if spans != nil {
		spans[2*ri] = -1
	}
}

func rowHasNumber(r []Cell) bool {
	return firstNumber(r) < len(r)
}

// firstNumber returns the index of the first cell holding a number.
func firstNumber(r []Cell) int {
	for i, c := range r {
		if c.Text != "" && !isLabelCell(c.Text) && readNumber(c.Text).problem == "" {
			return i
		}
	}
	return len(r)
}

// lastLabel returns the index of the last label cell before the first
// number, -1 when there is none.
func lastLabel(r []Cell) int {
	_, last := firstNumberLastLabel(r)
	return last
}

// firstNumberLastLabel is firstNumber(r) and lastLabel(r), each cell
// before the first number asked once whether it is a label.
func firstNumberLastLabel(r []Cell) (first, last int) {
	last = -1
	for i, c := range r {
		if c.Text == "" {
			continue
		}
		if isLabelCell(c.Text) {
			last = i
			continue
		}
		if readNumber(c.Text).problem == "" {
			return i, last
		}
	}
	return len(r), last
}

// unplaceShortRows finds the rows of a text table that print fewer value
// cells than the rows around them (a cell lost in the conversion: which
// one cannot be told) and empties their value cells, so that no value
// lands under another column. Each such row gets a short-row finding
// naming its label, line and raw values. A run of rows between rows
// without numbers (headers, captions) is one sub-table; its width is
// the most value cells any of its rows prints up to its last non-empty
// one (empty cells after it are padding: "| 0 | ||"). A unit word right
// after the label (pre-2019 tables) is not a value cell. When the text
// stops with the table (atEnd), its last row is cut off, not short: the
// template reader says so. spans are the rows' spans (see rowSpan).
func unplaceShortRows(g *Grid, atEnd bool, spans []int) []nianbao.Finding {
	var out []nianbao.Finding
	modern := -1 // hasModernTable(g), asked at the first short row (most tables have none)
	start := 0
	for start < len(g.Rows) {
		end := start
		for end < len(g.Rows) {
			// a row with a number left of the span copies (empty cells)
			if first, _ := rowSpan(g, spans, end); first == len(g.Rows[end]) {
				break
			}
			end++
		}
		width := 0
		vcs := make([][]int, end-start) // valueCells of each row, found once
		n := 0
		for _, r := range g.Rows[start:end] {
			n += len(r)
		}
		buf := make([]int, 0, n) // room for the cells of every row
		for k, r := range g.Rows[start:end] {
			_, last := rowSpan(g, spans, start+k)
			vals := valueCells(buf[len(buf):len(buf):len(buf)+len(r)], r, last)
			buf = buf[:len(buf)+len(r)] // the row's room, used or not
			vcs[k] = vals
			n := len(vals)
			for n > 0 && r[vals[n-1]].Text == "" {
				n--
			}
			width = max(width, n)
		}
		for k, r := range g.Rows[start:end] {
			vals := vcs[k]
			if len(vals) == 0 || len(vals) >= width || width < 2 || atEnd && start+k == len(g.Rows)-1 {
				continue
			}
			if modern < 0 {
				modern = 0
				if hasModernTable(g) {
					modern = 1
				}
			}
			if len(vals) == 1 && modern == 1 && runTogether(r[vals[0]].Text, width) {
				// the row's values run together: the 2019/2021 reader
				// splits them by the table's arithmetic, or reports them
				r[vals[0]].Glued = true
				continue
			}
			var raw []string
			for _, i := range vals {
				raw = append(raw, fmt.Sprintf("%q", r[i].Text))
				r[i].Text, r[i].Unplaced = "", true
			}
			label := ""
			if l := lastLabel(visible(r)); l >= 0 {
				label = Label(visible(r)[l].Text) + " "
			}
			out = append(out, nianbao.Finding{Rule: "short-row", Severity: nianbao.SeverityWarning,
				Message: fmt.Sprintf("row %s(line %d) prints %d value cell(s) where its table has %d: %s not placed, every value of the row left empty",
					label, r[0].Line, len(vals), width, strings.Join(raw, ", "))})
		}
		if end == start {
			end++
		}
		start = end
	}
	return out
}

// visible returns the row less the span copies.
func visible(r []Cell) []Cell {
	out := make([]Cell, 0, len(r))
	for _, c := range r {
		if !c.Spanned {
			out = append(out, c)
		}
	}
	return out
}

// valueCells returns the indices in r of the cells after its last label
// cell lastCell (lastLabel(r), -1 if none: span copies are empty cells,
// no label; see rowSpan), span copies and a unit word right after the
// label left out, appended to idx (empty; with room for r: no
// allocation).
func valueCells(idx []int, r []Cell, lastCell int) []int {
	for i, c := range r {
		if !c.Spanned {
			idx = append(idx, i)
		}
	}
	if lastCell < 0 {
		return idx
	}
	last := 0 // its place in idx
	for idx[last] != lastCell {
		last++
	}
	rest := idx[last+1:]
	if len(rest) > 0 && mayBeUnit(r[rest[0]].Text) && units[strings.ReplaceAll(Clean(r[rest[0]].Text), " ", "")] {
		rest = rest[1:]
	}
	return rest
}

// mayBeUnit reports whether Clean of s, less its spaces, may be one of
// units: every unit but % is ideographs, and Clean makes no ideograph of
// ASCII: a cell of ASCII without % (a count: most) is none
// (TestMayBeUnitAsUnits).
func mayBeUnit(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || c == '%' {
			return true
		}
	}
	return false
}

// markGlued marks the cells of a text table that are runs of digits too
// long to be one count (see isGluedRun).
func markGlued(g *Grid) {
	for _, r := range g.Rows {
		for i := range r {
			if isGluedRun(r[i].Text) {
				r[i].Glued = true
			}
		}
	}
}

// runTogether reports whether the one value cell of a short row can be the
// row's n values run together: digits only, at least one a value.
func runTogether(s string, n int) bool {
	s = strings.ReplaceAll(Clean(s), " ", "")
	return len(s) >= n && allDigits(s)
}

// splitGluedWords splits a text cell that is several of the templates'
// words run together, as PDF conversions print the header of table 四
// (结果维持结果纠正其他结果尚未审结总计) or a group label with its row
// (三、本年度办理结果（一）予以公开), into one cell a word. A cell is split
// only when the words cover it whole. A row split is forgotten in spans
// (see rowSpan).
func splitGluedWords(g *Grid, spans []int) {
	for ri, r := range g.Rows {
		var out []Cell // made at the first cell split: most rows have none
		for i, c := range r {
			if ws := vocabWords(c.Text); len(ws) >= 2 && !c.Spanned {
				if out == nil {
					out = append(make([]Cell, 0, len(r)+len(ws)), r[:i]...)
				}
				for _, w := range ws {
					d := c
					d.Text = w
					out = append(out, d)
				}
				continue
			}
			if out != nil {
				out = append(out, c)
			}
		}
		if out != nil {
			g.Rows[ri] = out
			forget(spans, ri)
			g.notModern = false // the words may be marks
		}
	}
}

// glueMarkers are the header words and group labels conversions run
// together with the cells beside them; a cell without one is not cut
// (cutting is costly: most cells are whole labels).
var glueMarkers = []string{"结果维持", "结果纠正", "其他结果", "尚未审结", "行政复议", "行政诉讼", "复议后起诉",
	"本年度办理结果", "不予公开", "无法提供", "不予处理", "其他处理", "申请人情况", "信息内容"}

// glueFirst holds the first characters of glueMarkers: a string with
// none of them holds no marker (Clean keeps ideographs). glueFirstOf is
// the first character of each marker.
var glueFirst, glueFirstOf = func() (*runeSet, []rune) {
	var b strings.Builder
	var firsts []rune
	for _, m := range glueMarkers {
		r, _ := utf8.DecodeRuneInString(m)
		b.WriteRune(r)
		firsts = append(firsts, r)
	}
	return newRuneSet(b.String()), firsts
}()

// glueFirstRunes are the first characters of glueMarkers, each once, and
// glueByFirst the markers each starts, in order.
var glueFirstRunes, glueByFirst = func() ([]rune, [][]string) {
	var rs []rune
	var ms [][]string
	for k, m := range glueMarkers {
		i := slices.Index(rs, glueFirstOf[k])
		if i < 0 {
			i = len(rs)
			rs, ms = append(rs, glueFirstOf[k]), append(ms, nil)
		}
		ms[i] = append(ms[i], m)
	}
	return rs, ms
}()

// gluedFrom returns the markers that start with r, in order.
func gluedFrom(r rune) []string {
	for i, f := range glueFirstRunes {
		if f == r {
			return glueByFirst[i]
		}
	}
	return nil
}

// minGlueMarker is the length of the shortest of glueMarkers.
var minGlueMarker = func() int {
	n := len(glueMarkers[0])
	for _, m := range glueMarkers {
		n = min(n, len(m))
	}
	return n
}()

func hasGlueMarker(s string) bool { return hasGlueMarkerFrom(s, 0) }

// hasGlueMarkerFrom is hasGlueMarker of s when no marker starts before
// s[from] (a rune's first byte).
func hasGlueMarkerFrom(s string, from int) bool {
	// one pass: the markers are tried where their first character is
	for i := from; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.RuneError, 3
		if r3, ok := rune3(s, i); ok {
			r = r3 // most characters: read from their bytes
		} else {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if glueFirst.has(r) {
			for _, m := range gluedFrom(r) {
				if strings.HasPrefix(s[i:], m) {
					return true
				}
			}
		}
		i += size
	}
	return false
}

var (
	vocabSetOnce sync.Once
	vocabSet     map[string]bool // the templates' words, Clean()ed
)

// vocabWords returns the templates' words s, a cell's text as the text
// grids hold it (Clean's output, which Clean keeps as it is:
// TestCleanIdempotent), is made of, or nil when some of s is not one. A
// text that is one of the templates' words (most cells that hold a
// marker: the tables' labels) is answered from vocabCutOf; the slices
// returned are not to be changed.
func vocabWords(s string) []string {
	if len(s) < minGlueMarker {
		return nil // too short to hold a marker: most cells
	}
	at := glueFirst.index(s)
	if at < 0 {
		return nil // no marker: spares the rest
	}
	c := s
	if strings.IndexByte(s, ' ') >= 0 {
		c = strings.ReplaceAll(s, " ", "")
		at = 0 // the characters moved
	}
	f := loaded()
	if ws, ok := vocabCutOf(f)[c]; ok {
		return ws
	}
	return vocabWordsOf(f, c, at)
}

// vocabWordsOf is vocabWords of a text c without spaces, cut by f's
// vocabulary; no marker starts before c[at] (a rune's first byte).
func vocabWordsOf(f *forms, c string, at int) []string {
	if !atLeastRunes(c, 4) || !hasGlueMarkerFrom(c, at) || !isLabelCell(c) {
		return nil
	}
	vocabSetOnce.Do(func() {
		vocabSet = map[string]bool{}
		for _, w := range gluedVocab() {
			vocabSet[w] = true
		}
	})
	ws := appendWordsIn(vocabOf(f), nil, c)
	for _, w := range ws {
		if !vocabSet[w] {
			return nil
		}
	}
	return ws
}

// vocabCutOf returns vocabWordsOf each word of f's vocabulary, its spaces
// cut (the key), made once: vocabWords looks a cell up in it before
// searching it for markers and cutting it. (A word without a marker has
// nil; hasGlueMarkerFrom from 0 is hasGlueMarkerFrom from the first
// marker's first character.)
func vocabCutOf(f *forms) map[string][]string {
	f.vocabCutOnce.Do(func() {
		vocab := vocabOf(f).vocab
		f.vocabCut = make(map[string][]string, len(vocab))
		for _, w := range vocab {
			c := strings.ReplaceAll(w, " ", "")
			f.vocabCut[c] = vocabWordsOf(f, c, 0)
		}
	})
	return f.vocabCut
}

// joinWrappedLabels mends the labels of a 2019/2021 table that a PDF
// conversion broke over several rows (`| 2.其他法律行政法规禁 | 0 | … |` with
// `| 止公开 | | … |` below): a row of values whose label is not a whole
// label of the templates takes the pieces of the rows without values
// just above and below it that make one (see pieceLabel). The pieces
// taken are emptied; pieces of merged group labels (本年, 度办) are left.
// The rows changed are forgotten in spans (see rowSpan).
func joinWrappedLabels(g *Grid, spans []int) {
	if g.Stream || !hasModernTable(g) {
		return
	}
	// piece returns the index of the last text cell of a row without
	// values, -1 for a row with values or without text.
	piece := func(r []Cell) int {
		if rowHasNumber(r) {
			return -1
		}
		for i := len(r) - 1; i >= 0; i-- {
			if !r[i].Spanned && !isBlank(r[i].Text) {
				return i
			}
		}
		return -1
	}
	for i, r := range g.Rows {
		first, li := rowSpan(g, spans, i)
		if first == len(r) {
			continue // no number
		}
		if li < 0 || knownLabel(r[li].Text) == 2 {
			continue
		}
		var above, below []string
		var aboveAt, belowAt [][2]int
		for j := i - 1; j >= 0 && j >= i-3; j-- {
			k := piece(g.Rows[j])
			if k < 0 || isHeaderRow(g.Rows[j]) {
				break
			}
			above = append([]string{g.Rows[j][k].Text}, above...)
			aboveAt = append([][2]int{{j, k}}, aboveAt...)
			if enumerated(g.Rows[j][k].Text) {
				break
			}
		}
		for j := i + 1; j < len(g.Rows) && j <= i+3; j++ {
			k := piece(g.Rows[j])
			if k < 0 || isHeaderRow(g.Rows[j]) || enumerated(g.Rows[j][k].Text) {
				break
			}
			below = append(below, g.Rows[j][k].Text)
			belowAt = append(belowAt, [2]int{j, k})
		}
		label, as, bs := pieceLabel(above, []string{r[li].Text}, below)
		own := r[li].Text
		if label == own || knownLabel(label) != 2 || !strings.Contains(label, own) && (enumerated(own) || utf8.RuneCountInString(own) > 3) {
			continue // a label cell that is not a piece of a group label stays
		}
		r[li].Text = label
		forget(spans, i)
		g.notModern = false
		for _, k := range as {
			at := aboveAt[k+len(above)-min(len(above), 3)]
			g.Rows[at[0]][at[1]].Text = ""
			forget(spans, at[0])
		}
		for _, k := range bs {
			at := belowAt[k]
			g.Rows[at[0]][at[1]].Text = ""
			forget(spans, at[0])
		}
	}
}

// isHeaderRow reports whether a row without values holds a caption or
// column headers.
func isHeaderRow(r []Cell) bool {
	l := layoutLine{}
	for _, c := range r {
		if c.Text != "" {
			l.texts = append(l.texts, c.Text)
		}
	}
	return isHeaderLine(l)
}

// unplaceShortRuns is unplaceShortRows for the forms whose rows are not
// marked (pipe, cells) holding the 2019/2021 tables: a row is a label
// cell and the value cells after it, a part of the table runs between
// captions and header cells, and a row with fewer values than the
// longest of its part has its values emptied with a short-row finding.
// The last row of a text that stops with the table is left to the
// template reader, which says it is cut off.
func unplaceShortRuns(g *Grid, atEnd bool) []nianbao.Finding {
	if !g.Stream || len(g.Rows) == 0 || !hasModernTable(g) {
		return nil
	}
	cells := g.Rows[0]
	type run struct{ label, start, end int } // values are cells[start:end]
	var runs []run
	var parts [][2]int // runs[a:b] of each part
	partStart := 0
	for i := 0; i < len(cells); {
		c := cells[i]
		if !isLabelCell(c.Text) {
			i++
			continue
		}
		if isHeaderRow([]Cell{c}) {
			parts = append(parts, [2]int{partStart, len(runs)})
			partStart = len(runs)
		}
		j := i + 1
		for j < len(cells) && !isLabelCell(cells[j].Text) && !isMdRule(cells[j].Text) {
			j++
		}
		runs = append(runs, run{i, i + 1, j})
		i = j
	}
	parts = append(parts, [2]int{partStart, len(runs)})
	var out []nianbao.Finding
	pad := map[int]int{} // blank cells to add after cell i
	for _, p := range parts {
		width := 0
		for _, r := range runs[p[0]:p[1]] {
			n := r.end - r.start
			for n > 0 && cells[r.start+n-1].Text == "" {
				n--
			}
			width = max(width, n)
		}
		for k, r := range runs[p[0]:p[1]] {
			n := r.end - r.start
			if n == 0 || n >= width || width < 2 || atEnd && p[0]+k == len(runs)-1 {
				continue
			}
			if n == 1 && runTogether(cells[r.start].Text, width) {
				cells[r.start].Glued = true
				continue
			}
			var raw []string
			for i := r.start; i < r.end; i++ {
				raw = append(raw, fmt.Sprintf("%q", cells[i].Text))
				cells[i].Text, cells[i].Unplaced = "", true
			}
			pad[r.end-1] = width - n // the row as long as the others: no cell reads as missing
			out = append(out, nianbao.Finding{Rule: "short-row", Severity: nianbao.SeverityWarning,
				Message: fmt.Sprintf("row %s (line %d) prints %d value cell(s) where its table has %d: %s not placed, every value of the row left empty",
					Label(cells[r.label].Text), cells[r.label].Line, n, width, strings.Join(raw, ", "))})
		}
	}
	if len(pad) > 0 {
		var padded []Cell
		for i, c := range cells {
			padded = append(padded, c)
			for k := 0; k < pad[i]; k++ {
				padded = append(padded, Cell{Line: c.Line, Unplaced: true})
			}
		}
		g.Rows[0] = padded
	}
	return out
}
