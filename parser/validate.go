package parser

import (
	"fmt"
	"strconv"
	"strings"

	"nianbao"
)

// check runs the table's arithmetic rules over its stats, once per dim.
func (t *tableDef) check(stats []nianbao.Stat) []nianbao.Finding {
	val := statIndex(stats)
	var out []nianbao.Finding
	for _, col := range t.columns {
		for _, r := range t.rules {
			if f := r.check(val, col.dim); f != nil {
				out = append(out, *f)
			}
		}
	}
	return out
}

type statKey struct{ code, dim string }

// statIndex maps code and dim to the first stat that has them.
func statIndex(stats []nianbao.Stat) map[statKey]*nianbao.Stat {
	val := make(map[statKey]*nianbao.Stat, len(stats))
	// from the last to the first: the first of a key is written last, in
	// one map operation a stat
	for i := len(stats) - 1; i >= 0; i-- {
		if s := &stats[i]; s.Code != "" {
			val[statKey{s.Code, s.Dim}] = s
		}
	}
	return val
}

// check applies one rule to the values of one dim. Codes the document does
// not have are left out of a sum (the rows differ between variants of a
// table); a side with no code at all skips the rule; a missing value is
// said, never taken as zero.
func (r sumRule) check(val map[statKey]*nianbao.Stat, dim string) *nianbao.Finding {
	if r.holds(val, dim) {
		return nil // the common case, found without building the sides
	}
	side := func(codes []string) (stats []*nianbao.Stat, missing []string) {
		for _, c := range codes {
			s := val[statKey{c, dim}]
			if s == nil {
				continue
			}
			stats = append(stats, s)
			if s.Value == nil {
				missing = append(missing, c)
			}
		}
		return stats, missing
	}
	lhsCodes := r.lhs
	if r.total != "" {
		lhsCodes = []string{r.total}
	}
	lhs, m1 := side(lhsCodes)
	rhs, m2 := side(r.parts)
	if len(lhs) == 0 || len(rhs) == 0 {
		return nil
	}
	codes := func() []string { return append(append([]string{}, lhsCodes...), r.parts...) }
	where := ""
	if dim != "" {
		where = " [" + lhs[0].Column + "]"
	}
	if missing := append(m1, m2...); len(missing) > 0 {
		return &nianbao.Finding{Rule: r.rule, Severity: nianbao.SeverityInfo, Codes: codes(),
			Message: fmt.Sprintf("%s%s not checked: %s missing", r.what, where, strings.Join(missing, ", "))}
	}
	sum := func(ss []*nianbao.Stat) float64 {
		total := 0.0
		for _, s := range ss {
			total += *s.Value
		}
		return total
	}
	lv, rv := sum(lhs), sum(rhs)
	if approx(lv, rv) {
		return nil // the common case: no terms to print
	}
	terms := func(ss []*nianbao.Stat) string {
		t := make([]string, len(ss))
		for i, s := range ss {
			t[i] = num(*s.Value)
		}
		return strings.Join(t, "+")
	}
	lt, rt := terms(lhs), terms(rhs)
	lname := r.total + " (" + lhs[0].Row + ")"
	if r.total == "" {
		lname = strings.Join(r.lhs, " + ") + " = " + lt
	}
	if r.le && rv > lv {
		return &nianbao.Finding{Rule: r.rule, Severity: nianbao.SeverityInfo, Codes: codes(),
			Message: fmt.Sprintf("%s%s: %s = %s, more than %s %s (an item published on several channels counts once in the total)",
				r.what, where, rt, num(rv), r.total, num(lv))}
	}
	return &nianbao.Finding{Rule: r.rule, Severity: nianbao.SeverityWarning, Codes: codes(),
		Message: fmt.Sprintf("%s%s: %s = %s, but %s is %s", r.what, where, rt, num(rv), lname, num(lv))}
}

// holds reports whether check has nothing to say: both sides have a
// code in val, no value is missing, and the sums agree (sumRule.check
// returns nil then, and in other cases too, which holds leaves to it).
func (r sumRule) holds(val map[statKey]*nianbao.Stat, dim string) bool {
	lhs := r.lhs
	if r.total != "" {
		lhs = []string{r.total}
	}
	return sumsHold(func(c string) *nianbao.Stat { return val[statKey{c, dim}] }, lhs, r.parts)
}

// sumsHold reports whether the values at finds for lhs and for parts add
// up to the same sum, with a value found on each side and none of those
// found blank (a key at finds nothing for is left out).
func sumsHold[K any](at func(K) *nianbao.Stat, lhs, parts []K) bool {
	side := func(keys []K) (sum float64, found, ok bool) {
		for _, k := range keys {
			s := at(k)
			if s == nil {
				continue
			}
			if s.Value == nil {
				return 0, true, false
			}
			sum += *s.Value
			found = true
		}
		return sum, found, true
	}
	lv, lf, lok := side(lhs)
	rv, rf, rok := side(parts)
	return lf && rf && lok && rok && approx(lv, rv)
}

func approx(a, b float64) bool {
	d := a - b
	return d < 1e-6 && d > -1e-6
}

// num prints a value the way the table would.
func num(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}
