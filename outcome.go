package nianbao

// An Outcome tells what the store did with a document it was given.
type Outcome string

// Outcomes of saving a document.
const (
	OutcomeNew       Outcome = "new"       // a source not seen before
	OutcomeUnchanged Outcome = "unchanged" // the same bytes as the source's latest version: nothing stored
	OutcomeRevised   Outcome = "revised"   // different bytes for a known source: a new version
)
