package parser

import (
	"fmt"

	"nianbao"
)

// A page's tables may expand, through rowspan and colspan, to at most
// gridFloor cells plus one cell for every gridBytesPerCell bytes of the
// page. Real report pages spend 250–1,600 bytes of markup on a cell
// (fixtures/html); a page of <td colspan=100> rows spends 0.3. A cell
// costs 32 bytes, so a page's grids cost at most 4 times its size (plus
// 2 MB): 7 MB for a 1.3 MB page, 68 MB for one of MaxSize.
const (
	gridFloor        = 1 << 16
	gridBytesPerCell = 8
)

// maxSpan clamps rowspan and colspan before the budget does: report tables
// span a few columns and a few dozen rows (browsers clamp colspan to 1000
// and rowspan to 65534).
const maxSpan = 100

// A cellBudget counts the cells the tables of one page expand to, and
// records the first table cut when they run out, and what was dropped.
type cellBudget struct {
	size  int // bytes of the page
	limit int // cells allowed for the page
	left  int // cells still allowed

	cut        int // the table cut (1-based, in page order), 0 if none
	kept, rows int // rows kept of the cut table, and its rows
	laterTabs  int // tables after the cut one, not read
	laterRows  int // their rows
}

func newCellBudget(size int) *cellBudget {
	n := gridFloor + size/gridBytesPerCell
	return &cellBudget{size: size, limit: n, left: n}
}

// take reserves one cell; false when the budget is spent.
func (b *cellBudget) take() bool {
	if b.left == 0 {
		return false
	}
	b.left--
	return true
}

// stop records that table number table, of rows rows, was cut after
// kept rows.
func (b *cellBudget) stop(table, kept, rows int) {
	if b.cut == 0 {
		b.cut, b.kept, b.rows = table, kept, rows
		return
	}
	b.laterTabs++
	b.laterRows += rows - kept
}

// finding says which table was cut and how much was dropped; nil when
// nothing was.
func (b *cellBudget) finding() *nianbao.Finding {
	if b.cut == 0 {
		return nil
	}
	msg := fmt.Sprintf("table %d of the page expands, through its rowspan and colspan, to more than the %d cells allowed for a page of %d bytes: its first %d of %d rows were read, %d dropped",
		b.cut, b.limit, b.size, b.kept, b.rows, b.rows-b.kept)
	if b.laterTabs > 0 {
		msg += fmt.Sprintf("; %d later table(s) not read (%d rows)", b.laterTabs, b.laterRows)
	}
	return &nianbao.Finding{Rule: "grid-too-large", Severity: nianbao.SeverityWarning, Message: msg}
}
