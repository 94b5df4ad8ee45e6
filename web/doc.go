// Package web adapts a nianbao archive to HTTP: the pages of `nianbao
// serve`, in Chinese with an English toggle, rendered on the server with
// html/template and inline SVG charts, every asset embedded (go:embed),
// so that a page never asks anything of another host and works offline.
//
// The server only reads: it is handed a database opened with
// store.OpenQuery, whose connections refuse every write, and binds every
// value of a query as a parameter. Pages: the overview (reports per
// province and year, parse status, findings by kind), an indicator across
// agencies and years (table and charts), one report (provenance, its
// tables as printed, its findings at their cells, the archived
// original), the reports ranked by findings, and full-text search of the
// reports' prose (report_text, migration 009). Each table can be
// downloaded as CSV or XLSX.
package web
