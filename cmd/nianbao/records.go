package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"nianbao/export"
)

// The listing commands (compare, runs, query, indicators, sites) print
// an aligned table for people, or with -json JSON Lines (one object per
// record and line, the keys in a fixed order), or with -csv the same
// records as CSV: a header row of the JSON keys, UTF-8 with the
// byte-order mark Excel and WPS need (-no-bom leaves it out).

// formatFlags are the -json, -csv and -no-bom flags of a listing command.
type formatFlags struct {
	json, csv, noBOM *bool
}

// addFormatFlags defines -json and, when tabular, -csv and -no-bom on fs.
func addFormatFlags(fs *flag.FlagSet, tabular bool) *formatFlags {
	f := &formatFlags{json: fs.Bool("json", false, "print JSON Lines: one object per record and line")}
	if tabular {
		f.csv = fs.Bool("csv", false, "print CSV (RFC 4180, UTF-8 with the byte-order mark Excel and WPS need): a header row, then one row per record")
		f.noBOM = fs.Bool("no-bom", false, "with -csv: leave out the byte-order mark")
	}
	return f
}

// check refuses -json with -csv, and -no-bom without -csv.
func (f *formatFlags) check() error {
	if f.asCSV() && *f.json {
		return fmt.Errorf("%w: -json or -csv, not both", errUsage)
	}
	if f.noBOM != nil && *f.noBOM && !f.asCSV() {
		return fmt.Errorf("%w: -no-bom goes with -csv", errUsage)
	}
	return nil
}

func (f *formatFlags) asCSV() bool { return f.csv != nil && *f.csv }

// structured reports whether records are wanted instead of a table.
func (f *formatFlags) structured() bool { return *f.json || f.asCSV() }

// records returns the writer of records with keys to w in the format
// asked for; nil when a table is wanted.
func (f *formatFlags) records(w io.Writer, keys ...string) *recordWriter {
	switch {
	case *f.json:
		return &recordWriter{w: w, keys: keys}
	case f.asCSV():
		if !*f.noBOM {
			io.WriteString(w, export.BOM)
		}
		r := &recordWriter{w: w, keys: keys, csv: csv.NewWriter(w)}
		r.csv.Write(keys)
		return r
	}
	return nil
}

// recordWriter writes records, each a value per key, as JSON Lines or
// CSV rows.
type recordWriter struct {
	w    io.Writer
	keys []string
	csv  *csv.Writer
	buf  bytes.Buffer
}

// Write writes one record; vals hold a value per key, in order.
func (r *recordWriter) Write(vals ...any) error {
	if len(vals) != len(r.keys) {
		panic(fmt.Sprintf("record of %d values for %d keys", len(vals), len(r.keys)))
	}
	if r.csv != nil {
		rec := make([]string, len(vals))
		for i, v := range vals {
			rec[i] = csvCell(v)
		}
		return r.csv.Write(rec)
	}
	r.buf.Reset()
	r.buf.WriteByte('{')
	for i, k := range r.keys {
		if i > 0 {
			r.buf.WriteByte(',')
		}
		if err := encodeJSON(&r.buf, k); err != nil {
			return err
		}
		r.buf.WriteByte(':')
		if err := encodeJSON(&r.buf, vals[i]); err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
	}
	r.buf.WriteString("}\n")
	_, err := r.w.Write(r.buf.Bytes())
	return err
}

// Flush writes what CSV holds back and returns the first write error.
func (r *recordWriter) Flush() error {
	if r.csv != nil {
		r.csv.Flush()
		return r.csv.Error()
	}
	return nil
}

// encodeJSON appends v to b as JSON, without HTML escaping and without
// the newline of json.Encoder.
func encodeJSON(b *bytes.Buffer, v any) error {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.Truncate(b.Len() - 1)
	return nil
}

// csvCell is v as a CSV cell: nil (or a nil pointer) empty, numbers in
// full, times in RFC 3339, lists joined with "; ".
func csvCell(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case *float64:
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'f', -1, 64)
	case *int:
		if v == nil {
			return ""
		}
		return strconv.Itoa(*v)
	case bool:
		return strconv.FormatBool(v)
	case time.Time:
		return v.Format(time.RFC3339Nano)
	case *time.Time:
		if v == nil {
			return ""
		}
		return v.Format(time.RFC3339Nano)
	case []string:
		return strings.Join(v, "; ")
	case []byte:
		return string(v)
	default:
		return fmt.Sprint(v)
	}
}
