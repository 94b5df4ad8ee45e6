package export

import "io"

// WriteTable writes a workbook of one sheet named sheet: header as its
// frozen, bold first row, then rows, whose cells are text (string),
// numbers (float64, int, int64) or empty (nil). It is what the web
// page's download buttons send; it uses the streaming writer of the
// exports, so a table is held only as long as its caller holds it.
func WriteTable(w io.Writer, sheet string, header []string, rows [][]any) error {
	wb := newWorkbook(w)
	sw, err := wb.sheet(sheet, sheetLayout{frozen: 1})
	if err != nil {
		return err
	}
	head := make([]any, len(header))
	for i, h := range header {
		head[i] = h
	}
	if err := sw.row(head, styleHeader, 0); err != nil {
		return err
	}
	for _, r := range rows {
		if err := sw.row(r, styleDefault, 0); err != nil {
			return err
		}
	}
	return wb.close()
}
