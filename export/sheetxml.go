package export

import (
	"bufio"
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"
)

// A sheetWriter writes one sheet's XML (a worksheet part) to its part
// of the workbook's zip, a row at a time: what it keeps between rows is
// its buffer and the names of the columns it has seen.
type sheetWriter struct {
	name string
	part *sheetPart
	w    *bufio.Writer
	rows int      // rows written
	cols []string // column names: A, B, …
	ref  []byte   // scratch for a cell's reference and number
	err  error    // the first error of w
}

// begin writes what comes before the rows: the view, with the header
// rows frozen and the first sheet selected, and the columns' widths.
func (s *sheetWriter) begin(layout sheetLayout, selected bool) {
	s.str(xmlHeader + `<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRels + `"><sheetViews><sheetView`)
	if selected {
		s.str(` tabSelected="1"`)
	}
	s.str(` workbookViewId="0">`)
	if layout.frozen > 0 {
		s.str(`<pane ySplit="` + strconv.Itoa(layout.frozen) + `" topLeftCell="A` + strconv.Itoa(layout.frozen+1) + `" activePane="bottomLeft" state="frozen"/>`)
	}
	s.str(`</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>`)
	if len(layout.widths) > 0 {
		s.str(`<cols>`)
		for i, wd := range layout.widths {
			n := strconv.Itoa(i + 1)
			s.str(`<col min="` + n + `" max="` + n + `" width="` + strconv.FormatFloat(wd, 'f', -1, 64) + `" customWidth="1"/>`)
		}
		s.str(`</cols>`)
	}
	s.str(`<sheetData>`)
}

// filter puts a filter on the range ref (A1:K10) of the sheet.
func (s *sheetWriter) filter(ref string) { s.part.filter = ref }

// end closes the sheet's XML and writes what is left of its buffer.
func (s *sheetWriter) end() error {
	s.str(`</sheetData>`)
	if s.part.filter != "" {
		s.str(`<autoFilter ref="` + s.part.filter + `"/>`)
	}
	s.str(`</worksheet>`)
	if s.err == nil {
		s.err = s.w.Flush()
	}
	if s.err != nil {
		return fmt.Errorf("xlsx: sheet %s: %w", s.name, s.err)
	}
	return nil
}

// row writes the next row: its cells from the first column, of style
// (styleDefault or styleHeader, which the row takes too), height points
// high (0 for the default). A nil cell is left empty; a string is text;
// an integer, a float64 or a bool is a number or a boolean.
func (s *sheetWriter) row(cells []any, style int, height float64) error {
	if s.err != nil {
		return fmt.Errorf("xlsx: sheet %s: %w", s.name, s.err)
	}
	s.rows++
	if s.rows > maxRows {
		return fmt.Errorf("xlsx: sheet %s: row %d: Excel holds %d rows", s.name, s.rows, maxRows)
	}
	if len(cells) > maxColumns {
		return fmt.Errorf("xlsx: sheet %s: row %d has %d cells; Excel holds %d columns", s.name, s.rows, len(cells), maxColumns)
	}
	num := strconv.Itoa(s.rows)
	s.str(`<row r="` + num + `"`)
	if style != styleDefault {
		s.str(` s="` + strconv.Itoa(style) + `" customFormat="1"`)
	}
	if height > 0 {
		s.str(` ht="` + strconv.FormatFloat(height, 'f', -1, 64) + `" customHeight="1"`)
	}
	s.str(`>`)
	for i, v := range cells {
		if v == nil {
			continue
		}
		s.ref = append(append(s.ref[:0], s.column(i)...), num...)
		s.str(`<c r="`)
		s.bytes(s.ref)
		s.str(`"`)
		if style != styleDefault {
			s.str(` s="` + strconv.Itoa(style) + `"`)
		}
		switch v := v.(type) {
		case string:
			s.text(v)
		case float64:
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("xlsx: sheet %s: cell %s: %v is not a number a cell can hold", s.name, s.ref, v)
			}
			s.number(strconv.AppendFloat(s.ref[:0], v, 'f', -1, 64))
		case int:
			s.number(strconv.AppendInt(s.ref[:0], int64(v), 10))
		case int64:
			s.number(strconv.AppendInt(s.ref[:0], v, 10))
		case bool:
			b := "0"
			if v {
				b = "1"
			}
			s.str(` t="b"><v>` + b + `</v></c>`)
		default:
			return fmt.Errorf("xlsx: sheet %s: cell %s: a %T is not a cell's value", s.name, s.ref, v)
		}
	}
	s.str(`</row>`)
	if s.err != nil {
		return fmt.Errorf("xlsx: sheet %s: %w", s.name, s.err)
	}
	return nil
}

// column is the name of the column at index i (from 0): A, …, Z, AA, ….
func (s *sheetWriter) column(i int) string {
	for len(s.cols) <= i {
		s.cols = append(s.cols, columnName(len(s.cols)+1))
	}
	return s.cols[i]
}

// columnName is the name of column n (from 1).
func columnName(n int) string {
	var b []byte
	for ; n > 0; n = (n - 1) / 26 {
		b = append([]byte{byte('A' + (n-1)%26)}, b...)
	}
	return string(b)
}

// number ends a cell of the number v (its decimal text).
func (s *sheetWriter) number(v []byte) {
	s.str(`><v>`)
	s.bytes(v)
	s.str(`</v></c>`)
}

// text ends a cell of the inline string v: escaped for XML (a character
// XML cannot hold becomes U+FFFD), its spaces at either end kept, cut to
// the 32,767 characters a cell holds, as excelize did.
func (s *sheetWriter) text(v string) {
	v = cutCell(v)
	s.str(` t="inlineStr"><is><t`)
	if v != "" && (isSpace(v[0]) || isSpace(v[len(v)-1])) {
		s.str(` xml:space="preserve"`)
	}
	s.str(`>`)
	last := 0
	for i := 0; i < len(v); {
		c := v[i]
		var esc string
		size := 1
		if c < utf8.RuneSelf {
			switch {
			case c == '&':
				esc = "&amp;"
			case c == '<':
				esc = "&lt;"
			case c == '>':
				esc = "&gt;"
			case c == '\r':
				esc = "&#xD;"
			case c < 0x20 && c != '\t' && c != '\n':
				esc = "\uFFFD"
			}
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(v[i:])
			if (r == utf8.RuneError && size == 1) || r == 0xFFFE || r == 0xFFFF {
				esc = "\uFFFD"
			}
		}
		if esc != "" {
			s.str(v[last:i])
			s.str(esc)
			last = i + size
		}
		i += size
	}
	s.str(v[last:])
	s.str(`</t></is></c>`)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// cutCell cuts v to the 32,767 UTF-16 units a cell holds.
func cutCell(v string) string {
	if len(v) <= maxCellChars { // a unit takes at least a byte
		return v
	}
	units := 0
	for i, r := range v {
		n := 1
		if r > 0xFFFF {
			n = 2
		}
		if units+n > maxCellChars {
			return v[:i]
		}
		units += n
	}
	return v
}

func (s *sheetWriter) str(v string) {
	if s.err == nil {
		_, s.err = s.w.WriteString(v)
	}
}

func (s *sheetWriter) bytes(v []byte) {
	if s.err == nil {
		_, s.err = s.w.Write(v)
	}
}
