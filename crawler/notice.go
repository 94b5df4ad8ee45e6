package crawler

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Annual-report columns also list notices about reports: corrections
// and errata (关于2020年度…年度报告的更正说明, 勘误), and work plans
// (政务公开工作要点, 关于…工作要点落实情况的函). Their titles name a year
// and often 年度报告, so without this filter they were taken for
// reports. A correction is fetched and kept as a document of its own
// kind, linked to the report it corrects; a work plan is not fetched,
// and the fetch log says why.

// errWorkPlan is why a work plan linked from a listing is not fetched.
var errWorkPlan = errors.New("not a report: a work plan or its follow-up")

var (
	// correctionRE matches a correction or erratum. A report re-issued
	// as corrected (年度报告（更正版）) is a report: correctedRE.
	correctionRE = regexp.MustCompile(`更正说明|更正声明|更正公告|更正启事|更正的说明|勘误|关于.*更正|更正$`)
	correctedRE  = regexp.MustCompile(`更正版|更正后|修订版`)
	workPlanRE   = regexp.MustCompile(`工作要点|工作计划|工作方案|工作安排|工作任务分工`)
)

// noticeKind says what a link title names that is not a report: a
// Correction, errWorkPlan (wrapped with the words that show it), or
// "" and nil for anything else.
func noticeKind(title string) (Kind, error) {
	if !strings.ContainsAny(title, "更勘工") {
		return "", nil // most titles: no regexp
	}
	t := strings.Join(strings.Fields(title), "")
	if correctionRE.MatchString(t) && !correctedRE.MatchString(t) {
		return Correction, nil
	}
	if m := workPlanRE.FindString(t); m != "" {
		return "", fmt.Errorf("%w (%s)", errWorkPlan, m)
	}
	return "", nil
}

// isNoticeTitle reports whether a link title names a year and a notice
// the crawler keeps (a correction) or logs as skipped (a work plan).
func isNoticeTitle(title string) bool {
	k, err := noticeKind(title)
	return (k != "" || err != nil) && titleYear(title) != 0
}

// noticeLink is the link a listing page gives a notice titled title at
// abs: a correction to fetch, a work plan to log as skipped, or false
// for a title that is neither (or names no year).
func noticeLink(abs, title string) (link, bool) {
	y := titleYear(title)
	if y == 0 {
		return link{}, false
	}
	k, err := noticeKind(title)
	switch {
	case k == Correction:
		return link{url: abs, kind: Correction, title: title, year: y}, true
	case err != nil:
		return link{url: abs, kind: Report, title: title, year: y, skip: err, reason: err.Error()}, true
	}
	return link{}, false
}

// correctedSubject is the issuer a correction's title names before the
// year of the report it corrects: 关于《某区财政局2020年度…》的更正说明 →
// 某区财政局; "" when the title starts with the year.
func correctedSubject(title string) string {
	t := strings.Join(strings.Fields(title), "")
	t = strings.TrimPrefix(t, "关于")
	loc := yearRE.FindStringIndex(t)
	if loc == nil {
		return ""
	}
	return strings.Trim(t[:loc[0]], "《》“”\"'（）()【】[]")
}
