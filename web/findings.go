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
	err := s.query(ctx, `SELECT DISTINCT rule FROM findings ORDER BY rule`, nil, func(scan func(...any) error) error {
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
	err = s.query(ctx, `SELECT DISTINCT substr(region_code, 1, 2) FROM reports WHERE latest = 1 AND region_code IS NOT NULL ORDER BY 1`, nil,
		func(scan func(...any) error) error {
			var p string
			if err := scan(&p); err != nil {
				return err
			}
			d.Regions = append(d.Regions, option{Value: p + "0000", Label: provinceName(p, l)})
			return nil
		})
	if err != nil {
		return nil, err
	}
	sqlText := `SELECT r.id, r.agency, coalesce(r.region, ''), coalesce(r.region_code, ''), coalesce(r.year, 0),
			count(CASE WHEN f.kind = 'source' THEN 1 END), count(*),
			count(CASE WHEN f.severity = 'error' THEN 1 END), count(CASE WHEN f.severity = 'warning' THEN 1 END),
			group_concat(DISTINCT f.rule)
		FROM findings f JOIN reports r ON r.id = f.report_id AND r.latest = 1 WHERE 1 = 1`
	var args []any
	if d.Kind != "" {
		sqlText += ` AND f.kind = ?`
		args = append(args, d.Kind)
	}
	if d.Severity != "" {
		sqlText += ` AND f.severity = ?`
		args = append(args, d.Severity)
	}
	if d.Rule != "" {
		sqlText += ` AND f.rule = ?`
		args = append(args, d.Rule)
	}
	if d.Region != "" {
		sqlText += ` AND r.region_code LIKE ? || '%'`
		args = append(args, regionPrefix(d.Region))
	}
	sqlText += ` GROUP BY r.id ORDER BY 6 DESC, 7 DESC, r.agency, r.year LIMIT ` + strconv.Itoa(findingsLimit)
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
