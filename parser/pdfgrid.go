package parser

import (
	"math"
	"regexp"
	"sort"
	"strings"

	"nianbao/internal/pdftext"
)

// A ruledTable is a table drawn with ruling lines on one page, read into
// a grid the way the HTML reader reads a <table>: one row per band between
// horizontal lines, one column per band between vertical lines, a cell
// with no line between it and its neighbour merged with it (a rowspan or
// colspan), the merged cell's copies marked Spanned.
type ruledTable struct {
	grid        *Grid
	xs          []float64 // the column lines, left to right
	top, bottom float64
}

// ruleSnap is how far apart (pt) two lines may be and still be one.
const ruleSnap = 3.0

// maxRules caps the lines looked at on a page: more is a drawing, not a
// table, and would cost quadratic time.
const maxRules = 4000

// ruledTables finds the tables drawn on page p, top first, and returns
// them with the page's runs that lie outside every table.
func ruledTables(p pdftext.Page) ([]*ruledTable, pdftext.Page) {
	rest := p
	rest.Runs, rest.Rules = nil, nil
	if len(p.Rules) > maxRules {
		rest.Runs = p.Runs
		return nil, rest
	}
	type building struct {
		t     *ruledTable
		ys    []float64
		cells [][][]pdftext.Run
		vs    []pdftext.Rule
		hs    []pdftext.Rule
	}
	var bs []*building
	for _, g := range groupRules(dropUnderlines(p.Rules, p.Runs)) {
		var vs, hs []pdftext.Rule
		var vx, hy []float64
		for _, r := range g {
			if r.Horizontal() {
				hs, hy = append(hs, r), append(hy, (r.Y0+r.Y1)/2)
			} else {
				vs, vx = append(vs, r), append(vx, (r.X0+r.X1)/2)
			}
		}
		xs, ys := snap(vx), snap(hy)
		if len(xs) < 2 || len(ys) < 2 || (len(xs)-1)*(len(ys)-1) < 2 {
			continue
		}
		sort.Sort(sort.Reverse(sort.Float64Slice(ys)))
		cells := make([][][]pdftext.Run, len(ys)-1)
		for i := range cells {
			cells[i] = make([][]pdftext.Run, len(xs)-1)
		}
		bs = append(bs, &building{t: &ruledTable{xs: xs, top: ys[0], bottom: ys[len(ys)-1]}, ys: ys, cells: cells, vs: vs, hs: hs})
	}
	sort.SliceStable(bs, func(i, j int) bool { return bs[i].t.top > bs[j].t.top })
runs:
	for _, r := range p.Runs {
		px, py := r.X0+math.Min(1, (r.X1-r.X0)/2), r.Y+0.25*r.Size
		for _, b := range bs {
			c, okx := band(b.t.xs, px, false)
			row, oky := band(b.ys, py, true)
			if okx && oky {
				b.cells[row][c] = append(b.cells[row][c], r)
				continue runs
			}
		}
		rest.Runs = append(rest.Runs, r)
	}
	var out []*ruledTable
	for _, b := range bs {
		b.t.grid = cellGrid(b.t.xs, b.ys, b.vs, b.hs, b.cells)
		if frame(b.t.grid) {
			for _, row := range b.cells {
				for _, c := range row {
					rest.Runs = append(rest.Runs, c...)
				}
			}
			continue
		}
		out = append(out, b.t)
	}
	return out, rest
}

// frame reports whether lines that look like a table are a box drawn
// around prose: a cell holding more than 400 characters.
func frame(g *Grid) bool {
	for _, row := range g.Rows {
		for _, c := range row {
			if len([]rune(c.Text)) > 400 {
				return true
			}
		}
	}
	return false
}

// band returns i with lines[i] ≤ v < lines[i+1] (lines ascending), or
// lines[i] ≥ v > lines[i+1] when desc.
func band(lines []float64, v float64, desc bool) (int, bool) {
	for i := 0; i+1 < len(lines); i++ {
		lo, hi := lines[i], lines[i+1]
		if desc {
			lo, hi = hi, lo
		}
		if v >= lo && v < hi {
			return i, true
		}
	}
	return 0, false
}

// snap sorts positions and merges those within ruleSnap into their mean.
func snap(v []float64) []float64 {
	sort.Float64s(v)
	var out []float64
	n, sum := 0, 0.0
	for i, x := range v {
		if i > 0 && x-v[i-1] > ruleSnap {
			out = append(out, sum/float64(n))
			n, sum = 0, 0
		}
		n++
		sum += x
	}
	if n > 0 {
		out = append(out, sum/float64(n))
	}
	return out
}

// dropUnderlines removes the horizontal lines drawn under text: no lower
// than 0.2 em under the baseline of the runs they pass under, and no
// more than half an em past the ends of those runs. Cell borders lie
// lower (the cell's padding and the glyphs' descent) or run wider.
func dropUnderlines(rules []pdftext.Rule, runs []pdftext.Run) []pdftext.Rule {
	var out []pdftext.Rule
	for _, l := range rules {
		if !l.Horizontal() || !underline(l, runs) {
			out = append(out, l)
		}
	}
	return out
}

func underline(l pdftext.Rule, runs []pdftext.Run) bool {
	x0, x1, size := math.Inf(1), math.Inf(-1), 0.0
	for _, r := range runs {
		if l.X1 > r.X0 && l.X0 < r.X1 && l.Y1 <= r.Y+0.5 && l.Y0 >= r.Y-0.2*r.Size {
			x0, x1, size = math.Min(x0, r.X0), math.Max(x1, r.X1), math.Max(size, r.Size)
		}
	}
	return size > 0 && l.X0 >= x0-size/2 && l.X1 <= x1+size/2
}

// groupRules splits the page's lines into sets that touch one another:
// one set per table.
func groupRules(rules []pdftext.Rule) [][]pdftext.Rule {
	parent := make([]int, len(rules))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	touch := func(a, b pdftext.Rule) bool {
		return a.X0-ruleSnap <= b.X1 && b.X0-ruleSnap <= a.X1 && a.Y0-ruleSnap <= b.Y1 && b.Y0-ruleSnap <= a.Y1
	}
	for i := range rules {
		for j := i + 1; j < len(rules); j++ {
			if touch(rules[i], rules[j]) {
				parent[find(i)] = find(j)
			}
		}
	}
	sets := map[int][]pdftext.Rule{}
	var order []int
	for i, r := range rules {
		k := find(i)
		if _, ok := sets[k]; !ok {
			order = append(order, k)
		}
		sets[k] = append(sets[k], r)
	}
	out := make([][]pdftext.Rule, len(order))
	for i, k := range order {
		out[i] = sets[k]
	}
	return out
}

// cellGrid merges the bands into cells where no line separates them and
// writes the grid, the text of a merged cell copied into each band it
// covers.
func cellGrid(xs, ys []float64, vs, hs []pdftext.Rule, runs [][][]pdftext.Run) *Grid {
	rows, cols := len(ys)-1, len(xs)-1
	id := func(r, c int) int { return r*cols + c }
	parent := make([]int, rows*cols)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			i = parent[i]
		}
		return i
	}
	union := func(a, b int) {
		a, b = find(a), find(b)
		if a < b {
			parent[b] = a
		} else if b < a {
			parent[a] = b
		}
	}
	vline := func(x, y0, y1 float64) bool {
		mid := (y0 + y1) / 2
		for _, v := range vs {
			if math.Abs((v.X0+v.X1)/2-x) <= ruleSnap && v.Y0-1 <= mid && mid <= v.Y1+1 {
				return true
			}
		}
		return false
	}
	hline := func(y, x0, x1 float64) bool {
		mid := (x0 + x1) / 2
		for _, h := range hs {
			if math.Abs((h.Y0+h.Y1)/2-y) <= ruleSnap && h.X0-1 <= mid && mid <= h.X1+1 {
				return true
			}
		}
		return false
	}
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			if c+1 < cols && !vline(xs[c+1], ys[r+1], ys[r]) {
				union(id(r, c), id(r, c+1))
			}
			if r+1 < rows && !hline(ys[r+1], xs[c], xs[c+1]) {
				union(id(r, c), id(r+1, c))
			}
		}
	}
	group := map[int][]pdftext.Run{}
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			g := find(id(r, c))
			group[g] = append(group[g], runs[r][c]...)
		}
	}
	g := &Grid{Form: "pdf"}
	for r := 0; r < rows; r++ {
		row := make([]Cell, cols)
		for c := 0; c < cols; c++ {
			o := find(id(r, c))
			row[c] = Cell{Text: runsText(group[o]), Spanned: o != id(r, c), RowSpanned: o/cols != r}
		}
		g.Rows = append(g.Rows, row)
	}
	return g
}

// runsText joins a cell's runs: by line from the top, left to right,
// wrapped lines joined as Chinese is written (no space).
func runsText(runs []pdftext.Run) string {
	if len(runs) == 0 {
		return ""
	}
	rs := append([]pdftext.Run(nil), runs...)
	sort.SliceStable(rs, func(i, j int) bool {
		if math.Abs(rs[i].Y-rs[j].Y) < 0.3*math.Max(rs[i].Size, 1) {
			return rs[i].X0 < rs[j].X0
		}
		return rs[i].Y > rs[j].Y
	})
	s := ""
	for _, r := range rs {
		s = joinText(s, strings.TrimSpace(r.Text))
	}
	return Clean(s)
}

// continues reports whether t, at the top of a page, goes on with prev,
// the table that ended the page before: both span the same width, and
// the column lines of one are all lines of the other. A part of the
// table with fewer columns, such as table 二's last section, may start
// the page; a part with more, such as table 三's data under a header
// whose last row the page break cut (商业企业, 科研机构… under 法人或其他
// 组织), may follow a header printed on fewer columns.
func (t *ruledTable) continues(prev *ruledTable) bool {
	if len(t.xs) < 2 || !near(t.xs[0], prev.xs[0]) || !near(t.xs[len(t.xs)-1], prev.xs[len(prev.xs)-1]) {
		return false
	}
	return subLines(t.xs, prev.xs) || subLines(prev.xs, t.xs)
}

// subLines reports whether every line of a is one of b.
func subLines(a, b []float64) bool {
	for _, x := range a {
		found := false
		for _, y := range b {
			found = found || near(x, y)
		}
		if !found {
			return false
		}
	}
	return true
}

func near(a, b float64) bool { return math.Abs(a-b) <= ruleSnap }

// widen writes t's rows on the column lines xs, which include t's: a
// cell covering several of those columns is copied into each, as a
// colspan.
func (t *ruledTable) widen(xs []float64) [][]Cell {
	if len(t.xs) == len(xs) {
		return t.grid.Rows
	}
	var out [][]Cell
	for _, row := range t.grid.Rows {
		wide := make([]Cell, len(xs)-1)
		last := -1
		for j := range wide {
			k, _ := band(t.xs, (xs[j]+xs[j+1])/2, false)
			wide[j] = row[k]
			if k == last {
				wide[j].Spanned = true
			}
			last = k
		}
		out = append(out, wide)
	}
	return out
}

// numberCellRe matches a cell that holds a value, not a label.
var numberCellRe = regexp.MustCompile(`^[\d.,，\s%-]*$`)

// splitRow reports whether first, the top row of a table's next page, is
// the rest of last, the row the page break cut: in some column one of
// them holds a number where the other is blank.
func splitRow(last, first []Cell) bool {
	for c := range first {
		a, b := last[c], first[c]
		if a.Spanned || b.Spanned {
			continue
		}
		if a.Text == "" && b.Text != "" && numberCellRe.MatchString(b.Text) ||
			b.Text == "" && a.Text != "" && numberCellRe.MatchString(a.Text) {
			return true
		}
	}
	return false
}

// append adds the rows of next, the same table continued on the next page.
// A label cell merged over rows that the page break cut in two leaves the
// next page's part blank: it is filled from the label above, as a copy.
func (t *ruledTable) append(next *ruledTable) {
	if len(next.xs) > len(t.xs) {
		// next is ruled finer: t's rows are written on its columns, so
		// that every cell of the table sits at its grid column.
		t.grid.Rows = t.widen(next.xs)
		t.xs = next.xs
	}
	prev := t.grid.Rows[len(t.grid.Rows)-1]
	rows := next.widen(t.xs)
	if splitRow(prev, rows[0]) {
		for c, cell := range rows[0] {
			if cell.Spanned || cell.Text == "" {
				continue
			}
			joined := joinText(prev[c].Text, cell.Text)
			for r := 1; r < len(rows) && rows[r][c].RowSpanned && rows[r][c].Text == cell.Text; r++ {
				rows[r][c] = Cell{Text: joined, Spanned: true, RowSpanned: true}
			}
			if !prev[c].Spanned {
				prev[c].Text = joined
				t.grid.notModern = false
			}
		}
		rows = rows[1:]
		if len(rows) == 0 {
			t.bottom = next.bottom
			return
		}
	}
	for c := range rows[0] {
		above := prev[c].Text
		if rows[0][c].Text != "" || above == "" || numberCellRe.MatchString(above) {
			continue
		}
		for r := 0; r < len(rows) && (r == 0 || rows[r][c].RowSpanned); r++ {
			rows[r][c] = Cell{Text: above, Spanned: true, RowSpanned: true}
		}
	}
	t.grid.Rows = append(t.grid.Rows, rows...)
	t.bottom = next.bottom
}
