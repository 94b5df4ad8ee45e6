package parser

import "nianbao"

// ruleKinds gives the kind of every rule the parser emits, and of the
// rules it emitted in earlier versions (their rows remain in databases).
// A rule added to the parser gets a line here; TestRuleKinds fails
// until it has one. Store migration 004 backfills existing rows from the
// same table (TestMigrationBackfillsKind checks they agree).
var ruleKinds = map[string]nianbao.Kind{
	// arithmetic of the 2014 table and the Fujian annex
	"proactive-channels":  nianbao.KindSource,
	"request-channels":    nianbao.KindSource,
	"requests-closed":     nianbao.KindSource,
	"request-answers":     nianbao.KindSource,
	"refusal-reasons":     nianbao.KindSource,
	"review-outcomes":     nianbao.KindSource,
	"litigation-outcomes": nianbao.KindSource,
	"staff":               nianbao.KindSource,
	// arithmetic of the 2019/2021 tables
	"request-balance":                  nianbao.KindSource,
	"results-total":                    nianbao.KindSource,
	"applicant-total":                  nianbao.KindSource,
	"litigation-direct-outcomes":       nianbao.KindSource,
	"litigation-after_review-outcomes": nianbao.KindSource,
	// the text against the table, the date against the year
	"prose-vs-table":            nianbao.KindSource,
	"published-before-year-end": nianbao.KindSource,

	// No number for a cell: printed blank, a dash or a word (无). Not a
	// contradiction: the agency's arithmetic is not in question. Reading,
	// with the unreadable cells: the finding lists values the records
	// lack.
	"blank-cells": nianbao.KindReading,
	"blank-cell":  nianbao.KindReading, // before 0.5.0: one finding per blank cell
	"blank-total": nianbao.KindReading,
	"no-number":   nianbao.KindReading,
	// cells and rows nianbao could not place or read
	"unreadable-cell": nianbao.KindReading,
	"glued-cells":     nianbao.KindReading,
	"glued-split":     nianbao.KindReading,
	"unknown-row":     nianbao.KindReading,
	"missing-rows":    nianbao.KindReading,
	"duplicate-row":   nianbao.KindReading,
	"no-header":       nianbao.KindReading,
	"short-row":       nianbao.KindReading,
	"missing-cell":    nianbao.KindReading,
	"extra-cells":     nianbao.KindReading,
	// a data cell under a header the template does not have; a row read
	// by position because the table prints no header
	"unknown-column":      nianbao.KindReading,
	"columns-by-position": nianbao.KindReading,
	"unplaced-row":        nianbao.KindReading,
	// The text stops mid-row: a property of the copy nianbao read (a
	// rendering or download cut short), not of the agency's numbers;
	// another copy of the same report reads whole.
	"truncated":         nianbao.KindReading,
	"fee-sentence":      nianbao.KindReading,
	"no-table":          nianbao.KindReading,
	"grid-too-large":    nianbao.KindReading,
	"image-only":        nianbao.KindReading,
	"needs-libreoffice": nianbao.KindReading,
	"ofd-not-read":      nianbao.KindReading,
	// A blank form (the template as published): no cell has a number,
	// as with blank-cells. Reading, which is also what store migration
	// 004 gives a rule it does not name.
	"blank-form": nianbao.KindReading,

	// what the document is
	"listing-page": nianbao.KindMetadata,
	// a template column the document's header does not print
	"missing-column":   nianbao.KindMetadata,
	"no-agency":        nianbao.KindMetadata,
	"no-year":          nianbao.KindMetadata,
	"old-labels":       nianbao.KindMetadata,
	"old-format":       nianbao.KindMetadata,
	"mixed-labels":     nianbao.KindMetadata,
	"template-guessed": nianbao.KindMetadata,
	"unit-assumed":     nianbao.KindMetadata,
	"charset-fallback": nianbao.KindMetadata,

	// an attachment's agency or year taken from its report page
	"identity-from-link": nianbao.KindMetadata,
}

// KindOf returns the kind of findings of rule: source, reading or
// metadata. A rule it does not know is reading: nothing is blamed on
// the agency without a decision.
func KindOf(rule string) nianbao.Kind {
	if k, ok := ruleKinds[rule]; ok {
		return k
	}
	return nianbao.KindReading
}

// RuleKinds returns a copy of the rule → kind table.
func RuleKinds() map[string]nianbao.Kind {
	out := make(map[string]nianbao.Kind, len(ruleKinds))
	for r, k := range ruleKinds {
		out[r] = k
	}
	return out
}

// setKinds gives every finding of r the kind of its rule.
func setKinds(r *nianbao.Report) {
	for i := range r.Findings {
		r.Findings[i].Kind = KindOf(r.Findings[i].Rule)
	}
}
