package parser

// Kinds of findings: whose side a finding is on.
const (
	// Source: the document contradicts itself (its sums, its prose
	// against its table, its dates).
	KindSource = "source"
	// Reading: nianbao has no number for something the table holds, or
	// could not read a part of the document.
	KindReading = "reading"
	// Metadata: what the document is (agency, year, format, labels,
	// units, charset), not its numbers.
	KindMetadata = "metadata"
)

// ruleKinds gives the kind of every rule the parser emits, and of the
// rules it emitted in earlier versions (their rows remain in databases).
// A rule added to the parser gets a line here; TestRuleKinds fails
// until it has one. Store migration 004 backfills existing rows from the
// same table (TestMigrationBackfillsKind checks they agree).
var ruleKinds = map[string]string{
	// arithmetic of the 2014 table and the Fujian annex
	"proactive-channels":  KindSource,
	"request-channels":    KindSource,
	"requests-closed":     KindSource,
	"request-answers":     KindSource,
	"refusal-reasons":     KindSource,
	"review-outcomes":     KindSource,
	"litigation-outcomes": KindSource,
	"staff":               KindSource,
	// arithmetic of the 2019/2021 tables
	"request-balance":                  KindSource,
	"results-total":                    KindSource,
	"applicant-total":                  KindSource,
	"litigation-direct-outcomes":       KindSource,
	"litigation-after_review-outcomes": KindSource,
	// the text against the table, the date against the year
	"prose-vs-table":            KindSource,
	"published-before-year-end": KindSource,

	// No number for a cell: printed blank, a dash or a word (无). Not a
	// contradiction: the agency's arithmetic is not in question. Reading,
	// with the unreadable cells: the finding lists values the records
	// lack.
	"blank-cells": KindReading,
	"blank-cell":  KindReading, // before 0.5.0: one finding per blank cell
	"blank-total": KindReading,
	"no-number":   KindReading,
	// cells and rows nianbao could not place or read
	"unreadable-cell": KindReading,
	"glued-cells":     KindReading,
	"glued-split":     KindReading,
	"unknown-row":     KindReading,
	"missing-rows":    KindReading,
	"duplicate-row":   KindReading,
	"no-header":       KindReading,
	"short-row":       KindReading,
	"missing-cell":    KindReading,
	"extra-cells":     KindReading,
	// The text stops mid-row: a property of the copy nianbao read (a
	// rendering or download cut short), not of the agency's numbers;
	// another copy of the same report reads whole.
	"truncated":         KindReading,
	"fee-sentence":      KindReading,
	"no-table":          KindReading,
	"grid-too-large":    KindReading,
	"image-only":        KindReading,
	"needs-libreoffice": KindReading,

	// what the document is
	"listing-page":     KindMetadata,
	"no-agency":        KindMetadata,
	"no-year":          KindMetadata,
	"old-labels":       KindMetadata,
	"old-format":       KindMetadata,
	"mixed-labels":     KindMetadata,
	"template-guessed": KindMetadata,
	"unit-assumed":     KindMetadata,
	"charset-fallback": KindMetadata,
}

// KindOf returns the kind of findings of rule: source, reading or
// metadata. A rule it does not know is reading: nothing is blamed on
// the agency without a decision.
func KindOf(rule string) string {
	if k, ok := ruleKinds[rule]; ok {
		return k
	}
	return KindReading
}

// RuleKinds returns a copy of the rule → kind table.
func RuleKinds() map[string]string {
	out := make(map[string]string, len(ruleKinds))
	for r, k := range ruleKinds {
		out[r] = k
	}
	return out
}

// setKinds gives every finding of r the kind of its rule.
func setKinds(r *Report) {
	for i := range r.Findings {
		r.Findings[i].Kind = KindOf(r.Findings[i].Rule)
	}
}
