package parser

import (
	"fmt"
	"strconv"
	"strings"
)

// check runs the table's arithmetic rules over its stats, once per dim.
func (t *tableDef) check(stats []Stat) []Finding {
	type k struct{ code, dim string }
	val := map[k]*Stat{}
	for i := range stats {
		s := &stats[i]
		if s.Code != "" {
			if _, dup := val[k{s.Code, s.Dim}]; !dup {
				val[k{s.Code, s.Dim}] = s
			}
		}
	}
	var out []Finding
	for _, col := range t.columns {
		for _, r := range t.rules {
			total := val[k{r.total, col.dim}]
			if total == nil {
				continue
			}
			var parts []*Stat
			var missing []string
			for _, p := range r.parts {
				s := val[k{p, col.dim}]
				if s == nil {
					continue // the row is not in this variant of the table
				}
				parts = append(parts, s)
				if s.Value == nil {
					missing = append(missing, p)
				}
			}
			if len(parts) == 0 {
				continue
			}
			where := ""
			if col.dim != "" {
				where = " [" + total.Column + "]"
			}
			codes := append([]string{r.total}, r.parts...)
			if total.Value == nil {
				missing = append([]string{r.total}, missing...)
			}
			if len(missing) > 0 {
				out = append(out, Finding{Rule: r.rule, Severity: Info, Codes: codes,
					Message: fmt.Sprintf("%s%s not checked: %s missing", r.what, where, strings.Join(missing, ", "))})
				continue
			}
			sum := 0.0
			terms := make([]string, len(parts))
			for i, p := range parts {
				sum += *p.Value
				terms[i] = num(*p.Value)
			}
			tv := *total.Value
			switch {
			case approx(sum, tv):
				continue
			case r.le && sum > tv:
				out = append(out, Finding{Rule: r.rule, Severity: Info, Codes: codes,
					Message: fmt.Sprintf("%s%s: %s = %s, more than %s %s (an item published on several channels counts once in the total)",
						r.what, where, strings.Join(terms, "+"), num(sum), r.total, num(tv))})
			default:
				out = append(out, Finding{Rule: r.rule, Severity: Warning, Codes: codes,
					Message: fmt.Sprintf("%s%s: %s = %s, but %s (%s) is %s",
						r.what, where, strings.Join(terms, "+"), num(sum), r.total, total.Row, num(tv))})
			}
		}
	}
	return out
}

func approx(a, b float64) bool {
	d := a - b
	return d < 1e-6 && d > -1e-6
}

// num prints a value the way the table would.
func num(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}
