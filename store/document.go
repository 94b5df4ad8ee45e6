package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"nianbao"
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
	SHA256 string // hex; set by the store
	Size   int64  // set by the store
	Body   []byte
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
// parsed and compressed.
type prepared struct {
	doc    Document // SHA256 and Size set
	report *nianbao.Report
	perr   error  // why the parser could not read it
	gz     []byte // the body, gzipped
	// unchanged is the source's latest version when it has the same
	// bytes; nothing was parsed.
	unchanged *Document
	err       error
}

// prepare hashes doc and, unless the source's latest version has the
// same bytes, parses and compresses it, both at once.
func (db *DB) prepare(ctx context.Context, doc Document, parse func(Document) (*nianbao.Report, error)) *prepared {
	p := &prepared{doc: doc}
	if doc.Source == "" {
		p.err = fmt.Errorf("no source")
		return p
	}
	if parse == nil {
		p.err = errNoParser
		return p
	}
	sum := sha256.Sum256(doc.Body)
	p.doc.SHA256 = hex.EncodeToString(sum[:])
	p.doc.Size = int64(len(doc.Body))
	// Most re-fetches are unchanged: check before parsing.
	prev, err := db.LatestDocument(ctx, doc.Source)
	switch {
	case err == nil && prev.SHA256 == p.doc.SHA256:
		p.unchanged = &prev
		return p
	case err != nil && !errors.Is(err, ErrNotFound):
		p.err = err
		return p
	}
	z := make(chan error, 1)
	go func() {
		var err error
		p.gz, err = compress(doc.Body)
		z <- err
	}()
	p.report, p.perr = parse(p.doc)
	if err := <-z; err != nil {
		p.err = err
	}
	if p.doc.Charset == "" && p.report != nil {
		p.doc.Charset = p.report.Charset
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
		if err := db.queryRow(ctx, tx, `SELECT id FROM reports WHERE document_id = ?`, []any{prevID}, &res.ReportID); err != nil {
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
	if err := db.exec(ctx, tx, `INSERT INTO blobs (sha256, size, encoding, data) VALUES (?, ?, 'gzip', ?) ON CONFLICT (sha256) DO NOTHING`,
		doc.SHA256, doc.Size, p.gz); err != nil {
		return SaveResult{}, fmt.Errorf("insert blob: %w", err)
	}
	err = db.queryRow(ctx, tx, `INSERT INTO documents (source, final_url, fetched_at, http_status, content_type, charset, sha256, etag, last_modified, previous_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		[]any{doc.Source, nullString(doc.FinalURL), formatTime(fetched), status, nullString(doc.ContentType), nullString(doc.Charset),
			doc.SHA256, nullString(doc.ETag), nullString(doc.LastModified), prev}, &res.DocumentID)
	if err != nil {
		return SaveResult{}, fmt.Errorf("insert document: %w", err)
	}
	if res.ReportID, err = db.insertReport(ctx, tx, res.DocumentID, formatTime(fetched), doc.Source, doc.Region, p.report, p.perr, &res); err != nil {
		return SaveResult{}, err
	}
	return res, nil
}

// reportColumns are the reports columns a parse sets, in the order of
// reportArgs.
const reportColumns = `version_key, region_code, region_level, agency_kind, agency, region, year, template, title, published, form, contact, parser_version, status, error, parsed_at`

// reportArgs are the values of reportColumns for the report r read from
// source, or for the parse error perr.
func (db *DB) reportArgs(source, region string, r *nianbao.Report, perr error) ([]any, error) {
	if r == nil || perr != nil {
		msg := "no report"
		if perr != nil {
			msg = perr.Error()
		}
		id := identify(nil, source, region)
		return []any{id.key, nullString(id.code), nullString(id.level), nil, "", nullString(region), nil, "", "", nil, nil, nil, db.parserVersion(nil), "failed", msg, db.now()}, nil
	}
	var year any
	if r.Year != 0 {
		year = r.Year
	}
	contact, err := contactJSON(r.Contact)
	if err != nil {
		return nil, err
	}
	id := identify(r, source, region)
	return []any{id.key, nullString(id.code), nullString(id.level), nullString(id.kind), r.Agency, nullString(region), year, r.Template, r.Title, nullString(r.Published), nullString(r.Form),
		contact, db.parserVersion(r), r.Status(), nil, db.now()}, nil
}

// insertReport stores the report read from document docID (or the parse
// error) with its values and findings, and marks the current version of
// its identity; res, if not nil, gets what the report superseded or is
// an alternative to.
func (db *DB) insertReport(ctx context.Context, tx *sql.Tx, docID int64, fetchedAt, source, region string, r *nianbao.Report, perr error, res *SaveResult) (int64, error) {
	args, err := db.reportArgs(source, region, r, perr)
	if err != nil {
		return 0, err
	}
	var id int64
	err = db.queryRow(ctx, tx, `INSERT INTO reports (document_id, fetched_at, latest, `+reportColumns+`)
		VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, append([]any{docID, fetchedAt}, args...), &id)
	if err != nil {
		return 0, fmt.Errorf("insert report: %w", err)
	}
	if perr == nil && r != nil {
		if err := db.insertRows(ctx, tx, id, r); err != nil {
			return 0, err
		}
	}
	if res == nil {
		res = &SaveResult{}
	}
	if err := settle(ctx, inTx{db, tx}, args[0].(string), id, res); err != nil {
		return 0, err
	}
	return id, nil
}

// replaceReport overwrites report id with what the parser read now (or
// the parse error), keeping the id, and replaces its values and findings.
func (db *DB) replaceReport(ctx context.Context, tx *sql.Tx, id int64, oldKey, source, region string, r *nianbao.Report, perr error) error {
	args, err := db.reportArgs(source, region, r, perr)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE reports SET (`+reportColumns+`) = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE id = ?`, append(args, id)...)
	if err != nil {
		return fmt.Errorf("update report: %w", err)
	}
	for _, q := range []string{`DELETE FROM stats WHERE report_id = ?`, `DELETE FROM findings WHERE report_id = ?`} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return fmt.Errorf("replace report: %w", err)
		}
	}
	if perr == nil && r != nil {
		if err := db.insertRows(ctx, tx, id, r); err != nil {
			return err
		}
	}
	key := args[0].(string)
	if _, _, err := markLatest(ctx, inTx{db, tx}, key); err != nil {
		return err
	}
	if oldKey != key {
		_, _, err := markLatest(ctx, inTx{db, tx}, oldKey)
		return err
	}
	return nil
}

func contactJSON(c *nianbao.Contact) (any, error) {
	if c == nil || *c == (nianbao.Contact{}) {
		return nil, nil
	}
	b, err := json.Marshal(c)
	if err != nil {
		return nil, fmt.Errorf("contact: %w", err)
	}
	return string(b), nil
}

// rowsPerInsert is how many rows one INSERT statement carries at most.
const rowsPerInsert = 64

// insertRows stores the values and findings of report id, a few
// statements for all of them.
func (db *DB) insertRows(ctx context.Context, tx *sql.Tx, id int64, r *nianbao.Report) error {
	// The findings on a value are those that name its code.
	onCode := map[string]int{}
	var fargs, cargs []any
	for i, f := range r.Findings {
		codes := slices.Compact(slices.Sorted(slices.Values(f.Codes)))
		b, err := json.Marshal(f.Codes)
		if err != nil {
			return err
		}
		if f.Codes == nil {
			b = []byte("[]")
		}
		kind := f.Kind
		if kind == "" { // a reader that does not sort its findings: nothing is blamed on the agency
			kind = nianbao.KindReading
		}
		fargs = append(fargs, id, i, f.Rule, f.Severity, kind, f.Message, string(b))
		for _, c := range codes {
			if c != "" {
				onCode[c]++
				cargs = append(cargs, id, i, c)
			}
		}
	}
	sargs := make([]any, 0, 13*len(r.Stats))
	for i, s := range r.Stats {
		var v any
		if s.Value != nil {
			v = *s.Value
		}
		derived := 0
		if s.Derived {
			derived = 1
		}
		sargs = append(sargs, id, i, s.Table, s.Section, s.Code, s.Dim, s.Row, s.Column, s.Unit, v, s.Raw, derived, onCode[s.Code])
	}
	if err := db.insertValues(ctx, tx, `INSERT OR FAIL INTO stats (report_id, seq, table_name, section, code, dim, row_label, column_label, unit, value, raw, derived, findings)`, 13, sargs); err != nil {
		return fmt.Errorf("insert stats: %w", err)
	}
	if err := db.insertValues(ctx, tx, `INSERT OR FAIL INTO findings (report_id, seq, rule, severity, kind, message, codes)`, 7, fargs); err != nil {
		return fmt.Errorf("insert findings: %w", err)
	}
	if err := db.insertValues(ctx, tx, `INSERT OR FAIL INTO finding_codes (report_id, seq, code)`, 3, cargs); err != nil {
		return fmt.Errorf("insert finding codes: %w", err)
	}
	return nil
}

// insertValues runs the INSERT head with VALUES for args, which holds
// rows of ncols values each, rowsPerInsert rows a statement. Heads are
// INSERT OR FAIL and the foreign keys of these tables deferred, so that
// SQLite needs no statement journal: a failure fails the transaction,
// which the caller rolls back.
func (db *DB) insertValues(ctx context.Context, tx *sql.Tx, head string, ncols int, args []any) error {
	for start := 0; start < len(args); start += rowsPerInsert * ncols {
		end := min(start+rowsPerInsert*ncols, len(args))
		if err := db.exec(ctx, tx, valuesSQL(head, ncols, (end-start)/ncols), args[start:end]...); err != nil {
			return err
		}
	}
	return nil
}

// valuesSQLs caches the statements valuesSQL builds.
var valuesSQLs sync.Map

// valuesSQL returns head followed by VALUES for nrows rows of ncols.
func valuesSQL(head string, ncols, nrows int) string {
	key := fmt.Sprintf("%s/%d/%d", head, ncols, nrows)
	if q, ok := valuesSQLs.Load(key); ok {
		return q.(string)
	}
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", ncols), ",") + ")"
	q := head + " VALUES " + strings.TrimSuffix(strings.Repeat(row+",", nrows), ",")
	valuesSQLs.Store(key, q)
	return q
}

// LatestDocument returns the newest version stored for source, without
// its body: what a crawler needs for a conditional GET (ETag,
// Last-Modified) and to tell a changed page (SHA256). It returns
// ErrNotFound when source has never been stored.
func (db *DB) LatestDocument(ctx context.Context, source string) (Document, error) {
	var d Document
	var fetched string
	var finalURL, ctype, charset, etag, lastMod, region sql.NullString
	var status sql.NullInt64
	stmt, err := db.prepared(ctx, `SELECT d.id, d.source, d.final_url, d.fetched_at, d.http_status, d.content_type, d.charset,
			d.sha256, d.etag, d.last_modified, b.size, r.region
		FROM documents d JOIN blobs b ON b.sha256 = d.sha256 LEFT JOIN reports r ON r.document_id = d.id
		WHERE d.source = ? ORDER BY d.fetched_at DESC, d.id DESC LIMIT 1`)
	if err != nil {
		return Document{}, fmt.Errorf("document %s: %w", source, err)
	}
	err = stmt.QueryRowContext(ctx, source).Scan(
		&d.ID, &d.Source, &finalURL, &fetched, &status, &ctype, &charset, &d.SHA256, &etag, &lastMod, &d.Size, &region)
	if errors.Is(err, sql.ErrNoRows) {
		return Document{}, fmt.Errorf("document %s: %w", source, ErrNotFound)
	}
	if err != nil {
		return Document{}, fmt.Errorf("document %s: %w", source, err)
	}
	d.FinalURL, d.ContentType, d.Charset, d.ETag, d.LastModified = finalURL.String, ctype.String, charset.String, etag.String, lastMod.String
	d.Region = region.String
	d.Status = int(status.Int64)
	if d.FetchedAt, err = ParseTime(fetched); err != nil {
		return Document{}, fmt.Errorf("document %s: fetched_at: %w", source, err)
	}
	return d, nil
}

// Body returns the bytes of document id as they were fetched.
func (db *DB) Body(ctx context.Context, id int64) ([]byte, error) {
	var enc string
	var data []byte
	err := db.db.QueryRowContext(ctx, `SELECT b.encoding, b.data FROM documents d JOIN blobs b ON b.sha256 = d.sha256 WHERE d.id = ?`, id).Scan(&enc, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("document %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("document %d: %w", id, err)
	}
	b, err := decompress(enc, data)
	if err != nil {
		return nil, fmt.Errorf("document %d: %w", id, err)
	}
	return b, nil
}

// gzipWriters keeps a few gzip writers for reuse: a new one allocates
// about 800 kB, more than a page takes to compress. A sync.Pool would
// drop them at every garbage collection, and an import collects often.
var gzipWriters = make(chan *gzip.Writer, 4)

func getGzip() *gzip.Writer {
	select {
	case zw := <-gzipWriters:
		return zw
	default:
		zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
		return zw
	}
}

func putGzip(zw *gzip.Writer) {
	select {
	case gzipWriters <- zw:
	default:
	}
}

// compress gzips b at the fastest level: report pages compress 4–6 times
// at any level, and the import should not wait for it.
func compress(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(b)/3 + 512) // pages compress 4–6 times: one allocation
	zw := getGzip()
	defer putGzip(zw)
	zw.Reset(&buf)
	if _, err := zw.Write(b); err != nil {
		return nil, fmt.Errorf("compress: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("compress: %w", err)
	}
	return buf.Bytes(), nil
}

func decompress(enc string, data []byte) ([]byte, error) {
	if enc != "gzip" {
		return nil, fmt.Errorf("unknown body encoding %q", enc)
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("decompress: %w", err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("decompress: %w", err)
	}
	return b, nil
}
