// Package export writes what a nianbao database holds for journalists
// and analysts: the values of the current reports, or their validation
// findings, as CSV or JSON Lines.
//
// CSV is UTF-8 with a byte-order mark by default, so that Excel and WPS
// show the Chinese labels correctly, and quoted as RFC 4180 says. The
// long layout has one row per value with its provenance (source, sha256,
// fetched_at); the wide layout one row per agency and year and one
// column per indicator code and dim.
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
	"sort"
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
	Long  = "long"
	Wide  = "wide"
)

// Options say what to export and how.
type Options struct {
	Format string // CSV or JSONL
	Layout string // Long or Wide; ignored with Findings
	NoBOM  bool   // leave out the CSV byte-order mark
	// Findings exports the validation findings instead of the values.
	Findings bool
	Filter   store.Filter
}

// Write exports from db to w as opt says and returns the number of
// records (rows or lines, without the header) written.
func Write(ctx context.Context, db *store.DB, w io.Writer, opt Options) (int, error) {
	switch opt.Format {
	case CSV, JSONL:
	default:
		return 0, fmt.Errorf("export: unknown format %q (csv or jsonl)", opt.Format)
	}
	if !opt.Findings && opt.Layout != Long && opt.Layout != Wide {
		return 0, fmt.Errorf("export: unknown layout %q (long or wide)", opt.Layout)
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
		n, err = long(ctx, db, enc, opt.Filter)
	default:
		n, err = wide(ctx, db, enc, opt.Filter)
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

// encoder writes records as CSV rows under a header, or as JSON objects.
type encoder struct {
	csv    *csv.Writer
	json   *json.Encoder
	header bool
}

func newEncoder(w io.Writer, format string) *encoder {
	if format == CSV {
		return &encoder{csv: csv.NewWriter(w)}
	}
	j := json.NewEncoder(w)
	j.SetEscapeHTML(false)
	return &encoder{json: j}
}

// header writes the CSV header, once; JSON Lines have none.
func (e *encoder) writeHeader(names []string) error {
	if e.csv == nil || e.header {
		return nil
	}
	e.header = true
	return e.csv.Write(names)
}

// write writes one record; obj, if not nil, is the JSON object to write
// instead of one built from fields.
func (e *encoder) write(fields []field, obj any) error {
	if e.csv != nil {
		rec := make([]string, len(fields))
		for i, f := range fields {
			rec[i] = f.text
		}
		return e.csv.Write(rec)
	}
	if obj == nil {
		m := orderedObject(fields)
		obj = m
	}
	return e.json.Encode(obj)
}

func (e *encoder) flush() error {
	if e.csv != nil {
		e.csv.Flush()
		return e.csv.Error()
	}
	return nil
}

// orderedObject is a JSON object whose keys keep the fields' order.
type orderedObject []field

func (o orderedObject) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := marshal(f.key)
		if err != nil {
			return nil, err
		}
		v, err := marshal(f.json)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

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

func text(key, s string) field { return field{key, s, s} }

func nullable(key, s string) field {
	if s == "" {
		return field{key, "", nil}
	}
	return field{key, s, s}
}

// longHeader names the columns of the long layout.
var longHeader = []string{"agency", "region", "year", "template", "table", "section", "code", "dim", "label_zh",
	"row", "column", "unit", "value", "raw", "derived", "findings", "source", "final_url", "sha256", "fetched_at"}

// long writes one record per value.
func long(ctx context.Context, db *store.DB, enc *encoder, f store.Filter) (int, error) {
	if err := enc.writeHeader(longHeader); err != nil {
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
		n++
		return enc.write(fields, nil)
	})
	if err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	return n, nil
}

// A column of the wide layout: one code and dim.
type column struct {
	code, dim string
	label     string // Chinese label from the data dictionary
	first     int    // smallest position it has in a table, for the order
}

// key names the column: the code, with the dim after a slash when there
// is one.
func (c column) key() string {
	if c.dim == "" {
		return c.code
	}
	return c.code + "/" + c.dim
}

// header is the CSV header: the key, then the Chinese label, with the
// printed column of a dim other than "".
func (c column) header() string {
	if c.label == "" {
		return c.key()
	}
	return c.key() + " " + c.label
}

// wideRow is one agency × year.
type wideRow struct {
	agency, region, template string
	year                     int
	values                   map[string]*float64
}

// wide writes one record per current report with values, one column per
// code and dim. Rows a template does not know (no code) are left out:
// they have no column to line up in; the long layout has them.
func wide(ctx context.Context, db *store.DB, enc *encoder, f store.Filter) (int, error) {
	var rows []*wideRow
	cols := map[string]*column{}
	var last int64 = -1
	err := db.Values(ctx, f, func(v store.Value) error {
		if v.Code == "" {
			return nil
		}
		if v.ReportID != last {
			rows = append(rows, &wideRow{agency: v.Agency, region: v.Region, template: string(v.Template), year: v.Year, values: map[string]*float64{}})
			last = v.ReportID
		}
		c := column{code: v.Code, dim: v.Dim, label: v.LabelZH, first: v.Seq}
		k := c.key()
		if have, ok := cols[k]; !ok {
			cols[k] = &c
		} else if v.Seq < have.first {
			have.first = v.Seq
		}
		rows[len(rows)-1].values[k] = v.Value
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	order := make([]*column, 0, len(cols))
	for _, c := range cols {
		order = append(order, c)
	}
	sort.Slice(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if a.first != b.first {
			return a.first < b.first
		}
		if a.code != b.code {
			return a.code < b.code
		}
		return a.dim < b.dim
	})
	header := []string{"agency", "region", "year", "template"}
	for _, c := range order {
		if c.dim != "" && c.label != "" {
			// the dim's column as printed, as compare shows it, so
			// that 收到申请数 by applicant reads 收到申请数（自然人）…
			col, err := db.DimColumn(ctx, c.code, c.dim)
			if err != nil {
				return 0, fmt.Errorf("export: %w", err)
			}
			if col != "" {
				c.label += "（" + col + "）"
			}
		}
		header = append(header, c.header())
	}
	if err := enc.writeHeader(header); err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	for _, r := range rows {
		yt, yj := year(r.year)
		fields := []field{text("agency", r.agency), nullable("region", r.region), {"year", yt, yj}, text("template", r.template)}
		values := orderedObject{}
		for _, c := range order {
			v, ok := r.values[c.key()]
			t, j := number(v)
			fields = append(fields, field{c.key(), t, j})
			if ok {
				values = append(values, field{c.key(), t, j})
			}
		}
		var obj any
		if enc.json != nil {
			obj = append(orderedObject(fields[:4:4]), field{"values", "", values})
		}
		if err := enc.write(fields, obj); err != nil {
			return 0, fmt.Errorf("export: %w", err)
		}
	}
	return len(rows), nil
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
