package parser

import "strings"

// tabCells rewrites the lines of a text whose tables have their cells
// separated by tabs, as a table copied out of Word, WPS or Excel into a
// text file has, with " | " between the cells, the form the pipe tables
// are read in. A tab ends a cell, so that tabs in a row are empty cells,
// those at the end of a row of blank cells too ("1.属于国家秘密\t\t\t"):
// dropped, the row would be prose and the rows after it read under the
// wrong labels. The text is taken for tabbed only when two lines or
// more have a tab between two pieces of text; a line whose tabs all
// come before its text is indented, not cut, and a line whose first
// cell ends with a colon ("联系电话：\t0715-…") is a field of the prose,
// where the contact details are read, not a row. Lines holding a "|"
// are left as they are, and so is the count of lines (findings name
// lines).
func tabCells(lines []string) {
	inner := 0
	for _, l := range lines {
		if t := trimSpace(l); strings.IndexByte(t, '\t') >= 0 && strings.IndexByte(l, '|') < 0 {
			inner++
			if inner >= 2 {
				break
			}
		}
	}
	if inner < 2 {
		return
	}
	for i, l := range lines {
		if strings.IndexByte(l, '|') >= 0 {
			continue
		}
		// a tab after the line's first text
		text := strings.TrimLeft(l, " \t")
		if text == "" || strings.IndexByte(text, '\t') < 0 {
			continue
		}
		cells := strings.Split(strings.TrimRight(l, " "), "\t")
		if first := trimSpace(cells[0]); strings.HasSuffix(first, "：") || strings.HasSuffix(first, ":") {
			continue
		}
		for k, c := range cells {
			cells[k] = trimSpace(c)
		}
		lines[i] = strings.Join(cells, " | ")
	}
}
