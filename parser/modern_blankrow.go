package parser

// The blank form agencies fill in prints table 四's data row with no row
// label and every one of its 15 cells empty. row drops leading blank
// cells (a leading "|"), so such a row gives no token at all; kept here,
// it stands for table 四 only if no filled data row follows, and its
// cells are then read as printed blank (blank-cells), not missing.

// blankRow keeps an all-blank row of exactly 15 cells printed right under
// table 四's header, before any of its values.
func (r *modernReader) blankRow(cells []Cell) {
	if r.table != 4 || !r.t4Head || len(r.t4) > 0 || r.t4Blank != nil || r.cur != nil {
		return
	}
	var toks []tok
	for i, c := range cells {
		if c.Spanned {
			continue
		}
		if c.Text != "" {
			return
		}
		toks = append(toks, tok{line: c.Line, cell: c, col: i})
	}
	if len(toks) == 15 {
		r.t4Blank = toks
	}
}
