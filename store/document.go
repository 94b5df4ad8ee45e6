package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"nianbao"
	"nianbao/store/zdict"
)

// A Document is one version of a document as fetched or imported, with
// where it came from. The crawler fills in the HTTP fields; an imported
// file has only Source, FetchedAt and Body.
type Document struct {
	ID           int64 // set by the store
	Source       string
	FinalURL     string
	FetchedAt    time.Time // the store's clock when zero
	Status       int       // HTTP status; 0 for a file
	ContentType  string
	Charset      string // the parser's when empty
	ETag         string
	LastModified string
	// Region is where the document's agency sits, when the caller knows it
	// (the portal it was crawled from); it is stored with the report.
	Region string
	SHA256 string // hex; set by the store (CrawlWriter.Save takes the crawler's)
	Size   int64  // set by the store
	Body   []byte

	// TitleHint and YearHint are what the page linking to the document
	// says of it (a crawled attachment's report page), for the parser:
	// the agency and year of a document that names none. Not stored:
	// Reparse finds them again in the urls table (linkHint).
	TitleHint string
	YearHint  int

	// hashed says SHA256 is the hash of Body already (the crawler's, see
	// CrawlWriter.Save): prepare does not hash the bytes again.
	hashed bool
}

// SaveResult is what SaveDocument stored.
type SaveResult struct {
	Outcome    nianbao.Outcome
	DocumentID int64
	ReportID   int64
	// PreviousID is the document this one revised (Revised only).
	PreviousID int64
	// Report is what the parser read; nil when the document was
	// unchanged or could not be parsed.
	Report *nianbao.Report
	// ParseErr is why the document could not be parsed; it is archived
	// all the same, with a report of status failed.
	ParseErr error
	// Supersedes is the report that was the current version of this
	// report's identity (agency, region, year) and no longer is; 0 when
	// none was, or when this one is not current.
	Supersedes int64
	// AlternativeTo is the current version when this one is kept as an
	// alternative to it (a different source, less complete), with Reason
	// saying why; 0 when this one is current.
	AlternativeTo int64
	Reason        string
}

// Status is the report status SaveDocument stored: ok, partial, no
// table or failed; "" for an unchanged document.
func (r SaveResult) Status() string {
	switch {
	case r.Outcome == nianbao.OutcomeUnchanged:
		return ""
	case r.ParseErr != nil || r.Report == nil:
		return "failed"
	}
	return r.Report.Status()
}

// SaveDocument archives doc and the report the parser reads from it, in
// one transaction. The same bytes as the source's latest version store
// nothing; different bytes are a new version. A document the parser
// cannot read is archived with a report of status failed and its error.
func (db *DB) SaveDocument(ctx context.Context, doc Document) (SaveResult, error) {
	p := db.prepare(ctx, doc, db.opt.Parse)
	if p.err != nil {
		return SaveResult{}, fmt.Errorf("save document %s: %w", doc.Source, p.err)
	}
	if p.unchanged != nil {
		return db.unchanged(ctx, *p.unchanged)
	}
	return db.saveOne(ctx, p)
}

// prepared is a document with the work that needs no write done: hashed,
// parsed, compressed, and the rows of its report built.
type prepared struct {
	doc    Document // SHA256 and Size set
	report *nianbao.Report
	perr   error       // why the parser could not read it
	blob   []byte      // the body, compressed with zstd and dictionary zdict.ID
	rows   *reportRows // what is stored of the report (or of perr)
	// unchanged is the source's latest version when it has the same
	// bytes; nothing was parsed.
	unchanged *Document
	// noReport archives the document without a report (a correction).
	noReport bool
	err      error
}

// prepare hashes doc and, unless the source's latest version has the
// same bytes, compresses and parses it and builds the rows of its
// report. SaveAll and the crawl writer run it on every core, so that
// their one writer only inserts.
func (db *DB) prepare(ctx context.Context, doc Document, parse func(Document) (*nianbao.Report, error)) *prepared {
	return db.prepareWith(ctx, doc, parse, db.LatestDocument)
}

// prepareWith is prepare with latest telling the source's latest
// version (LatestDocument, or what a look-up of several sources read).
func (db *DB) prepareWith(ctx context.Context, doc Document, parse func(Document) (*nianbao.Report, error), latest func(context.Context, string) (Document, error)) *prepared {
	p := &prepared{doc: doc}
	if doc.Source == "" {
		p.err = fmt.Errorf("no source")
		return p
	}
	if parse == nil {
		p.err = errNoParser
		return p
	}
	if !doc.hashed {
		sum := sha256.Sum256(doc.Body)
		p.doc.SHA256 = hex.EncodeToString(sum[:])
	}
	p.doc.Size = int64(len(doc.Body))
	// Most re-fetches are unchanged: check before parsing.
	prev, err := latest(ctx, doc.Source)
	switch {
	case err == nil && prev.SHA256 == p.doc.SHA256:
		p.unchanged = &prev
		return p
	case err != nil && !errors.Is(err, ErrNotFound):
		p.err = err
		return p
	}
	if p.blob, err = compress(doc.Body); err != nil {
		p.err = err
		return p
	}
	p.report, p.perr = parse(p.doc)
	if p.doc.Charset == "" && p.report != nil {
		p.doc.Charset = p.report.Charset
	}
	if p.rows, err = db.newReportRows(p.doc.Source, p.doc.Region, p.report, p.perr); err != nil {
		p.err = err
	}
	return p
}

// unchanged is the result for a document whose bytes the store has.
func (db *DB) unchanged(ctx context.Context, prev Document) (SaveResult, error) {
	res := SaveResult{Outcome: nianbao.OutcomeUnchanged, DocumentID: prev.ID}
	err := db.db.QueryRowContext(ctx, `SELECT id FROM reports WHERE document_id = ?`, prev.ID).Scan(&res.ReportID)
	if err != nil {
		return SaveResult{}, fmt.Errorf("save document %s: %w", prev.Source, err)
	}
	return res, nil
}

// saveTx stores the prepared document p, its body and its report in tx,
// unless the source's latest version in tx has the same bytes.
func (db *DB) saveTx(ctx context.Context, tx *sql.Tx, p *prepared) (SaveResult, error) {
	doc := p.doc
	fetched := doc.FetchedAt
	if fetched.IsZero() {
		fetched = db.Now()
	}
	// Check again under the write lock: another process, or this batch,
	// may have stored the same version since prepare looked.
	var prevID int64
	var prevSHA string
	err := db.queryRow(ctx, tx, `SELECT id, sha256 FROM documents WHERE source = ? ORDER BY fetched_at DESC, id DESC LIMIT 1`,
		[]any{doc.Source}, &prevID, &prevSHA)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return SaveResult{}, err
	case prevSHA == doc.SHA256:
		res := SaveResult{Outcome: nianbao.OutcomeUnchanged, DocumentID: prevID}
		err := db.queryRow(ctx, tx, `SELECT id FROM reports WHERE document_id = ?`, []any{prevID}, &res.ReportID)
		if err != nil && !(p.noReport && errors.Is(err, sql.ErrNoRows)) {
			return SaveResult{}, err
		}
		return res, nil
	}
	res := SaveResult{Outcome: nianbao.OutcomeNew, Report: p.report, ParseErr: p.perr}
	var prev any
	if prevID != 0 {
		res.Outcome, res.PreviousID, prev = nianbao.OutcomeRevised, prevID, prevID
	}
	var status any
	if doc.Status != 0 {
		status = doc.Status
	}
	if err := db.exec(ctx, tx, `INSERT INTO blobs (sha256, size, encoding, dict_id, data) VALUES (?, ?, 'zstd', ?, ?) ON CONFLICT (sha256) DO NOTHING`,
		doc.SHA256, doc.Size, zdict.ID, p.blob); err != nil {
		return SaveResult{}, fmt.Errorf("insert blob: %w", err)
	}
	err = db.queryRow(ctx, tx, `INSERT INTO documents (source, final_url, fetched_at, http_status, content_type, charset, sha256, etag, last_modified, previous_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		[]any{doc.Source, nullString(doc.FinalURL), formatTime(fetched), status, nullString(doc.ContentType), nullString(doc.Charset),
			doc.SHA256, nullString(doc.ETag), nullString(doc.LastModified), prev}, &res.DocumentID)
	if err != nil {
		return SaveResult{}, fmt.Errorf("insert document: %w", err)
	}
	if p.noReport {
		res.Report = nil
		return res, nil
	}
	if res.ReportID, err = db.insertReportRows(ctx, tx, res.DocumentID, formatTime(fetched), p.rows, &res); err != nil {
		return SaveResult{}, err
	}
	return res, nil
}
