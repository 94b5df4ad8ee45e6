package parser

import (
	"fmt"
	"slices"
	"strings"

	"nianbao"
)

// Columns by their headers in text forms. A rendering that does not
// place cells at their columns (" | " rows, one cell a line, a stream)
// still prints the header words in reading order: 自然人, 法人或其他组织,
// 总计 on the first header row, then the five kinds of organisation under
// 法人或其他组织 on the next. The organisations go where 法人或其他组织
// stands, and the order of the words is the order of the columns. A row
// with as many values as the header has columns is read in that order; a
// table without header words, or a row whose count does not match, is
// read by position only when it has exactly the template's seven values
// (columns-by-position).

// t3Orgs are the columns of table 三 printed under 法人或其他组织.
var t3Orgs = map[int]bool{1: true, 2: true, 3: true, 4: true, 5: true}

// headWord keeps a header word of table 三 or 四 read from a text form.
func (r *modernReader) headWord(k string) {
	if !textForms[r.form] {
		return
	}
	switch {
	case r.table == 3 && !r.t3Data && r.order3 == nil:
		if r.words3 == nil {
			r.words3 = make([]string, 0, 8) // a header prints about 8 words
		}
		r.words3 = append(r.words3, k)
	case r.table == 4 && len(r.t4) == 0 && r.order4 == nil:
		if r.words4 == nil {
			r.words4 = make([]string, 0, 16) // and table 四 about 10
		}
		r.words4 = append(r.words4, k)
	}
}

// t3WordOrder returns the columns of table 三 the header words print, in
// the order of the columns; nil if the words do not make a header (none,
// a column twice, neither 法人或其他组织 nor both 自然人 and 总计).
func t3WordOrder(words []string) []int {
	var before, orgs, after []int
	group := false
	seen := map[int]bool{}
	for _, w := range words {
		if w == "法人或其他组织" {
			group = true
			continue
		}
		i, ok := t3Leaf(w)
		if !ok {
			continue
		}
		if seen[i] {
			return nil
		}
		seen[i] = true
		switch {
		case t3Orgs[i] && group:
			orgs = append(orgs, i)
		case group:
			after = append(after, i)
		default:
			before = append(before, i)
		}
	}
	out := append(append(before, orgs...), after...)
	// a header names the applicant columns, or 法人或其他组织 over them; words
	// that are neither (the organisations alone, under headings of their
	// own) are not one
	if !group && (!seen[0] || !seen[6]) {
		return nil
	}
	return out
}

// t4WordOrder returns the order of the three groups of table 四 the
// header words print (0 行政复议, 1 未经复议直接起诉, 2 复议后起诉), the five
// outcomes of each in the template's order; nil if the words do not name
// all three groups once.
func t4WordOrder(words []string) []int {
	var top, lit []int
	for _, w := range words {
		switch w {
		case "行政复议":
			top = append(top, 0)
		case "行政诉讼":
			top = append(top, 1)
		case "未经复议直接起诉":
			lit = append(lit, 1)
		case "复议后起诉":
			lit = append(lit, 2)
		}
	}
	if len(top) != 2 || top[0] == top[1] || len(lit) != 2 || lit[0] == lit[1] {
		return nil
	}
	if top[0] == 0 {
		return []int{0, lit[0], lit[1]}
	}
	return []int{lit[0], lit[1], 0}
}

// ordered reports whether order is 0, 1, …, n-1.
func ordered(order []int, n int) bool {
	if len(order) != n {
		return false
	}
	for i, o := range order {
		if o != i {
			return false
		}
	}
	return true
}

// textOrder3 returns the order of table 三's columns from its header
// words, once, saying the columns the header does not print.
func (r *modernReader) textOrder3() []int {
	if r.order3 == nil && len(r.words3) > 0 {
		r.order3 = t3WordOrder(r.words3)
		if r.order3 == nil {
			r.order3 = []int{}
		}
		r.words3 = nil
	}
	return r.order3
}

// placeByWords puts the values of a table-三 row of a text form under the
// columns of its header words. It reports false when the header is the
// template's (positions are right) or no header was read.
func (r *modernReader) placeByWords(p *pending) bool {
	order := r.textOrder3()
	if len(order) == 0 || ordered(order, len(t3Columns)) {
		return false
	}
	vals := trimBlanks(p.vals, len(order))
	if len(vals) == 1 && vals[0].cell.Glued {
		var ok bool
		if vals, ok = splitByOrder(vals[0], order); !ok {
			r.unplaced(p, fmt.Sprintf("the digits run together and the row's arithmetic does not split them in one way into %d values", len(order)))
			return true
		}
	}
	if len(vals) != len(order) {
		r.unplaced(p, fmt.Sprintf("%d values under a header of %d columns", len(vals), len(order)))
		return true
	}
	if !r.said3 {
		r.said3 = true
		printed := make([]bool, len(t3Columns))
		for _, o := range order {
			printed[o] = true
		}
		r.findings = append(r.findings, headerFindings(table3, &colMap{printed: printed}, t3Labels())...)
	}
	var labels, dims, units []string
	var placed []tok
	for i, c := range t3Columns {
		j := slices.Index(order, i)
		if j < 0 {
			continue
		}
		labels, dims, units = append(labels, c.label), append(dims, c.dim), append(units, "件")
		placed = append(placed, vals[j])
	}
	q := *p
	q.vals = placed
	r.emit(&q, table3, labels, dims, units)
	return true
}

// trimBlanks drops blank cells after the first n (the empty cells a " | "
// rendering leaves at the end of a row).
func trimBlanks(vals []tok, n int) []tok {
	for len(vals) > n && readNumber(vals[len(vals)-1].text).problem == "blank" {
		vals = vals[:len(vals)-1]
	}
	return vals
}

// unplaced keeps a row of table 三 whose values cannot be put under
// their columns with certainty: no value, the raw cells in a finding.
func (r *modernReader) unplaced(p *pending, why string) {
	raws := make([]string, len(p.vals))
	for i, v := range p.vals {
		raws[i] = fmt.Sprintf("%q", v.text)
	}
	r.findings = append(r.findings, nianbao.Finding{Rule: "unplaced-row", Severity: nianbao.SeverityWarning, Codes: codes(p.def.code),
		Message: fmt.Sprintf("%s %s: %s; not read: %s", table3, p.label, why, strings.Join(raws, " "))})
	r.lastCode = p.def.code
}

// splitByOrder splits a glued run into the columns of order, when the
// row's arithmetic (总计 the sum of the others, if 总计 is printed)
// leaves one way.
func splitByOrder(run tok, order []int) ([]tok, bool) {
	tot := slices.Index(order, 6)
	var check func([]float64) bool
	if tot >= 0 {
		check = func(v []float64) bool {
			s := 0.0
			for i, x := range v {
				if i != tot {
					s += x
				}
			}
			return approx(s, v[tot])
		}
	}
	// one split or not: a second one found is enough to say no
	splits := splitGlued(run.text, len(order), check, 2)
	if len(splits) != 1 {
		return nil, false
	}
	out := make([]tok, len(splits[0]))
	for i, x := range splits[0] {
		c := run.cell
		c.Text, c.Glued = x, false
		out[i] = tok{text: x, line: run.line, cell: c, col: -1}
	}
	return out, true
}

// orderT4 puts the 15 values of table 四 read from a text form in the
// template's order of groups, when the header words print the groups in
// another order (the two litigation groups swapped, 行政诉讼 before
// 行政复议). A count other than 15 is left as read.
func (r *modernReader) orderT4(vals []tok) []tok {
	if r.order4 == nil {
		r.order4 = t4WordOrder(r.words4)
		if r.order4 == nil {
			r.order4 = []int{}
		}
		r.words4 = nil
	}
	if len(r.order4) != 3 || ordered(r.order4, 3) || len(vals) != 15 {
		return vals
	}
	out := make([]tok, 15)
	for i, v := range vals {
		out[r.order4[i/5]*5+i%5] = v
	}
	return out
}

// byPosition decides for a row of table 三 printed under no header the
// reader recognises: it is read by position only with exactly the
// template's seven values (said once, in columns-by-position) or one
// glued run the row's arithmetic splits; any other count is not read.
func (r *modernReader) byPosition(p *pending) bool {
	vals := trimBlanks(p.vals, len(t3Columns))
	switch {
	case len(vals) == 1 && vals[0].cell.Glued:
		return true
	case len(vals) != len(t3Columns):
		r.unplaced(p, fmt.Sprintf("%d values, no header to place them under, %d columns in the template", len(vals), len(t3Columns)))
		return false
	}
	if !r.saidPos {
		r.saidPos = true
		r.findings = append(r.findings, nianbao.Finding{Rule: "columns-by-position", Severity: nianbao.SeverityInfo,
			Message: fmt.Sprintf("%s: no column header read; rows of %d values read in the template's order (%s)",
				table3, len(t3Columns), strings.Join(t3Labels(), ", "))})
	}
	return true
}
