package web

import (
	"cmp"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"nianbao/region"
)

// pageSize is how many agencies the indicator page shows at once.
const pageSize = 20

// An entry is one row of the data dictionary.
type entry struct {
	Code, Dim, ZH, EN, Unit string
}

// Key is how the page names the entry: code, or code/dim.
func (e entry) Key() string {
	if e.Dim == "" {
		return e.Code
	}
	return e.Code + "/" + e.Dim
}

// indicatorData is the indicator page.
type indicatorData struct {
	Dictionary []entry
	Input      string
	Chosen     *entry
	Matches    []entry
	Filters    filters
	Regions    []option // province codes and names
	Levels     []string
	Kinds      []string
	Years      []int
	BarYear    int
	Rows       []agencyRow // the page's rows
	AllRows    int
	Page       int
	PrevURL    string
	NextURL    string
	Line       *chart
	Bars       *chart
	Unit       string
	Keep       map[string]string // the query's other parameters, for the bar year's form
	allRows    []agencyRow
}

// filters are the choices of the indicator page.
type filters struct {
	Region, Level, Kind string
	From, To            int
}

// agencyRow is one agency's values by year.
type agencyRow struct {
	Agency, Region string
	Cells          []yearCell // per indicatorData.Years
}

type yearCell struct {
	Year     int
	Value    *float64
	Report   int64 // 0 when no report has the value
	Findings int
}

var digits = regexp.MustCompile(`^[0-9]{1,6}$`)

// Levels and kinds of agency the filters offer (reports.region_level and
// agency_kind).
var (
	levels      = []string{"province", "prefecture", "county", "township"}
	agencyKinds = []string{"government", "office", "department"}
)

func (s *Server) indicator(r *http.Request, l *lang) (*view, error) {
	ctx := r.Context()
	q := r.URL.Query()
	d := &indicatorData{Input: strings.TrimSpace(q.Get("ind")), Levels: levels, Kinds: agencyKinds}
	d.Filters = filters{Region: q.Get("region"), Level: q.Get("level"), Kind: q.Get("kind"), From: atoi(q.Get("from")), To: atoi(q.Get("to"))}
	if d.Filters.Region != "" && !digits.MatchString(d.Filters.Region) {
		return nil, errBadRequest{"region: a GB/T 2260 code or its leading digits, such as 35 or 350128"}
	}
	if d.Filters.Level != "" && !slices.Contains(levels, d.Filters.Level) {
		return nil, errBadRequest{"level: province, prefecture, county or township"}
	}
	if d.Filters.Kind != "" && !slices.Contains(agencyKinds, d.Filters.Kind) {
		return nil, errBadRequest{"kind: government, office or department"}
	}
	err := s.query(ctx, `SELECT code, dim, zh, en, unit FROM indicators ORDER BY code, dim`, nil, func(scan func(...any) error) error {
		var e entry
		if err := scan(&e.Code, &e.Dim, &e.ZH, &e.EN, &e.Unit); err != nil {
			return err
		}
		d.Dictionary = append(d.Dictionary, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if d.Regions, err = s.provinces(ctx, l); err != nil {
		return nil, err
	}
	d.choose()
	if d.Chosen == nil {
		return &view{Page: "indicator", Title: l.T("indicator"), Data: d}, nil
	}
	if err := s.indicatorValues(r, d); err != nil {
		return nil, err
	}
	return &view{Page: "indicator", Title: l.T("indicator") + " " + d.Chosen.Key(), Data: d, Table: d.table(l)}, nil
}

// choose picks the dictionary entry the input names exactly, or lists
// those whose code or labels contain it (the only one is chosen).
func (d *indicatorData) choose() {
	if d.Input == "" {
		return
	}
	in := strings.ToLower(d.Input)
	for i, e := range d.Dictionary {
		if e.Key() == d.Input {
			d.Chosen = &d.Dictionary[i]
			return
		}
	}
	for _, e := range d.Dictionary {
		if strings.Contains(strings.ToLower(e.Key()), in) || strings.Contains(e.ZH, d.Input) || strings.Contains(strings.ToLower(e.EN), in) {
			d.Matches = append(d.Matches, e)
		}
	}
	if len(d.Matches) == 1 {
		d.Chosen = &d.Matches[0]
	}
}

// indicatorValues reads the chosen code's values under the filters and
// lays them out agencies × years, one page of agencies, with charts.
func (s *Server) indicatorValues(r *http.Request, d *indicatorData) error {
	sqlText := `SELECT r.id, r.agency, coalesce(r.region, ''), coalesce(r.region_code, ''), coalesce(r.year, 0), s.value, s.unit, s.findings
		FROM stat_rows s JOIN reports r ON r.id = s.report_id AND r.latest = 1
		WHERE s.code = ? AND s.dim = ?`
	args := []any{d.Chosen.Code, d.Chosen.Dim}
	f := d.Filters
	if f.Region != "" {
		sqlText += ` AND r.region_code LIKE ? || '%'`
		args = append(args, regionPrefix(f.Region))
	}
	if f.Level != "" {
		sqlText += ` AND r.region_level = ?`
		args = append(args, f.Level)
	}
	if f.Kind != "" {
		sqlText += ` AND r.agency_kind = ?`
		args = append(args, f.Kind)
	}
	if f.From != 0 {
		sqlText += ` AND r.year >= ?`
		args = append(args, f.From)
	}
	if f.To != 0 {
		sqlText += ` AND r.year <= ?`
		args = append(args, f.To)
	}
	sqlText += ` ORDER BY s.report_id, s.seq`
	type rowKey struct{ agency, code string }
	byRow := map[rowKey]map[int]yearCell{}
	regionOf := map[rowKey]string{}
	var keys []rowKey
	years := map[int]bool{}
	units := map[string]bool{}
	err := s.query(r.Context(), sqlText, args, func(scan func(...any) error) error {
		var c yearCell
		var k rowKey
		var regionName, unit string
		var v *float64
		if err := scan(&c.Report, &k.agency, &regionName, &k.code, &c.Year, &v, &unit, &c.Findings); err != nil {
			return err
		}
		c.Value = v
		if byRow[k] == nil {
			byRow[k] = map[int]yearCell{}
			keys = append(keys, k)
			regionOf[k] = regionName
		}
		if _, ok := byRow[k][c.Year]; !ok { // the first value of the year's report
			byRow[k][c.Year] = c
		}
		years[c.Year] = true
		units[unit] = true
		return nil
	})
	if err != nil {
		return err
	}
	for y := range years {
		d.Years = append(d.Years, y)
	}
	slices.Sort(d.Years)
	if len(units) == 1 {
		for u := range units {
			d.Unit = u
		}
	}
	slices.SortFunc(keys, func(a, b rowKey) int {
		return cmp.Or(strings.Compare(a.agency, b.agency), strings.Compare(a.code, b.code))
	})
	d.AllRows = len(keys)
	var rows []agencyRow
	for _, k := range keys {
		row := agencyRow{Agency: k.agency, Region: regionOf[k]}
		if row.Region == "" && k.code != "" {
			row.Region = cmp.Or(region.FullName(k.code), k.code)
		}
		for _, y := range d.Years {
			c, ok := byRow[k][y]
			if !ok {
				c = yearCell{Year: y}
			}
			row.Cells = append(row.Cells, c)
		}
		rows = append(rows, row)
	}
	d.Page = max(atoi(r.URL.Query().Get("page")), 1)
	start := (d.Page - 1) * pageSize
	if start >= len(rows) && len(rows) > 0 {
		return errNotFound{"page " + strconv.Itoa(d.Page)}
	}
	end := min(start+pageSize, len(rows))
	d.Rows = rows[start:end]
	if d.Page > 1 {
		d.PrevURL = withParam(r, "page", strconv.Itoa(d.Page-1))
	}
	if end < len(rows) {
		d.NextURL = withParam(r, "page", strconv.Itoa(d.Page+1))
	}
	d.BarYear = atoi(r.URL.Query().Get("bar"))
	if !slices.Contains(d.Years, d.BarYear) && len(d.Years) > 0 {
		d.BarYear = d.Years[len(d.Years)-1]
	}
	d.Keep = map[string]string{}
	for k, v := range r.URL.Query() {
		if k != "bar" && k != "download" && len(v) > 0 {
			d.Keep[k] = v[0]
		}
	}
	d.Line = lineChart(d.Years, d.Rows)
	d.Bars = barChart(d.BarYear, d.Years, d.Rows)
	d.allRows = rows
	return nil
}

// table is every agency's row (not only the page's) for download.
func (d *indicatorData) table(l *lang) *Table {
	t := &Table{Header: []string{l.T("agency"), l.T("region")}}
	for _, y := range d.Years {
		t.Header = append(t.Header, yearStr(y))
	}
	for _, row := range d.allRows {
		out := []any{row.Agency, row.Region}
		for _, c := range row.Cells {
			if c.Value != nil {
				out = append(out, *c.Value)
			} else {
				out = append(out, nil)
			}
		}
		t.Rows = append(t.Rows, out)
	}
	return t
}

// regionPrefix is the leading digits of a region code that its
// divisions share: 350000 → 35, 350100 → 3501.
func regionPrefix(code string) string {
	for len(code) > 2 && strings.HasSuffix(code, "00") {
		code = code[:len(code)-2]
	}
	return code
}

// An option is one choice of a <select>.
type option struct{ Value, Label string }
