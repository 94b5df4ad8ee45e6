// Package export writes what a nianbao database holds for journalists
// and analysts: the values of the current reports, or their validation
// findings, as CSV or JSON Lines, or all of it as an Excel workbook.
//
// CSV is UTF-8 with a byte-order mark by default, so that Excel and WPS
// show the Chinese labels correctly, and quoted as RFC 4180 says. The
// long layout has one row per value with its provenance (source, sha256,
// fetched_at); the wide layout one row per report and one column per
// indicator code and dim, grouped by template and table (see wide.go).
// Dictionary writes the data dictionary of an export's codes beside it.
//
// Compare pivots one indicator code into an agency × year table with
// footnotes naming the findings on its values, for a terminal or a page
// to print.
package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"nianbao/store"
)

// BOM is the UTF-8 byte-order mark that tells spreadsheets the file is
// UTF-8.
const BOM = "\xEF\xBB\xBF"

// Formats and layouts.
const (
	CSV   = "csv"
	JSONL = "jsonl"
	XLSX  = "xlsx"
	Long  = "long"
	Wide  = "wide"
)

// Headers of the wide layout.
const (
	HeaderShort = "short" // one row: short Chinese label and unit, 收到申请数 (件)
	HeaderTwo   = "two"   // two rows: the codes, then the short labels with units
	HeaderCode  = "code"  // one row: the codes, requests.received/natural_person
)

// Options say what to export and how.
type Options struct {
	Format string // CSV, JSONL or XLSX
	Layout string // Long or Wide; ignored with Findings
	Header string // HeaderShort (when ""), HeaderTwo or HeaderCode; wide only
	NoBOM  bool   // leave out the CSV byte-order mark
	// Findings exports the validation findings instead of the values.
	Findings bool
	Filter   store.Filter
}

// Write exports from db to w as opt says and returns the number of
// records (rows or lines, without the header) written.
func Write(ctx context.Context, db *store.DB, w io.Writer, opt Options) (int, error) {
	switch opt.Format {
	case CSV, JSONL, XLSX:
	default:
		return 0, fmt.Errorf("export: unknown format %q (csv, jsonl or xlsx)", opt.Format)
	}
	if !opt.Findings && opt.Layout != Long && opt.Layout != Wide {
		return 0, fmt.Errorf("export: unknown layout %q (long or wide)", opt.Layout)
	}
	switch opt.Header {
	case "", HeaderShort, HeaderTwo, HeaderCode:
	default:
		return 0, fmt.Errorf("export: unknown header %q (short, two or code)", opt.Header)
	}
	if opt.Format == XLSX {
		if opt.Findings {
			return 0, fmt.Errorf("export: a workbook has a findings sheet of its own; findings alone are csv or jsonl")
		}
		return writeXLSX(ctx, db, w, opt)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if opt.Format == CSV && !opt.NoBOM {
		bw.WriteString(BOM)
	}
	enc := newEncoder(bw, opt.Format)
	var n int
	var err error
	switch {
	case opt.Findings:
		n, err = findings(ctx, db, enc, opt.Filter)
	case opt.Layout == Long:
		n, err = long(ctx, db, enc, opt.Filter, false)
	default:
		var cols []*column
		if cols, err = wideColumns(ctx, db, opt.Filter); err != nil {
			return 0, fmt.Errorf("export: %w", err)
		}
		n, err = wide(ctx, db, enc, opt.Filter, opt.Header, cols)
	}
	if err != nil {
		return n, err
	}
	if err := enc.flush(); err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	return n, nil
}

// A field is one column of a record: its CSV text and its JSON value.
type field struct {
	key  string
	text string
	json any
}

// encoder writes records as CSV rows under a header, as JSON objects,
// or as rows of typed cells to a function (a sheet of a workbook).
type encoder struct {
	csv    *csv.Writer
	json   *jsonLines
	rows   func(cells []any, header bool) error
	header bool
	rec    []string // the CSV record, reused
	cells  []any    // the row of cells, reused: rows must not keep it
}

func newEncoder(w io.Writer, format string) *encoder {
	if format == CSV {
		return &encoder{csv: csv.NewWriter(w)}
	}
	return &encoder{json: &jsonLines{w: w}}
}

// writeHeader writes the header rows, once; JSON Lines have none.
func (e *encoder) writeHeader(rows ...[]string) error {
	if e.json != nil || e.header {
		return nil
	}
	e.header = true
	for _, names := range rows {
		var err error
		if e.rows != nil {
			cells := make([]any, len(names))
			for i, n := range names {
				cells[i] = n
			}
			err = e.rows(cells, true)
		} else {
			err = e.csv.Write(names)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// write writes one record; obj, if not nil, is the JSON object to write
// instead of one built from fields.
func (e *encoder) write(fields []field, obj orderedObject) error {
	if e.rows != nil {
		e.cells = e.cells[:0]
		for _, f := range fields {
			e.cells = append(e.cells, cell(f.value()))
		}
		return e.rows(e.cells, false)
	}
	if e.csv != nil {
		e.rec = e.rec[:0]
		for _, f := range fields {
			e.rec = append(e.rec, f.text)
		}
		return e.csv.Write(e.rec)
	}
	if obj == nil {
		obj = fields
	}
	return e.json.write(obj)
}

func (e *encoder) flush() error {
	if e.csv != nil {
		e.csv.Flush()
		return e.csv.Error()
	}
	return nil
}

// orderedObject is a JSON object whose keys keep the fields' order
// (appendObject).
type orderedObject []field

// marshal is json.Marshal without HTML escaping, so that labels stay
// readable.
func marshal(v any) ([]byte, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return []byte(strings.TrimSuffix(b.String(), "\n")), nil
}

// number formats a value as the shortest decimal that reads back the
// same; "" when missing.
func number(v *float64) (string, any) {
	if v == nil {
		return "", nil
	}
	return strconv.FormatFloat(*v, 'f', -1, 64), *v
}

func year(y int) (string, any) {
	if y == 0 {
		return "", nil
	}
	return strconv.Itoa(y), y
}

// sameAsText is the JSON value of a field whose JSON value is its text:
// putting the string itself in the interface would allocate a copy of
// its header for every field of every row, used only by JSON.
var sameAsText = &struct{ byte }{}

// value is f's JSON value.
func (f field) value() any {
	if f.json == any(sameAsText) {
		return f.text
	}
	return f.json
}

func text(key, s string) field { return field{key, s, sameAsText} }

func nullable(key, s string) field {
	if s == "" {
		return field{key, "", nil}
	}
	return text(key, s)
}

// longHeader names the columns of the long layout.
var longHeader = []string{"agency", "region", "year", "template", "table", "section", "code", "dim", "label_zh",
	"row", "column", "unit", "value", "raw", "derived", "findings", "source", "final_url", "sha256", "fetched_at"}

// long writes one record per value; withID puts the report id first (a
// workbook's data sheet, whose sources sheet it refers to).
func long(ctx context.Context, db *store.DB, enc *encoder, f store.Filter, withID bool) (int, error) {
	header := longHeader
	if withID {
		header = append([]string{"report_id"}, longHeader...)
	}
	if err := enc.writeHeader(header); err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	n := 0
	err := db.Values(ctx, f, func(v store.Value) error {
		yt, yj := year(v.Year)
		vt, vj := number(v.Value)
		derived := "0"
		if v.Derived {
			derived = "1"
		}
		fields := []field{
			text("agency", v.Agency), nullable("region", v.Region), {"year", yt, yj}, text("template", string(v.Template)),
			text("table", v.Table), text("section", v.Section), text("code", v.Code), text("dim", v.Dim), nullable("label_zh", v.LabelZH),
			text("row", v.Row), text("column", v.Column), text("unit", v.Unit), {"value", vt, vj}, text("raw", v.Raw),
			{"derived", derived, v.Derived}, {"findings", strconv.Itoa(v.Findings), v.Findings},
			text("source", v.Source), nullable("final_url", v.FinalURL), text("sha256", v.SHA256), text("fetched_at", v.FetchedAt),
		}
		if withID {
			fields = append([]field{{"report_id", strconv.FormatInt(v.ReportID, 10), v.ReportID}}, fields...)
		}
		n++
		return enc.write(fields, nil)
	})
	if err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	return n, nil
}

// findingsHeader names the columns of the findings export.
var findingsHeader = []string{"agency", "region", "year", "template", "rule", "severity", "kind", "message", "codes", "source", "sha256", "fetched_at"}

// findings writes one record per validation finding.
func findings(ctx context.Context, db *store.DB, enc *encoder, f store.Filter) (int, error) {
	if err := enc.writeHeader(findingsHeader); err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	n := 0
	err := db.Findings(ctx, f, func(x store.FindingRow) error {
		yt, yj := year(x.Year)
		codes := x.Codes
		if codes == nil {
			codes = []string{}
		}
		fields := []field{
			text("agency", x.Agency), nullable("region", x.Region), {"year", yt, yj}, text("template", string(x.Template)),
			text("rule", x.Rule), text("severity", string(x.Severity)), text("kind", string(x.Kind)), text("message", x.Message), {"codes", strings.Join(codes, " "), codes},
			text("source", x.Source), text("sha256", x.SHA256), text("fetched_at", x.FetchedAt),
		}
		n++
		return enc.write(fields, nil)
	})
	if err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	return n, nil
}
