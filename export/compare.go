package export

import (
	"cmp"
	"context"
	"fmt"
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
	// Values in blocks, copied once into one slice: growing a slice of
	// tens of thousands of values would copy them over and over.
	var blocks [][]store.CompareValue
	var block []store.CompareValue
	n := 0
	if err := db.Compare(ctx, code, f, func(v store.CompareValue) error {
		if len(block) == cap(block) {
			block = make([]store.CompareValue, 0, 4096)
			blocks = append(blocks, block)
		}
		block = append(block, v)
		blocks[len(blocks)-1] = block
		n++
		return nil
	}); err != nil {
		return nil, err
	}
	vals := make([]store.CompareValue, 0, n)
	for _, b := range blocks {
		vals = append(vals, b...)
	}
	blocks = nil
	if len(vals) == 0 {
		return nil, fmt.Errorf("no current report has a value of %s for these filters", code)
	}
	p := newPivot(vals)
	c := &Comparison{Title: code}

	// Title: the code, its Chinese label and unit.
	if in, err := db.Indicator(ctx, code, p.dims[0]); err == nil && in.ZH != "" {
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
	dimLabel := make([]string, len(p.dims))
	if p.showDim() {
		for i, d := range p.dims {
			dimLabel[i] = dimText(d)
			if d == "" {
				continue
			}
			col, err := db.DimColumn(ctx, code, d)
			if err != nil {
				return nil, err
			}
			if col != "" {
				dimLabel[i] += " " + col
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
	// The cells of all rows in one backing array, the agency text once
	// per agency rather than once per row.
	width := c.Labels + len(p.years)
	cells := make([]string, len(p.rows)*width)
	agencyText := make([]string, len(p.groups))
	c.Rows = make([][]string, len(p.rows))
	var buf []byte
	for r := range p.rows {
		row := cells[r*width : (r+1)*width : (r+1)*width]
		g := p.groups[p.rows[r].group]
		if agencyText[p.rows[r].group] == "" {
			agencyText[p.rows[r].group] = p.agencyText(g)
		}
		row[0] = agencyText[p.rows[r].group]
		if p.showDim() {
			row[1] = dimLabel[p.rows[r].dim]
		}
		for j := range p.years {
			vi := p.first[r*len(p.years)+j]
			if vi < 0 {
				row[c.Labels+j] = "—"
				continue
			}
			// The cell's text in one buffer, one string per cell.
			buf = buf[:0]
			for first := true; vi >= 0; vi, first = p.next[vi], false {
				if !first {
					buf = append(buf, " / "...)
				}
				v := vals[vi]
				if v.Value == nil {
					buf = append(buf, "—"...)
				} else {
					buf = strconv.AppendFloat(buf, *v.Value, 'f', -1, 64)
					if p.showUnit() && v.Unit != "" {
						buf = append(append(buf, ' '), v.Unit...)
					}
				}
				m, err := fn.mark(v)
				if err != nil {
					return nil, err
				}
				buf = append(buf, m...)
			}
			row[c.Labels+j] = string(buf)
		}
		c.Rows[r] = row
	}
	c.Notes = fn.text
	return c, nil
}

// group is an agency in a region: the rows of a comparison are its
// groups times the dims.
type group struct{ agency, region, code string }

// pivotRow is one row of a comparison: a group and a dim (indexes).
type pivotRow struct{ group, dim int32 }

// pivot holds the values of one code by row and year, as indexes into
// the values, so that a comparison of tens of thousands of values makes
// few maps and allocations.
type pivot struct {
	groups []group
	dims   []string // sorted
	years  []int    // sorted
	units  map[string]bool
	// rows in order: by agency, region code, region, then dim.
	rows []pivotRow
	// first[r*len(years)+y] is the first value of row r in year y, -1
	// for none; next[v] is the next value of the same cell, -1 for none.
	first, next []int32
	// places counts the groups (regions) of each agency name.
	places map[string]int
}

// newPivot sorts vals into rows, ordered by agency, region and dim, and
// years in order; a cell keeps its values in the order of vals.
func newPivot(vals []store.CompareValue) *pivot {
	p := &pivot{units: map[string]bool{}, places: map[string]int{}}
	groupOf := map[group]int32{}
	reportGroup := map[int64]int32{}
	dimOf := map[string]int32{}
	valGroup := make([]int32, len(vals))
	valDim := make([]int32, len(vals))
	var lastUnit, lastDim string
	var d int32
	for i, v := range vals {
		g, ok := reportGroup[v.ReportID]
		if !ok {
			k := group{v.Agency, v.Region, v.RegionCode}
			if g, ok = groupOf[k]; !ok {
				g = int32(len(p.groups))
				groupOf[k] = g
				p.groups = append(p.groups, k)
				p.places[v.Agency]++
			}
			reportGroup[v.ReportID] = g
		}
		if i == 0 || v.Dim != lastDim {
			if d, ok = dimOf[v.Dim]; !ok {
				d = int32(len(p.dims))
				dimOf[v.Dim] = d
				p.dims = append(p.dims, v.Dim)
			}
			lastDim = v.Dim
		}
		valGroup[i], valDim[i] = g, d
		if !slices.Contains(p.years, v.Year) {
			p.years = append(p.years, v.Year)
		}
		if i == 0 || v.Unit != lastUnit {
			p.units[v.Unit] = true
			lastUnit = v.Unit
		}
	}
	slices.Sort(p.years)
	// Dims in order.
	sortedDims := slices.Sorted(slices.Values(p.dims))
	dimRank := make([]int32, len(p.dims))
	for i, d := range p.dims {
		dimRank[i] = int32(slices.Index(sortedDims, d))
	}
	p.dims = sortedDims
	// Groups in order of agency, region code and region.
	gorder := make([]int32, len(p.groups))
	for i := range gorder {
		gorder[i] = int32(i)
	}
	slices.SortFunc(gorder, func(a, b int32) int {
		x, y := p.groups[a], p.groups[b]
		return cmp.Or(strings.Compare(x.agency, y.agency), strings.Compare(x.code, y.code), strings.Compare(x.region, y.region))
	})
	// Rows: the (group, dim) pairs that have a value, numbered in order.
	nd := len(p.dims)
	rowAt := make([]int32, len(p.groups)*nd)
	for i := range vals {
		rowAt[int(valGroup[i])*nd+int(dimRank[valDim[i]])] = 1
	}
	for _, g := range gorder {
		for d := range nd {
			if k := int(g)*nd + d; rowAt[k] != 0 {
				rowAt[k] = int32(len(p.rows))
				p.rows = append(p.rows, pivotRow{g, int32(d)})
			} else {
				rowAt[k] = -1
			}
		}
	}
	// Cells: link each value into its row and year, keeping vals' order.
	yearIdx := map[int]int{}
	for i, y := range p.years {
		yearIdx[y] = i
	}
	p.first = make([]int32, len(p.rows)*len(p.years))
	for i := range p.first {
		p.first[i] = -1
	}
	p.next = make([]int32, len(vals))
	for i := len(vals) - 1; i >= 0; i-- {
		r := rowAt[int(valGroup[i])*nd+int(dimRank[valDim[i]])]
		cell := int(r)*len(p.years) + yearIdx[vals[i].Year]
		p.next[i] = p.first[cell]
		p.first[cell] = int32(i)
	}
	return p
}

func (p *pivot) showDim() bool  { return len(p.dims) > 1 }
func (p *pivot) showUnit() bool { return len(p.units) > 1 }

// agencyText is the agency of group g, with its region when the same
// name is found in other regions.
func (p *pivot) agencyText(g group) string {
	if p.places[g.agency] < 2 {
		return orDash(g.agency)
	}
	where := g.region
	if where == "" {
		where = region.FullName(g.code)
	}
	if where == "" {
		where = "region?"
	}
	return orDash(g.agency) + " (" + where + ")"
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
