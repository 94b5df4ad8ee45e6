package parser

import "testing"

// TestHasModernTableMark holds hasModernTable's memory of the mark it
// found to a fresh search: it answers from the mark while its cell holds
// the same text, and searches again once the cell was rewritten.
func TestHasModernTableMark(t *testing.T) {
	g := &Grid{Rows: [][]Cell{{{Text: "类别"}, {Text: "数据1"}}, {{Text: "12"}, {Text: "结果维持"}}}}
	if !hasModernTable(g) {
		t.Fatal("no mark found in a grid holding 结果维持")
	}
	if g.markRow != 1 || g.markCol != 1 || g.markText != "结果维持" {
		t.Fatalf("mark kept at %d,%d %q, want 1,1 结果维持", g.markRow, g.markCol, g.markText)
	}
	g.Rows[0][0].Text = "其他" // another cell rewritten: the mark holds
	if !hasModernTable(g) {
		t.Fatal("the mark was lost when another cell was rewritten")
	}
	g.Rows[1][1].Text = "结果" // the mark's cell rewritten: searched again
	if hasModernTable(g) {
		t.Fatal("a grid whose mark was rewritten still has one")
	}
	g = &Grid{Rows: [][]Cell{{{Text: "信息内容"}}}}
	hasModernTable(g)
	g.Rows = g.Rows[:0] // the mark's row cut off
	if hasModernTable(g) {
		t.Fatal("a grid with no rows has a mark")
	}
	for _, g := range gridsOfFixtures(t) {
		want := hasModernTableSearch(g)
		if got := hasModernTable(g); got != want {
			t.Fatalf("hasModernTable = %v, the search %v (grid at line %d)", got, want, g.Line)
		}
		if got := hasModernTable(g); got != want {
			t.Fatalf("hasModernTable asked again = %v, the search %v (grid at line %d)", got, want, g.Line)
		}
	}
}

// hasModernTableSearch is hasModernTable without its memory.
func hasModernTableSearch(g *Grid) bool {
	for _, r := range g.Rows {
		for _, c := range r {
			if isModernMark(c.Text) {
				return true
			}
		}
	}
	return false
}

// gridsOfFixtures are the grids readText makes of the fixtures' texts
// (their readers asked hasModernTable of them already).
func gridsOfFixtures(t *testing.T) []*Grid {
	t.Helper()
	var gs []*Grid
	for _, s := range fixtureTexts(t) {
		gs = append(gs, readText(s).tables...)
	}
	if len(gs) == 0 {
		t.Fatal("no grids in the fixtures")
	}
	return gs
}
