package parser

import (
	"fmt"
	"slices"
	"strings"

	"nianbao"
)

// Format voting: a label or column only some revisions of the 2019 layout
// print is a vote for each of them. The revision with the most votes is
// the document's; a tie goes to the latest one the report year allows.

// An oldLabel is a row printed in a wording that revisions still print
// for one of their own rows (规范性文件 in 2021 tables).
type oldLabel struct {
	label string
	row   modernRow
}

// vote counts a label that the revisions prints print, if it tells
// revisions apart (some of the registered ones do not print it).
func (r *modernReader) vote(prints []nianbao.Template) {
	if len(prints) == 0 || len(prints) == len(r.f.modern) {
		return
	}
	for _, id := range prints {
		r.votes[id]++
	}
	if r.voted == nil {
		r.voted = make([][]nianbao.Template, 0, 16)
	}
	r.voted = append(r.voted, prints)
}

// guess is the revision the evidence so far points to, else the one the
// report year implies: the latest that applies by then, the first listed
// if none does.
func (r *modernReader) guess() *template {
	most := 0
	for _, t := range r.f.modern {
		most = max(most, r.votes[t.id])
	}
	var best *template
	for _, t := range r.f.modern {
		if r.votes[t.id] != most {
			continue
		}
		switch {
		case best == nil:
			best = t
		case t.from <= r.year && (best.from > r.year || t.from > best.from):
			best = t
		case best.from > r.year && t.from < best.from:
			best = t
		}
	}
	return best
}

// template decides the revision from the tables themselves and says when
// the labels disagree with it or with the year.
func (r *modernReader) template() *template {
	t := r.guess()
	if len(r.voted) == 0 {
		r.findings = append(r.findings, nianbao.Finding{Rule: "template-guessed", Severity: nianbao.SeverityInfo,
			Message: fmt.Sprintf("no label tells %s; %s assumed from the report year %d", r.apart(), t.id, r.year)})
	}
	r.oldLabels(t)
	if next := r.successor(t); next != nil {
		r.findings = append(r.findings, nianbao.Finding{Rule: "old-format", Severity: nianbao.SeverityWarning,
			Message: fmt.Sprintf("a report for %d in the %s format (the %s format applies from the %d reports)", r.year, t.name, next.name, next.from)})
	}
	if r.mixed(t) {
		var counts []string
		for _, m := range r.f.modern {
			if n := r.votes[m.id]; n > 0 {
				counts = append(counts, fmt.Sprintf("%d of %s", n, m.name))
			}
		}
		what := "both formats"
		if len(counts) > 2 {
			what = "several formats"
		}
		r.findings = append(r.findings, nianbao.Finding{Rule: "mixed-labels", Severity: nianbao.SeverityInfo,
			Message: fmt.Sprintf("labels of %s: %s; read as %s", what, strings.Join(counts, ", "), t.id)})
	}
	if len(r.short) > 0 {
		r.findings = append(r.findings, nianbao.Finding{Rule: "short-row", Severity: nianbao.SeverityWarning,
			Message: fmt.Sprintf("rows with fewer values than columns, read left to right (empty cells leave no trace in this form): %s", strings.Join(r.short, "; "))})
	}
	if len(r.blankTot) > 0 {
		r.findings = append(r.findings, nianbao.Finding{Rule: "blank-total", Severity: nianbao.SeverityWarning,
			Message: fmt.Sprintf("%s: 总计 left blank on %d row(s), not computed: %s", table3, len(r.blankTot), strings.Join(r.blankTot, "; "))})
	}
	return t
}

// apart names the revisions no label told apart: "the 2019 format from
// the 2021 one".
func (r *modernReader) apart() string {
	var ns []string
	for _, m := range r.f.modern {
		ns = append(ns, m.name)
	}
	if len(ns) == 2 {
		return fmt.Sprintf("the %s format from the %s one", ns[0], ns[1])
	}
	return fmt.Sprintf("the %s formats apart", strings.Join(ns, ", "))
}

// oldLabels says the old wordings t still prints for its own rows, one
// finding a code.
func (r *modernReader) oldLabels(t *template) {
	var order []string
	byCode := map[string][]oldLabel{}
	for _, o := range r.oldLabel {
		if !slices.Contains(o.row.tolerated, t.id) {
			continue
		}
		if byCode[o.row.code] == nil {
			order = append(order, o.row.code)
		}
		byCode[o.row.code] = append(byCode[o.row.code], o)
	}
	for _, code := range order {
		os := byCode[code]
		labels := make([]string, len(os))
		for i, o := range os {
			labels[i] = o.label
		}
		r.findings = append(r.findings, nianbao.Finding{Rule: "old-labels", Severity: nianbao.SeverityInfo, Codes: []string{code},
			Message: fmt.Sprintf("a %s-format table with the %s label %s (%s: %s)", t.name, revisionNames(r.f, os[0].row.prints),
				strings.Join(labels, ", "), t.name, t.ownLabel(code))})
	}
}

// successor is the revision of t's series that replaced it by the report
// year, if one did.
func (r *modernReader) successor(t *template) *template {
	var next *template
	for _, m := range r.f.modern {
		if m.series == t.series && m.from > t.from && m.from <= r.year && (next == nil || m.from > next.from) {
			next = m
		}
	}
	return next
}

// mixed reports whether some vote went only to revisions other than t.
func (r *modernReader) mixed(t *template) bool {
	for _, v := range r.voted {
		if !slices.Contains(v, t.id) {
			return true
		}
	}
	return false
}
