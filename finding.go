package nianbao

// A Finding is something the parser could not read, or a check the
// table's own arithmetic failed.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	// Kind says whose side the finding is on: source, reading or
	// metadata; the parser sets it from the rule.
	Kind    Kind     `json:"kind"`
	Message string   `json:"message"`
	Codes   []string `json:"codes,omitempty"`
}

// A Severity is how much a finding weighs: an error leaves a report
// partial.
type Severity string

// Severities of findings.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityInfo    Severity = "info"
)

// A Kind says whose side a finding is on.
type Kind string

// Kinds of findings.
const (
	// KindSource: the document contradicts itself (its sums, its prose
	// against its table, its dates).
	KindSource Kind = "source"
	// KindReading: nianbao has no number for something the table holds,
	// or could not read a part of the document.
	KindReading Kind = "reading"
	// KindMetadata: what the document is (agency, year, format, labels,
	// units, charset), not its numbers.
	KindMetadata Kind = "metadata"
)
