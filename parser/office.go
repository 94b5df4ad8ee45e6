package parser

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"

	"nianbao"
)

// Office document formats, by their signatures: an OLE compound file
// (D0 CF 11 E0) holds a Word 97–2003 or WPS document (or a workbook); a
// ZIP package holds a DOCX (word/document.xml), an ODF text document
// (mimetype application/vnd.oasis.opendocument.text…), an OFD (OFD.xml) or
// a workbook; RTF starts with {\rtf.
const (
	formatDOCX = "docx"
	formatDOC  = "doc"
	formatWPS  = "wps"
	formatODT  = "odt"
	formatRTF  = "rtf"
	formatOFD  = "ofd"
)

var (
	oleMagic = []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
	zipMagic = []byte("PK\x03\x04")
	rtfMagic = []byte(`{\rtf`)
)

// isOffice reports whether src carries the signature of an office
// document or package (it is read by parseOffice, not as text).
func isOffice(src []byte) bool {
	return bytes.HasPrefix(src, oleMagic[:4]) || bytes.HasPrefix(src, zipMagic) || bytes.HasPrefix(src, rtfMagic)
}

// parseOffice reads an office document: a DOCX directly; a DOC, WPS, ODT
// or RTF through LibreOffice, or, without it, as a report with no table
// and a needs-libreoffice finding; an OFD as a report with an
// ofd-not-read finding. Other packages (workbooks, presentations, any
// ZIP) are not reports.
func parseOffice(src []byte, opt Options) (*nianbao.Report, error) {
	if bytes.HasPrefix(src, rtfMagic) {
		return parseConverted(src, formatRTF, opt)
	}
	if bytes.HasPrefix(src, oleMagic[:4]) {
		format, err := oleFormat(src)
		if err != nil {
			return nil, err
		}
		return parseConverted(src, format, opt)
	}
	z, err := openZip(src)
	if err != nil {
		return nil, fmt.Errorf("%w: a ZIP package that cannot be opened: %w", ErrNotReport, err)
	}
	format, err := zipFormat(z)
	if err != nil {
		return nil, err
	}
	switch format {
	case formatDOCX:
		return parseDOCX(z, opt)
	case formatOFD:
		r := emptyReport(opt)
		r.Findings = append(r.Findings, nianbao.Finding{Rule: "ofd-not-read", Severity: nianbao.SeverityWarning,
			Message: "an OFD (GB/T 33190) document: nianbao does not read OFD; the document is archived unread"})
		setKinds(r)
		return r, nil
	}
	return parseConverted(src, format, opt)
}

// parseDOCX reads a Word document's report.
func parseDOCX(z *zip.Reader, opt Options) (*nianbao.Report, error) {
	d, err := readDOCX(z)
	if err != nil {
		return nil, fmt.Errorf("%w: a Word document that cannot be read: %w", ErrNotReport, err)
	}
	return readDocument(d, "utf-8", opt), nil
}

// emptyReport is a report with no table, for a document not read.
func emptyReport(opt Options) *nianbao.Report {
	return &nianbao.Report{Source: opt.Source, ParserVersion: Version, Template: nianbao.TemplateNone,
		Stats: []nianbao.Stat{}, Findings: []nianbao.Finding{}}
}

// zipFormat tells a DOCX, ODT or OFD package from the other ZIP files.
func zipFormat(z *zip.Reader) (string, error) {
	names := map[string]bool{}
	for _, f := range z.File {
		names[f.Name] = true
	}
	switch {
	case names["word/document.xml"]:
		return formatDOCX, nil
	case names["OFD.xml"]:
		return formatOFD, nil
	case names["xl/workbook.xml"]:
		return "", fmt.Errorf("%w: an Excel workbook (xlsx), not a report document", ErrNotReport)
	case names["ppt/presentation.xml"]:
		return "", fmt.Errorf("%w: a PowerPoint presentation (pptx), not a report document", ErrNotReport)
	case names["mimetype"]:
		b, err := readPart(zipEntry(z, "mimetype"), 1<<10)
		if err != nil {
			return "", fmt.Errorf("%w: mimetype: %w", ErrNotReport, err)
		}
		// text, and its web (HTML), master and template variants
		mt := strings.TrimSpace(string(b))
		if strings.HasPrefix(mt, "application/vnd.oasis.opendocument.text") {
			return formatODT, nil
		}
		return "", fmt.Errorf("%w: an OpenDocument package of type %q, not a text document", ErrNotReport, mt)
	case names["[Content_Types].xml"]:
		// A Word package whose main part is elsewhere (_rels/.rels says).
		if p, err := mainPart(z); err == nil && names[p] && strings.HasPrefix(p, "word/") {
			return formatDOCX, nil
		}
	}
	return "", fmt.Errorf("%w: a ZIP archive, not a Word, OpenDocument or OFD document", ErrNotReport)
}

// oleFormat tells a Word or WPS document from the other OLE compound
// files by the names of their streams (UTF-16 in the directory).
func oleFormat(src []byte) (string, error) {
	has := func(name string) bool {
		u := make([]byte, 0, 2*len(name))
		for _, c := range []byte(name) {
			u = append(u, c, 0)
		}
		return bytes.Contains(src, u)
	}
	switch {
	case has("WordDocument"):
		return formatDOC, nil
	case has("WpsContent") || has("WPS Office"):
		return formatWPS, nil
	case has("Workbook") || has("Book\x00\x00"):
		return "", fmt.Errorf("%w: an Excel workbook (xls), not a report document", ErrNotReport)
	case has("PowerPoint Document"):
		return "", fmt.Errorf("%w: a PowerPoint presentation (ppt), not a report document", ErrNotReport)
	}
	return "", fmt.Errorf("%w: an OLE compound file that holds no Word or WPS document", ErrNotReport)
}

// parseConverted reads a DOC, WPS, ODT or RTF document by converting it to
// DOCX with LibreOffice. Without LibreOffice the report has no table and a
// needs-libreoffice finding: the document is archived, and read again
// (nianbao reparse) where LibreOffice is installed.
func parseConverted(src []byte, format string, opt Options) (*nianbao.Report, error) {
	docx, err := convertToDOCX(src, format)
	if errors.Is(err, errNoLibreOffice) {
		r := emptyReport(opt)
		r.Findings = append(r.Findings, nianbao.Finding{Rule: "needs-libreoffice", Severity: nianbao.SeverityWarning,
			Message: fmt.Sprintf("a %s document: reading it needs LibreOffice (soffice on the PATH), which is not installed; the document is archived unread", formatName(format))})
		setKinds(r)
		return r, nil
	}
	if err != nil {
		return nil, fmt.Errorf("convert the %s document with LibreOffice: %w", formatName(format), err)
	}
	z, err := openZip(docx)
	if err != nil {
		return nil, fmt.Errorf("read LibreOffice's DOCX of the %s document: %w", formatName(format), err)
	}
	r, err := parseDOCX(z, opt)
	if err != nil {
		return nil, fmt.Errorf("read LibreOffice's DOCX of the %s document: %w", formatName(format), err)
	}
	if r.Form != "" {
		r.Form = format
	}
	return r, nil
}

// formatName names a format for messages.
func formatName(format string) string {
	switch format {
	case formatDOC:
		return "Word 97–2003 (DOC)"
	case formatWPS:
		return "WPS"
	case formatODT:
		return "OpenDocument text (ODT)"
	case formatRTF:
		return "RTF"
	}
	return strings.ToUpper(format)
}
