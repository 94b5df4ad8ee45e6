package parser

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// atLeastRunes agrees with counting every rune, on ASCII, Han, mixed and
// invalid UTF-8, at the boundaries.
func TestAtLeastRunes(t *testing.T) {
	for _, s := range []string{"", "a", "abc", "abcd", "规章", "规范性", "规范性文", "行政规范性文件", "a规b", "ab规", "\xff\xfe\xfd", "\xff\xfe\xfd\xfc", "规\xff\xfe"} {
		for n := 0; n <= 5; n++ {
			if got, want := atLeastRunes(s, n), utf8.RuneCountInString(s) >= n; got != want {
				t.Errorf("atLeastRunes(%q, %d) = %v, want %v", s, n, got, want)
			}
		}
	}
}

// matchLinear is tableDef.match as it was before the row index: every
// name of every row tried in turn. TestMatchIndexAsLinear holds the
// index to it.
func matchLinear(t *tableDef, label string, last int) int {
	k := key(stripEnum(label))
	if k == "" {
		return -1
	}
	pick := func(cands []int) int {
		for _, c := range cands {
			if c > last {
				return c
			}
		}
		if len(cands) > 0 {
			return cands[0]
		}
		return -1
	}
	kLong := utf8.RuneCountInString(k) >= 4
	var exact, prefix []int
	for i, names := range t.index().rowKeys {
		for _, rk := range names {
			switch {
			case rk.k == k:
				exact = append(exact, i)
			case kLong && rk.long && (strings.HasPrefix(k, rk.k) || strings.HasPrefix(rk.k, k)):
				prefix = append(prefix, i)
			default:
				continue
			}
			break
		}
	}
	if i := pick(exact); i >= 0 {
		return i
	}
	return pick(prefix)
}

// TestMatchIndexAsLinear: the row index matches every label as trying
// every row did: the templates' labels and aliases, their beginnings and
// ends, with notes added, after every row.
func TestMatchIndexAsLinear(t *testing.T) {
	// a row whose label matches as a prefix before its alias matches
	// whole counts as a prefix match: the row of the whole label wins
	defs := []*tableDef{{id: "test", rows: []rowDef{
		{code: "a", label: "收到申请数量", aliases: []string{"收到申请数"}},
		{code: "b", label: "收到申请数"},
		{code: "c", label: "收到申请"},
	}}}
	for _, tmpl := range loaded().rowTables {
		defs = append(defs, tmpl.table)
	}
	for _, def := range defs {
		var labels []string
		for _, r := range def.rows {
			for _, n := range append([]string{r.label}, r.aliases...) {
				rs := []rune(n)
				for i := 1; i <= len(rs); i++ {
					labels = append(labels, string(rs[:i]), string(rs[len(rs)-i:]))
				}
				labels = append(labels, n+"（含转办）", "其中："+n, "(一)"+n+"数", n[:len(n)-1])
			}
		}
		for _, l := range labels {
			for last := -1; last <= len(def.rows); last++ {
				if got, want := def.match(l, last), matchLinear(def, l, last); got != want {
					t.Fatalf("%s: match(%q, %d) = %d, want %d", def.id, l, last, got, want)
				}
			}
		}
	}
}
