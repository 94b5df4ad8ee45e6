package web

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"

	"nianbao/region"
)

// findingsLimit is how many reports the findings page ranks.
const findingsLimit = 200

// findingsData is the findings page: reports ranked by their source
// findings (the document contradicts itself), then by all findings the
// filters select.
type findingsData struct {
	Kind, Severity, Rule, Region string
	Kinds, Severities            []string
	Rules                        []string
	Regions                      []option
	Reports                      []rankedReport
	Limit                        int
}

type rankedReport struct {
	ID               int64
	Agency, Region   string
	Year             int
	Source, Selected int
	Errors, Warnings int
	Rules            string
}

var (
	findingKinds = []string{"source", "reading", "metadata"}
	severities   = []string{"error", "warning", "info"}
)

func (s *Server) findings(r *http.Request, l *lang) (*view, error) {
	ctx := r.Context()
	q := r.URL.Query()
	d := &findingsData{Kind: q.Get("kind"), Severity: q.Get("severity"), Rule: q.Get("rule"), Region: q.Get("region"),
		Kinds: findingKinds, Severities: severities, Limit: findingsLimit}
	if d.Kind != "" && !slices.Contains(findingKinds, d.Kind) {
		return nil, errBadRequest{"kind: source, reading or metadata"}
	}
	if d.Severity != "" && !slices.Contains(severities, d.Severity) {
		return nil, errBadRequest{"severity: error, warning or info"}
	}
	if d.Region != "" && !digits.MatchString(d.Region) {
		return nil, errBadRequest{"region: a GB/T 2260 code or its leading digits"}
	}
	err := s.query(ctx, `SELECT DISTINCT rule FROM findings`+s.findingsIndex+` ORDER BY rule`, nil, func(scan func(...any) error) error {
		var rule string
		if err := scan(&rule); err != nil {
			return err
		}
		d.Rules = append(d.Rules, rule)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if d.Regions, err = s.provinces(ctx, l); err != nil {
		return nil, err
	}
	// Count from the findings_rule index (rule, kind, severity and the
	// report's key) rather than the findings rows with their messages,
	// then read the agency of the 200 reports shown.
	inner := `SELECT f.report_id AS id, count(CASE WHEN f.kind = 'source' THEN 1 END) AS src, count(*) AS n,
			count(CASE WHEN f.severity = 'error' THEN 1 END) AS e, count(CASE WHEN f.severity = 'warning' THEN 1 END) AS w,
			group_concat(DISTINCT f.rule) AS rules
		FROM findings f` + s.findingsIndex + ` WHERE f.report_id IN (SELECT id FROM reports WHERE latest = 1`
	var args []any
	if d.Region != "" {
		inner += ` AND region_code LIKE ? || '%'`
		args = append(args, regionPrefix(d.Region))
	}
	inner += `)`
	if d.Kind != "" {
		inner += ` AND f.kind = ?`
		args = append(args, d.Kind)
	}
	if d.Severity != "" {
		inner += ` AND f.severity = ?`
		args = append(args, d.Severity)
	}
	if d.Rule != "" {
		inner += ` AND f.rule = ?`
		args = append(args, d.Rule)
	}
	inner += ` GROUP BY f.report_id ORDER BY src DESC, n DESC, f.report_id LIMIT ` + strconv.Itoa(findingsLimit)
	sqlText := `WITH g AS (` + inner + `)
		SELECT r.id, r.agency, coalesce(r.region, ''), coalesce(r.region_code, ''), coalesce(r.year, 0), g.src, g.n, g.e, g.w, g.rules
		FROM g JOIN reports r ON r.id = g.id ORDER BY g.src DESC, g.n DESC, g.id`
	err = s.query(ctx, sqlText, args, func(scan func(...any) error) error {
		var x rankedReport
		var code string
		if err := scan(&x.ID, &x.Agency, &x.Region, &code, &x.Year, &x.Source, &x.Selected, &x.Errors, &x.Warnings, &x.Rules); err != nil {
			return err
		}
		if x.Region == "" {
			x.Region = cmp.Or(region.FullName(code), code)
		}
		d.Reports = append(d.Reports, x)
		return nil
	})
	if err != nil {
		return nil, err
	}
	t := &Table{Header: []string{"report_id", l.T("agency"), l.T("region"), l.T("year"), l.T("source_kind"), l.T("findings"), "errors", "warnings", l.T("rule")}}
	for _, x := range d.Reports {
		t.Rows = append(t.Rows, []any{x.ID, x.Agency, x.Region, x.Year, x.Source, x.Selected, x.Errors, x.Warnings, x.Rules})
	}
	return &view{Page: "findings", Title: l.T("findings"), Data: d, Table: t}, nil
}
