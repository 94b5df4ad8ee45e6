package parser

import (
	"sync"

	"nianbao"
)

// derive and check read the values of tables 三 and 四 by code and dim:
// a few hundred look-ups a document. A map by code and dim (statIndex)
// hashes two strings for each of them and for each of the ~230 stats
// indexed. Here the codes they read are numbered once a registry
// (slots), the rules' and groups' codes are read as slots, and the
// document's stats are indexed in an array by slot and column: a code is
// looked up once a row (a row's stats come together), a dim by its column
// of table 三. The map is made only for a rule that does not hold, whose
// finding sumRule.check words as before.

// codeSlots number codes in the order they are first asked for, so
// that a document's values can be held in slices by slot instead of
// maps by code (checkSlots, resolveRules).
type codeSlots struct {
	slot  map[string]int
	codes []string // by slot
}

// of returns code's slot, numbering it if it has none yet.
func (c *codeSlots) of(code string) int {
	k, ok := c.slot[code]
	if !ok {
		k = len(c.codes)
		c.slot[code] = k
		c.codes = append(c.codes, code)
	}
	return k
}

// ofAll returns the slots of codes.
func (c *codeSlots) ofAll(codes []string) []int {
	out := make([]int, len(codes))
	for i, code := range codes {
		out[i] = c.of(code)
	}
	return out
}

// checkSlots are the codes derive and check read, by slot, and the
// groups' and rules' codes as slots, for one compiled registry.
type checkSlots struct {
	codeSlots
	groups  []slotGroup
	t4Parts []int
	rules   map[*template][]slotSumRule // by revision of f
}

type slotGroup struct {
	code   int
	leaves []int
}

// A slotSumRule is a sumRule with its codes as slots and its dims as
// columns of t3Columns (cols[i] < 0 for a dim table 三 does not have).
type slotSumRule struct {
	rule       *sumRule
	total      int // -1 for a rule over lhs
	lhs, parts []int
	dims       []string
	cols       []int
}

// slotsCache holds checkSlots by *forms.
var slotsCache sync.Map

func checkSlotsOf(f *forms) *checkSlots {
	if x, ok := slotsCache.Load(f); ok {
		return x.(*checkSlots)
	}
	c := &checkSlots{codeSlots: codeSlots{slot: map[string]int{}}}
	slotOf, slotsOf := c.of, c.ofAll
	for _, row := range f.t3Rows {
		if row.code != "" {
			slotOf(row.code)
		}
	}
	for _, g := range f.groups {
		c.groups = append(c.groups, slotGroup{code: slotOf(g.code), leaves: slotsOf(g.leaves)})
	}
	c.t4Parts = slotsOf(t4Sum.parts)
	c.rules = map[*template][]slotSumRule{}
	for _, t := range f.modern {
		var rules []slotSumRule
		for i := range t.modern.rules {
			rule := &t.modern.rules[i]
			sr := slotSumRule{rule: rule, total: -1, lhs: slotsOf(rule.lhs), parts: slotsOf(rule.parts), dims: rule.dims}
			if rule.total != "" {
				sr.total = slotOf(rule.total)
			}
			for _, dim := range rule.dims {
				sr.cols = append(sr.cols, t3Column(dim))
			}
			rules = append(rules, sr)
		}
		c.rules[t] = rules
	}
	x, _ := slotsCache.LoadOrStore(f, c)
	return x.(*checkSlots)
}

// A slotIndex is statIndex of a document's stats for the codes of
// checkSlots and the dims of table 三 (table 四's dim "" is 总计's): the
// first stat of each code and dim, by slot and column.
type slotIndex struct {
	c     *checkSlots
	at    [][7]*nianbao.Stat // by slot, then column of t3Columns
	stats []nianbao.Stat     // the stats indexed
	val   map[statKey]*nianbao.Stat
}

func newSlotIndex(c *checkSlots, stats []nianbao.Stat) *slotIndex {
	x := &slotIndex{c: c, at: make([][7]*nianbao.Stat, len(c.codes)), stats: stats}
	last, slot, col := "\x00", -1, -1
	for i := range stats {
		s := &stats[i]
		if s.Code != last {
			last, slot = s.Code, -1
			if k, ok := c.slot[s.Code]; ok {
				slot = k
			}
		}
		if slot < 0 {
			continue
		}
		j := t3ColumnAfter(s.Dim, col)
		col = j
		if j >= 0 && x.at[slot][j] == nil {
			x.at[slot][j] = s
		}
	}
	return x
}

// get is val[statKey{code of slot, dim of column j}].
func (x *slotIndex) get(slot, j int) *nianbao.Stat {
	return x.at[slot][j]
}

// statMap is statIndex of the stats indexed, made at the first call.
func (x *slotIndex) statMap() map[statKey]*nianbao.Stat {
	if x.val == nil {
		x.val = statIndex(x.stats)
	}
	return x.val
}

// holds is sumRule.holds of the rule in the dim of column j (j >= 0).
func (x *slotIndex) holds(r *slotSumRule, j int) bool {
	lhs := r.lhs
	if r.total >= 0 {
		lhs = []int{r.total}
	}
	return sumsHold(func(k int) *nianbao.Stat { return x.at[k][j] }, lhs, r.parts)
}
