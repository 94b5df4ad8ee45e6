package parser

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
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
	for _, d := range tableDefs {
		for _, r := range d.rules {
			rules = append(rules, r.rule)
		}
	}
	for _, r := range modernRules() {
		rules = append(rules, r.rule)
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
		if k != KindSource && k != KindReading && k != KindMetadata {
			t.Errorf("rule %s: kind %q", r, k)
		}
	}
}

// The decisions behind the kinds: the agency's arithmetic and dates are
// source, what nianbao has no number for is reading, what the document is
// is metadata. An unknown rule is reading, never blamed on the agency.
func TestKindOf(t *testing.T) {
	for _, tc := range []struct{ rule, kind string }{
		{"proactive-channels", KindSource}, {"request-balance", KindSource}, {"results-total", KindSource},
		{"applicant-total", KindSource}, {"review-outcomes", KindSource}, {"litigation-direct-outcomes", KindSource},
		{"prose-vs-table", KindSource}, {"published-before-year-end", KindSource}, {"staff", KindSource},
		{"glued-cells", KindReading}, {"glued-split", KindReading}, {"unknown-row", KindReading},
		{"missing-rows", KindReading}, {"unreadable-cell", KindReading}, {"no-number", KindReading},
		{"short-row", KindReading}, {"missing-cell", KindReading}, {"extra-cells", KindReading},
		{"truncated", KindReading}, {"no-table", KindReading}, {"blank-cells", KindReading},
		{"blank-cell", KindReading}, {"blank-total", KindReading}, {"grid-too-large", KindReading},
		{"image-only", KindReading}, {"needs-libreoffice", KindReading},
		{"no-agency", KindMetadata}, {"no-year", KindMetadata}, {"old-labels", KindMetadata},
		{"old-format", KindMetadata}, {"mixed-labels", KindMetadata}, {"template-guessed", KindMetadata},
		{"unit-assumed", KindMetadata}, {"charset-fallback", KindMetadata}, {"listing-page", KindMetadata},
		{"a-rule-nobody-decided", KindReading},
	} {
		if got := KindOf(tc.rule); got != tc.kind {
			t.Errorf("KindOf(%s) = %s, want %s", tc.rule, got, tc.kind)
		}
	}
}

// Parse gives every finding the kind of its rule: the seed's arithmetic
// and date are source, its cut-off last row reading.
func TestFindingsCarryKind(t *testing.T) {
	want := map[string]string{"proactive-channels": KindSource, "published-before-year-end": KindSource, "truncated": KindReading}
	r := parseFixture(t, "seed/000_d451e8e22817c643.txt")
	got := map[string]string{}
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
