package web

import (
	"context"
	"net/http"
	"slices"

	"nianbao/region"
)

// overviewData is the overview page: reports per province and year,
// parse status, findings by kind and severity.
type overviewData struct {
	Years     []int
	Provinces []provinceRow
	Total     int
	Status    []countRow
	Kinds     []kindRow
}

type provinceRow struct {
	Code   string // two digits; "" when unknown
	Name   string
	Counts []int // per Years
	Total  int
}

type countRow struct {
	Name  string
	Count int
}

type kindRow struct {
	Kind                   string
	Errors, Warnings, Info int
	Total                  int
}

func (s *Server) overview(r *http.Request, l *lang) (*view, error) {
	ctx := r.Context()
	d := &overviewData{}
	type key struct {
		prov string
		year int
	}
	counts := map[key]int{}
	var provs []string
	err := s.query(ctx, `SELECT coalesce(substr(region_code, 1, 2), ''), coalesce(year, 0), count(*)
		FROM reports WHERE latest = 1 GROUP BY 1, 2`, nil, func(scan func(...any) error) error {
		var k key
		var n int
		if err := scan(&k.prov, &k.year, &n); err != nil {
			return err
		}
		counts[k] += n
		if !slices.Contains(provs, k.prov) {
			provs = append(provs, k.prov)
		}
		if !slices.Contains(d.Years, k.year) {
			d.Years = append(d.Years, k.year)
		}
		d.Total += n
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(d.Years)
	slices.Sort(provs)
	// unknown last
	if len(provs) > 0 && provs[0] == "" {
		provs = append(provs[1:], "")
	}
	for _, p := range provs {
		row := provinceRow{Code: p, Name: provinceName(p, l)}
		for _, y := range d.Years {
			n := counts[key{p, y}]
			row.Counts = append(row.Counts, n)
			row.Total += n
		}
		d.Provinces = append(d.Provinces, row)
	}
	err = s.query(ctx, `SELECT status, count(*) FROM reports WHERE latest = 1 GROUP BY status ORDER BY count(*) DESC`, nil,
		func(scan func(...any) error) error {
			var c countRow
			if err := scan(&c.Name, &c.Count); err != nil {
				return err
			}
			d.Status = append(d.Status, c)
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = s.query(ctx, `SELECT f.kind, count(CASE WHEN f.severity = 'error' THEN 1 END), count(CASE WHEN f.severity = 'warning' THEN 1 END),
			count(CASE WHEN f.severity = 'info' THEN 1 END), count(*)
		FROM findings f`+s.findingsIndex+` WHERE f.report_id IN (SELECT id FROM reports WHERE latest = 1) GROUP BY f.kind ORDER BY f.kind DESC`, nil,
		func(scan func(...any) error) error {
			var k kindRow
			if err := scan(&k.Kind, &k.Errors, &k.Warnings, &k.Info, &k.Total); err != nil {
				return err
			}
			d.Kinds = append(d.Kinds, k)
			return nil
		})
	if err != nil {
		return nil, err
	}
	t := &Table{Header: []string{l.T("province"), "code"}}
	for _, y := range d.Years {
		t.Header = append(t.Header, yearStr(y))
	}
	t.Header = append(t.Header, l.T("total"))
	for _, p := range d.Provinces {
		row := []any{p.Name, provinceCode(p.Code)}
		for _, n := range p.Counts {
			row = append(row, n)
		}
		t.Rows = append(t.Rows, append(row, p.Total))
	}
	return &view{Page: "overview", Title: l.T("overview"), Data: d, Table: t}, nil
}

// provinceCode is the six-digit code of a province's two digits.
func provinceCode(p string) any {
	if p == "" {
		return nil
	}
	return p + "0000"
}

// provinces lists the provinces the current reports are placed in, as
// the options of a filter: the province's code and its name.
func (s *Server) provinces(ctx context.Context, l *lang) ([]option, error) {
	var out []option
	err := s.query(ctx, `SELECT DISTINCT substr(region_code, 1, 2) FROM reports WHERE latest = 1 AND region_code IS NOT NULL ORDER BY 1`, nil,
		func(scan func(...any) error) error {
			var p string
			if err := scan(&p); err != nil {
				return err
			}
			out = append(out, option{Value: p + "0000", Label: provinceName(p, l)})
			return nil
		})
	return out, err
}

// provinceName names the province of two code digits.
func provinceName(p string, l *lang) string {
	if p == "" {
		return l.T("unknown")
	}
	if d, ok := region.Lookup(p + "0000"); ok {
		return d.Name
	}
	return p + "0000"
}
