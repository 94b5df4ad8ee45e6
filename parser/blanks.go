package parser

import (
	"fmt"
	"strings"

	"nianbao"
)

// maxBlankNames is how many blank cells a blank-cells message names;
// the codes list names them all.
const maxBlankNames = 20

// blankCells gathers the value cells a table prints blank, so that they
// are said once per table (rule blank-cells, info) rather than once a
// cell: some agencies leave every zero blank (132 cells on one report).
type blankCells struct {
	tables []string // in the order first seen
	cells  map[string][]blankCell
}

// A blankCell is one blank value cell: its code ("" for a row the
// template does not know) and its name for the message.
type blankCell struct{ code, name string }

// add records a blank cell of table.
func (b *blankCells) add(table, code, name string) {
	if b.cells == nil {
		b.cells = map[string][]blankCell{}
	}
	if _, ok := b.cells[table]; !ok {
		b.tables = append(b.tables, table)
	}
	b.cells[table] = append(b.cells[table], blankCell{code, name})
}

// findings returns one blank-cells finding per table with blank cells.
// Its codes name every blank cell's code, so that each value keeps its
// link to the finding.
func (b *blankCells) findings() []nianbao.Finding {
	var out []nianbao.Finding
	for _, t := range b.tables {
		cells := b.cells[t]
		var names, cs []string
		seen := map[string]bool{}
		for i, c := range cells {
			if i < maxBlankNames {
				names = append(names, c.name)
			}
			if c.code != "" && !seen[c.code] {
				seen[c.code] = true
				cs = append(cs, c.code)
			}
		}
		list := strings.Join(names, "; ")
		if n := len(cells) - len(names); n > 0 {
			list += fmt.Sprintf("; and %d more", n)
		}
		out = append(out, nianbao.Finding{Rule: "blank-cells", Severity: nianbao.SeverityInfo, Codes: cs,
			Message: fmt.Sprintf("%s: %d cell(s) printed blank, no value recorded: %s", t, len(cells), list)})
	}
	return out
}
