package parser

import (
	"fmt"
	"strings"
	"sync"

	"nianbao"
)

// derive adds the sums the tables imply but do not print: the groups of
// table 三 (so that 2014's requests.refused lines up) and litigation.total.
// It returns the index of the stats it read, the printed ones (no stat is
// derived before), for check: the same index, made once.
func (r *modernReader) derive() (printed *slotIndex) {
	c := checkSlotsOf(r.f)
	val := newSlotIndex(c, r.stats)
	for gi, g := range r.f.groups {
		sg := &c.groups[gi]
		if val.get(sg.code, 6) != nil { // 6: the column of dim ""
			continue // printed as one row (requests.other in 2019)
		}
		for j, col := range t3Columns {
			sum, ok := 0.0, true
			for _, leaf := range sg.leaves {
				s := val.get(leaf, j)
				if s == nil || s.Value == nil {
					ok = false
					break
				}
				sum += *s.Value
			}
			if ok {
				r.stats = append(r.stats, nianbao.Stat{Table: table3, Section: "三、本年度办理结果", Code: g.code, Dim: col.dim,
					Row: g.label, Column: col.label, Unit: "件", Value: r.valuePtr(sum), Derived: true})
			}
		}
	}
	sum, ok := 0.0, true
	for _, k := range c.t4Parts {
		s := val.get(k, 6)
		if s == nil || s.Value == nil {
			ok = false
			break
		}
		sum += *s.Value
	}
	if ok {
		r.stats = append(r.stats, nianbao.Stat{Table: table4, Section: t4Sum.section, Code: t4Sum.code, Row: t4Sum.row,
			Column: t4Sum.column, Unit: "件", Value: r.valuePtr(sum), Derived: true})
	}
	return val
}

// check runs the arithmetic over the printed (not derived) values; val
// indexes them (derive's index: the stats before the derived ones).
func (r *modernReader) check(tmpl *template, val *slotIndex) {
	if rules, ok := val.c.rules[tmpl]; ok {
		for i := range rules {
			rule := &rules[i]
			for d, dim := range rule.dims {
				if j := rule.cols[d]; j >= 0 && val.holds(rule, j) {
					continue // sumRule.check has nothing to say
				}
				if f := rule.rule.check(val.statMap(), dim); f != nil {
					r.findings = append(r.findings, *f)
				}
			}
		}
	} else { // a revision compiled in no registry of the reader's
		for _, rule := range tmpl.modern.rules {
			for _, dim := range rule.dims {
				if f := rule.check(val.statMap(), dim); f != nil {
					r.findings = append(r.findings, *f)
				}
			}
		}
	}
	// each row's 总计 = the six applicant columns, unless the header has a
	// column the template does not (its values are in the 总计, not read)
	if r.map3 != nil && len(r.map3.unknown) > 0 {
		return
	}
	last, slot := "\x00", -1
	for i := range r.stats {
		s := &r.stats[i]
		if s.Derived || s.Table != table3 || s.Dim != "" || s.Code == "" {
			continue
		}
		code := s.Code
		if code != last {
			last, slot = code, -1
			if k, ok := val.c.slot[code]; ok {
				slot = k
			}
		}
		var buf [6]*nianbao.Stat // the applicant columns the row has, looked up once
		parts := buf[:0]
		var tot *nianbao.Stat
		if slot >= 0 {
			for j := range t3Columns[:6] {
				if p := val.get(slot, j); p != nil {
					parts = append(parts, p)
				}
			}
			tot = val.get(slot, 6)
		} else { // a code no template of table 三 has
			m := val.statMap()
			for _, c := range t3Columns[:6] {
				if p := m[statKey{code, c.dim}]; p != nil {
					parts = append(parts, p)
				}
			}
			tot = m[statKey{code, ""}]
		}
		if len(parts) == 0 {
			continue
		}
		if tot.Value == nil {
			continue // said once in blank-total
		}
		sum, missing := 0.0, false
		for _, s := range parts {
			if s.Value == nil {
				missing = true
				break
			}
			sum += *s.Value
		}
		if !missing && !approx(sum, *tot.Value) {
			terms := []string{} // for the message only
			for _, s := range parts {
				terms = append(terms, num(*s.Value))
			}
			r.findings = append(r.findings, nianbao.Finding{Rule: "applicant-total", Severity: nianbao.SeverityWarning, Codes: []string{code},
				Message: fmt.Sprintf("%s (%s): the applicant columns add up to %s = %s, but 总计 is %s",
					code, tot.Row, strings.Join(terms, "+"), num(sum), num(*tot.Value))})
		}
	}
}

// expectedCodes are the rows (and the 15 cells of table 四) a revision
// prints, made once a template (the caller must not change them).
func expectedCodes(t *template) []string {
	return expectedOf(t).codes
}

// expected are a revision's expected codes, with the index of each code's
// first place among them (missingRows marks the codes read there).
type expected struct {
	codes []string
	at    map[string]int // codes[at[c]] == c, the first place of c
	first []int          // first[i] is at[codes[i]]
}

func expectedOf(t *template) *expected {
	if c, ok := expectedCache.Load(t); ok {
		return c.(*expected)
	}
	e := &expected{codes: makeExpectedCodes(t), at: map[string]int{}}
	for i, c := range e.codes {
		if _, ok := e.at[c]; !ok {
			e.at[c] = i
		}
		e.first = append(e.first, e.at[c])
	}
	c, _ := expectedCache.LoadOrStore(t, e)
	return c.(*expected)
}

// expectedCache holds expected by template.
var expectedCache sync.Map

func makeExpectedCodes(t *template) []string {
	var out []string
	for _, rows := range [][]modernRow{t.modern.t2Rows, t.modern.t3Rows} {
		for _, row := range rows {
			if row.code != "" && !row.group {
				out = appendNew(out, row.code)
			}
		}
	}
	for _, g := range t4Groups {
		for _, o := range t4Outcomes {
			out = append(out, g.prefix+"."+o.code)
		}
	}
	return out
}

// missingRows says which rows of the format the document does not have.
func (r *modernReader) missingRows(tmpl *template) {
	e := expectedOf(tmpl)
	var buf [128]bool
	have := buf[:0] // have[i]: codes[i] was read
	if len(e.codes) <= len(buf) {
		have = buf[:len(e.codes)]
	} else {
		have = make([]bool, len(e.codes))
	}
	last := "\x00"
	for i := range r.stats {
		// a row's stats come together: its code is looked up once
		if c := r.stats[i].Code; c != last {
			if k, ok := e.at[c]; ok {
				have[k] = true
			}
			last = c
		}
	}
	var missing []string
	for i, c := range e.codes {
		if !have[e.first[i]] {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		r.findings = append(r.findings, nianbao.Finding{Rule: "missing-rows", Severity: nianbao.SeverityWarning, Codes: missing,
			Message: fmt.Sprintf("%d row(s) of the %s tables are not in the document: %s", len(missing), tmpl.id, strings.Join(missing, ", "))})
	}
}
