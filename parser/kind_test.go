package parser

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"nianbao"
)

var (
	// ruleLitRe finds the rules the parser's source names as literals:
	// Finding{Rule: "x"} and sumRule{rule: "x"}.
	ruleLitRe = regexp.MustCompile(`\b[Rr]ule:\s*"([^"]+)"`)
	// ruleAnyRe finds every Rule: field set in a Finding literal.
	ruleAnyRe = regexp.MustCompile(`\bRule:\s*([^,}]+)`)
)

// emittedRules returns every rule the parser can emit: the literals of its
// source files and the names of its arithmetic rules. It fails the test
// when a Finding's rule is neither a literal nor a sum rule's name, since
// such a rule would escape the check.
func emittedRules(t *testing.T) []string {
	t.Helper()
	files, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var rules []string
	for _, f := range files {
		name := f.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ruleLitRe.FindAllStringSubmatch(string(src), -1) {
			rules = append(rules, m[1])
		}
		for _, m := range ruleAnyRe.FindAllStringSubmatch(string(src), -1) {
			if v := strings.TrimSpace(m[1]); !strings.HasPrefix(v, `"`) && v != "r.rule" {
				t.Errorf("%s: a finding's rule set from %s: name it as a literal so that TestRuleKinds sees it", name, v)
			}
		}
	}
	for _, t := range loaded().templates {
		if t.table != nil {
			for _, r := range t.table.rules {
				rules = append(rules, r.rule)
			}
		}
		if t.modern != nil {
			for _, r := range t.modern.rules {
				rules = append(rules, r.rule)
			}
		}
	}
	slices.Sort(rules)
	return slices.Compact(rules)
}

// Every rule the parser can emit has a kind decided in ruleKinds, and
// every kind there is one of the three.
func TestRuleKinds(t *testing.T) {
	rules := emittedRules(t)
	if len(rules) < 30 {
		t.Fatalf("found only %d rules in the parser's source: %v", len(rules), rules)
	}
	for _, r := range rules {
		if _, ok := ruleKinds[r]; !ok {
			t.Errorf("rule %s has no kind in ruleKinds (parser/kind.go)", r)
		}
	}
	for r, k := range ruleKinds {
		if k != nianbao.KindSource && k != nianbao.KindReading && k != nianbao.KindMetadata {
			t.Errorf("rule %s: kind %q", r, k)
		}
	}
}

// The decisions behind the kinds: the agency's arithmetic and dates are
// source, what nianbao has no number for is reading, what the document is
// is metadata. An unknown rule is reading, never blamed on the agency.
func TestKindOf(t *testing.T) {
	for _, tc := range []struct {
		rule string
		kind nianbao.Kind
	}{
		{"proactive-channels", nianbao.KindSource}, {"request-balance", nianbao.KindSource}, {"results-total", nianbao.KindSource},
		{"applicant-total", nianbao.KindSource}, {"review-outcomes", nianbao.KindSource}, {"litigation-direct-outcomes", nianbao.KindSource},
		{"prose-vs-table", nianbao.KindSource}, {"published-before-year-end", nianbao.KindSource}, {"staff", nianbao.KindSource},
		{"glued-cells", nianbao.KindReading}, {"glued-split", nianbao.KindReading}, {"unknown-row", nianbao.KindReading},
		{"missing-rows", nianbao.KindReading}, {"unreadable-cell", nianbao.KindReading}, {"no-number", nianbao.KindReading},
		{"short-row", nianbao.KindReading}, {"missing-cell", nianbao.KindReading}, {"extra-cells", nianbao.KindReading},
		{"truncated", nianbao.KindReading}, {"no-table", nianbao.KindReading}, {"blank-cells", nianbao.KindReading},
		{"blank-cell", nianbao.KindReading}, {"blank-total", nianbao.KindReading}, {"grid-too-large", nianbao.KindReading},
		{"image-only", nianbao.KindReading}, {"needs-libreoffice", nianbao.KindReading},
		{"no-agency", nianbao.KindMetadata}, {"no-year", nianbao.KindMetadata}, {"old-labels", nianbao.KindMetadata},
		{"old-format", nianbao.KindMetadata}, {"mixed-labels", nianbao.KindMetadata}, {"template-guessed", nianbao.KindMetadata},
		{"unit-assumed", nianbao.KindMetadata}, {"charset-fallback", nianbao.KindMetadata}, {"listing-page", nianbao.KindMetadata},
		{"a-rule-nobody-decided", nianbao.KindReading},
	} {
		if got := KindOf(tc.rule); got != tc.kind {
			t.Errorf("KindOf(%s) = %s, want %s", tc.rule, got, tc.kind)
		}
	}
}

// Parse gives every finding the kind of its rule: the seed's arithmetic
// and date are source, its cut-off last row reading.
func TestFindingsCarryKind(t *testing.T) {
	want := map[string]nianbao.Kind{"proactive-channels": nianbao.KindSource, "published-before-year-end": nianbao.KindSource, "truncated": nianbao.KindReading}
	r := parseFixture(t, "seed/000_d451e8e22817c643.txt")
	got := map[string]nianbao.Kind{}
	for _, f := range r.Findings {
		got[f.Rule] = f.Kind
	}
	for rule, kind := range want {
		if got[rule] != kind {
			t.Errorf("%s: kind %q, want %q (findings %+v)", rule, got[rule], kind, r.Findings)
		}
	}
	for _, name := range goldenDocs {
		for _, f := range parseFixture(t, name).Findings {
			if f.Kind == "" || f.Kind != KindOf(f.Rule) {
				t.Errorf("%s: %s has kind %q, want %q", name, f.Rule, f.Kind, KindOf(f.Rule))
			}
		}
	}
}
