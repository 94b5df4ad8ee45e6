package parser

import (
	"fmt"

	"nianbao"
)

// checkBlankForm flags a statistics table whose every cell is blank: the
// form agencies fill in (the national template as published), not a
// report of zeros. Its values stay null; the blank-cells finding lists
// them.
func checkBlankForm(r *nianbao.Report) {
	if r.Template == nianbao.TemplateNone || len(r.Stats) == 0 {
		return
	}
	for _, s := range r.Stats {
		if s.Value != nil || s.Raw != "" {
			return
		}
	}
	r.Findings = append(r.Findings, nianbao.Finding{Rule: "blank-form", Severity: nianbao.SeverityWarning,
		Message: fmt.Sprintf("every one of the %d cells of the %s table is blank: a blank form, not a report (no value is read as zero)", len(r.Stats), r.Template)})
}
