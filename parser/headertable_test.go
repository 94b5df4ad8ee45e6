package parser

import (
	"strings"
	"testing"
)

// hasHeaderTableScan is hasHeaderTable without the grids' memory of 指:
// every cell of every grid but skip asked indexHeaderWords.
func hasHeaderTableScan(gs []*Grid, skip *Grid) bool {
	for _, g := range gs {
		if g == skip {
			continue
		}
		for _, r := range g.Rows {
			for _, c := range r {
				if i, _ := indexHeaderWords(c.Text); i >= 0 {
					return true
				}
			}
		}
	}
	return false
}

// TestHasHeaderTableAsScan holds hasHeaderTable, which passes over a grid
// none of whose cells holds 指, to the scan of every cell: on the grids
// of the fixtures' texts and on grids of random cells that hold either
// word, both, or pieces of them (统计 alone, 指 without 标).
func TestHasHeaderTableAsScan(t *testing.T) {
	gs := gridsOfFixtures(t)
	pieces := []string{"统计指标", "指标名称", "统 计 指 标", "指\t标\n名 称", "统计", "指", "标", "名称", "本年", "12", " ", "类别", "数据1"}
	cells := pieceTexts(7, pieces, 600, 4)
	for i := 0; i+3 <= len(cells); i += 3 {
		gs = append(gs, &Grid{Rows: [][]Cell{{{Text: cells[i]}, {Text: cells[i+1]}}, {{Text: cells[i+2]}}}})
	}
	held := 0
	for i, g := range gs {
		want := hasHeaderTableScan([]*Grid{g}, nil)
		if got := hasHeaderTable([]*Grid{g}, nil); got != want {
			t.Errorf("grid %d: hasHeaderTable %v, the scan %v", i, got, want)
		}
		if want {
			held++
		}
		// asked again (the grid's memory answers), and with it skipped
		if got := hasHeaderTable([]*Grid{g}, nil); got != want {
			t.Errorf("grid %d asked again: hasHeaderTable %v, the scan %v", i, got, want)
		}
		if hasHeaderTable([]*Grid{g}, g) {
			t.Errorf("grid %d skipped: hasHeaderTable true", i)
		}
	}
	if held == 0 || held == len(gs) {
		t.Fatalf("%d of %d grids hold a header: the test cannot tell the two apart", held, len(gs))
	}
}

// TestGridHoldsRuneAsCells holds what readText tells its pipe grids about
// 指 (that a block without it makes a grid without it) to a search of the
// grids' cells as readText leaves them, on the fixtures' texts and the
// shortcut samples.
func TestGridHoldsRuneAsCells(t *testing.T) {
	held, told := 0, 0
	for _, s := range readTexts(t) {
		for _, g := range readText(s).tables {
			if g.runeAsked == '指' {
				told++
			}
			want := false
			for _, r := range g.Rows {
				for _, c := range r {
					if strings.Contains(c.Text, "指") {
						want = true
					}
				}
			}
			if got := g.holdsRune('指'); got != want {
				t.Fatalf("grid at line %d (%s): holdsRune(指) = %v, its cells %v", g.Line, g.Form, got, want)
			}
			if want {
				held++
			}
		}
	}
	if held == 0 || told == 0 {
		t.Fatalf("%d grids hold 指, %d were told they do not: the test cannot tell", held, told)
	}
}
