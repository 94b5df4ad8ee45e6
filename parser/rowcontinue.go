package parser

// withContinuations returns g, the grid holding t's header at row hr,
// with the rows of the grids after it that continue it: a table cut in
// pieces at a page break, each piece a table of its own in the page
// (Word's HTML keeps them apart, and so do the portals that paste it). A
// piece continues the table when it has no header of t's, is as wide as
// the header row, and labels at least one of its rows with a row of t's
// template; the first grid that does not ends the table. Without them
// the values after the break were left out without a word.
func (t *tableDef) withContinuations(g *Grid, after []*Grid, hr int) *Grid {
	if g.Stream {
		return g // a text's stream is one grid
	}
	width := len(g.Rows[hr])
	var rows [][]Cell
	for _, next := range after {
		if next.Stream || !t.continues(next, width) {
			break
		}
		if rows == nil {
			rows = append(rows, g.Rows...)
		}
		rows = append(rows, next.Rows...)
	}
	if rows == nil {
		return g
	}
	return &Grid{Rows: rows, Form: g.Form, Line: g.Line}
}

// continues reports whether grid g can be the next piece of a table of
// t whose header row is width cells wide (see withContinuations).
func (t *tableDef) continues(g *Grid, width int) bool {
	if len(g.Rows) == 0 {
		return false
	}
	if _, _, ok := t.findHeader(g); ok {
		return false // a table of its own, or the header printed again
	}
	known := false
	for _, r := range g.Rows {
		if len(r) > width {
			return false
		}
		if known || len(r) < width {
			continue
		}
		if rr, ok := rowOf(r); ok && t.matchKey(key(stripEnumClean(Clean(rr.label.Text))), -1) >= 0 {
			known = true
		}
	}
	return known
}
