package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"nianbao"
)

// A URL is what the archive knows of one URL the crawler has fetched: its
// last answer, for the next run's conditional GET, and whether it is gone.
type URL struct {
	URL          string
	Site         string
	Kind         string // listing, report, attachment or correction
	Agency       string
	Title        string
	Year         int
	Referrer     string
	FirstSeen    time.Time
	FetchedAt    time.Time
	Status       int
	ETag         string
	LastModified string
	SHA256       string
	DocumentID   int64
	GoneAt       time.Time // zero while the URL exists
	// CorrectsURL is, for a correction, the URL of the report it
	// corrects; "" when not known.
	CorrectsURL string
}

const urlColumns = `url, site, kind, agency, title, year, referrer, first_seen, fetched_at, http_status, etag, last_modified, sha256, document_id, gone_at, corrects_url`

func scanURL(scan func(...any) error) (URL, error) {
	var u URL
	var agency, title, referrer, etag, lm, sha, gone, corrects sql.NullString
	var year, status, doc sql.NullInt64
	var first, fetched string
	if err := scan(&u.URL, &u.Site, &u.Kind, &agency, &title, &year, &referrer, &first, &fetched, &status, &etag, &lm, &sha, &doc, &gone, &corrects); err != nil {
		return URL{}, err
	}
	u.Agency, u.Title, u.Referrer = agency.String, title.String, referrer.String
	u.ETag, u.LastModified, u.SHA256 = etag.String, lm.String, sha.String
	u.Year, u.Status, u.DocumentID = int(year.Int64), int(status.Int64), doc.Int64
	u.CorrectsURL = corrects.String
	u.FirstSeen, _ = ParseTime(first)
	u.FetchedAt, _ = ParseTime(fetched)
	if gone.Valid {
		u.GoneAt, _ = ParseTime(gone.String)
	}
	return u, nil
}

// LookupURL returns what the archive knows of url, or ErrNotFound.
func (db *DB) LookupURL(ctx context.Context, url string) (URL, error) {
	// Prepared once: a crawl looks up every URL before fetching it.
	stmt, err := db.prepared(ctx, `SELECT `+urlColumns+` FROM urls WHERE url = ?`)
	if err != nil {
		return URL{}, fmt.Errorf("lookup url %s: %w", url, err)
	}
	u, err := scanURL(stmt.QueryRowContext(ctx, url).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return URL{}, ErrNotFound
	}
	if err != nil {
		return URL{}, fmt.Errorf("lookup url %s: %w", url, err)
	}
	return u, nil
}

// KnownURLs returns the reports and attachments of site that earlier runs
// saved and that are not gone, so that a run checks them again even when
// no listing links to them any more.
func (db *DB) KnownURLs(ctx context.Context, site string) ([]URL, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+urlColumns+` FROM urls
		WHERE site = ? AND kind <> 'listing' AND gone_at IS NULL ORDER BY url`, site)
	if err != nil {
		return nil, fmt.Errorf("known urls of %s: %w", site, err)
	}
	defer rows.Close()
	var out []URL
	for rows.Next() {
		u, err := scanURL(rows.Scan)
		if err != nil {
			return nil, fmt.Errorf("known urls of %s: %w", site, err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// KindCorrection is the URL kind of a correction or erratum to a report:
// its document is archived but not parsed into reports, so that it is
// never taken for the report it corrects (see the corrections view).
const KindCorrection = "correction"

// notParsed is the parse of a document archived without a report.
func notParsed(Document) (*nianbao.Report, error) { return nil, nil }

// SaveFetched records the answer u got and, when doc is not nil, archives
// doc and the report parsed from it (none for a correction), all in one
// transaction: a crawl
// killed at any moment leaves each fetched document either whole in the
// archive with its URL's record, or not at all. u.DocumentID and u.SHA256
// are set from doc.
func (db *DB) SaveFetched(ctx context.Context, u URL, doc *Document) (SaveResult, error) {
	var p *prepared
	if doc != nil {
		parse := db.opt.Parse
		if u.Kind == KindCorrection {
			parse = notParsed
		}
		d := *doc
		if d.TitleHint == "" && d.YearHint == 0 && u.Kind == "attachment" {
			// queued from an earlier run's records: the page is on file
			var err error
			if d.TitleHint, d.YearHint, err = db.linkHint(ctx, u.URL); err != nil {
				return SaveResult{}, fmt.Errorf("save %s: %w", u.URL, err)
			}
		}
		p = db.prepare(ctx, d, parse)
		p.noReport = u.Kind == KindCorrection
		if p.err != nil {
			return SaveResult{}, fmt.Errorf("save %s: %w", u.URL, p.err)
		}
	}
	b, err := db.begin(ctx)
	if err != nil {
		return SaveResult{}, fmt.Errorf("save %s: %w", u.URL, err)
	}
	defer b.rollback()
	var res SaveResult
	if p != nil {
		if res, err = b.save(ctx, p); err != nil {
			return SaveResult{}, err
		}
		u.DocumentID, u.SHA256 = res.DocumentID, p.doc.SHA256
	}
	if err := db.upsertURL(ctx, b.tx, u); err != nil {
		return SaveResult{}, fmt.Errorf("save %s: %w", u.URL, err)
	}
	if err := b.commit(); err != nil {
		return SaveResult{}, fmt.Errorf("save %s: %w", u.URL, err)
	}
	return res, nil
}

func (db *DB) upsertURL(ctx context.Context, tx *sql.Tx, u URL) error {
	now := db.Now()
	if u.FetchedAt.IsZero() {
		u.FetchedAt = now
	}
	var gone any
	if !u.GoneAt.IsZero() {
		gone = formatTime(u.GoneAt)
	}
	var year, status, doc any
	if u.Year != 0 {
		year = u.Year
	}
	if u.Status != 0 {
		status = u.Status
	}
	if u.DocumentID != 0 {
		doc = u.DocumentID
	}
	// What a 304 or a gone page does not say (ETag, bytes, document) is
	// kept from the earlier record; a gone page keeps its first gone date.
	return db.exec(ctx, tx, `INSERT INTO urls (`+urlColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET
			site = excluded.site, kind = excluded.kind,
			agency = coalesce(excluded.agency, urls.agency), title = coalesce(excluded.title, urls.title),
			year = coalesce(excluded.year, urls.year), referrer = coalesce(excluded.referrer, urls.referrer),
			fetched_at = excluded.fetched_at, http_status = excluded.http_status,
			etag = coalesce(excluded.etag, urls.etag), last_modified = coalesce(excluded.last_modified, urls.last_modified),
			sha256 = coalesce(excluded.sha256, urls.sha256), document_id = coalesce(excluded.document_id, urls.document_id),
			gone_at = CASE WHEN excluded.gone_at IS NULL THEN NULL ELSE coalesce(urls.gone_at, excluded.gone_at) END,
			corrects_url = coalesce(excluded.corrects_url, urls.corrects_url)`,
		u.URL, u.Site, u.Kind, nullString(u.Agency), nullString(u.Title), year, nullString(u.Referrer),
		formatTime(now), formatTime(u.FetchedAt), status, nullString(u.ETag), nullString(u.LastModified),
		nullString(u.SHA256), doc, gone, nullString(u.CorrectsURL))
}

// A Fetch is one line of the fetch log: one HTTP request, or a URL skipped.
type Fetch struct {
	Site      string
	URL       string
	StartedAt time.Time
	Status    int
	Bytes     int64
	Duration  time.Duration
	Attempt   int
	Result    string // ok, not-modified, retry, blocked, skipped, error
	Error     string
	Kind      string // listing, listing-api, report, attachment, correction; "" for robots.txt
}

// LogFetch appends f to the fetch log of run runID.
func (db *DB) LogFetch(ctx context.Context, runID int64, f Fetch) error {
	if _, err := db.db.ExecContext(ctx, insertFetch, f.args(runID)...); err != nil {
		return fmt.Errorf("log fetch %s: %w", f.URL, err)
	}
	return nil
}

const insertFetch = `INSERT INTO fetches (run_id, site, url, started_at, http_status, bytes, duration_ms, attempt, result, error, kind)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// args are the values of insertFetch for f in run runID.
func (f Fetch) args(runID int64) []any {
	var status, run any
	if f.Status != 0 {
		status = f.Status
	}
	if runID != 0 {
		run = runID
	}
	return []any{run, f.Site, f.URL, formatTime(f.StartedAt), status, f.Bytes, float64(f.Duration) / float64(time.Millisecond),
		max(f.Attempt, 1), f.Result, nullString(f.Error), nullString(f.Kind)}
}

// A Run is one crawl and what it did.
type Run struct {
	ID                                     int64
	StartedAt, EndedAt                     time.Time // EndedAt zero while running or if killed
	Sites                                  []string
	Status                                 string // running, ok, interrupted, failed
	Error                                  string
	Pages, Requests, Reports               int
	Bytes                                  int64
	New, Changed, Unchanged, Gone, Blocked int
	Skipped, Errors                        int
	// Worker is the crawl's -worker name; "" for runs recorded before
	// workers were.
	Worker string
}

// StartRun records the start of a crawl of sites and returns its id.
func (db *DB) StartRun(ctx context.Context, sites []string) (int64, error) {
	return db.StartRunBy(ctx, sites, "")
}

// StartRunBy records the start of a crawl of sites by worker (a name
// for the process, as several crawl one PostgreSQL archive at once) and
// returns its id.
func (db *DB) StartRunBy(ctx context.Context, sites []string, worker string) (int64, error) {
	var id int64
	err := db.db.QueryRowContext(ctx, `INSERT INTO runs (started_at, sites, status, worker) VALUES (?, ?, 'running', ?) RETURNING id`,
		db.now(), strings.Join(sites, ","), nullString(worker)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("start run: %w", err)
	}
	return id, nil
}

// FinishRun records the end of run r.ID with its counts and status.
func (db *DB) FinishRun(ctx context.Context, r Run) error {
	end := r.EndedAt
	if end.IsZero() {
		end = db.Now()
	}
	_, err := db.db.ExecContext(ctx, `UPDATE runs SET ended_at = ?, status = ?, error = ?, pages = ?, requests = ?, bytes = ?,
		reports = ?, new = ?, changed = ?, unchanged = ?, gone = ?, blocked = ?, skipped = ?, errors = ? WHERE id = ?`,
		formatTime(end), r.Status, nullString(r.Error), r.Pages, r.Requests, r.Bytes, r.Reports, r.New, r.Changed,
		r.Unchanged, r.Gone, r.Blocked, r.Skipped, r.Errors, r.ID)
	if err != nil {
		return fmt.Errorf("finish run %d: %w", r.ID, err)
	}
	return nil
}

// Runs returns the last limit runs, newest first.
func (db *DB) Runs(ctx context.Context, limit int) ([]Run, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, started_at, ended_at, sites, status, error, pages, requests, bytes, reports,
		new, changed, unchanged, gone, blocked, skipped, errors, worker FROM runs ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("runs: %w", err)
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		var r Run
		var start, sites string
		var end, msg, worker sql.NullString
		if err := rows.Scan(&r.ID, &start, &end, &sites, &r.Status, &msg, &r.Pages, &r.Requests, &r.Bytes, &r.Reports,
			&r.New, &r.Changed, &r.Unchanged, &r.Gone, &r.Blocked, &r.Skipped, &r.Errors, &worker); err != nil {
			return nil, fmt.Errorf("runs: %w", err)
		}
		r.StartedAt, _ = ParseTime(start)
		if end.Valid {
			r.EndedAt, _ = ParseTime(end.String)
		}
		if sites != "" {
			r.Sites = strings.Split(sites, ",")
		}
		r.Error, r.Worker = msg.String, worker.String
		out = append(out, r)
	}
	return out, rows.Err()
}
