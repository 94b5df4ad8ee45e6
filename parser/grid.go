package parser

// A Grid is one table as read from a document: rows of cells in reading
// order. HTML tables have rowspan and colspan expanded, so every row has a
// cell in every column it covers, with Spanned set on the copies. Text
// renderings whose rows are not marked (pipe, cells, space) come as a
// single row holding every cell in order, with Stream set: the template
// reader splits it into rows by recognising labels.
type Grid struct {
	Rows   [][]Cell
	Stream bool
	// notModern is set by hasModernTable when it found no part of tables
	// 二–四 in the cells: a text grid is asked three or four times (its
	// readers, then readModern). Whatever writes new words into a cell
	// clears it; emptying cells never makes a mark.
	notModern bool
	// runeAsked is the rune holdsRune was last asked of the grid (0:
	// none), runeHeld its answer: the row tables' header search asks each
	// grid for the same one. (The cells are not rewritten once the tables
	// are read.) The small fields follow Stream: a grid takes 80 bytes.
	runeHeld  bool
	runeAsked rune
	// Form says what the grid was read from: html, docx, pipe, rows,
	// markdown, cells, layout (pdftotext -layout), space, glued.
	Form string
	// Line is the 1-based line of the text where the grid starts (0 for
	// HTML and Word).
	Line int
	// markRow, markCol and markText are where hasModernTable last found
	// a mark, and the cell's text then: while the cell holds that text
	// the grid holds the mark, whatever else was rewritten (markText ""
	// when none was found).
	markRow, markCol int32
	markText         string
}

// holdsRune reports whether a cell of g holds r.
func (g *Grid) holdsRune(r rune) bool {
	if r == g.runeAsked {
		return g.runeHeld
	}
	enc := string(r)
	held := false
	for _, row := range g.Rows {
		for _, c := range row {
			if indexText(c.Text, enc) >= 0 {
				held = true
				break
			}
		}
		if held {
			break
		}
	}
	g.runeAsked, g.runeHeld = r, held
	return held
}

// A Cell is the text of one table cell, cleaned (see Clean).
type Cell struct {
	Text string
	// Line is the 1-based line in the text rendering (0 for HTML).
	Line int
	// Spanned is set on the copies of a cell that spans several rows or
	// columns: the original is the first occurrence.
	Spanned bool
	// RowSpanned is set when the copy comes from a rowspan (a row above).
	RowSpanned bool
	// Glued is set on a run of digits from a glued rendering: the values of
	// a whole row, run together, to be split by the table's arithmetic.
	Glued bool
	// Unplaced is set on the value cells of a short row emptied by the
	// text readers: its short-row finding names their raw text, and they
	// are not cells printed blank.
	Unplaced bool
}

// cells returns every cell of the grid in reading order.
func (g *Grid) cells() []Cell {
	var out []Cell
	for _, r := range g.Rows {
		out = append(out, r...)
	}
	return out
}
