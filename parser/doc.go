// Package parser turns one published government information-disclosure
// annual report (政府信息公开工作年度报告) into a Report: its metadata, one
// Stat per value of its statistics tables, and the Findings raised while
// reading and checking it.
//
// A document reaches the parser as bytes in one of several forms: an HTML
// page as a portal served it (any charset), or a text rendering in which the
// table cells end with " |" (pipe), are joined by " | " one row per line
// (rows, Markdown tables included), stand one per line (cells), are
// separated by spaces (space), or run together with no separator (glued),
// or a Word document: a DOCX is read directly, its tables laid out into the
// grids an HTML page gives; a DOC, WPS, ODT or RTF is converted to DOCX by
// LibreOffice where it is installed (office.go); or a PDF with a text layer
// (pdf.go, through internal/pdftext), whose ruled tables become grids from
// their lines and the rest text lines.
// Every form is first reduced to grids of cells. The pre-2019 tables
// (national-2014, provincial) are read row by row against their templates;
// the 2019 and 2021 tables are read by one state machine that follows their
// captions, headers and labels through the cells, whatever the form.
//
// Each template revision is one value in a template_*.go file, listed in
// registry.go; format voting, the missing-rows check and the data
// dictionary (Indicators) are derived from that list.
//
// The parser never invents a number: a cell it cannot read becomes a Stat
// with a nil Value, its raw text, and a Finding; glued digits are split only
// where the table's own arithmetic leaves one way to do it. Blank cells are
// said once per table. Each Finding has a kind, from its rule (kind.go):
// source (the document contradicts itself), reading (nianbao has no number
// for a cell, or could not read a part) or metadata (what the document is).
package parser
