package parser

import (
	"fmt"
	"slices"
	"strings"

	"nianbao"
)

// Columns by their headers in the row tables (the 2014 table: 统计指标 /
// 单位 / 统计数; the Fujian annex: 指标名称 / 计量单位 / the year / 历年累计).
// The header words say which value column comes where: a row is read in
// that order, a column the header does not print gets no value
// (missing-column), and a row whose count does not match a header that
// is not the template's is not read (unplaced-row).

// rowColumn returns the template column (index in t.columns) a header
// cell names, or -1.
func (t *tableDef) rowColumn(text string) int {
	k := key(text)
	for j, c := range t.columns {
		switch {
		case c.label == "" && (yearCellRe.MatchString(k) || k == "本年度" || k == "年度"):
			return j
		case c.label != "" && k == key(c.label):
			return j
		}
	}
	return -1
}

// Roles of a row table's header cells besides the template's columns.
const (
	roleUnit  = -2 // 单位, 计量单位
	roleOther = -1 // a header the template does not have
)

// headerRoles returns what each header cell after the label header
// prints: a template column (index in t.columns), the unit or another
// column; nil if it names no template column.
func (t *tableDef) headerRoles(header []Cell) (roles []int, others []string) {
	named := false
	for _, c := range header {
		k := key(c.Text)
		switch {
		case c.Spanned || k == "":
			continue
		case k == "统计指标" || k == "指标名称":
			roles, others = roles[:0], others[:0] // the label column: the values come after it
			continue
		case k == "单位" || k == "计量单位" || k == "计量":
			roles = append(roles, roleUnit)
			continue
		}
		j := t.rowColumn(c.Text)
		if j >= 0 && slices.Contains(roles, j) {
			return nil, nil // a column twice: not a header to place by
		}
		if j >= 0 {
			named = true
		} else {
			j = roleOther
			others = append(others, Label(c.Text))
		}
		roles = append(roles, j)
	}
	if !named {
		return nil, nil
	}
	return roles, others
}

// A rowPlacer puts the cells of a row table under the columns its header
// prints, when it does not print the template's.
type rowPlacer struct {
	t       *tableDef
	roles   []int    // headerRoles
	printed []bool   // by template column
	others  []string // the headers of roleOther, for the findings
}

// newRowPlacer returns nil when the header prints the template's columns
// in the template's order, after the unit if it prints one (positions are
// right), or names none.
func (t *tableDef) newRowPlacer(header []Cell) *rowPlacer {
	roles, others := t.headerRoles(header)
	if len(roles) == 0 {
		return nil
	}
	vals := roles
	if vals[0] == roleUnit {
		vals = vals[1:]
	}
	if ordered(vals, len(t.columns)) {
		return nil
	}
	p := &rowPlacer{t: t, roles: roles, others: others, printed: make([]bool, len(t.columns))}
	for _, j := range roles {
		if j >= 0 {
			p.printed[j] = true
		}
	}
	return p
}

// findings says the template columns the header does not print.
func (p *rowPlacer) findings(columns []string) []nianbao.Finding {
	var miss []string
	for j, ok := range p.printed {
		if !ok {
			miss = append(miss, columns[j])
		}
	}
	if len(miss) == 0 {
		return nil
	}
	return []nianbao.Finding{{Rule: "missing-column", Severity: nianbao.SeverityInfo,
		Message: fmt.Sprintf("%s: the header does not print the column(s) %s; no value read for them", p.t.name, strings.Join(miss, ", "))}}
}

// place returns the unit and the value cells of a row (the cells after
// its label) in the template's column order, an empty cell for a column
// not printed (stats leaves it out); with a count of cells that does not
// match the header, a finding naming them instead. Cells under a header
// the template does not have are returned as strays.
func (p *rowPlacer) place(label, code string, rest []Cell) (unit string, vals []Cell, strays []string, f *nianbao.Finding) {
	for len(rest) > len(p.roles) && readNumber(rest[len(rest)-1].Text).problem == "blank" {
		rest = rest[:len(rest)-1]
	}
	if len(rest) != len(p.roles) {
		raws := make([]string, len(rest))
		for i, v := range rest {
			raws[i] = fmt.Sprintf("%q", v.Text)
		}
		return "", nil, nil, &nianbao.Finding{Rule: "unplaced-row", Severity: nianbao.SeverityWarning, Codes: codes(code),
			Message: fmt.Sprintf("%s %s: %d cells under a header of %d columns; not read: %s", p.t.name, label, len(rest), len(p.roles), strings.Join(raws, " "))}
	}
	vals = make([]Cell, len(p.t.columns))
	for i, j := range p.roles {
		switch {
		case j == roleUnit:
			unit = strings.ReplaceAll(rest[i].Text, " ", "")
		case j >= 0:
			vals[j] = rest[i]
		case readNumber(rest[i].Text).problem != "blank":
			strays = append(strays, fmt.Sprintf("%s %q", label, rest[i].Text))
		}
	}
	return unit, vals, strays, nil
}
