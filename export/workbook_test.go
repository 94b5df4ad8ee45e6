package export

import (
	"archive/zip"
	"bytes"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestSheetWriterCells writes cells of every kind and reads them back
// with excelize: text escaped for XML, its spaces and line breaks kept,
// characters XML cannot hold replaced, text cut at what a cell holds,
// numbers and booleans typed, empty cells left out.
func TestSheetWriterCells(t *testing.T) {
	long := strings.Repeat("政", maxCellChars+10)
	tests := []struct {
		name string
		cell any
		want string
		typ  excelize.CellType
	}{
		{"markup", `a & b <c> "d" 'e'`, `a & b <c> "d" 'e'`, excelize.CellTypeInlineString},
		{"spaces", " 平潭 \r\n", " 平潭 \r\n", excelize.CellTypeInlineString},
		{"tab", "a\tb\nc", "a\tb\nc", excelize.CellTypeInlineString},
		{"control", "a\x01b\x1fc", "a\uFFFDb\uFFFDc", excelize.CellTypeInlineString},
		{"bad utf-8", "a\xffb", "a\uFFFDb", excelize.CellTypeInlineString},
		{"not a character", "a\uFFFEb", "a\uFFFDb", excelize.CellTypeInlineString},
		{"too long", long, long[:maxCellChars*len("政")], excelize.CellTypeInlineString},
		{"astral cut", strings.Repeat("𝑥", maxCellChars), strings.Repeat("𝑥", maxCellChars/2), excelize.CellTypeInlineString},
		{"float", 1234.5, "1234.5", excelize.CellTypeNumber},
		{"large float", 1e21, "1000000000000000000000", excelize.CellTypeNumber},
		{"negative", -0.25, "-0.25", excelize.CellTypeNumber},
		{"int", 2019, "2019", excelize.CellTypeNumber},
		{"int64", int64(1) << 40, "1099511627776", excelize.CellTypeNumber},
		{"true", true, "1", excelize.CellTypeBool},
		{"false", false, "0", excelize.CellTypeBool},
	}
	cells := []any{nil}
	for _, tt := range tests {
		cells = append(cells, tt.cell)
	}
	var buf bytes.Buffer
	wb := newWorkbook(&buf)
	sw, err := wb.sheet("cells", sheetLayout{})
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.row(cells, styleDefault, 0); err != nil {
		t.Fatal(err)
	}
	if err := wb.close(); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("cells", "A1"); v != "" {
		t.Errorf("A1 = %q, want it empty", v)
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ref := columnName(i+2) + "1"
			got, err := f.GetCellValue("cells", ref, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("%s = %.60q (%d bytes), want %.60q (%d bytes)", ref, got, len(got), tt.want, len(tt.want))
			}
			// a number has no type attribute: excelize says unset
			if typ, _ := f.GetCellType("cells", ref); typ != tt.typ && !(tt.typ == excelize.CellTypeNumber && typ == excelize.CellTypeUnset) {
				t.Errorf("%s is of type %v, want %v", ref, typ, tt.typ)
			}
		})
	}
}

// TestSheetWriterRefusals: a value no cell can hold is an error naming
// the sheet and the cell, and so is a row past Excel's last.
func TestSheetWriterRefusals(t *testing.T) {
	for _, tt := range []struct {
		cell any
		want string
	}{
		{math.NaN(), "sheet s: cell B1: NaN"},
		{math.Inf(1), "sheet s: cell B1: +Inf"},
		{[]string{"a"}, "sheet s: cell B1: a []string"},
	} {
		wb := newWorkbook(&bytes.Buffer{})
		sw, err := wb.sheet("s", sheetLayout{})
		if err != nil {
			t.Fatal(err)
		}
		if err := sw.row([]any{"a", tt.cell}, styleDefault, 0); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: error %v, want %q", tt.cell, err, tt.want)
		}
	}
	wb := newWorkbook(&bytes.Buffer{})
	sw, _ := wb.sheet("s", sheetLayout{})
	sw.rows = maxRows
	if err := sw.row([]any{1}, styleDefault, 0); err == nil || !strings.Contains(err.Error(), "row 1048577") {
		t.Errorf("row past the last: %v", err)
	}
}

// TestWorkbookParts: the header's style is bold and wrapped, the
// columns have their widths, the panes are frozen, each filter has its
// hidden defined name, and the sheets are listed in order.
func TestWorkbookParts(t *testing.T) {
	var buf bytes.Buffer
	wb := newWorkbook(&buf)
	for _, name := range []string{"one", "two"} {
		sw, err := wb.sheet(name, sheetLayout{widths: []float64{8, 30.5}, frozen: 1})
		if err != nil {
			t.Fatal(err)
		}
		if err := sw.row([]any{"编号", "机关"}, styleHeader, 45); err != nil {
			t.Fatal(err)
		}
		if err := sw.row([]any{1, "平潭县"}, styleDefault, 0); err != nil {
			t.Fatal(err)
		}
		sw.filter("A1:B2")
	}
	if err := wb.close(); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"one", "two"}) {
		t.Errorf("sheets %q", got)
	}
	id, err := f.GetCellStyle("two", "B1")
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil || st.Font == nil || !st.Font.Bold || st.Alignment == nil || !st.Alignment.WrapText || st.Alignment.Vertical != "top" {
		t.Errorf("header style %d: %+v (%v)", id, st, err)
	}
	if id, _ := f.GetCellStyle("two", "B2"); id != 0 {
		t.Errorf("B2 has style %d, want the default", id)
	}
	if h, _ := f.GetRowHeight("two", 1); h != 45 {
		t.Errorf("header row %v high", h)
	}
	if w, _ := f.GetColWidth("two", "B"); w != 30.5 {
		t.Errorf("column B %v wide", w)
	}
	if p, _ := f.GetPanes("two"); !p.Freeze || p.YSplit != 1 || p.TopLeftCell != "A2" {
		t.Errorf("panes %+v", p)
	}
	var filters []string
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm._FilterDatabase" {
			filters = append(filters, d.Scope+" "+d.RefersTo)
		}
	}
	if want := []string{"one 'one'!$A$1:$B$2", "two 'two'!$A$1:$B$2"}; !slices.Equal(filters, want) {
		t.Errorf("filters %q, want %q", filters, want)
	}
}

// TestWorkbookStreams writes a sheet of 300,000 rows (83 MB of XML, 7.7
// MiB zipped) and measures what stays live (after a collection) every
// 10,000 rows: under 4 MiB more than before it started, because each row
// goes into the zip as it is written (0.8 MiB here). excelize's stream
// writer, used before, kept up to 16 MiB of a sheet's XML in a buffer it
// grew to 32 MiB: the same rows through it grew the live heap by 20 MiB.
func TestWorkbookStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 83 MB of XML")
	}
	live := func() uint64 {
		var m runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	var out countWriter
	base := live()
	wb := newWorkbook(&out)
	sw, err := wb.sheet("big", sheetLayout{widths: []float64{10, 10, 10, 10, 10, 10}, frozen: 1})
	if err != nil {
		t.Fatal(err)
	}
	const rows = 300_000
	cells := make([]any, 6)
	var peak uint64
	for i := range rows {
		cells[0], cells[1], cells[2] = int64(i), "赣州市商务局", "https://www.example.gov.cn/zwgk/"+strconv.Itoa(i)
		cells[3], cells[4], cells[5] = float64(i)/7, 2019, nil
		if err := sw.row(cells, styleDefault, 0); err != nil {
			t.Fatal(err)
		}
		if i%10_000 == 0 {
			peak = max(peak, live())
		}
	}
	if err := wb.close(); err != nil {
		t.Fatal(err)
	}
	grown := float64(peak-min(peak, base)) / (1 << 20)
	t.Logf("%d rows, %.1f MiB out, live heap grew by at most %.1f MiB", rows, float64(out)/(1<<20), grown)
	if grown > 4 {
		t.Errorf("the live heap grew by %.1f MiB while a sheet was written, want under 4 MiB", grown)
	}
	if out < 1<<20 {
		t.Errorf("%d bytes out", out)
	}
}

// TestWorkbookZip: the parts every reader looks for are in the archive.
func TestWorkbookZip(t *testing.T) {
	var buf bytes.Buffer
	wb := newWorkbook(&buf)
	if _, err := wb.sheet("s", sheetLayout{}); err != nil {
		t.Fatal(err)
	}
	if err := wb.close(); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range z.File {
		names = append(names, f.Name)
	}
	slices.Sort(names)
	want := []string{"[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"}
	if !slices.Equal(names, want) {
		t.Errorf("parts %q, want %q", names, want)
	}
}
