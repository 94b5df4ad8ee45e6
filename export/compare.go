package export

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"nianbao/region"
	"nianbao/store"
)

// Comparison is one indicator code pivoted into a table: one row per
// agency (and dim, when the code has several), one column per year.
type Comparison struct {
	// Title is the code, its Chinese label and, when every value has the
	// same one, the unit.
	Title string
	// Header names the columns: "agency", "dim" when Rows have a dim
	// column, then the years.
	Header []string
	// Labels is the number of label columns (agency, dim) before the
	// year columns.
	Labels int
	// Rows hold the cells: — where there is no value, the values of a
	// year's several reports joined with " / ", and " [n]" after a value
	// that footnote n names.
	Rows [][]string
	// Notes are the footnotes, numbered as they first appear: the
	// findings of the reports that name a value shown.
	Notes []string
}

// Compare pivots the values of code in the current reports that f
// selects (f.Codes is ignored). An agency whose name repeats in other
// regions is shown with its region; a dim other than "" with the column
// it is printed under (natural_person 自然人); a value with its unit
// when the values have several units.
func Compare(ctx context.Context, db *store.DB, code string, f store.Filter) (*Comparison, error) {
	var vals []store.CompareValue
	if err := db.Compare(ctx, code, f, func(v store.CompareValue) error {
		vals = append(vals, v)
		return nil
	}); err != nil {
		return nil, err
	}
	if len(vals) == 0 {
		return nil, fmt.Errorf("no current report has a value of %s for these filters", code)
	}
	p := newPivot(vals)
	c := &Comparison{Title: code}

	// Title: the code, its Chinese label and unit.
	dimList := slices.Sorted(maps.Keys(p.dims))
	if in, err := db.Indicator(ctx, code, dimList[0]); err == nil && in.ZH != "" {
		c.Title += " " + in.ZH
	}
	if !p.showUnit() {
		for u := range p.units {
			if u != "" {
				c.Title += " (" + u + ")"
			}
		}
	}

	// A dim other than "" is shown with the column it is printed
	// under: natural_person 自然人.
	dimLabel := map[string]string{}
	if p.showDim() {
		for _, d := range dimList {
			dimLabel[d] = dimText(d)
			if d == "" {
				continue
			}
			col, err := db.DimColumn(ctx, code, d)
			if err != nil {
				return nil, err
			}
			if col != "" {
				dimLabel[d] += " " + col
			}
		}
	}

	fn := &footnotes{ctx: ctx, db: db, code: code, numbers: map[noteKey]int{}, findings: map[int64][]store.FindingRow{}}
	c.Header = []string{"agency"}
	if p.showDim() {
		c.Header = append(c.Header, "dim")
	}
	c.Labels = len(c.Header)
	for _, y := range p.years {
		c.Header = append(c.Header, yearText(y))
	}
	for _, k := range p.rowKeys {
		row := []string{p.agencyText(k)}
		if p.showDim() {
			row = append(row, dimLabel[k.dim])
		}
		for _, y := range p.years {
			vs := p.cells[k][y]
			if len(vs) == 0 {
				row = append(row, "—")
				continue
			}
			var parts []string
			for _, v := range vs {
				s := "—"
				if v.Value != nil {
					s = strconv.FormatFloat(*v.Value, 'f', -1, 64)
					if p.showUnit() && v.Unit != "" {
						s += " " + v.Unit
					}
				}
				m, err := fn.mark(v)
				if err != nil {
					return nil, err
				}
				parts = append(parts, s+m)
			}
			row = append(row, strings.Join(parts, " / "))
		}
		c.Rows = append(c.Rows, row)
	}
	c.Notes = fn.text
	return c, nil
}

// rowKey is one row of a comparison: an agency in a region, and a dim.
type rowKey struct{ agency, region, code, dim string }

// pivot holds the values of one code by row and year.
type pivot struct {
	rowKeys []rowKey
	years   []int
	dims    map[string]bool
	units   map[string]bool
	cells   map[rowKey]map[int][]store.CompareValue
	// places holds the regions (name, code) each agency name is found in.
	places map[string]map[[2]string]bool
}

// newPivot sorts vals into rows, ordered by agency, region and dim, and
// years in order.
func newPivot(vals []store.CompareValue) *pivot {
	p := &pivot{dims: map[string]bool{}, units: map[string]bool{}, cells: map[rowKey]map[int][]store.CompareValue{}, places: map[string]map[[2]string]bool{}}
	for _, v := range vals {
		k := rowKey{v.Agency, v.Region, v.RegionCode, v.Dim}
		if p.cells[k] == nil {
			p.cells[k] = map[int][]store.CompareValue{}
			p.rowKeys = append(p.rowKeys, k)
		}
		p.cells[k][v.Year] = append(p.cells[k][v.Year], v)
		if !slices.Contains(p.years, v.Year) {
			p.years = append(p.years, v.Year)
		}
		p.dims[v.Dim] = true
		p.units[v.Unit] = true
	}
	slices.Sort(p.years)
	slices.SortFunc(p.rowKeys, func(a, b rowKey) int {
		return cmp.Or(strings.Compare(a.agency, b.agency), strings.Compare(a.code, b.code), strings.Compare(a.region, b.region),
			strings.Compare(a.dim, b.dim))
	})
	for _, k := range p.rowKeys {
		if p.places[k.agency] == nil {
			p.places[k.agency] = map[[2]string]bool{}
		}
		p.places[k.agency][[2]string{k.region, k.code}] = true
	}
	return p
}

func (p *pivot) showDim() bool  { return len(p.dims) > 1 }
func (p *pivot) showUnit() bool { return len(p.units) > 1 }

// agencyText is the agency of row k, with its region when the same name
// is found in other regions.
func (p *pivot) agencyText(k rowKey) string {
	if len(p.places[k.agency]) < 2 {
		return orDash(k.agency)
	}
	where := k.region
	if where == "" {
		where = region.FullName(k.code)
	}
	if where == "" {
		where = "region?"
	}
	return orDash(k.agency) + " (" + where + ")"
}

// noteKey names one finding of one report.
type noteKey struct {
	report int64
	seq    int
}

// footnotes numbers the findings that name the values shown, as they
// first appear, reading each report's findings once.
type footnotes struct {
	ctx      context.Context
	db       *store.DB
	code     string
	numbers  map[noteKey]int
	text     []string
	findings map[int64][]store.FindingRow
}

// mark is the footnote mark of v (" [1,2]"), or "" when no finding
// names it.
func (fn *footnotes) mark(v store.CompareValue) (string, error) {
	if v.Findings == 0 {
		return "", nil
	}
	fs, ok := fn.findings[v.ReportID]
	if !ok {
		var err error
		if fs, err = fn.db.ValueFindings(fn.ctx, v.ReportID, fn.code); err != nil {
			return "", err
		}
		fn.findings[v.ReportID] = fs
	}
	var nums []string
	for _, f := range fs {
		k := noteKey{v.ReportID, f.Seq}
		n, ok := fn.numbers[k]
		if !ok {
			n = len(fn.text) + 1
			fn.numbers[k] = n
			fn.text = append(fn.text, fmt.Sprintf("[%d] %s %s: %s %s %s: %s", n, v.Agency, yearText(v.Year), f.Severity, f.Kind, f.Rule, f.Message))
		}
		nums = append(nums, strconv.Itoa(n))
	}
	return " [" + strings.Join(nums, ",") + "]", nil
}

// yearText is y, or "year?" when the year is unknown.
func yearText(y int) string {
	if y == 0 {
		return "year?"
	}
	return strconv.Itoa(y)
}

// dimText is d, or "" in quotes for the year's value.
func dimText(d string) string {
	if d == "" {
		return `""`
	}
	return d
}

// orDash is s, or — when s is empty.
func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
