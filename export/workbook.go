package export

import (
	"archive/zip"
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// A workbook writes an Office Open XML spreadsheet (.xlsx) into a zip
// archive as it goes: each sheet's XML is compressed into the archive
// row by row, so that memory holds one row whatever the sheet's size,
// and the other parts (workbook, relationships, content types, styles)
// are written when it is closed. Strings are inline (no shared strings
// table to keep), and there is one style besides the default: the
// header's, bold, wrapped and aligned to the top (styleHeader).
//
// excelize's stream writer, used before, kept up to 16 MiB of a sheet's
// XML in a buffer that doubled to 32 MiB (48 MiB while it grew) before
// it went to a temporary file, and the threshold is a constant: a
// workbook of 10,000 reports peaked at 97–102 MB RSS against 41–43 MB
// for the same export as CSV.
type workbook struct {
	zw     *zip.Writer
	sheets []sheetPart
	open   *sheetWriter // the sheet being written, if any
}

// A sheetPart is what the workbook's parts say of a sheet: its name and
// the range its filter covers ("" for none).
type sheetPart struct {
	name, filter string
}

// Style ids of the workbook's cells (the index in styles.xml's cellXfs).
const (
	styleDefault = 0
	styleHeader  = 1
)

// Limits of a sheet in Excel and WPS.
const (
	maxRows      = 1 << 20 // 1,048,576
	maxColumns   = 1 << 14 // 16,384, XFD
	maxCellChars = 32767   // UTF-16 units of a cell's text
)

func newWorkbook(w io.Writer) *workbook {
	return &workbook{zw: zip.NewWriter(w)}
}

// A sheetLayout is what comes before a sheet's rows: its columns'
// widths (in characters, from the first) and the number of header rows
// frozen at the top.
type sheetLayout struct {
	widths []float64
	frozen int
}

// sheet starts the workbook's next sheet. Its rows are written with the
// sheetWriter's row, in order; the sheet ends with its end, or when the
// next sheet starts or the workbook closes.
func (wb *workbook) sheet(name string, layout sheetLayout) (*sheetWriter, error) {
	if err := wb.endSheet(); err != nil {
		return nil, err
	}
	wb.sheets = append(wb.sheets, sheetPart{name: name})
	part, err := wb.create("xl/worksheets/sheet" + strconv.Itoa(len(wb.sheets)) + ".xml")
	if err != nil {
		return nil, fmt.Errorf("xlsx: sheet %s: %w", name, err)
	}
	sw := &sheetWriter{name: name, part: &wb.sheets[len(wb.sheets)-1], w: bufio.NewWriterSize(part, 64<<10)}
	sw.begin(layout, len(wb.sheets) == 1)
	wb.open = sw
	return sw, sw.err
}

// create starts a part of the archive, deflated, dated 1 January 1980
// (the earliest date a zip holds: a workbook's bytes depend only on
// what it holds).
func (wb *workbook) create(name string) (io.Writer, error) {
	return wb.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)})
}

func (wb *workbook) endSheet() error {
	if wb.open == nil {
		return nil
	}
	sw := wb.open
	wb.open = nil
	return sw.end()
}

// close ends the open sheet, writes the workbook's other parts and the
// zip's directory. It does not close the writer underneath.
func (wb *workbook) close() error {
	if err := wb.endSheet(); err != nil {
		return err
	}
	parts := []struct {
		name string
		fill func(*strings.Builder)
	}{
		{"[Content_Types].xml", wb.contentTypes},
		{"_rels/.rels", func(b *strings.Builder) { b.WriteString(packageRels) }},
		{"xl/workbook.xml", wb.workbookXML},
		{"xl/_rels/workbook.xml.rels", wb.workbookRels},
		{"xl/styles.xml", func(b *strings.Builder) { b.WriteString(stylesXML) }},
	}
	for _, p := range parts {
		var b strings.Builder
		b.WriteString(xmlHeader)
		p.fill(&b)
		w, err := wb.create(p.name)
		if err == nil {
			_, err = io.WriteString(w, b.String())
		}
		if err != nil {
			return fmt.Errorf("xlsx: %s: %w", p.name, err)
		}
	}
	if err := wb.zw.Close(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

const (
	xmlHeader    = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsMain       = `http://schemas.openxmlformats.org/spreadsheetml/2006/main`
	nsRels       = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
	nsPkgRels    = `http://schemas.openxmlformats.org/package/2006/relationships`
	typeSheet    = `application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml`
	relSheet     = nsRels + `/worksheet`
	packageRels  = `<Relationships xmlns="` + nsPkgRels + `"><Relationship Id="rId1" Type="` + nsRels + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	contentTypes = `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`
	// stylesXML has the default style and styleHeader; fonts, fills,
	// borders and the Normal cell style are what Excel requires.
	stylesXML = `<styleSheet xmlns="` + nsMain + `">` +
		`<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
		`<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
		`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
		`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
		`<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
		`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf></cellXfs>` +
		`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
		`</styleSheet>`
)

func (wb *workbook) contentTypes(b *strings.Builder) {
	b.WriteString(contentTypes)
	for i := range wb.sheets {
		b.WriteString(`<Override PartName="/xl/worksheets/sheet` + strconv.Itoa(i+1) + `.xml" ContentType="` + typeSheet + `"/>`)
	}
	b.WriteString(`</Types>`)
}

// workbookXML lists the sheets, the first active, and names each
// filter's range (_xlnm._FilterDatabase), as Excel does for a filter.
func (wb *workbook) workbookXML(b *strings.Builder) {
	b.WriteString(`<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRels + `"><bookViews><workbookView activeTab="0"/></bookViews><sheets>`)
	for i, s := range wb.sheets {
		b.WriteString(`<sheet name="` + escapeAttr(s.name) + `" sheetId="` + strconv.Itoa(i+1) + `" r:id="rId` + strconv.Itoa(i+1) + `"/>`)
	}
	b.WriteString(`</sheets>`)
	names := false
	for i, s := range wb.sheets {
		if s.filter == "" {
			continue
		}
		if !names {
			b.WriteString(`<definedNames>`)
			names = true
		}
		b.WriteString(`<definedName name="_xlnm._FilterDatabase" localSheetId="` + strconv.Itoa(i) + `" hidden="1">` +
			escapeAttr(quoteSheet(s.name)+"!"+absolute(s.filter)) + `</definedName>`)
	}
	if names {
		b.WriteString(`</definedNames>`)
	}
	b.WriteString(`</workbook>`)
}

func (wb *workbook) workbookRels(b *strings.Builder) {
	b.WriteString(`<Relationships xmlns="` + nsPkgRels + `">`)
	for i := range wb.sheets {
		b.WriteString(`<Relationship Id="rId` + strconv.Itoa(i+1) + `" Type="` + relSheet + `" Target="worksheets/sheet` + strconv.Itoa(i+1) + `.xml"/>`)
	}
	b.WriteString(`<Relationship Id="rId` + strconv.Itoa(len(wb.sheets)+1) + `" Type="` + nsRels + `/styles" Target="styles.xml"/>`)
	b.WriteString(`</Relationships>`)
}

// quoteSheet is a sheet's name as a formula refers to it: 'data'.
func quoteSheet(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

// absolute makes a range such as A1:K10 absolute: $A$1:$K$10.
func absolute(ref string) string {
	var b strings.Builder
	for i, cell := range strings.Split(ref, ":") {
		if i > 0 {
			b.WriteByte(':')
		}
		digits := strings.IndexAny(cell, "0123456789")
		if digits < 0 {
			digits = len(cell)
		}
		b.WriteString("$" + cell[:digits] + "$" + cell[digits:])
	}
	return b.String()
}

// escapeAttr escapes s for an attribute's value or an element's text.
func escapeAttr(s string) string {
	var b strings.Builder
	if err := xml.EscapeText(&b, []byte(s)); err != nil {
		return s // a strings.Builder does not fail
	}
	return b.String()
}
