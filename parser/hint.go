package parser

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"nianbao"
)

// applyHint gives r the agency and year of opt's hints (the page that
// links to the document) when the document itself names none and has
// a statistics table: a PDF attached to a report page whose text starts
// with the table takes the page's agency and year. What the document names is never
// replaced. The no-agency and no-year findings of what the hint gave
// are dropped, and an identity-from-link finding says what was taken.
func applyHint(r *nianbao.Report, opt Options) {
	title := strings.TrimSpace(opt.TitleHint)
	if title == "" && opt.YearHint == 0 || r.Template == nianbao.TemplateNone {
		return
	}
	var took []string
	if strings.TrimSpace(r.Agency) == "" {
		if a := validAgency(agencyFromTitle(title)); a != "" {
			r.Agency = a
			took = append(took, "agency "+a)
			r.Findings = slices.DeleteFunc(r.Findings, func(f nianbao.Finding) bool { return f.Rule == "no-agency" })
		}
	}
	if r.Year == 0 {
		year := opt.YearHint
		if m := yearRe.FindStringSubmatch(despaceDigits(title)); m != nil {
			year, _ = strconv.Atoi(m[1])
		}
		if year != 0 {
			r.Year = year
			took = append(took, "year "+strconv.Itoa(year))
			r.Findings = slices.DeleteFunc(r.Findings, func(f nianbao.Finding) bool { return f.Rule == "no-year" })
		}
	}
	if len(took) == 0 {
		return
	}
	if r.Title == "" {
		r.Title = title
	}
	r.Findings = append(r.Findings, nianbao.Finding{Rule: "identity-from-link", Severity: nianbao.SeverityInfo, Kind: KindOf("identity-from-link"),
		Message: fmt.Sprintf("%s taken from the page linking to the document (%q): the document names none", strings.Join(took, " and "), title)})
}
