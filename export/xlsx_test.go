package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"nianbao/store"
)

// openXLSX exports a workbook of the golden fixtures and opens it with
// excelize.
func openXLSX(t *testing.T, db *store.DB, opt Options) (*excelize.File, []byte) {
	t.Helper()
	opt.Format = XLSX
	b := export(t, db, opt)
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f, b
}

// column returns the index of the header name in row, or fails.
func columnOf(t *testing.T, row []string, name string) int {
	t.Helper()
	i := slices.Index(row, name)
	if i < 0 {
		t.Fatalf("no column %q in %q", name, row)
	}
	return i
}

// TestXLSXReadsBack reads the workbook back: its four sheets, the data
// header, numbers stored as numbers equal to the database's, frozen
// header rows, a filter and columns wide enough for Chinese text.
func TestXLSXReadsBack(t *testing.T) {
	db := testDB(t)
	ctx := context.Background()
	f, _ := openXLSX(t, db, Options{Layout: Wide})
	if got, want := f.GetSheetList(), []string{SheetData, SheetDictionary, SheetFindings, SheetSources}; !slices.Equal(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	rows, err := f.GetRows(SheetData)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0][:6], wideFixed) {
		t.Errorf("data header starts %q", rows[0][:6])
	}
	col := columnOf(t, rows[0], "主动公开政府信息数 (条)")
	var want *float64
	var reportID int64
	err = db.Values(ctx, store.Filter{Codes: []string{"proactive.total"}, Agency: "赣州市商务局"}, func(v store.Value) error {
		if v.Dim == "" {
			want, reportID = v.Value, v.ReportID
		}
		return nil
	})
	if err != nil || want == nil {
		t.Fatalf("the database has no proactive.total of 赣州市商务局: %v", err)
	}
	found := false
	for i, r := range rows[1:] {
		if r[1] != "赣州市商务局" {
			continue
		}
		found = true
		cell, _ := excelize.CoordinatesToCellName(col+1, i+2)
		typ, err := f.GetCellType(SheetData, cell)
		if err != nil {
			t.Fatal(err)
		}
		if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("%s is of type %v, not a number", cell, typ)
		}
		if got, err := strconv.ParseFloat(r[col], 64); err != nil || got != *want {
			t.Errorf("%s = %q, the database has %v", cell, r[col], *want)
		}
		if r[0] != strconv.FormatInt(reportID, 10) {
			t.Errorf("report id %q, want %d", r[0], reportID)
		}
		if typ, _ := f.GetCellType(SheetData, "B"+strconv.Itoa(i+2)); typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber {
			t.Errorf("the agency is of type %v, not text", typ)
		}
	}
	if !found {
		t.Fatal("no row of 赣州市商务局")
	}
	for _, name := range f.GetSheetList() {
		p, err := f.GetPanes(name)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Freeze || p.YSplit != 1 || p.TopLeftCell != "A2" {
			t.Errorf("sheet %s: panes %+v, want the header row frozen", name, p)
		}
	}
	// the agency column fits 赣州市商务局, six wide characters
	if w, err := f.GetColWidth(SheetData, "B"); err != nil || w < 12 {
		t.Errorf("agency column %v wide (%v), narrower than its Chinese text", w, err)
	}
	for sheet, header := range map[string][]string{SheetDictionary: dictionaryHeader, SheetFindings: findingsSheetHeader, SheetSources: sourcesSheetHeader} {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) < 2 || !slices.Equal(rows[0], header) {
			t.Errorf("sheet %s: %d rows, header %q", sheet, len(rows), rows[0])
		}
	}
	// every current report is a source, with its SHA-256
	src, _ := f.GetRows(SheetSources)
	n := 0
	err = db.Sources(ctx, store.Filter{}, func(s store.Source) error {
		n++
		if !slices.ContainsFunc(src, func(r []string) bool { return r[0] == strconv.FormatInt(s.ReportID, 10) && r[10] == s.SHA256 }) {
			t.Errorf("sources lack report %d %s", s.ReportID, s.SHA256)
		}
		return nil
	})
	if err != nil || n != len(src)-1 {
		t.Errorf("%d sources, %d rows (%v)", n, len(src)-1, err)
	}
}

// TestXLSXFilterAndLong: the filters narrow every sheet, and the long
// layout's data sheet has the report id first and one row per value.
func TestXLSXFilterAndLong(t *testing.T) {
	db := testDB(t)
	filter := store.Filter{Codes: []string{"requests.received"}, Agency: "平潭", YearFrom: 2012, YearTo: 2015}
	f, _ := openXLSX(t, db, Options{Layout: Long, Filter: filter})
	rows, err := f.GetRows(SheetData)
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "report_id" || !slices.Equal(rows[0][1:], longHeader) {
		t.Errorf("long header %q", rows[0])
	}
	var values int
	db.Values(context.Background(), filter, func(store.Value) error { values++; return nil })
	if len(rows)-1 != values || values == 0 {
		t.Errorf("%d data rows, the database has %d values", len(rows)-1, values)
	}
	code := columnOf(t, rows[0], "code")
	for _, r := range rows[1:] {
		if r[code] != "requests.received" || !strings.Contains(r[1], "平潭") {
			t.Errorf("row %q escapes the filter", r)
		}
	}
	dict, _ := f.GetRows(SheetDictionary)
	for _, r := range dict[1:] {
		if r[0] != "requests.received" {
			t.Errorf("dictionary row %q escapes the filter", r)
		}
	}
	src, _ := f.GetRows(SheetSources)
	if len(src) != 3 { // 2012 and 2015
		t.Errorf("sources %q, want the 2012 and 2015 reports", src)
	}
	for _, r := range src[1:] {
		if y, _ := strconv.Atoi(r[4]); y < 2012 || y > 2015 {
			t.Errorf("source %q escapes the filter", r)
		}
	}
}

// TestXLSXTwoRowHeader freezes both header rows and filters on the second.
func TestXLSXTwoRowHeader(t *testing.T) {
	db := testDB(t)
	f, _ := openXLSX(t, db, Options{Layout: Wide, Header: HeaderTwo})
	rows, _ := f.GetRows(SheetData)
	if rows[0][6] != "proactive.total" || rows[1][6] != "主动公开政府信息数 (条)" || rows[1][1] != "机关" {
		t.Errorf("header rows %q / %q", rows[0][:8], rows[1][:8])
	}
	p, _ := f.GetPanes(SheetData)
	if p.YSplit != 2 || p.TopLeftCell != "A3" {
		t.Errorf("panes %+v, want two rows frozen", p)
	}
}

// TestXLSXSoffice converts the workbook to CSV with LibreOffice, as a
// user's spreadsheet would read it, and checks that the Chinese text and
// the numbers survive.
func TestXLSXSoffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice (LibreOffice) is not on PATH: apt-get install libreoffice-calc to run this test")
	}
	db := testDB(t)
	_, b := openXLSX(t, db, Options{Layout: Wide})
	dir := t.TempDir()
	in := filepath.Join(dir, "export.xlsx")
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	// 44,34,76: comma, double quote, UTF-8; the last -1: every sheet to
	// a file of its own, export-SHEET.csv.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", dir, in)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "export-data.csv"))
	if err != nil {
		t.Fatalf("soffice wrote no data sheet: %v\n%s", err, out)
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := columnOf(t, recs[0], "主动公开政府信息数 (条)")
	found := false
	for _, r := range recs[1:] {
		found = found || (r[1] == "赣州市商务局" && r[3] == "2017" && r[col] == "806")
	}
	if !found {
		t.Errorf("LibreOffice reads no 赣州市商务局 2017 806 in:\n%s", data[:min(len(data), 2000)])
	}
	dict, err := os.ReadFile(filepath.Join(dir, "export-dictionary.csv"))
	if err != nil || !strings.Contains(string(dict), "主动公开政府信息数（不同渠道和方式公开相同信息计1条）") {
		t.Errorf("the dictionary sheet lost its Chinese labels (%v)", err)
	}
}

// A sheet too large for Excel fails at its first row or column past the
// limit, before the rest is read.
func TestXLSXSheetFullStopsEarly(t *testing.T) {
	for _, c := range []struct {
		name   string
		cells  int // a row
		want   string
		filled int // rows written before the error
	}{
		{"rows", 1, "would have more than the 1048576 rows Excel holds", maxRows},
		{"columns", maxColumns + 1, "would have 16385 columns", 0},
	} {
		filled := 0
		s := sheet{name: SheetData, fill: func(enc *encoder) (int, error) {
			fields := make([]field, c.cells)
			for i := range fields {
				fields[i] = text("k"+strconv.Itoa(i), "v")
			}
			for filled < 2*maxRows {
				if err := enc.write(fields, nil); err != nil {
					return filled, fmt.Errorf("export: %w", err)
				}
				filled++
			}
			return filled, nil
		}}
		_, err := writeSheet(newWorkbook(io.Discard), s)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
		if filled != c.filled {
			t.Errorf("%s: %d rows written before the error, want %d", c.name, filled, c.filled)
		}
	}
}
