package parser

import (
	"strings"
	"testing"
)

// TestFindHeaderGateAsSearch holds findHeader's gate (a grid with no cell
// holding 指 holds no header) to the search of every cell it spares, on
// the fixtures' grids and on grids of a header's words cut, spaced and
// wrapped.
func TestFindHeaderGateAsSearch(t *testing.T) {
	var gates []rune
	for _, tmpl := range registry {
		if tmpl.table == nil {
			continue
		}
		g := tmpl.table.index().gate
		if g == 0 {
			t.Fatalf("%s: no gate: the test tests no shortcut", tmpl.id)
		}
		for _, h := range tmpl.table.header {
			if !strings.ContainsRune(h, g) {
				t.Fatalf("%s: gate %c not in header key %s", tmpl.id, g, h)
			}
		}
		gates = append(gates, g)
	}
	for _, g := range gates[1:] {
		if g != gates[0] {
			t.Fatalf("the row tables' gates differ (%c): a grid is searched for each", gates)
		}
	}
	grids := gridsOfFixtures(t)
	for _, cells := range [][]string{{"统 计 指 标", "单位"}, {"统计", "指标"}, {"（统计指标）"}, {"指标 名称"}, {"指标名称：", "2020年"},
		{"統計指標"}, {"统计\u200b指标"}, {"统计标"}, {"指"}, {"", "1", "指标名称"}} {
		row := make([]Cell, len(cells))
		for i, c := range cells {
			row[i] = Cell{Text: c}
		}
		grids = append(grids, &Grid{Rows: [][]Cell{{{Text: "类别"}}, row}})
	}
	for _, g := range grids {
		for _, tmpl := range registry {
			if tmpl.table == nil {
				continue
			}
			r, c, ok := tmpl.table.findHeader(g)
			wr, wc, wok := findHeaderSearch(tmpl.table, g)
			if r != wr || c != wc || ok != wok {
				t.Fatalf("%s.findHeader = %d, %d, %v; the search %d, %d, %v (grid at line %d)", tmpl.id, r, c, ok, wr, wc, wok, g.Line)
			}
		}
	}
}

// findHeaderSearch is findHeader without its gate: every cell searched.
func findHeaderSearch(t *tableDef, g *Grid) (row, cell int, ok bool) {
	for i, r := range g.Rows {
		for j, c := range r {
			k := key(c.Text)
			for _, h := range t.header {
				if strings.Contains(k, h) {
					return i, j, true
				}
			}
		}
	}
	return 0, 0, false
}
