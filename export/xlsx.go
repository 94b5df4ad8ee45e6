package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"

	"nianbao/store"
)

// Sheets of the workbook.
const (
	SheetData       = "data"
	SheetDictionary = "dictionary"
	SheetFindings   = "findings"
	SheetSources    = "sources"
)

// A sheet of the workbook: its name and what fills it. fill is called
// twice, once to measure the columns and once to write the rows, so that
// the workbook is streamed and memory holds one row at a time.
type sheet struct {
	name string
	fill func(enc *encoder) (int, error)
}

// writeXLSX writes a workbook of four sheets: data (the values in opt's
// layout), dictionary, findings and sources, each with a bold frozen
// header, a filter, and columns as wide as their text. Numbers are
// numeric cells. It returns the number of data rows. The workbook is
// written to w as it is made (see workbook).
func writeXLSX(ctx context.Context, db *store.DB, w io.Writer, opt Options) (int, error) {
	// The columns of the wide layout and the dictionary, read once: the
	// query groups every value the filter selects (6–7 s of CPU time at
	// 10,000 reports), and each of the two sheets is filled twice. Read
	// when first needed: a long data sheet too large for Excel fails
	// before they are.
	columns := sync.OnceValues(func() ([]*column, error) {
		cols, err := wideColumns(ctx, db, opt.Filter)
		if err != nil {
			return nil, fmt.Errorf("export: %w", err)
		}
		return cols, nil
	})
	sheets := []sheet{
		{SheetData, func(enc *encoder) (int, error) {
			if opt.Layout == Wide {
				cols, err := columns()
				if err != nil {
					return 0, err
				}
				return wide(ctx, db, enc, opt.Filter, opt.Header, cols)
			}
			return long(ctx, db, enc, opt.Filter, true)
		}},
		{SheetDictionary, func(enc *encoder) (int, error) {
			cols, err := columns()
			if err != nil {
				return 0, err
			}
			return dictionary(enc, cols)
		}},
		{SheetFindings, func(enc *encoder) (int, error) { return findingsSheet(ctx, db, enc, opt.Filter) }},
		{SheetSources, func(enc *encoder) (int, error) { return sourcesSheet(ctx, db, enc, opt.Filter) }},
	}
	wb := newWorkbook(w)
	var data int
	for i, s := range sheets {
		n, err := writeSheet(wb, s)
		if err != nil {
			return 0, err
		}
		if i == 0 {
			data = n
		}
	}
	if err := wb.close(); err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	return data, nil
}

// A measure is what the first pass over a sheet learns: its header rows,
// its rows and the display width of each column's header and cells.
type measure struct {
	headerRows, rows int
	header, cells    []int
	overflow         int // the columns of the row that overflowed the sheet
}

// errSheetFull stops a sheet's first pass at its first row past Excel's
// rows or columns, so that an export too large for a workbook fails then
// and not after reading every value.
var errSheetFull = errors.New("sheet full")

func (m *measure) row(cells []any, header bool) error {
	if header {
		m.headerRows++
	} else {
		m.rows++
	}
	if m.headerRows+m.rows > maxRows || len(cells) > maxColumns {
		m.overflow = max(m.overflow, len(cells))
		return errSheetFull
	}
	w := &m.cells
	if header {
		w = &m.header
	}
	for len(*w) < len(cells) {
		*w = append(*w, 0)
	}
	for i, c := range cells {
		(*w)[i] = max((*w)[i], cellWidth(c))
	}
	return nil
}

// Column widths, in characters of the default font.
const (
	minWidth    = 6
	maxWidth    = 60
	headerWidth = 24 // a longer header wraps over several lines
)

// width is the width of column i: its widest cell, or its header up to
// headerWidth; with a margin.
func (m *measure) width(i int) float64 {
	w := 0
	if i < len(m.cells) {
		w = m.cells[i]
	}
	if i < len(m.header) {
		w = max(w, min(m.header[i], headerWidth))
	}
	return float64(min(max(w+2, minWidth), maxWidth))
}

// writeSheet measures s, then streams it into wb.
func writeSheet(wb *workbook, s sheet) (int, error) {
	m := &measure{}
	_, err := s.fill(&encoder{rows: m.row})
	switch {
	case errors.Is(err, errSheetFull) && m.overflow > maxColumns:
		return 0, fmt.Errorf("export: xlsx: sheet %s would have %d columns; Excel holds %d", s.name, m.overflow, maxColumns)
	case errors.Is(err, errSheetFull):
		return 0, fmt.Errorf("export: xlsx: sheet %s would have more than the %d rows Excel holds: narrow the export with -code, -year, -agency or -template, or use -layout wide or csv",
			s.name, maxRows)
	case err != nil:
		return 0, err
	}
	ncols := max(len(m.header), len(m.cells))
	layout := sheetLayout{frozen: m.headerRows, widths: make([]float64, ncols)}
	lines := 1
	for i := range layout.widths {
		layout.widths[i] = m.width(i)
		if i < len(m.header) {
			lines = max(lines, int(math.Ceil(float64(m.header[i])/(layout.widths[i]-1))))
		}
	}
	lines = min(lines, 4)
	sw, err := wb.sheet(s.name, layout)
	if err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	write := func(cells []any, header bool) error {
		if !header {
			return sw.row(cells, styleDefault, 0)
		}
		// only the last header row wraps: the code row of a two-row
		// header stays one line
		h := 15.0
		if sw.rows+1 == m.headerRows {
			h *= float64(lines)
		}
		return sw.row(cells, styleHeader, h)
	}
	n, err := s.fill(&encoder{rows: write})
	if err != nil {
		return 0, err
	}
	if sw.rows != m.headerRows+m.rows {
		return 0, fmt.Errorf("export: xlsx: sheet %s: the database changed while it was exported (%d rows, then %d)", s.name, m.headerRows+m.rows, sw.rows)
	}
	if m.headerRows > 0 && ncols > 0 {
		sw.filter("A" + strconv.Itoa(m.headerRows) + ":" + columnName(ncols) + strconv.Itoa(max(sw.rows, m.headerRows)))
	}
	return n, nil
}

// cell is the value a JSON field has as a cell: numbers stay numbers, a
// list of codes is one text.
func cell(v any) any {
	if list, ok := v.([]string); ok {
		return strings.Join(list, " ")
	}
	return v
}

// cellWidth is the display width of a cell's text.
func cellWidth(v any) int {
	switch v := v.(type) {
	case nil:
		return 0
	case string:
		return displayWidth(v)
	case float64:
		return len(strconv.FormatFloat(v, 'f', -1, 64))
	case bool:
		return 5
	default:
		return len(fmt.Sprint(v))
	}
}

// findingsSheetHeader names the columns of the findings sheet.
var findingsSheetHeader = []string{"report_id", "agency", "region", "year", "template", "rule", "kind", "severity", "message", "codes"}

// findingsSheet writes the findings of the current reports f selects.
func findingsSheet(ctx context.Context, db *store.DB, enc *encoder, f store.Filter) (int, error) {
	if err := enc.writeHeader(findingsSheetHeader); err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	n := 0
	err := db.Findings(ctx, f, func(x store.FindingRow) error {
		yt, yj := year(x.Year)
		n++
		return enc.write([]field{
			{"report_id", strconv.FormatInt(x.ReportID, 10), x.ReportID}, text("agency", x.Agency), nullable("region", x.Region), {"year", yt, yj},
			text("template", string(x.Template)), text("rule", x.Rule), text("kind", string(x.Kind)), text("severity", string(x.Severity)),
			text("message", x.Message), {"codes", strings.Join(x.Codes, " "), x.Codes},
		}, nil)
	})
	if err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	return n, nil
}

// sourcesSheetHeader names the columns of the sources sheet.
var sourcesSheetHeader = []string{"report_id", "agency", "region", "region_code", "year", "template", "status", "source", "final_url", "fetched_at", "sha256"}

// sourcesSheet writes the current reports f selects with their
// provenance.
func sourcesSheet(ctx context.Context, db *store.DB, enc *encoder, f store.Filter) (int, error) {
	if err := enc.writeHeader(sourcesSheetHeader); err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	n := 0
	err := db.Sources(ctx, f, func(s store.Source) error {
		yt, yj := year(s.Year)
		n++
		return enc.write([]field{
			{"report_id", strconv.FormatInt(s.ReportID, 10), s.ReportID}, text("agency", s.Agency), nullable("region", s.Region),
			nullable("region_code", s.RegionCode), {"year", yt, yj}, text("template", string(s.Template)), text("status", s.Status),
			text("source", s.Source), nullable("final_url", s.FinalURL), text("fetched_at", s.FetchedAt), text("sha256", s.SHA256),
		}, nil)
	})
	if err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	return n, nil
}
