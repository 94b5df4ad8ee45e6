package parser

import (
	"fmt"
	"strings"
	"sync"

	"nianbao"
)

// unglue splits the one glued run of p into n values, in place, when
// the row's own arithmetic leaves one way. A row of table 三 with a few
// possible splits is kept for resolve, which tries them against the
// columns' arithmetic; anything else is reported and left unread.
func (r *modernReader) unglue(p *pending, n int, check func([]float64) bool, sums []sumSpan, table string) bool {
	run := p.vals[0]
	// Only a row of table 三 with a code keeps up to maxAmbiguous splits
	// for resolve; any other row needs to know one split from several,
	// and a second one found tells it (the finding does not count them).
	limit := 2
	if table == table3 && p.def.code != "" {
		limit = maxAmbiguous + 1
	}
	splits := r.splitter.split(run.text, n, check, sums, limit)
	if len(splits) == 1 {
		if cap(p.vals) < n {
			p.vals = make([]tok, 0, n)
		}
		p.vals = p.vals[:0]
		for _, x := range splits[0] {
			c := run.cell
			c.Text, c.Glued = x, false
			p.vals = append(p.vals, tok{text: x, line: run.line, cell: c, col: -1})
		}
		return true
	}
	if table == table3 && len(splits) > 1 && len(splits) <= maxAmbiguous && p.def.code != "" {
		r.ambiguous = append(r.ambiguous, gluedRow{code: p.def.code, label: p.label, run: run.text, splits: keepSplits(splits)})
		return false
	}
	how := "no way"
	if len(splits) > 1 {
		how = "more than one way"
	}
	why := "the table's arithmetic fixes no split"
	if check == nil {
		why = "no arithmetic ties these columns together"
	}
	r.findings = append(r.findings, nianbao.Finding{Rule: "glued-cells", Severity: nianbao.SeverityWarning, Codes: codes(p.def.code),
		Message: fmt.Sprintf("%s %s: the digits %q run together and split into %d values in %s (%s); not read", table, p.label, run.text, n, how, why)})
	return false
}

// maxAmbiguous is the most splits of one glued row of table 三 that
// resolve tries.
const maxAmbiguous = 16

// A gluedRow is a row of table 三 whose digits split in several ways.
type gluedRow struct {
	code, label, run string
	splits           [][]string
}

// resolve picks, for the glued rows of table 三 that split in several
// ways, the one combination of splits under which every column keeps the
// table's rules (一+二 = 七+四, 七 = the sum of the results). It fills the
// values only when exactly one combination does.
func (r *modernReader) resolve() {
	if len(r.ambiguous) == 0 {
		return
	}
	combos := 1
	for _, g := range r.ambiguous {
		combos *= len(g.splits)
		if combos > 1<<14 {
			break
		}
	}
	fail := func(why string) {
		for _, g := range r.ambiguous {
			r.findings = append(r.findings, nianbao.Finding{Rule: "glued-cells", Severity: nianbao.SeverityWarning, Codes: []string{g.code},
				Message: fmt.Sprintf("%s %s: the digits %q run together and split into 7 values in %d ways; %s; not read", table3, g.label, g.run, len(g.splits), why)})
		}
	}
	if combos > 1<<14 {
		fail("too many combinations to try")
		return
	}
	// The values of the rows the rules read, by slot (resolveRules), one
	// per column; nil for a row the document does not have.
	rs := resolveRulesOf(r.guess().modern)
	vals := make([][]*float64, len(rs.codes))
	cols := len(t3Columns)
	block := make([]*float64, len(rs.codes)*cols) // the rows' values, cut from one block
	last, lastSlot := "", -1                      // a row's stats come together: its slot is looked up once
	var buf [8]int
	runs := buf[:0] // where each run of stats of table 三 of an ambiguous row's code starts
	prev := -2      // the stat read last of table 三 with a code
	col := -1       // its column of t3Columns
	for i := range r.stats {
		s := &r.stats[i]
		if s.Table != table3 || s.Code == "" {
			continue
		}
		if prev != i-1 || s.Code != r.stats[prev].Code {
			for _, g := range r.ambiguous {
				if g.code == s.Code {
					runs = append(runs, i)
					break
				}
			}
		}
		prev = i
		if s.Code != last {
			last, lastSlot = s.Code, -1
			if k, ok := rs.slot[s.Code]; ok {
				lastSlot = k
			}
		}
		if lastSlot < 0 {
			continue // no rule reads it
		}
		if vals[lastSlot] == nil {
			vals[lastSlot] = block[lastSlot*cols : (lastSlot+1)*cols : (lastSlot+1)*cols]
		}
		if j := t3ColumnAfter(s.Dim, col); j >= 0 {
			vals[lastSlot][j] = s.Value
			col = j
		}
	}
	// each split's values read once; ok only reads them
	rows := make([][][]*float64, len(r.ambiguous))
	slots := make([]int, len(r.ambiguous))
	nSplits := 0
	for _, g := range r.ambiguous {
		nSplits += len(g.splits)
	}
	splitRows := make([][]*float64, nSplits) // every split's row, cut from one slice
	splitVals := make([]*float64, nSplits*cols)
	for i, g := range r.ambiguous {
		slots[i] = -1
		if k, ok := rs.slot[g.code]; ok {
			slots[i] = k
		}
		rows[i], splitRows = splitRows[:len(g.splits):len(g.splits)], splitRows[len(g.splits):]
		for s, split := range g.splits {
			row := splitVals[:cols:cols]
			splitVals = splitVals[cols:]
			for j, p := range split {
				row[j] = r.numberPtr(p)
			}
			rows[i][s] = row
		}
	}
	// one set of values for every combination: each sets every ambiguous row
	var good []int
	for k := 0; k < combos; k++ {
		x := k
		for i, g := range r.ambiguous {
			pick := x % len(g.splits)
			x /= len(g.splits)
			if slots[i] >= 0 {
				vals[slots[i]] = rows[i][pick]
			}
		}
		if rs.hold(vals) {
			good = append(good, k)
			if len(good) > 1 {
				break
			}
		}
	}
	if len(good) != 1 {
		fail(fmt.Sprintf("%d combinations of them keep the columns' arithmetic", len(good)))
		return
	}
	x := good[0]
	for _, g := range r.ambiguous {
		split := g.splits[x%len(g.splits)]
		x /= len(g.splits)
		for _, start := range runs { // every stat of table 三 with the code is in a run of it
			if r.stats[start].Code != g.code {
				continue
			}
			for i := start; i < len(r.stats) && r.stats[i].Table == table3 && r.stats[i].Code == g.code; i++ {
				s := &r.stats[i]
				for j, c := range t3Columns {
					if c.dim == s.Dim {
						s.Raw = split[j]
						s.Value = r.numberPtr(split[j])
					}
				}
			}
		}
		r.findings = append(r.findings, nianbao.Finding{Rule: "glued-split", Severity: nianbao.SeverityInfo, Codes: []string{g.code},
			Message: fmt.Sprintf("%s %s: the digits %q split as %s, the only way (of %d for the row) under which every column adds up",
				table3, g.label, g.run, strings.Join(split, "/"), len(g.splits))})
	}
}

// numberPtr is readNumber(raw).ptr() (see readValue) from the reader's block of values.
func (r *modernReader) numberPtr(raw string) *float64 {
	if v := readValue(raw); v.problem == "" {
		return r.valuePtr(v.num)
	}
	return nil
}

// t3Column is the index of dim in t3Columns, or -1.
// t3ColumnAfter is t3Column(dim), tried first on the column after prev:
// a row's stats come in the order of t3Columns (each dim is one column's,
// TestT3ColumnsUnique).
func t3ColumnAfter(dim string, prev int) int {
	if j := prev + 1; j >= 0 && j < len(t3Columns) && t3Columns[j].dim == dim {
		return j
	}
	return t3Column(dim)
}

func t3Column(dim string) int {
	for j, c := range t3Columns {
		if c.dim == dim {
			return j
		}
	}
	return -1
}

// resolveRules are a revision's rules as resolve tries them on table
// 三: the codes they read by slot, each rule's codes as slots and its
// dims as columns of t3Columns (a dim table 三 does not have is left out).
type resolveRules struct {
	codeSlots
	rules []slotRule
}

type slotRule struct {
	total      int // slot of the total, -1 for a rule over lhs
	lhs, parts []int
	cols       []int
}

// resolveCache holds resolveRules by *modernDef.
var resolveCache sync.Map

func resolveRulesOf(m *modernDef) *resolveRules {
	if x, ok := resolveCache.Load(m); ok {
		return x.(*resolveRules)
	}
	rs := &resolveRules{codeSlots: codeSlots{slot: map[string]int{}}}
	slotOf, slotsOf := rs.of, rs.ofAll
	for _, rule := range m.rules {
		sr := slotRule{total: -1}
		if rule.total != "" {
			sr.total = slotOf(rule.total)
		}
		sr.lhs, sr.parts = slotsOf(rule.lhs), slotsOf(rule.parts)
		for _, dim := range rule.dims {
			if j := t3Column(dim); j >= 0 {
				sr.cols = append(sr.cols, j)
			}
		}
		rs.rules = append(rs.rules, sr)
	}
	x, _ := resolveCache.LoadOrStore(m, rs)
	return x.(*resolveRules)
}

// hold reports whether every rule holds in each of its columns of the
// rows vals, by slot.
func (rs *resolveRules) hold(vals [][]*float64) bool {
	for i := range rs.rules {
		rule := &rs.rules[i]
		for _, j := range rule.cols {
			if !rule.holds(vals, j) {
				return false
			}
		}
	}
	return true
}

// holds reports whether rule holds in column j of the rows vals, by slot,
// or cannot be checked there. A rule over lhs needs every value; a total
// leaves out the rows vals does not have, and is not checked when a row it
// has lacks the value.
func (rule *slotRule) holds(vals [][]*float64, j int) bool {
	get := func(k int) (float64, bool) {
		v := vals[k]
		if v == nil || v[j] == nil {
			return 0, false
		}
		return *v[j], true
	}
	sum := func(slots []int, skipAbsent bool) (float64, bool) {
		total := 0.0
		for _, k := range slots {
			if skipAbsent && vals[k] == nil {
				continue
			}
			v, ok := get(k)
			if !ok {
				return 0, false
			}
			total += v
		}
		return total, true
	}
	if rule.total < 0 {
		l, ok1 := sum(rule.lhs, false)
		p, ok2 := sum(rule.parts, false)
		return !ok1 || !ok2 || approx(l, p)
	}
	t, ok := get(rule.total)
	if !ok {
		return true
	}
	p, all := sum(rule.parts, true)
	return !all || approx(p, t)
}
