package store

import (
	"errors"

	"nianbao"
)

// Options tell Open how the store reads documents. The store does not
// parse: the caller gives it the reader (cmd/nianbao gives the parser's).
type Options struct {
	// Parse reads a document into a report. It returns an error only
	// when nothing could be read; the document is archived all the same,
	// with a report of status failed. A report carries the version of the
	// reader that read it (Report.ParserVersion).
	Parse func(doc Document) (*nianbao.Report, error)
	// ParserVersion is stored with the reports Parse could not read, and
	// with the data dictionary, when Parse's reports do not name one.
	ParserVersion string
	// Indicators is the data dictionary: Open writes it into the
	// indicators table when it differs from what the file holds. Nil
	// leaves the table as it is.
	Indicators []nianbao.Indicator
	// CacheKiB, when above zero, is each connection's page cache in KiB
	// on a SQLite file (PRAGMA cache_size; SQLite's default is 2,000).
	// Zero leaves SQLite's default. Connections that set their own (a
	// crawl's writer, an import's) keep theirs. PostgreSQL ignores it.
	CacheKiB int
}

// errNoParser refuses a save or re-parse through a DB opened without
// Options.Parse, before anything is stored.
var errNoParser = errors.New("no parser: the database was opened without Options.Parse")

// parserVersion is the version stored with r: the one r names, else the
// one given at Open.
func (db *DB) parserVersion(r *nianbao.Report) string {
	if r != nil && r.ParserVersion != "" {
		return r.ParserVersion
	}
	return db.opt.ParserVersion
}
