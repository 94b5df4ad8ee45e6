package parser

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"nianbao"
)

// Rows of the 2019 layout become records here: a row's values go to the
// columns of its table (table 二's header, or its revision's defaults when
// the header was cut off; table 三's seven applicant columns; the 15 cells
// of table 四), cells missing or extra are said.

// flush turns the pending row into stats.
func (r *modernReader) flush() {
	p := r.cur
	r.cur = nil
	if p == nil {
		return
	}
	if !p.known && !tokHasNumber(p.vals) {
		return
	}
	if p.known && p.def.groupable && len(p.vals) == 0 {
		r.setGroup(p.label, p.def.key)
		return
	}
	if p.known && len(p.def.tolerated) > 0 {
		// an old wording some revisions still print: said in old-labels, not a vote
		r.oldLabel = append(r.oldLabel, oldLabel{label: p.label, row: *p.def})
	} else if p.known {
		r.vote(p.def.prints)
	}
	switch p.table {
	case 2:
		cols := r.cols
		if cols == nil {
			m := r.guess().modern
			for _, dim := range m.t2Defaults[captionNum(p.section)] {
				for _, c := range m.t2Columns {
					if c.dim == dim {
						cols = append(cols, c)
						break
					}
				}
			}
			if cols == nil {
				r.findings = append(r.findings, nianbao.Finding{Rule: "no-header", Severity: nianbao.SeverityError, Codes: codes(p.def.code),
					Message: fmt.Sprintf("%s %s: no column header before it, values not read", table2, p.label)})
				return
			}
		}
		labels, dims, units := r.t2Parts(cols)
		if r.cols != nil {
			p.vals = r.align(p, r.colStart)
			labels, dims, units = r.knownT2(p, labels, dims, units)
		}
		r.emit(p, table2, labels, dims, units)
	case 3:
		if m := r.t3Map(); m != nil && !m.canonical && placed(p.vals) {
			r.emitPlaced(p, m)
			return
		}
		if textForms[r.form] && r.placeByWords(p) {
			return
		}
		if r.map3 == nil && len(r.textOrder3()) == 0 && !r.byPosition(p) {
			return
		}
		r.emit(p, table3, t3EmitLabels, t3EmitDims, t3EmitUnits)
	}
}

// t2Parts returns the labels, dims and units of the columns cols, as emit
// takes them (it reads them only, and see keeps dims). The rows of a
// sub-table of table 二 share its header's columns: they are made once
// for them (r.cols only grows by appends, or is dropped for a new one).
func (r *modernReader) t2Parts(cols []colSpec) (labels, dims, units []string) {
	if len(cols) > 0 && r.t2Cols == &cols[0] && len(r.t2Dims) == len(cols) {
		return r.t2Labels, r.t2Dims, r.t2Units
	}
	parts := make([]string, 3*len(cols))
	labels, dims, units = parts[:len(cols):len(cols)], parts[len(cols):2*len(cols):2*len(cols)], parts[2*len(cols):]
	for i, c := range cols {
		labels[i], dims[i], units[i] = c.label, c.dim, c.unit
	}
	if len(cols) > 0 {
		r.t2Cols, r.t2Labels, r.t2Dims, r.t2Units = &cols[0], labels, dims, units
	}
	return labels, dims, units
}

// t3EmitLabels, t3EmitDims and t3EmitUnits are the columns of table 三 as emit takes
// them (it reads them only), made once instead of for every row.
var t3EmitLabels, t3EmitDims, t3EmitUnits = t3ColumnParts()

func t3ColumnParts() (labels, dims, units []string) {
	for _, c := range t3Columns {
		labels, dims, units = append(labels, c.label), append(dims, c.dim), append(units, "件")
	}
	return labels, dims, units
}

func captionNum(caption string) string {
	if m := captionRe.FindStringSubmatch(Clean(caption)); m != nil {
		return m[1]
	}
	return ""
}

// emit makes the stats of one row, a value a column.
func (r *modernReader) emit(p *pending, table string, labels, dims, units []string) {
	if r.stats == nil && len(r.seen) == 0 {
		// the tables print about 230 values in some 40 rows: room for
		// them at once
		r.stats, r.seen = make([]nianbao.Stat, 0, 256), make([]seenRow, 0, 48)
	}
	r.commitMissing(false)
	if len(p.vals) == 1 && p.vals[0].cell.Glued {
		var check func([]float64) bool
		var sums []sumSpan
		if table == table3 {
			check = rowSumCheck
			if len(labels) == 7 {
				sums = rowSumSpans
			}
		}
		if !r.unglue(p, len(labels), check, sums, table) {
			// several splits or none: every cell missing, the run kept
			for j := range labels {
				r.stats = append(r.stats, nianbao.Stat{Table: table, Section: p.section, Code: p.def.code, Dim: dims[j],
					Row: p.label, Column: labels[j], Unit: units[j], Raw: p.vals[0].text})
			}
			r.see(p.def.code, dims)
			r.lastCode = p.def.code
			return
		}
	}
	vals := p.vals
	n := len(labels)
	if len(vals) > n {
		for _, extra := range vals[n:] {
			if readNumber(extra.text).problem != "blank" {
				r.findings = append(r.findings, nianbao.Finding{Rule: "extra-cells", Severity: nianbao.SeverityWarning, Codes: codes(p.def.code),
					Message: fmt.Sprintf("%s %s: %d cells for %d columns; %q and after not read%s", table, p.label, len(vals), n, extra.text, lineNote(extra.cell))})
				break
			}
		}
		vals = vals[:n]
	}
	if p.stream && len(vals) > 0 && len(vals) < n {
		r.short = append(r.short, fmt.Sprintf("%s (%d of %d)", p.label, len(vals), n))
	}
	code := p.def.code
	r.lastCode = code
	at := -1 // code's place in r.seen: its rows read before, found once
	if code != "" {
		at = r.seenAt(code)
		if at >= 0 && slices.Contains(r.seen[at].dims, dims[0]) { // a row of code read with the column dims[0]
			r.findings = append(r.findings, nianbao.Finding{Rule: "duplicate-row", Severity: nianbao.SeverityWarning, Codes: codes(code),
				Message: fmt.Sprintf("%s %s printed twice; the first is kept", table, p.label)})
			return
		}
	} else {
		r.findings = append(r.findings, nianbao.Finding{Rule: "unknown-row", Severity: nianbao.SeverityInfo,
			Message: fmt.Sprintf("%s: row %q is not in the template; kept without a code", table, p.label)})
	}
	r.seeAt(at, code, dims)
	for j := range labels {
		s := nianbao.Stat{Table: table, Section: p.section, Code: code, Dim: dims[j], Row: p.label, Column: labels[j], Unit: units[j]}
		name := func() string { // for messages only: most cells need none
			n := p.label + " × " + labels[j]
			if code != "" {
				n = code + "/" + dims[j] + " (" + n + ")"
			}
			return n
		}
		if j >= len(vals) || vals[j].absent {
			r.missing = append(r.missing, name())
			r.stats = append(r.stats, s)
			continue
		}
		c := vals[j]
		s.Raw = c.text
		v := readValue(c.text)
		switch v.problem {
		case "":
			x := v.num
			if cv, ok := convertUnit(x, v.unit, s.Unit); ok {
				x = math.Round(cv*1e8) / 1e8
			}
			s.Value = r.valuePtr(x)
			if dims[j] == "amount" && v.unit == "" && x != 0 && !strings.Contains(labels[j], s.Unit) {
				r.findings = append(r.findings, nianbao.Finding{Rule: "unit-assumed", Severity: nianbao.SeverityInfo, Codes: codes(code),
					Message: fmt.Sprintf("%s: %q has no unit; read in the column's unit, %s", name(), c.text, s.Unit)})
			}
		case "blank":
			if c.cell.Unplaced {
				break // said in short-row
			}
			if table == table3 && dims[j] == "" {
				r.blankTot = append(r.blankTot, p.label) // said once, in blank-total
			} else {
				r.blanks.add(table, code, name()+lineNote(c.cell))
			}
		default:
			r.findings = append(r.findings, cellFinding(v.problem, code, name(), c.cell))
		}
		r.stats = append(r.stats, s)
	}
}

// see records that the row of code was read with the columns dims (a
// row with no code is not recorded). dims is kept: it must not change.
func (r *modernReader) see(code string, dims []string) {
	if code == "" {
		return
	}
	r.seeAt(r.seenAt(code), code, dims)
}

// seenAt returns the index of code's row in r.seen, -1 if none.
func (r *modernReader) seenAt(code string) int {
	for i := range r.seen {
		if r.seen[i].code == code {
			return i
		}
	}
	return -1
}

// seeAt is see of code, whose place in r.seen seenAt returned.
func (r *modernReader) seeAt(at int, code string, dims []string) {
	if code == "" || len(dims) == 0 {
		return
	}
	if at >= 0 {
		r.seen[at].dims = append(r.seen[at].dims, dims...)
		return
	}
	r.seen = append(r.seen, seenRow{code, dims[:len(dims):len(dims)]}) // a later append copies
}

// A seenRow is a code and the dims read for it (a table has some 40
// rows: read in a slice, not a map).
type seenRow struct {
	code string
	dims []string
}

// finishT4 turns the values of table 四 into stats.
func (r *modernReader) finishT4() {
	if len(r.t4) == 0 {
		return
	}
	if len(r.t4) == 1 && r.t4[0].cell.Glued {
		p := &pending{def: &noRow, vals: r.t4, label: "行政复议、行政诉讼"}
		if !r.unglue(p, 15, t4Check, t4Spans, table4) {
			p.vals = nil
			for gi, g := range t4Groups {
				for oi, o := range t4Outcomes {
					r.stats = append(r.stats, nianbao.Stat{Table: table4, Section: g.section, Code: t4Codes[gi][oi],
						Row: g.row, Column: o.label, Unit: "件", Raw: r.t4[0].text})
				}
			}
			return
		}
		r.t4 = p.vals
	}
	vals, printed := r.t4, []bool(nil)
	m := r.t4Map()
	byHeader := m != nil && !m.canonical && placed(vals)
	switch {
	case byHeader && m.outside(vals):
		raws := make([]string, len(vals))
		for i, v := range vals {
			raws[i] = fmt.Sprintf("%q", v.text)
		}
		r.findings = append(r.findings, nianbao.Finding{Rule: "unplaced-row", Severity: nianbao.SeverityWarning,
			Message: fmt.Sprintf("%s: cells outside the columns of the table's header; not read: %s", table4, strings.Join(raws, " "))})
		return
	case byHeader:
		var strays [][2]string
		var dupes []string
		vals, strays, dupes = m.place(vals)
		printed = m.printed
		r.stray(table4, "", "", strays, dupes)
	case textForms[r.form]:
		vals = r.orderT4(vals)
	}
	for gi, g := range t4Groups {
		for oi, o := range t4Outcomes {
			code := t4Codes[gi][oi]
			s := nianbao.Stat{Table: table4, Section: g.section, Code: code, Row: g.row, Column: o.label, Unit: "件"}
			i := gi*5 + oi
			if printed != nil && !printed[i] {
				continue // the header does not print it: said in missing-column
			}
			if i >= len(vals) || vals[i].absent {
				r.missing = append(r.missing, fmt.Sprintf("%s (%s × %s)", code, g.row, o.label))
				r.stats = append(r.stats, s)
				continue
			}
			c := vals[i]
			s.Raw = c.text
			v := readValue(c.text)
			switch v.problem {
			case "":
				s.Value = r.valuePtr(v.num)
			case "blank":
				if c.cell.Unplaced {
					break // said in short-row
				}
				r.blanks.add(table4, code, fmt.Sprintf("%s (%s × %s)%s", code, g.row, o.label, lineNote(c.cell)))
			default:
				r.findings = append(r.findings, cellFinding(v.problem, code, fmt.Sprintf("%s (%s × %s)", code, g.row, o.label), c.cell))
			}
			r.stats = append(r.stats, s)
		}
	}
}

// t4Codes are the codes of table 四's 15 cells, by group and outcome
// (t4Groups, t4Outcomes), made once.
var t4Codes = func() (c [3][5]string) {
	for gi, g := range t4Groups {
		for oi, o := range t4Outcomes {
			c[gi][oi] = g.prefix + "." + o.code
		}
	}
	return c
}()

// commitMissing turns the cells absent from the last row into a finding:
// missing-cell when more rows follow, truncated when the text stops there.
func (r *modernReader) commitMissing(end bool) {
	if len(r.missing) == 0 {
		return
	}
	if end {
		r.findings = append(r.findings, nianbao.Finding{Rule: "truncated", Severity: nianbao.SeverityWarning,
			Message: fmt.Sprintf("the text stops mid-row: no value for %s", strings.Join(r.missing, "; "))})
	} else {
		r.findings = append(r.findings, nianbao.Finding{Rule: "missing-cell", Severity: nianbao.SeverityWarning,
			Message: fmt.Sprintf("no value printed for %s", strings.Join(r.missing, "; "))})
	}
	r.missing = nil
}

// readValue is readNumber(s), with a count of plain digits read at once:
// most value cells, and every split of a glued run, are one.
func readValue(s string) cellValue {
	if n := len(s); n > 0 && n < gluedDigits && (s[0] != '0' || n == 1) {
		v := 0
		for i := 0; i < n; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return readNumber(s)
			}
			v = v*10 + int(c-'0')
		}
		return cellValue{num: float64(v)} // exact, as ParseFloat reads it
	}
	return readNumber(s)
}

func tokHasNumber(ts []tok) bool {
	for _, t := range ts {
		if readValue(t.text).problem == "" {
			return true
		}
	}
	return false
}

// align puts the value cells of a table-二 row under the header columns
// that cover their grid columns, when both are known: a header cell may
// span two grid columns where the data has two cells (本年增/减 over "-1"
// and a blank). A column takes its first non-blank cell; a second one is
// reported, not added.
func (r *modernReader) align(p *pending, starts []int) []tok {
	for _, s := range starts {
		if s < 0 {
			return p.vals
		}
	}
	for _, v := range p.vals {
		if v.col < 0 {
			return p.vals
		}
	}
	out := make([]tok, len(starts))
	filled := make([]bool, len(starts))
	for i := range out {
		out[i] = tok{col: -1}
	}
	for _, v := range p.vals {
		j := -1
		for k, s := range starts {
			if v.col >= s {
				j = k
			}
		}
		if j < 0 {
			continue
		}
		blank := strings.TrimSpace(v.text) == ""
		switch {
		case !filled[j] && (!blank || out[j].col < 0):
			out[j] = v
			filled[j] = !blank
		case filled[j] && !blank:
			r.findings = append(r.findings, nianbao.Finding{Rule: "extra-cells", Severity: nianbao.SeverityWarning, Codes: codes(p.def.code),
				Message: fmt.Sprintf("%s %s: two values, %q and %q, under %s; the first is kept", table2, p.label, out[j].text, v.text, r.cols[j].label)})
		}
	}
	// a column no cell falls under is missing, not blank
	n := len(out)
	for n > 0 && out[n-1].col < 0 {
		n--
	}
	return out[:n]
}

// emitPlaced makes the stats of a row of table 三 whose header does not
// print the template's columns in the template's order: each cell goes to
// the column its header names, a column not printed gets no stat.
func (r *modernReader) emitPlaced(p *pending, m *colMap) {
	if m.outside(p.vals) {
		r.unplaced(p, "cells outside the columns of the table's header")
		return
	}
	placed, strays, dupes := m.place(p.vals)
	r.stray(table3, p.label, p.def.code, strays, dupes)
	var labels, dims, units []string
	var vals []tok
	for i, c := range t3Columns {
		if !m.printed[i] {
			continue
		}
		labels, dims, units = append(labels, c.label), append(dims, c.dim), append(units, "件")
		vals = append(vals, placed[i])
	}
	q := *p
	q.vals = vals
	r.emit(&q, table3, labels, dims, units)
}

// stray keeps the cells of a row under headers the template does not have
// (said once a header, in unknown-column) and says two values under one.
func (r *modernReader) stray(table, row, code string, strays [][2]string, dupes []string) {
	for _, s := range strays {
		r.strays = append(r.strays, stray{table: table, header: s[0], row: row, code: code, raw: s[1]})
	}
	if len(dupes) > 0 {
		r.findings = append(r.findings, nianbao.Finding{Rule: "extra-cells", Severity: nianbao.SeverityWarning, Codes: codes(code),
			Message: fmt.Sprintf("%s %s: two values under one column (%s); the first is kept", table, row, strings.Join(dupes, ", "))})
	}
}
