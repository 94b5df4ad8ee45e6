package parser

import (
	"math/rand/v2"
	"testing"

	"nianbao"
)

// TestSlotIndexAsStatIndex holds the slot index derive and check read to
// statIndex: the same stat for every code the checks read and every dim
// of table 三, and the same answer of every rule's holds, over the stats
// of real reports of both revisions, with values blanked, changed,
// rows printed twice and stats of unknown codes and dims mixed in.
func TestSlotIndexAsStatIndex(t *testing.T) {
	f := loaded()
	c := checkSlotsOf(f)
	rng := rand.New(rand.NewPCG(6, 12))
	var docs [][]nianbao.Stat
	for _, name := range []string{"html/pingtan_2019.html", "html/pingtan_2023.html", "text/015_pingtan-zhqsyq_2023.txt",
		"text/003_pingtan-zhqsyq_2019.txt", "text/shuyang-xian_2025_markdown.txt"} {
		docs = append(docs, parseFixture(t, name).Stats)
	}
	checked, failing := 0, 0
	for _, stats := range docs {
		for round := range 40 {
			ss := append([]nianbao.Stat(nil), stats...)
			for i := range ss {
				switch x := rng.IntN(12); {
				case round == 0:
				case x == 0:
					ss[i].Value = nil
				case x == 1:
					v := float64(rng.IntN(5))
					ss[i].Value = &v
				case x == 2:
					ss = append(ss, ss[i]) // the row again, later
				case x == 3:
					ss[i].Code = "made.up"
				case x == 4:
					ss[i].Dim = "made_up"
				}
			}
			x := newSlotIndex(c, ss)
			m := statIndex(ss)
			for code, slot := range c.slot {
				for j, col := range t3Columns {
					if got, want := x.get(slot, j), m[statKey{code, col.dim}]; got != want {
						t.Fatalf("round %d: %s/%q: slot index %v, statIndex %v", round, code, col.dim, got, want)
					}
				}
			}
			for _, tmpl := range f.modern {
				for i := range c.rules[tmpl] {
					rule := &c.rules[tmpl][i]
					for d, dim := range rule.dims {
						j := rule.cols[d]
						if j < 0 {
							continue
						}
						got, want := x.holds(rule, j), rule.rule.holds(m, dim)
						if got != want {
							t.Fatalf("round %d: %s in %q: holds %v, sumRule.holds %v", round, rule.rule.rule, dim, got, want)
						}
						checked++
						if !got {
							failing++
						}
					}
				}
			}
		}
	}
	if checked == 0 || failing == 0 || failing == checked {
		t.Fatalf("%d rules checked, %d not holding: the test tells nothing", checked, failing)
	}
}
