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
// Its rows are read one at a time (Len, Row): a comparison can have
// tens of thousands of rows, most of whose cells are empty.
type Comparison struct {
	// Title is the code, its Chinese label and, when every value has the
	// same one, the unit.
	Title string
	// Header names the columns: "agency", "dim" when the rows have a dim
	// column, then the years.
	Header []string
	// Labels is the number of label columns (agency, dim) before the
	// year columns.
	Labels int
	// Notes are the footnotes, numbered as they first appear: the
	// findings of the reports that name a value shown.
	Notes []string

	p          *pivot
	agencyText []string // by group
	dimLabel   []string // by dim
	// text[v] is the text of the cell whose first value is v.
	text []string
}

// Len is the number of rows.
func (c *Comparison) Len() int { return len(c.p.rows) }

// Row appends the cells of row r to dst and returns it: the agency, the
// dim when there is a dim column, then a cell per year: — where there
// is no value, the values of a year's several reports joined with
// " / ", and " [n]" after a value that footnote n names.
func (c *Comparison) Row(r int, dst []string) []string {
	pr := c.p.rows[r]
	dst = append(dst, c.agencyText[pr.group])
	if c.Labels > 1 {
		dst = append(dst, c.dimLabel[pr.dim])
	}
	for _, vi := range c.p.first[r*len(c.p.years) : (r+1)*len(c.p.years)] {
		if vi < 0 {
			dst = append(dst, "—")
		} else {
			dst = append(dst, c.text[vi])
		}
	}
	return dst
}

// Widths returns the width of each column's widest cell (the header
// left out), as width measures a cell: it measures each agency, dim and
// value once, not every cell of every row.
func (c *Comparison) Widths(width func(string) int) []int {
	ws := make([]int, c.Labels+len(c.p.years))
	for _, t := range c.agencyText {
		ws[0] = max(ws[0], width(t))
	}
	if c.Labels > 1 {
		for _, t := range c.dimLabel {
			ws[1] = max(ws[1], width(t))
		}
	}
	empty := width("—")
	for k, vi := range c.p.first {
		j := c.Labels + k%len(c.p.years)
		if vi < 0 {
			ws[j] = max(ws[j], empty)
		} else {
			ws[j] = max(ws[j], width(c.text[vi]))
		}
	}
	return ws
}

// Rows returns the cells of every row (Row).
func (c *Comparison) Rows() [][]string {
	rows := make([][]string, c.Len())
	for r := range rows {
		rows[r] = c.Row(r, nil)
	}
	return rows
}

// Compare pivots the values of code in the current reports that f
// selects (f.Codes is ignored). An agency whose name repeats in other
// regions is shown with its region; a dim other than "" with the column
// it is printed under (natural_person 自然人); a value with its unit
// when the values have several units.
func Compare(ctx context.Context, db *store.DB, code string, f store.Filter) (*Comparison, error) {
	vs := newPivotValues()
	if err := db.Compare(ctx, code, f, vs.add); err != nil {
		return nil, err
	}
	if vs.n == 0 {
		return nil, fmt.Errorf("no current report has a value of %s for these filters", code)
	}
	p := vs.pivot()
	c := &Comparison{Title: code}

	// Title: the code, its Chinese label and unit.
	if in, err := db.Indicator(ctx, code, p.dims[0]); err == nil && in.ZH != "" {
		c.Title += " " + in.ZH
	}
	if !p.showUnit() && p.units[0] != "" {
		c.Title += " (" + p.units[0] + ")"
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
	// The agency text once per group, the text of each cell that has a
	// value once, in the order of the rows (footnotes are numbered as
	// they first appear).
	c.p, c.dimLabel = p, dimLabel
	c.agencyText = make([]string, len(p.groups))
	for g := range p.groups {
		c.agencyText[g] = p.agencyText(p.groups[g])
	}
	c.text = make([]string, vs.n)
	var buf []byte
	for _, first := range p.first {
		if first < 0 {
			continue
		}
		// The cell's text in one buffer, one string per cell.
		buf = buf[:0]
		for vi := first; vi >= 0; vi = p.next[vi] {
			if vi != first {
				buf = append(buf, " / "...)
			}
			v := vs.at(vi)
			if v.null {
				buf = append(buf, "—"...)
			} else {
				buf = strconv.AppendFloat(buf, v.value, 'f', -1, 64)
				if u := p.units[v.unit]; p.showUnit() && u != "" {
					buf = append(append(buf, ' '), u...)
				}
			}
			if v.findings {
				m, err := fn.mark(v.report, p.groups[v.group].agency, int(v.year))
				if err != nil {
					return nil, err
				}
				buf = append(buf, m...)
			}
		}
		c.text[first] = string(buf)
	}
	c.Notes = fn.text
	return c, nil
}

// group is an agency in a region: the rows of a comparison are its
// groups times the dims.
type group struct{ agency, region, code string }

// pivotValue is one value of a comparison, its group, dim and unit as
// indexes: it holds no pointer, so that the garbage collector need not
// scan tens of thousands of them.
type pivotValue struct {
	report   int64
	value    float64
	group    int32 // in pivotValues.groups
	dim      int32 // in pivotValues.dims, in the order first seen
	unit     int32 // in pivotValues.units
	year     int32 // 0 when unknown
	null     bool  // printed but unreadable
	findings bool  // a finding of the report names the code
}

// pivotValues collects the values of a comparison as store.Compare
// gives them, numbering groups, dims and units as they first appear.
type pivotValues struct {
	// The values in blocks of valueBlock: growing one slice of tens of
	// thousands would copy them over and over.
	blocks      [][]pivotValue
	n           int
	groups      []group
	dims, units []string
	years       []int
	groupOf     map[group]int32
	// The group of each report: reportGroup[id]-1 for an id below
	// denseReports (ids are dense: a slice costs no hash per value),
	// sparseGroup[id] for the others.
	reportGroup []int32
	sparseGroup map[int64]int32
	dimOf       map[string]int32
	unitOf      map[string]int32
	// places counts the groups (regions) of each agency name.
	places map[string]int
	// The dim and unit of the last value: they seldom change from one
	// value to the next.
	lastDim, lastUnit string
	dim, unit         int32
}

func newPivotValues() *pivotValues {
	return &pivotValues{groupOf: map[group]int32{}, sparseGroup: map[int64]int32{}, dimOf: map[string]int32{},
		unitOf: map[string]int32{}, places: map[string]int{}}
}

// add keeps v.
func (vs *pivotValues) add(v store.CompareValue) error {
	g, ok := vs.reportGroupOf(v.ReportID)
	if !ok {
		k := group{v.Agency, v.Region, v.RegionCode}
		if g, ok = vs.groupOf[k]; !ok {
			g = int32(len(vs.groups))
			vs.groupOf[k] = g
			vs.groups = append(vs.groups, k)
			vs.places[v.Agency]++
		}
		vs.setReportGroup(v.ReportID, g)
	}
	first := vs.n == 0
	if first || v.Dim != vs.lastDim {
		vs.dim, vs.lastDim = index(vs.dimOf, &vs.dims, v.Dim), v.Dim
	}
	if first || v.Unit != vs.lastUnit {
		vs.unit, vs.lastUnit = index(vs.unitOf, &vs.units, v.Unit), v.Unit
	}
	if !slices.Contains(vs.years, v.Year) {
		vs.years = append(vs.years, v.Year)
	}
	pv := pivotValue{report: v.ReportID, group: g, dim: vs.dim, unit: vs.unit, year: int32(v.Year), findings: v.Findings > 0}
	if v.Value == nil {
		pv.null = true
	} else {
		pv.value = *v.Value
	}
	if vs.n%valueBlock == 0 {
		vs.blocks = append(vs.blocks, make([]pivotValue, valueBlock))
	}
	vs.blocks[vs.n/valueBlock][vs.n%valueBlock] = pv
	vs.n++
	return nil
}

// valueBlock is the number of values in a block of pivotValues.
const valueBlock = 4096

// at is value i.
func (vs *pivotValues) at(i int32) *pivotValue {
	return &vs.blocks[i/valueBlock][i%valueBlock]
}

// denseReports bounds the report ids whose group is kept in a slice
// indexed by id (4 bytes per id up to the largest: 16 MB at most).
const denseReports = 1 << 22

// reportGroupOf is the group of report id, and whether it is known.
func (vs *pivotValues) reportGroupOf(id int64) (int32, bool) {
	if id < 0 || id >= denseReports {
		g, ok := vs.sparseGroup[id]
		return g, ok
	}
	if id < int64(len(vs.reportGroup)) && vs.reportGroup[id] > 0 {
		return vs.reportGroup[id] - 1, true
	}
	return 0, false
}

// setReportGroup records that report id is of group g.
func (vs *pivotValues) setReportGroup(id int64, g int32) {
	if id < 0 || id >= denseReports {
		vs.sparseGroup[id] = g
		return
	}
	if n := int(id) + 1; n > len(vs.reportGroup) {
		vs.reportGroup = append(vs.reportGroup, make([]int32, n-len(vs.reportGroup))...)
	}
	vs.reportGroup[id] = g + 1
}

// index is the number of s in list, adding it when new.
func index(of map[string]int32, list *[]string, s string) int32 {
	i, ok := of[s]
	if !ok {
		i = int32(len(*list))
		of[s] = i
		*list = append(*list, s)
	}
	return i
}

// pivot holds the values of one code by row and year, as indexes into
// the values, so that a comparison of tens of thousands of values makes
// few maps and allocations.
type pivot struct {
	groups []group
	dims   []string // sorted
	years  []int    // sorted
	units  []string
	// rows in order: by agency, region code, region, then dim.
	rows []pivotRow
	// first[r*len(years)+y] is the first value of row r in year y, -1
	// for none; next[v] is the next value of the same cell, -1 for none.
	first, next []int32
	// places counts the groups (regions) of each agency name.
	places map[string]int
}

// pivotRow is one row of a comparison: a group and a dim (indexes).
type pivotRow struct{ group, dim int32 }

// pivot sorts the values into rows, ordered by agency, region and dim,
// and years in order; a cell keeps its values in the order they came.
func (vs *pivotValues) pivot() *pivot {
	p := &pivot{groups: vs.groups, units: vs.units, places: vs.places}
	p.years = slices.Sorted(slices.Values(vs.years))
	// Dims in order.
	p.dims = slices.Sorted(slices.Values(vs.dims))
	dimRank := make([]int32, len(vs.dims))
	for i, d := range vs.dims {
		dimRank[i] = int32(slices.Index(p.dims, d))
	}
	// Groups in order of agency, region code and region.
	gorder := make([]int32, len(p.groups))
	for i := range gorder {
		gorder[i] = int32(i)
	}
	slices.SortFunc(gorder, func(a, b int32) int {
		x, y := &p.groups[a], &p.groups[b]
		if c := strings.Compare(x.agency, y.agency); c != 0 {
			return c // most often: cmp.Or would compare the rest too
		}
		return cmp.Or(strings.Compare(x.code, y.code), strings.Compare(x.region, y.region))
	})
	// Rows: the (group, dim) pairs that have a value, numbered in order.
	nd := len(p.dims)
	rowAt := make([]int32, len(p.groups)*nd)
	nrows := 0
	for i := range int32(vs.n) {
		v := vs.at(i)
		if k := int(v.group)*nd + int(dimRank[v.dim]); rowAt[k] == 0 {
			rowAt[k] = 1
			nrows++
		}
	}
	p.rows = make([]pivotRow, 0, nrows)
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
	// Cells: link each value into its row and year, keeping the values'
	// order.
	yearIdx := map[int32]int{}
	for i, y := range p.years {
		yearIdx[int32(y)] = i
	}
	p.first = make([]int32, len(p.rows)*len(p.years))
	for i := range p.first {
		p.first[i] = -1
	}
	p.next = make([]int32, vs.n)
	for i := int32(vs.n) - 1; i >= 0; i-- {
		v := vs.at(i)
		r := rowAt[int(v.group)*nd+int(dimRank[v.dim])]
		cell := int(r)*len(p.years) + yearIdx[v.year]
		p.next[i] = p.first[cell]
		p.first[cell] = i
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

// mark is the footnote mark (" [1,2]") of a value of report, an
// agency's report of year, that findings name.
func (fn *footnotes) mark(report int64, agency string, year int) (string, error) {
	fs, ok := fn.findings[report]
	if !ok {
		var err error
		if fs, err = fn.db.ValueFindings(fn.ctx, report, fn.code); err != nil {
			return "", err
		}
		fn.findings[report] = fs
	}
	var nums []string
	for _, f := range fs {
		k := noteKey{report, f.Seq}
		n, ok := fn.numbers[k]
		if !ok {
			n = len(fn.text) + 1
			fn.numbers[k] = n
			fn.text = append(fn.text, fmt.Sprintf("[%d] %s %s: %s %s %s: %s", n, agency, yearText(year), f.Severity, f.Kind, f.Rule, f.Message))
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
