package parser

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"nianbao"
)

// A rawRow is one table row before it is mapped to codes: its label cell
// and the cells after it.
type rawRow struct {
	label Cell
	rest  []Cell
	// end is set on the last row of a stream: the text stops after it.
	end bool
}

var (
	yearHeadRe = regexp.MustCompile(`(\d{4})\s*年\s*(度?)`)
	yearCellRe = regexp.MustCompile(`^\d{4}(年度?)?$`)
)

// findHeader returns the position of the table's header in g: the row,
// and for a stream the cell. ok is false when g does not hold t.
func (t *tableDef) findHeader(g *Grid) (row, cell int, ok bool) {
	ix := t.index()
	if ix.gate != 0 && !g.holdsRune(ix.gate) {
		return 0, 0, false // no cell holds a character every header key has
	}
	for i, r := range g.Rows {
		for j, c := range r {
			if len(c.Text) < 3 && !ix.header.all || !ix.header.mayHold(c.Text) {
				continue // no header key's first character: key(c.Text) holds none
			}
			k := key(c.Text)
			for _, h := range t.header {
				if strings.Contains(k, h) {
					return i, j, true
				}
			}
		}
	}
	return 0, 0, false
}

// isHeaderCell reports whether a stream cell belongs to a pre-2019 header.
func isHeaderCell(s string) bool {
	k := key(s)
	switch k {
	case "统计指标", "指标名称", "单位", "计量", "计量单位", "统计数", "历年累计", "年度", "本年度":
		return true
	}
	return yearCellRe.MatchString(k)
}

// read maps the rows of g to stats; findHeader found t's header in g at
// row hr (and cell hc of a stream).
func (t *tableDef) read(g *Grid, hr, hc int) ([]nianbao.Stat, []nianbao.Finding) {
	var header []Cell
	var rows []rawRow
	if g.Stream {
		cells := g.Rows[0][hc:]
		n := 0
		for n < len(cells) && (isHeaderCell(cells[n].Text) || n == 0) {
			n++
		}
		header = cells[:n]
		rows = t.segment(cells[n:])
	} else {
		header = g.Rows[hr]
		for _, r := range g.Rows[hr+1:] {
			if rr, ok := rowOf(r); ok {
				rows = append(rows, rr)
			}
		}
		if n := len(rows); n > 0 {
			rows[n-1].end = true // cells missing from the last row: cut off
		}
	}
	columns := t.columnLabels(header)
	placer := t.newRowPlacer(header)

	var (
		stats    []nianbao.Stat
		findings []nianbao.Finding
		top, sub string
		last     = -1
		seen     = make([]bool, len(t.rows)) // the template rows matched
		anySeen  bool
		unknown  []string
		blanks   blankCells
		values   floatSlab
	)
	// about a record a value column a row: made at once, not grown
	if len(rows) > 0 {
		stats = make([]nianbao.Stat, 0, len(rows)*len(t.columns))
	}
	var printed []bool // the columns the header prints; nil: all
	var strays []string
	if placer != nil {
		findings = append(findings, placer.findings(columns)...)
		printed = placer.printed
	}
	for _, r := range rows {
		clean := Clean(r.label.Text) // once for the label, the match and the enumerators
		label := labelOf(clean)
		unit, vals := splitUnit(r.rest)
		idx := t.matchKey(key(stripEnumClean(clean)), last)
		switch {
		case placer != nil && (hasNumber(r.rest) || len(r.rest) == len(placer.roles)):
			code := ""
			if idx >= 0 {
				code = t.rows[idx].code
				last, seen[idx], anySeen = idx, true, true
			}
			var f *nianbao.Finding
			var s []string
			if unit, vals, s, f = placer.place(label, code, r.rest); f != nil {
				findings = append(findings, *f)
				continue
			}
			strays = append(strays, s...)
		case placer != nil:
			unit, vals = "", nil // a heading row, or one with no number and not a cell a column
		}
		if idx < 0 {
			if isTopEnum(label) && !hasNumber(vals) {
				top, sub = label, ""
				continue
			}
			if hasNumber(vals) {
				unknown = append(unknown, label)
				stats = t.stats(stats, rowDef{label: label}, label, sectionOf(top, sub), unit, vals, columns, printed, &findings, &blanks, &values, r.end)
			}
			continue
		}
		def := t.rows[idx]
		last = idx
		seen[idx], anySeen = true, true
		if isTopEnum(label) {
			top, sub = label, ""
		} else if isSubEnum(clean) {
			sub = ""
		}
		if def.code == "" {
			if isSubEnum(clean) {
				sub = label
			}
			continue
		}
		stats = t.stats(stats, def, label, sectionOf(top, sub), unit, vals, columns, printed, &findings, &blanks, &values, r.end)
	}
	findings = append(findings, blanks.findings()...)
	if len(strays) > 0 {
		findings = append(findings, nianbao.Finding{Rule: "unknown-column", Severity: nianbao.SeverityWarning,
			Message: fmt.Sprintf("%s: %d value(s) under %s, a column the template does not have, not read: %s",
				t.name, len(strays), strings.Join(placer.others, ", "), strings.Join(strays, "; "))})
	}
	if len(unknown) > 0 {
		findings = append(findings, nianbao.Finding{Rule: "unknown-row", Severity: nianbao.SeverityInfo,
			Message: fmt.Sprintf("%d row(s) not in the %s template kept without a code: %s", len(unknown), t.id, strings.Join(unknown, "; "))})
	}
	if anySeen {
		var missing []string
		for i, d := range t.rows {
			if d.code != "" && !seen[i] && t.allRows {
				missing = append(missing, d.code)
			}
		}
		if len(missing) > 0 {
			findings = append(findings, nianbao.Finding{Rule: "missing-rows", Severity: nianbao.SeverityWarning, Codes: missing,
				Message: fmt.Sprintf("%d row(s) of the %s table are not in the document: %s", len(missing), t.id, strings.Join(missing, ", "))})
		}
	}
	return stats, findings
}

// A floatSlab hands out pointers to the values of a table's records
// from blocks of 64: one allocation a block, not one a record.
type floatSlab struct{ buf []float64 }

// ptr returns a pointer to a new float64 holding x.
func (s *floatSlab) ptr(x float64) *float64 {
	if len(s.buf) == cap(s.buf) {
		s.buf = make([]float64, 0, 64)
	}
	s.buf = append(s.buf, x)
	return &s.buf[len(s.buf)-1]
}

func sectionOf(top, sub string) string {
	if sub != "" {
		return sub
	}
	return top
}

// stats makes the records of one row, one per value column the header
// prints (printed; nil: every one). Blank cells go to blanks, to be said
// once for the table. The values are put in values.
func (t *tableDef) stats(out []nianbao.Stat, def rowDef, label, section, unit string, vals []Cell, columns []string, printed []bool, findings *[]nianbao.Finding, blanks *blankCells, values *floatSlab, end bool) []nianbao.Stat {
	if unit == "" || isDash(unit) {
		unit = def.unit
	}
	for j, col := range t.columns {
		if printed != nil && !printed[j] {
			continue // not printed: said in missing-column
		}
		s := nianbao.Stat{Table: t.name, Section: section, Code: def.code, Dim: col.dim, Row: label, Column: columns[j], Unit: unit}
		// the cell's name, for a finding or a blank (most cells have none)
		name := func() string {
			n := label
			if def.code != "" {
				n = def.code + " (" + label + ")"
			}
			if col.dim != "" {
				n += " " + columns[j]
			}
			return n
		}
		if j >= len(vals) {
			if end {
				*findings = append(*findings, nianbao.Finding{Rule: "truncated", Severity: nianbao.SeverityWarning, Codes: codes(def.code),
					Message: fmt.Sprintf("the table text stops at %s: no value printed", name())})
			} else {
				blanks.add(t.name, def.code, name()+" (no cell)")
			}
			out = append(out, s)
			continue
		}
		c := vals[j]
		s.Raw = c.Text
		v := readNumber(c.Text)
		switch v.problem {
		case "":
			x := v.num
			if cv, ok := convertUnit(x, v.unit, unit); ok {
				x = cv
			}
			s.Value = values.ptr(x)
		case "blank":
			if !c.Unplaced { // a short row's cells are said in short-row
				blanks.add(t.name, def.code, name()+lineNote(c))
			}
		default:
			*findings = append(*findings, cellFinding(v.problem, def.code, name(), c))
		}
		out = append(out, s)
	}
	return out
}

func lineNote(c Cell) string {
	if c.Line > 0 {
		return fmt.Sprintf(" (line %d)", c.Line)
	}
	return ""
}

func codes(c string) []string {
	if c == "" {
		return nil
	}
	return []string{c}
}

// columnLabels returns the label of each value column: the template's, or
// the header's for the year column of the Fujian annex (2015年度).
func (t *tableDef) columnLabels(header []Cell) []string {
	var text strings.Builder
	for _, c := range header {
		text.WriteString(c.Text)
	}
	out := make([]string, len(t.columns))
	for j, c := range t.columns {
		out[j] = c.label
		if c.label == "" {
			if m := yearHeadRe.FindStringSubmatch(text.String()); m != nil {
				out[j] = m[1] + "年" + m[2]
			} else {
				out[j] = "本年度"
			}
		}
	}
	return out
}

// rowOf turns a grid row into a label and the cells after it. Copies of a
// cell spanning columns are blanked, so a section label spread over the
// whole row is not read as its own unit and value.
func rowOf(r []Cell) (rawRow, bool) {
	for i, c := range r {
		if c.Text == "" || c.Spanned && !c.RowSpanned {
			continue
		}
		if !hasHan(c.Text) || isUnitCell(c.Text) {
			return rawRow{}, false
		}
		rest := make([]Cell, 0, len(r)-i-1)
		for _, x := range r[i+1:] {
			if x.Spanned && x.Text == c.Text {
				x.Text = ""
			}
			rest = append(rest, x)
		}
		return rawRow{label: c, rest: rest}, true
	}
	return rawRow{}, false
}

// segment splits a stream of cells into rows: a label cell starts a row.
// A label the template does not know is joined with the next cell when
// the two together make a known label (a label broken over two lines).
func (t *tableDef) segment(cells []Cell) []rawRow {
	// most rows are a label and a value or more: room for that many
	rows := make([]rawRow, 0, len(cells)/2+1)
	// A row's value cells are the cells after its label up to the next
	// label: a slice of cells (capped, so that no append writes into
	// the next row), not a copy.
	start := 0 // of the last row's value cells
	for i, c := range cells {
		if labelCell(c.Text) { // an ASCII cell (most values) is no label, known before isLabelCell reads it
			if n := len(rows); n > 0 && len(rows[n-1].rest) == 0 && t.match(rows[n-1].label.Text, -1) < 0 &&
				t.match(rows[n-1].label.Text+c.Text, -1) >= 0 {
				rows[n-1].label.Text += c.Text
				start = i + 1
				continue
			}
			rows = append(rows, rawRow{label: c})
			start = i + 1
			continue
		}
		if n := len(rows); n > 0 {
			rows[n-1].rest = cells[start : i+1 : i+1]
		}
	}
	if n := len(rows); n > 0 {
		rows[n-1].end = true
	}
	return rows
}

// splitUnit separates the unit cell from the value cells.
func splitUnit(rest []Cell) (string, []Cell) {
	if len(rest) == 0 {
		return "", nil
	}
	first := strings.ReplaceAll(rest[0].Text, " ", "")
	if first == "" || isUnitCell(first) {
		return first, rest[1:]
	}
	return "", rest
}

func hasNumber(cells []Cell) bool {
	for _, c := range cells {
		if readNumber(c.Text).problem == "" {
			return true
		}
	}
	return false
}

// match finds the template row for a printed label. Among several rows
// with the same label (被依法纠错数 under both 复议 and 诉讼) it takes the
// first one after the row matched last. A printed label may add notes to
// the template's (or leave its notes out): a prefix match of at least four
// characters counts when no label matches whole.
func (t *tableDef) match(label string, last int) int {
	return t.matchKey(key(stripEnum(label)), last)
}

// matchKey is match of a label's key (key(stripEnum(label))).
func (t *tableDef) matchKey(k string, last int) int {
	if k == "" {
		return -1
	}
	ix := t.index()
	if !atLeastRunes(k, 4) {
		// only a whole label matches a key this short
		return pickRow(ix.exact[k], last, matchExact, func(rowKeyRef) int { return matchExact })
	}
	// A prefix match of two keys of at least four runes means the same
	// first four runes: the candidates are the keys of that bucket, in
	// the order of the rows and of their names.
	cands := ix.prefix[firstRunes4(k)]
	how := func(c rowKeyRef) int {
		rk := ix.rowKeys[c.row][c.name].k
		switch {
		case rk == k:
			return matchExact
		case strings.HasPrefix(k, rk) || strings.HasPrefix(rk, k):
			return matchPrefix
		}
		return matchNone
	}
	if i := pickRow(cands, last, matchExact, how); i >= 0 {
		return i
	}
	return pickRow(cands, last, matchPrefix, how)
}

// How a row's name matches a label (see pickRow).
const (
	matchNone = iota
	matchExact
	matchPrefix
)

// pickRow returns, among the rows of the candidate names, the first row
// after last that matches the label as want says (exact or prefix), or
// the first such row when none comes after last, or -1. A row matches
// as its first matching name does (how), its names tried in order.
func pickRow(cands []rowKeyRef, last, want int, how func(rowKeyRef) int) int {
	first, decided := -1, -1
	for _, c := range cands {
		if c.row == decided {
			continue // an earlier name of the row matched
		}
		m := how(c)
		if m == matchNone {
			continue
		}
		decided = c.row
		if m != want {
			continue
		}
		if c.row > last {
			return c.row
		}
		if first < 0 {
			first = c.row
		}
	}
	return first
}

// A rowIndex is what match and findHeader look a table's rows and header
// up in, made once per table.
type rowIndex struct {
	rowKeys [][]rowKey // each row's label and aliases, keyed
	// exact lists the rows' names by key; prefix lists the names of at
	// least four runes by their first four runes (the keys that can
	// match as a prefix). Both in the order of the rows and names.
	exact  map[string][]rowKeyRef
	prefix map[string][]rowKeyRef
	// header filters cells by the first characters of the header keys,
	// which key keeps as they are when they are ideographs.
	header keyFilter
	// gate is an ideograph every header key holds (0 if none): a grid
	// none of whose cells holds it holds no header. The row tables'
	// headers share one (统计指标, 指标名称: 指), so that the grid is
	// searched for it once for all of them (Grid.holdsRune).
	gate rune
}

// A rowKeyRef names one name (label or alias) of one row.
type rowKeyRef struct{ row, name int }

// index returns t's row index, made on first use.
func (t *tableDef) index() *rowIndex {
	t.indexOnce.Do(func() {
		f := newKeyFilter(t.header)
		ix := &rowIndex{exact: map[string][]rowKeyRef{}, prefix: map[string][]rowKeyRef{},
			header: f}
		ix.rowKeys = make([][]rowKey, len(t.rows))
		for i, r := range t.rows {
			for j, n := range append([]string{r.label}, r.aliases...) {
				k := key(stripEnum(n))
				long := atLeastRunes(k, 4)
				ix.rowKeys[i] = append(ix.rowKeys[i], rowKey{k: k, long: long})
				ref := rowKeyRef{row: i, name: j}
				ix.exact[k] = append(ix.exact[k], ref)
				if long {
					p := firstRunes4(k)
					ix.prefix[p] = append(ix.prefix[p], ref)
				}
			}
		}
		ix.gate = headerGate(t.header)
		t.rowIndex = ix
	})
	return t.rowIndex
}

// firstRunes4 returns the first four runes of s (all of s if shorter).
func firstRunes4(s string) string {
	i := 0
	for n := 0; n < 4 && i < len(s); n++ {
		if s[i] < utf8.RuneSelf {
			i++
		} else if _, ok := rune3(s, i); ok {
			i += 3 // most keys: ideographs, read from their bytes
		} else {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
	}
	return s[:i]
}

// atLeastRunes reports whether s holds n runes or more, decoding at most
// n of them.
func atLeastRunes(s string, n int) bool {
	if len(s) < n {
		return false
	}
	if len(s) >= n*utf8.UTFMax {
		return true
	}
	for i := 0; i < n; i++ {
		if s == "" {
			return false
		}
		_, size := utf8.DecodeRuneInString(s)
		s = s[size:]
	}
	return true
}

// cellFinding is the finding for a value cell that holds something
// other than a number: a dash or word, or text that cannot be read.
// Blank cells are gathered in blankCells instead.
func cellFinding(problem, code, name string, c Cell) nianbao.Finding {
	switch problem {
	case "dash", "word":
		return nianbao.Finding{Rule: "no-number", Severity: nianbao.SeverityWarning, Codes: codes(code),
			Message: fmt.Sprintf("%s: the cell says %q, not a number%s", name, c.Text, lineNote(c))}
	}
	return nianbao.Finding{Rule: "unreadable-cell", Severity: nianbao.SeverityError, Codes: codes(code),
		Message: fmt.Sprintf("%s: cannot read %q as a number%s", name, c.Text, lineNote(c))}
}

// headerGate returns an ideograph of U+4E00–U+9FFF (key keeps them as
// they are) that every key of header holds, 0 if none: of those, the one
// the most row tables of the registry hold in every header key, then the
// lowest, so that the row tables ask a grid for the same one.
func headerGate(header []string) rune {
	common := func(keys []string) map[rune]bool {
		set := map[rune]bool{}
		for i, k := range keys {
			in := map[rune]bool{}
			for _, r := range k {
				if r >= 0x4E00 && r <= 0x9FFF && (i == 0 || set[r]) {
					in[r] = true
				}
			}
			set = in
		}
		return set
	}
	best, bestN := rune(0), -1
	for r := range common(header) {
		n := 0
		for _, t := range registry {
			if t.table != nil && common(t.table.header)[r] {
				n++
			}
		}
		if n > bestN || n == bestN && r < best {
			best, bestN = r, n
		}
	}
	return best
}
