package parser

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"nianbao"
)

// Columns by their headers. A grid whose spans are expanded (HTML, and
// any reader that places cells at their columns) prints the header of
// tables 三 and 四 over one to three rows; every grid column gets the
// path of header labels over it, top to bottom (申请人情况 / 法人或其他组织
// / 商业企业), and its data cells go to the column that path names, not to
// the one at the same position in the template. A template column the
// header does not print gets no value (missing-column); a data cell under a
// header the template does not know is not read (unknown-column).

// textForms are the grid forms whose cells are not placed at their
// columns: a header cell spanning several columns is one cell there
// (in Markdown, one cell and empty ones after it, which cannot be told
// from blank label columns), so their headers are read as words
// (colorder.go).
var textForms = map[string]bool{"rows": true, "markdown": true, "pipe": true, "cells": true, "space": true, "glued": true}

// A headCell is one header label over a grid column.
type headCell struct {
	key, text string
	raw       string // the cell's text, when text is left to label
}

// label is the header cell's label as records carry it: made only for
// the headers a finding names (most are matched by their key alone).
func (h headCell) label() string {
	if h.text == "" && h.raw != "" {
		return Label(h.raw)
	}
	return h.text
}

// headPaths returns, for each grid column of the header rows, the labels
// over it, top to bottom; the copies of a spanned cell count once.
func headPaths(rows [][]Cell) map[int][]headCell {
	paths := map[int][]headCell{}
	for _, row := range rows {
		for i, c := range row {
			k := key(c.Text)
			if k == "" {
				continue
			}
			p := paths[i]
			if len(p) > 0 && p[len(p)-1].key == k {
				continue // a rowspan copy, or the same words again
			}
			paths[i] = append(p, headCell{key: k, raw: c.Text})
		}
	}
	return paths
}

// A colMap places the data cells of one table by grid column.
type colMap struct {
	slot    map[int]int    // grid column → template column index
	unknown map[int]string // grid column → a header the template does not know
	printed []bool         // template columns the header prints
	// canonical is set when the header prints every template column once,
	// in the template's order, and nothing else: positions are right.
	canonical bool
}

// The leaf labels of table 三's header, by template column (t3Columns).
var t3LeafKeys = map[string]int{"自然人": 0, "商业企业": 1, "科研机构": 2, "社会公益组织": 3, "社会公益": 3,
	"法律服务机构": 4, "其他": 5, "其他组织": 5, "总计": 6, "合计": 6}

// t3Leaf returns the column of table 三 a header label names: exactly,
// or for the long labels as a prefix (自然人（个人）, 法律服务机构数).
// 其他 and 总计 match only exactly.
func t3Leaf(k string) (int, bool) {
	if i, ok := t3LeafKeys[k]; ok {
		return i, true
	}
	for _, l := range t3LongLeaves {
		if strings.HasPrefix(k, l.key) {
			return l.col, true
		}
	}
	return 0, false
}

// t3LongLeaves are the keys of t3LeafKeys of three runes or more, which
// match as prefixes, counted once. (No two of them that are prefixes of
// one key name different columns, so their order does not matter.)
var t3LongLeaves = func() (out []struct {
	key string
	col int
}) {
	for l, i := range t3LeafKeys {
		if utf8.RuneCountInString(l) >= 3 {
			out = append(out, struct {
				key string
				col int
			}{l, i})
		}
	}
	return out
}()

// t3Groups are header labels over applicant columns that are not one.
var t3Groups = map[string]bool{"申请人情况": true, "法人或其他组织": true}

// t3Slot says which column of table 三 a header path names: a template
// column (>= 0), a header the template does not know (-1, with its
// text), or no applicant column at all (-2: the label columns).
func t3Slot(path []headCell) (int, string) {
	if len(path) == 0 {
		return -2, ""
	}
	leaf := path[len(path)-1]
	if i, ok := t3Leaf(leaf.key); ok {
		return i, ""
	}
	for _, h := range path {
		if t3Groups[h.key] {
			return -1, leaf.label()
		}
		if _, ok := t3Leaf(h.key); ok {
			return -1, leaf.label()
		}
	}
	return -2, ""
}

// t4GroupKeys name the three groups of table 四 (t4Groups), t4OutcomeKeys
// the five outcomes of each (t4Outcomes).
var (
	t4GroupKeys   = map[string]int{"行政复议": 0, "未经复议直接起诉": 1, "复议后起诉": 2}
	t4OutcomeKeys = map[string]int{"结果维持": 0, "结果纠正": 1, "其他结果": 2, "尚未审结": 3, "总计": 4, "合计": 4}
)

// t4Slot says which of the 15 cells of table 四 a header path names, as
// t3Slot does.
func t4Slot(path []headCell) (int, string) {
	if len(path) == 0 {
		return -2, ""
	}
	g, o := -1, -1
	relevant := false
	for _, h := range path {
		if i, ok := t4GroupKeys[h.key]; ok {
			g, relevant = i, true
		}
		if i, ok := t4OutcomeKeys[h.key]; ok {
			o, relevant = i, true
		}
		if h.key == "行政诉讼" {
			relevant = true
		}
	}
	if !relevant {
		return -2, ""
	}
	if g < 0 || o < 0 {
		return -1, joinPath(path)
	}
	return g*5 + o, ""
}

func joinPath(path []headCell) string {
	parts := make([]string, len(path))
	for i, h := range path {
		parts[i] = h.label()
	}
	return strings.Join(parts, "/")
}

// newColMap reads the header rows of a table into a colMap; n is the
// number of template columns. It returns nil when the header names no
// template column (a header the reader does not recognise as this table's).
func newColMap(rows [][]Cell, n int, slotOf func([]headCell) (int, string)) *colMap {
	m := &colMap{slot: map[int]int{}, unknown: map[int]string{}, printed: make([]bool, n)}
	paths := headPaths(rows)
	cols := make([]int, 0, len(paths))
	for c := range paths {
		cols = append(cols, c)
	}
	sort.Ints(cols)
	var order []int
	for _, c := range cols {
		s, text := slotOf(paths[c])
		switch {
		case s >= 0:
			m.slot[c] = s
			m.printed[s] = true
			order = append(order, s)
		case s == -1:
			m.unknown[c] = text
			order = append(order, -1)
		}
	}
	if len(m.slot) == 0 {
		return nil
	}
	m.canonical = len(order) == n
	for i, s := range order {
		if s != i {
			m.canonical = false
		}
	}
	return m
}

// missing names the template columns the header does not print.
func (m *colMap) missing(labels []string) []string {
	var out []string
	for i, p := range m.printed {
		if !p {
			out = append(out, labels[i])
		}
	}
	return out
}

// place puts the value cells of one row under the template columns their
// grid columns are in: out[i] is the cell of template column i (absent if
// none). Cells under an unknown header are returned as strays with the
// header they sit under (rows with cells under no header at all are left
// to the caller: outside); a second non-blank cell under the same column
// as dupes.
// Strays are [header, raw text] pairs.
func (m *colMap) place(vals []tok) (out []tok, strays [][2]string, dupes []string) {
	out = make([]tok, len(m.printed))
	for i := range out {
		out[i] = tok{col: -1, absent: true}
	}
	for _, v := range vals {
		s, ok := m.slot[v.col]
		if !ok {
			if readNumber(v.text).problem == "blank" {
				continue
			}
			strays = append(strays, [2]string{m.unknown[v.col], v.text})
			continue
		}
		switch {
		case out[s].absent:
			out[s] = v
		case readNumber(out[s].text).problem == "blank":
			out[s] = v
		case readNumber(v.text).problem != "blank":
			dupes = append(dupes, fmt.Sprintf("%q and %q", out[s].text, v.text))
		}
	}
	return out, strays, dupes
}

// outside reports whether a non-blank cell of vals sits in a grid column
// under no header of m (a piece of the table whose columns are laid out
// otherwise than its header's): such a row cannot be placed with certainty.
func (m *colMap) outside(vals []tok) bool {
	for _, v := range vals {
		_, known := m.slot[v.col]
		_, other := m.unknown[v.col]
		if !known && !other && readNumber(v.text).problem != "blank" {
			return true
		}
	}
	return false
}

// headerFindings says, once a table, the columns its header does not print.
func headerFindings(table string, m *colMap, labels []string) []nianbao.Finding {
	miss := m.missing(labels)
	if len(miss) == 0 {
		return nil
	}
	return []nianbao.Finding{{Rule: "missing-column", Severity: nianbao.SeverityInfo,
		Message: fmt.Sprintf("%s: the header does not print the column(s) %s; no value read for them", table, strings.Join(miss, ", "))}}
}

// headRow keeps a header row of table 三 or 四 for colMap, when the grid
// places its cells at their columns; header rows after the first data row
// (a header repeated on the next page) are not read again.
func (r *modernReader) headRow(cells []Cell) {
	if textForms[r.form] {
		return
	}
	switch {
	case r.table == 3 && !r.t3Data && !r.done3:
		r.head3 = append(r.head3, cells)
	case r.table == 4 && len(r.t4) == 0 && !r.done4:
		r.head4 = append(r.head4, cells)
	}
}

// t3Map returns the columns of table 三 by header, nil if its header was
// not read from a grid that places cells.
func (r *modernReader) t3Map() *colMap {
	if !r.done3 && len(r.head3) > 0 {
		r.done3 = true
		r.map3 = newColMap(r.head3, len(t3Columns), t3Slot)
		r.head3 = nil
		if r.map3 != nil {
			r.findings = append(r.findings, headerFindings(table3, r.map3, t3Labels())...)
		}
	}
	return r.map3
}

// t4Map is t3Map for table 四.
func (r *modernReader) t4Map() *colMap {
	if !r.done4 && len(r.head4) > 0 {
		r.done4 = true
		r.map4 = newColMap(r.head4, 15, t4Slot)
		r.head4 = nil
		if r.map4 != nil {
			r.findings = append(r.findings, headerFindings(table4, r.map4, t4Labels())...)
		}
	}
	return r.map4
}

func t3Labels() []string {
	out := make([]string, len(t3Columns))
	for i, c := range t3Columns {
		out[i] = c.label
	}
	return out
}

func t4Labels() []string {
	var out []string
	for _, g := range t4Groups {
		for _, o := range t4Outcomes {
			out = append(out, g.row+"/"+o.label)
		}
	}
	return out
}

// placed reports whether every cell carries its grid column.
func placed(vals []tok) bool {
	for _, v := range vals {
		if v.col < 0 {
			return false
		}
	}
	return len(vals) > 0
}

// A stray is a value cell under a header the template does not have.
type stray struct {
	table, header, row, code, raw string
}

// strayFindings says, once a table and header, the cells under a header
// the template does not have: they are not read.
func strayFindings(strays []stray) []nianbao.Finding {
	type group struct {
		table, header string
		codes, cells  []string
	}
	var groups []*group
	at := map[[2]string]*group{}
	for _, s := range strays {
		g := at[[2]string{s.table, s.header}]
		if g == nil {
			g = &group{table: s.table, header: s.header}
			at[[2]string{s.table, s.header}] = g
			groups = append(groups, g)
		}
		if s.code != "" {
			g.codes = appendNew(g.codes, s.code)
		}
		cell := fmt.Sprintf("%q", s.raw)
		if s.row != "" {
			cell = s.row + " " + cell
		}
		g.cells = append(g.cells, cell)
	}
	out := make([]nianbao.Finding, 0, len(groups))
	for _, g := range groups {
		out = append(out, nianbao.Finding{Rule: "unknown-column", Severity: nianbao.SeverityWarning, Codes: g.codes,
			Message: fmt.Sprintf("%s: %d value(s) under %s, a column the template does not have, not read: %s",
				g.table, len(g.cells), g.header, strings.Join(g.cells, "; "))})
	}
	return out
}

// unknownT2Head takes a cell of a header row of table 二 that names no
// column of any revision as a column of its own, so that the cells under
// it are not read into the column before it.
func (r *modernReader) unknownT2Head(t tok, k string) bool {
	if !r.inHeadRow || !r.inHead || r.table != 2 || t.col < 0 || textForms[r.form] || k == "" ||
		strings.Contains(k, "勾稽关系") || t4Header[k] {
		return false
	}
	for _, h := range t3Header {
		if strings.HasPrefix(k, h) {
			return false
		}
	}
	r.cols = append(r.cols, colSpec{label: Label(t.text), unknown: true})
	r.colStart = append(r.colStart, t.col)
	return true
}

// knownT2 drops the columns of a table-二 header no revision prints from
// a row aligned to it (align), keeping their cells as strays, and notes
// the dims the sub-table's header prints.
func (r *modernReader) knownT2(p *pending, labels, dims, units []string) ([]string, []string, []string) {
	if r.t2Printed == nil {
		r.t2Printed = map[string][]string{}
	}
	if c := captionNum(p.section); c != "" && r.t2Printed[c] == nil {
		var printed []string
		for _, col := range r.cols {
			if !col.unknown {
				printed = append(printed, col.dim)
			}
		}
		r.t2Printed[c] = printed
	}
	unknown := false
	for _, c := range r.cols {
		unknown = unknown || c.unknown
	}
	if !unknown {
		return labels, dims, units
	}
	var l, d, u []string
	var vals []tok
	for j, c := range r.cols {
		if c.unknown {
			if j < len(p.vals) && !p.vals[j].absent && readNumber(p.vals[j].text).problem != "blank" {
				r.strays = append(r.strays, stray{table: table2, header: c.label, row: p.label, code: p.def.code, raw: p.vals[j].text})
			}
			continue
		}
		l, d, u = append(l, labels[j]), append(d, dims[j]), append(u, units[j])
		if j < len(p.vals) {
			vals = append(vals, p.vals[j])
		}
	}
	p.vals = vals
	return l, d, u
}

// missingT2Columns says the columns a sub-table of table 二 does not print
// that its revision gives it (t2Defaults), when its header was read and
// every column it prints is one of them.
func (r *modernReader) missingT2Columns(tmpl *template) {
	m := tmpl.modern
	if m == nil {
		return
	}
	caps := make([]string, 0, len(r.t2Printed))
	for c := range r.t2Printed {
		caps = append(caps, c)
	}
	sort.Strings(caps)
	for _, c := range caps {
		want := m.t2Defaults[c]
		printed := r.t2Printed[c]
		ok := len(printed) > 0
		for _, d := range printed {
			ok = ok && slices.Contains(want, d)
		}
		if !ok {
			continue
		}
		var miss []string
		for _, d := range want {
			if slices.Contains(printed, d) {
				continue
			}
			for _, col := range m.t2Columns {
				if col.dim == d {
					miss = append(miss, col.label)
				}
			}
		}
		if len(miss) > 0 {
			r.findings = append(r.findings, nianbao.Finding{Rule: "missing-column", Severity: nianbao.SeverityInfo,
				Message: fmt.Sprintf("%s 第二十条第（%s）项: the header does not print the column(s) %s; no value read for them", table2, c, strings.Join(miss, ", "))})
		}
	}
}
