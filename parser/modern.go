package parser

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"nianbao"
)

// The revisions of the 2019 layout (template_modern.go) print three
// tables: 二 (主动公开, sub-tables under 第二十条 captions), 三 (申请, 7
// applicant columns) and 四 (复议/诉讼, 15 values). Their cells reach the
// reader as a sequence of tokens, text or value, from any form: HTML rows,
// " | " rows, pipe text or one cell a line. A small state machine follows
// captions, headers and labels through the tokens, so the same code reads
// every form; the rows and columns it knows are those of every registered
// revision (forms), each a vote for the revisions that print it.

// isMdRule reports whether s is a cell of a Markdown table's |---|---|
// rule: ^:?-{3,}:?$, matched by hand (it is asked of every cell).
func isMdRule(s string) bool {
	if len(s) < 3 || s[0] != '-' && s[0] != ':' {
		return false
	}
	// by hand: strings.Trim made its set of "-" for every rule cell
	i, j := 0, len(s)
	if s[0] == ':' {
		i++
	}
	if s[j-1] == ':' && j-1 >= i {
		j--
	}
	if j-i < 3 {
		return false
	}
	for ; i < j; i++ {
		if s[i] != '-' {
			return false
		}
	}
	return true
}

var captionRe = regexp.MustCompile(`第二十条第\(?([一二三四五六七八九十]+)\)?项`)

// A tok is one cell on its way through the state machine.
type tok struct {
	text string
	line int
	cell Cell
	col  int // grid column in a table with rows, -1 in a stream
	// absent marks a column no cell of the row falls under (colMap.place).
	absent bool
}

// pending is a row whose values are being collected.
type pending struct {
	table   int
	def     *modernRow // the template's row (noRow for a row it does not have): read only
	known   bool
	label   string
	section string
	vals    []tok
	stream  bool
}

// modernReader reads tables 二, 三 and 四 of one document.
type modernReader struct {
	f    *forms
	ix   *modernIndexes // rows of f by key
	year int

	table    int // 2, 3 or 4: the table the last tokens belonged to
	caption  string
	cols     []colSpec
	colStart []int // grid column where each of cols starts, -1 if unknown
	inHead   bool  // the last text tokens were column headers of table 二
	t3Data   bool  // a data row of table 三 was seen
	group    string
	groupK   string
	cur      *pending // the row being read: nil or &pend
	pend     pending
	values   []float64 // the values stats point to (valuePtr)
	t4       []tok
	t4Head   bool

	stats     []nianbao.Stat
	findings  []nianbao.Finding
	lastCode  string                   // code of the row read last
	ambiguous []gluedRow               // glued rows of table 三 to resolve
	missing   []string                 // cells absent from the row read last: cut off if nothing follows
	seen      []seenRow                // the dims read for each code (emit)
	votes     map[nianbao.Template]int // evidence for each format
	voted     [][]nianbao.Template     // the revisions each vote went to
	oldLabel  []oldLabel
	short     []string
	blankTot  []string
	blanks    blankCells // said once per table, in blank-cells

	form         string   // the form of the grid being read
	head3, head4 [][]Cell // header rows of tables 三 and 四, spans expanded
	map3, map4   *colMap  // their columns by header (colheads.go), once a data row is read
	done3, done4 bool     // the header was read into map3, map4
	strays       []stray  // cells under headers the template does not have
	words3       []string // header words of table 三 in a text form, in order (colorder.go)
	words4       []string // the same for table 四
	order3       []int    // the columns of table 三 those words print, in order
	order4       []int
	said3        bool                // missing-column said for table 三 of a text form
	saidPos      bool                // columns-by-position said
	inHeadRow    bool                // the tokens are the cells of a header row
	noValueRow   bool                // the tokens are those of a row whose cells after its labels are all blank
	t2Printed    map[string][]string // table 二: the dims each sub-table's header prints, by caption number
	t4Blank      []tok               // table 四's data row printed with every cell blank (modern_blankrow.go)
	toks         []tok               // row's buffer
	// matchT3's heading: under for the row of underCode (underKnown: looked up)
	under, underCode string
	underKnown       bool
	// structuralKey's work on the short cells of header rows no template
	// prints, by text, for the document
	shortAt map[string]int32
	shorts  []cellFacts
	// t2Parts' columns made last: for the columns from t2Cols on
	t2Cols                    *colSpec
	t2Labels, t2Dims, t2Units []string
	splitter                  gluedSplitter // unglue's buffers
}

// readModern reads the 2019-layout tables of d, if it has them, and
// returns the revision they are of.
func readModern(f *forms, d *document, year int) (stats []nianbao.Stat, findings []nianbao.Finding, tmpl *template, form string, ok bool) {
	if len(f.modern) == 0 {
		return nil, nil, nil, "", false
	}
	r := &modernReader{f: f, ix: modernIndexesOf(f), year: year, votes: map[nianbao.Template]int{}}
	started := false
	for _, g := range d.tables {
		// Tables before the first one known to be of this format are not
		// read; after it, every table is (a table split in pieces).
		if !started && !hasModernTable(g) {
			continue
		}
		started = true
		if form == "" {
			form = g.Form
		}
		r.form = g.Form
		if g.Stream {
			for _, c := range g.Rows[0] {
				if !isMdRule(c.Text) {
					r.token(tok{text: c.Text, line: c.Line, cell: c, col: -1}, true)
				}
			}
			r.flush()
			continue
		}
		for _, row := range g.Rows {
			r.row(row)
		}
		r.flush()
	}
	if len(r.t4) == 0 {
		r.t4 = r.t4Blank // the blank form: its 15 cells printed, none filled
	}
	if len(r.t4) > 0 {
		r.commitMissing(false)
		r.finishT4()
	}
	r.commitMissing(true)
	r.resolve()
	if len(r.stats) == 0 {
		return nil, nil, nil, "", false
	}
	r.findings = append(r.findings, r.blanks.findings()...)
	r.findings = append(r.findings, strayFindings(r.strays)...)
	tmpl = r.template()
	r.missingT2Columns(tmpl)
	r.missingRows(tmpl)
	r.check(tmpl, r.derive())
	return r.stats, r.findings, tmpl, form, true
}

// modernMarks are the keys hasModernTable looks for.
var modernMarks = newKeyFilter(modernMarkKeys)

var modernMarkKeys = []string{"第二十条", "勾稽关系", "本年新收政府信息公开申请数量", "结果维持", "信息内容"}

// hasModernTable reports whether g holds part of tables 二, 三 or 四.
func hasModernTable(g *Grid) bool {
	if g.notModern {
		return false
	}
	if i, j := int(g.markRow), int(g.markCol); g.markText != "" && i < len(g.Rows) && j < len(g.Rows[i]) && g.Rows[i][j].Text == g.markText {
		return true // the mark found last is still there (the readers ask again)
	}
	for i, r := range g.Rows {
		for j, c := range r {
			// a value cell of up to two bytes (most) is refused here, as
			// mayHold would, without the call
			if len(c.Text) < 3 || !modernMarks.mayHold(c.Text) {
				continue
			}
			if isModernMark(c.Text) {
				if i <= math.MaxInt32 && j <= math.MaxInt32 {
					g.markRow, g.markCol, g.markText = int32(i), int32(j), c.Text
				}
				return true
			}
		}
	}
	g.notModern = true
	return false
}

// isModernMark reports whether the cell text s is one of the marks
// hasModernTable looks for (modernMarks lets it through).
func isModernMark(s string) bool {
	k := key(s)
	return strings.Contains(k, "第二十条") && captionRe.MatchString(Clean(s)) || strings.Contains(k, "勾稽关系") || strings.Contains(k, "本年新收政府信息公开申请数量") ||
		k == "结果维持" || k == "信息内容"
}

// row feeds one row of an HTML table or " | " rendering. Copies of spanned
// cells are left out; a row of text cells with no value cell is a header.
func (r *modernReader) row(cells []Cell) {
	// The tokens are copied on: a row of up to 16 cells (most) takes
	// them on the stack, a longer one in a buffer kept for the next.
	if len(cells) <= 16 {
		var buf [16]tok
		r.rowToks(cells, buf[:0])
		return
	}
	r.toks = r.rowToks(cells, r.toks[:0])[:0]
}

// rowToks is row with toks for the tokens; it returns them.
func (r *modernReader) rowToks(cells []Cell, toks []tok) []tok {
	for i, c := range cells {
		if c.Spanned || isMdRule(c.Text) || len(toks) == 0 && c.Text == "" {
			continue // spanned copies, Markdown |---| rules, a leading "|"
		}
		toks = append(toks, tok{text: c.Text, line: c.Line, cell: c, col: i})
	}
	if len(toks) == 0 {
		r.blankRow(cells)
		return toks
	}
	// The row's leading label cells, and the template words' facts of
	// the first few (looked up once: token and structural ask them again).
	nText := 0
	var facts [4]*wordFacts
	for nText < len(toks) {
		f, label := r.wordLabel(toks[nText].text)
		if !label {
			break
		}
		if nText < len(facts) {
			facts[nText] = f
		}
		nText++
	}
	if nText == len(toks) && nText >= 2 {
		r.flush()
		r.inHeadRow = true
		for i, t := range toks {
			// a header row: its cells never start a data row
			if i < len(facts) {
				r.structuralOf(t, facts[i])
			} else {
				r.structural(t)
			}
		}
		r.inHeadRow = false
		r.headRow(cells)
		return toks
	}
	r.noValueRow = true
	for _, t := range toks[nText:] {
		if t.text != "" {
			r.noValueRow = false
			break
		}
	}
	for i, t := range toks {
		switch {
		case i < nText && i < len(facts):
			r.labelToken(t, false, facts[i])
		case i == nText:
			r.value(t) // no label (labelCell): what token does with it
		default:
			r.token(t, false)
		}
	}
	r.noValueRow = false
	r.flush()
	return toks
}

// token feeds one cell.
func (r *modernReader) token(t tok, stream bool) {
	if !r.ix.asciiWord && isASCII(t.text) {
		r.value(t) // no template word, and no label (labelCell): a value
		return
	}
	facts := r.ix.words[t.text] // nil for a text no template prints
	if facts == nil && !labelCell(t.text) || facts != nil && !facts.label {
		r.value(t)
		return
	}
	r.labelToken(t, stream, facts)
}

// labelToken is token of a label cell (labelCell); facts are its text's
// r.ix.words, nil for a text no template prints.
func (r *modernReader) labelToken(t tok, stream bool, facts *wordFacts) {
	r.flush()
	var text, k, label string
	if facts != nil {
		if r.structuralFacts(t, facts.key, &facts.structFacts) {
			return
		}
		text, k, label = facts.text, facts.rowKey, facts.clean
	} else {
		var was bool
		if text, k, was = r.structuralKey(t); was {
			return
		}
		// the row's key: the one structural made when no enumerator is cut
		// (text is Clean(t.text): stripEnum and cleanLabel of t.text clean
		// it first)
		if se := stripEnumClean(text); se != text {
			k = suffixKey(text, se, k) // key(se)
		}
		label = cleanLabelOf(text)
	}
	if facts == nil {
		// a word of the same row key: its matchT2 and candidates are k's
		facts = r.ix.byRowKey[k]
	}
	var i2 int
	if facts != nil {
		i2 = facts.t2 // matchT2(facts.rowKey), made with the facts
	} else {
		i2 = r.matchT2(k)
	}
	if i := i2; i >= 0 && (r.table == 2 || r.table == 0) {
		r.table = 2
		r.begin(pending{table: 2, def: &r.f.t2Rows[i], known: true, label: label, section: r.caption, stream: stream})
		return
	}
	if i := r.matchT3(k, facts); i >= 0 {
		def := &r.f.t3Rows[i]
		r.table = 3
		if def.group {
			r.setGroup(label, def.key)
			return
		}
		r.t3Data = true
		var section string
		switch {
		case strings.HasPrefix(def.label, "一、"), strings.HasPrefix(def.label, "二、"), strings.HasPrefix(def.label, "四、"):
			r.group, r.groupK = "", "" // rows outside 三、本年度办理结果
		case strings.HasPrefix(def.label, "（"):
			// a （N） row closes the numbered leaves of the group above it
			section = "三、本年度办理结果"
			r.group, r.groupK = section, "本年度办理结果"
		default:
			section = r.group
		}
		r.begin(pending{table: 3, def: def, known: true, label: label, section: section, stream: stream})
		return
	}
	if i := i2; i >= 0 {
		r.table = 2
		r.begin(pending{table: 2, def: &r.f.t2Rows[i], known: true, label: label, section: r.caption, stream: stream})
		return
	}
	// Text the templates do not know: an agency's own row inside a table
	// (kept if numbers follow), or prose and headings between tables.
	if isTopEnum(label) {
		r.table = 0
		return
	}
	if (r.table == 2 && r.cols != nil || r.table == 3 && r.t3Data) && utf8.RuneCountInString(label) <= 40 {
		r.begin(pending{table: r.table, label: label, section: r.sectionFor(r.table), stream: stream})
	}
}

// begin makes p the row being read. The row read before is done (flush
// keeps nothing of it): its place and its values' buffer serve again.
func (r *modernReader) begin(p pending) {
	if p.def == nil {
		p.def = &noRow
	}
	p.vals = r.pend.vals[:0]
	r.pend = p
	r.cur = &r.pend
}

// noRow is the def of a pending row the templates do not have.
var noRow modernRow

// valuePtr returns a pointer to x for a stat, from a block of values made
// for many stats at once.
func (r *modernReader) valuePtr(x float64) *float64 {
	if len(r.values) == cap(r.values) {
		r.values = make([]float64, 0, 64)
	}
	r.values = append(r.values, x)
	return &r.values[len(r.values)-1]
}

func (r *modernReader) sectionFor(table int) string {
	if table == 2 {
		return r.caption
	}
	return r.group
}

func (r *modernReader) setGroup(label, k string) {
	if k == "本年度办理结果" {
		label = "三、本年度办理结果"
	}
	r.group, r.groupK = label, k
	r.t3Data = true
}

// labelCell is isLabelCell(s), which is false for any ASCII s (a label
// has an ideograph), answered without its scans for the value cells.
func labelCell(s string) bool {
	return !isASCII(s) && isLabelCell(s)
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// wordLabel returns r.ix.words[s] (nil for an ASCII s when no word is
// ASCII: it is none of them) and labelCell(s), known for the templates'
// words.
func (r *modernReader) wordLabel(s string) (*wordFacts, bool) {
	if !r.ix.asciiWord && isASCII(s) {
		return nil, false // as labelCell answers
	}
	if facts := r.ix.words[s]; facts != nil {
		return facts, facts.label
	}
	return nil, labelCell(s)
}

// A wordFacts is what the reader works out of a cell's text, made once
// for the templates' own words (the cells of a glued text are cut from
// them, and other forms print them): each field is the function named
// of the text.
type wordFacts struct {
	t2              int    // matchT2(rowKey)
	t3Exact, t3Long []int  // the candidates of rowKey in table 三's index
	label           bool   // labelCell
	text            string // Clean
	key             string // key(Clean)
	rowKey          string // key(stripEnum)
	clean           string // cleanLabel
	structFacts
}

func newWordFacts(f *forms, heads *keyFilter, s string) *wordFacts {
	w := &wordFacts{label: labelCell(s), text: Clean(s), key: key(Clean(s)), rowKey: key(stripEnum(s)), clean: cleanLabel(s)}
	w.structFacts = newStructFacts(f, heads, w.text, w.key)
	return w
}

// structural handles captions and headers; it reports whether t was one.
func (r *modernReader) structural(t tok) bool {
	return r.structuralOf(t, r.ix.words[t.text])
}

// structuralOf is structural of a cell whose r.ix.words are facts.
func (r *modernReader) structuralOf(t tok, facts *wordFacts) bool {
	if facts != nil {
		return r.structuralFacts(t, facts.key, &facts.structFacts)
	}
	_, _, was := r.structuralKey(t)
	return was
}

// structuralKey is structural, and returns t's text cleaned and its key.
func (r *modernReader) structuralKey(t tok) (text, k string, was bool) {
	if len(t.text) > shortCell || !r.inHeadRow {
		text = Clean(t.text)
		k = key(text)
		if w := r.ix.byKey[k]; w != nil && !strings.Contains(text, "第二十条") {
			// newStructFacts(text, k): the word's, whose text is no caption either
			return text, k, r.structuralFacts(t, k, &w.structFacts)
		}
		sf := newStructFacts(r.f, &r.ix.heads, text, k)
		return text, k, r.structuralFacts(t, k, &sf)
	}
	// a short cell of a header row no template prints: a header word of
	// the document's own (类别, 数据1), printed again over each sub-table
	i, ok := r.shortAt[t.text]
	if !ok {
		if r.shortAt == nil {
			r.shortAt = make(map[string]int32, 32)
		}
		text = Clean(t.text)
		k = key(text)
		i = int32(len(r.shorts))
		r.shorts = append(r.shorts, cellFacts{text: text, key: k, structFacts: newStructFacts(r.f, &r.ix.heads, text, k)})
		r.shortAt[t.text] = i
	}
	c := &r.shorts[i]
	return c.text, c.key, r.structuralFacts(t, c.key, &c.structFacts)
}

// shortCell is the length up to which structuralKey keeps what it worked
// out of a cell for the rest of the document.
const shortCell = 24

// cellFacts are structuralKey's work on the text of a cell: Clean, key
// and newStructFacts.
type cellFacts struct {
	text, key string
	structFacts
}

// structFacts are what structural asks of a cell's cleaned text and key
// whatever the state of the reader (wordFacts keeps them for the
// templates' words).
type structFacts struct {
	caption string // the 第二十条 caption, "" if the text is none
	col     int    // the first column of table 二 whose key the key holds, -1 if none
	link    bool   // the key holds 勾稽关系 (table 三's header)
	t3Head  bool   // the key starts with a header word of table 三
	t4Head  bool   // the key is a header word of table 四
}

func newStructFacts(f *forms, heads *keyFilter, text, k string) structFacts {
	sf := structFacts{col: -1}
	if len(k) <= t4HeadLen && t4Heads.mayHold(k) {
		sf.t4Head = t4Header[k]
	}
	if !strings.Contains(text, "第二十条") {
		// not a caption: skip the regexp
	} else if m := captionRe.FindStringSubmatch(text); m != nil {
		sf.caption = "第二十条第（" + m[1] + "）项"
	}
	if !heads.mayHold(k) {
		return sf // k holds none of the words below: not their first characters
	}
	sf.link = strings.Contains(k, "勾稽关系")
	for i, c := range f.t2Columns {
		if strings.Contains(k, c.key) {
			sf.col = i
			break
		}
	}
	for _, h := range t3Header {
		if strings.HasPrefix(k, h) {
			sf.t3Head = true
			break
		}
	}
	return sf
}

// t4Heads filters the keys asked of t4Header by their first characters.
var t4Heads = newKeyFilter(slices.Collect(maps.Keys(t4Header)))

// t4HeadLen is the length of t4Header's longest key: a longer key is
// none of them (most row labels), known before t4Heads reads it.
var t4HeadLen = func() int {
	n := 0
	for h := range t4Header {
		n = max(n, len(h))
	}
	return n
}()

// structuralFacts is structural of a cell whose key is k.
func (r *modernReader) structuralFacts(t tok, k string, sf *structFacts) bool {
	if sf.caption != "" {
		r.table, r.caption, r.cols, r.colStart, r.inHead = 2, sf.caption, nil, nil, false
		return true
	}
	if k == "信息内容" {
		r.table, r.cols, r.colStart, r.inHead = 2, nil, nil, true
		return true
	}
	if r.table == 2 || r.inHead {
		if sf.col >= 0 {
			c := r.f.t2Columns[sf.col]
			if !r.inHead {
				r.cols, r.colStart, r.inHead = nil, nil, true
			}
			if r.cols == nil { // a header of table 二 has 2 to 4 columns
				r.cols, r.colStart = make([]colSpec, 0, 4), make([]int, 0, 4)
			}
			r.cols = append(r.cols, c)
			r.colStart = append(r.colStart, t.col)
			r.vote(c.prints)
			return true
		}
		if r.unknownT2Head(t, k) {
			return true
		}
	}
	r.inHead = false
	if sf.link || k == "类别" && r.table == 3 {
		r.table = 3
		return true
	}
	if sf.t3Head {
		r.table = 3
		r.headWord(k)
		return true
	}
	if (k == "其他" || k == "总计") && r.table == 3 && !r.t3Data {
		r.headWord(k)
		return true
	}
	if sf.t4Head || k == "总计" && r.table == 4 {
		r.table, r.t4Head = 4, true
		r.headWord(k)
		return true
	}
	return false
}

// value feeds a value token.
func (r *modernReader) value(t tok) {
	switch {
	case r.cur != nil:
		if r.cur.vals == nil {
			r.cur.vals = make([]tok, 0, 8) // table 三 prints 7 values a row
		}
		r.cur.vals = append(r.cur.vals, t)
	case r.table == 4 && r.t4Head:
		if t.text == "" && r.noValueRow {
			// a blank cell of a row of labels (an empty column at the
			// table's right edge): taken for a value, it would take the
			// place of the first value of the row below
			return
		}
		if len(r.t4) < 15 {
			if r.t4 == nil {
				r.t4 = make([]tok, 0, 15)
			}
			r.t4 = append(r.t4, t)
		} else if readNumber(t.text).problem != "blank" {
			r.findings = append(r.findings, nianbao.Finding{Rule: "extra-cells", Severity: nianbao.SeverityWarning,
				Message: fmt.Sprintf("%s: a 16th value %q after the 15 of the table%s", table4, t.text, lineNote(t.cell))})
		}
	}
}

func (r *modernReader) matchT2(k string) int {
	return r.ix.t2.match(r.f.t2Rows, k, "")
}

// matchT3 finds the row of table 三 of the key k, the row key of facts
// when facts is not nil (its candidates are found with it).
func (r *modernReader) matchT3(k string, facts *wordFacts) int {
	group := r.groupK
	if r.lastCode != r.underCode || !r.underKnown {
		// the heading the row read last is numbered under, if rows must be
		// read under it: looked up once a row read, not once a label
		r.underCode, r.underKnown, r.under = r.lastCode, true, ""
		if u := r.f.codeUnder[r.lastCode]; r.f.afterGroups[u] {
			r.under = u
		}
	}
	if r.under != "" {
		group = r.under // its heading lost, as in lossy conversions
	}
	if facts != nil {
		return matchIn(r.f.t3Rows, k, group, facts.t3Exact, facts.t3Long)
	}
	return r.ix.t3.match(r.f.t3Rows, k, group)
}

// A modernRowIndex finds the row of a key among the rows of one table
// without reading every row (a label of a glued text is matched against
// the rows of both tables): the rows by whole key, and the long ones by
// the first three bytes of their key, which a label they prefix starts
// with. Both lists keep the rows' order.
type modernRowIndex struct {
	exact map[string][]int
	long  map[string][]int
}

func newModernRowIndex(rows []modernRow) *modernRowIndex {
	x := &modernRowIndex{exact: map[string][]int{}, long: map[string][]int{}}
	for i, row := range rows {
		x.exact[row.key] = append(x.exact[row.key], i)
		if row.long && len(row.key) >= 3 {
			x.long[row.key[:3]] = append(x.long[row.key[:3]], i)
		}
	}
	return x
}

// match finds a row of rows (those x indexes) by exact key, else by the
// longest key the printed one starts with (labels carry notes:
// 部分公开（区分处理的…）), the first of the longest. A row with an after
// is matched only under that heading (group).
func (x *modernRowIndex) match(rows []modernRow, k, group string) int {
	if k == "" {
		return -1
	}
	for _, i := range x.exact[k] {
		if row := &rows[i]; row.after == "" || row.after == group {
			return i
		}
	}
	if len(k) < 3 {
		return -1
	}
	return matchLong(rows, k, group, x.long[k[:3]])
}

// candidates returns the rows match reads for the key k: exact, those
// of the whole key, and long, those it may start with.
func (x *modernRowIndex) candidates(k string) (exact, long []int) {
	if k == "" {
		return nil, nil
	}
	exact = x.exact[k]
	if len(k) >= 3 {
		long = x.long[k[:3]]
	}
	return exact, long
}

// matchIn is match of k with its candidates (see candidates).
func matchIn(rows []modernRow, k, group string, exact, long []int) int {
	if k == "" {
		return -1
	}
	for _, i := range exact {
		if row := &rows[i]; row.after == "" || row.after == group {
			return i
		}
	}
	if len(k) < 3 {
		return -1
	}
	return matchLong(rows, k, group, long)
}

// matchLong is match among the rows long of the longest key k starts
// with.
func matchLong(rows []modernRow, k, group string, long []int) int {
	best, bestLen := -1, 0
	for _, i := range long {
		row := &rows[i]
		if (row.after == "" || row.after == group) && len(row.key) > bestLen && strings.HasPrefix(k, row.key) {
			best, bestLen = i, len(row.key)
		}
	}
	return best
}

// modernIndexes are the row indexes of tables 二 and 三 of one compiled
// registry, and the facts of its words (the glued texts' vocabulary, as
// printed and as Clean leaves it).
type modernIndexes struct {
	t2, t3 *modernRowIndex
	words  map[string]*wordFacts
	// heads filters the keys newStructFacts looks into: by the first
	// characters of 勾稽关系, table 二's column keys and table 三's header
	// words.
	heads keyFilter
	// asciiWord is set when a word of words is all ASCII: else an ASCII
	// cell (a value) is none of them, and not looked up.
	asciiWord bool
	// byKey and byRowKey are words by their key and by their row key:
	// a label no template prints as it is (1. 属于国家秘密 for
	// 1.属于国家秘密) most often has a word's key, and newStructFacts of
	// a key (but for the caption, which no word of byKey has), matchT2
	// and the candidates of table 三 of a row key are the word's.
	byKey, byRowKey map[string]*wordFacts
}

// modernIndexCache holds modernIndexes by *forms (a registry compiled
// again is a new forms).
var modernIndexCache sync.Map

func modernIndexesOf(f *forms) *modernIndexes {
	if x, ok := modernIndexCache.Load(f); ok {
		return x.(*modernIndexes)
	}
	ix := &modernIndexes{t2: newModernRowIndex(f.t2Rows), t3: newModernRowIndex(f.t3Rows), words: map[string]*wordFacts{}}
	heads := []string{"勾稽关系"}
	for _, c := range f.t2Columns {
		heads = append(heads, c.key)
	}
	ix.heads = newKeyFilter(append(heads, t3Header...))
	add := func(w string) {
		if ix.words[w] == nil {
			ix.words[w] = newWordFacts(f, &ix.heads, w)
			ix.asciiWord = ix.asciiWord || isASCII(w)
		}
	}
	for _, w := range vocabOf(f).vocab {
		add(w)
	}
	for _, rows := range [][]modernRow{f.t2Rows, f.t3Rows} {
		for _, row := range rows {
			add(row.label)
		}
	}
	for _, c := range f.t2Columns {
		add(c.label)
	}
	ix.byKey, ix.byRowKey = map[string]*wordFacts{}, map[string]*wordFacts{}
	for _, w := range ix.words {
		w.t2 = ix.t2.match(f.t2Rows, w.rowKey, "")
		w.t3Exact, w.t3Long = ix.t3.candidates(w.rowKey)
		if w.caption == "" {
			ix.byKey[w.key] = w
		}
		ix.byRowKey[w.rowKey] = w
	}
	x, _ := modernIndexCache.LoadOrStore(f, ix)
	return x.(*modernIndexes)
}

// cleanLabel is the printed label as records carry it, less any form
// instructions left in it (编写说明：…).
func cleanLabel(s string) string { return cleanLabelOf(Clean(s)) }

// cleanLabelOf is cleanLabel of a cleaned string (Label is labelOf of
// Clean).
func cleanLabelOf(clean string) string {
	l := labelOf(clean)
	if i := strings.Index(l, "编写说明"); i > 0 {
		l = l[:i]
	}
	return l
}
