package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// A RunSite is what one run's discovery did for one site.
type RunSite struct {
	RunID      int64
	Site       string
	Listings   int // listing pages read
	APIPages   int // list-interface pages read
	Reports    int // report links found, and known reports checked
	NotReports int // links judged not to be reports
	// StartedAt and Status are the run's, when read back.
	StartedAt time.Time
	Status    string
}

// A Skip is a link of a listing page judged not to be a report.
type Skip struct {
	RunID    int64
	Site     string
	URL      string
	Title    string
	Referrer string // the listing page
	Reason   string
	SeenAt   time.Time
}

// LogSkip records a link judged not to be a report in run runID.
func (db *DB) LogSkip(ctx context.Context, runID int64, s Skip) error {
	if _, err := db.db.ExecContext(ctx, insertSkip, db.skipArgs(runID, s)...); err != nil {
		return fmt.Errorf("log skip %s: %w", s.URL, err)
	}
	return nil
}

const insertSkip = `INSERT INTO discovery_skips (run_id, site, url, title, referrer, reason, seen_at)
	VALUES (?, ?, ?, ?, ?, ?, ?)`

// skipArgs are the values of insertSkip for s in run runID.
func (db *DB) skipArgs(runID int64, s Skip) []any {
	var run any
	if runID != 0 {
		run = runID
	}
	seen := s.SeenAt
	if seen.IsZero() {
		seen = db.Now()
	}
	return []any{run, s.Site, s.URL, nullString(s.Title), s.Referrer, s.Reason, formatTime(seen)}
}

// SaveRunSites records the per-site counts of run runID, replacing
// those recorded before for the same sites.
func (db *DB) SaveRunSites(ctx context.Context, runID int64, sites []RunSite) error {
	b, err := db.begin(ctx)
	if err != nil {
		return fmt.Errorf("run %d sites: %w", runID, err)
	}
	defer b.rollback()
	if err := db.saveRunSites(ctx, b.tx, runID, sites); err != nil {
		return err
	}
	if err := b.commit(); err != nil {
		return fmt.Errorf("run %d sites: %w", runID, err)
	}
	return nil
}

// saveRunSites writes the per-site counts of run runID in tx.
func (db *DB) saveRunSites(ctx context.Context, tx *sql.Tx, runID int64, sites []RunSite) error {
	for _, s := range sites {
		if err := db.exec(ctx, tx, `INSERT INTO run_sites (run_id, site, listings, api_pages, reports, not_reports)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, site) DO UPDATE SET listings = excluded.listings,
			api_pages = excluded.api_pages, reports = excluded.reports, not_reports = excluded.not_reports`, runID, s.Site, s.Listings, s.APIPages, s.Reports, s.NotReports); err != nil {
			return fmt.Errorf("run %d site %s: %w", runID, s.Site, err)
		}
	}
	return nil
}

// errNoDiscovery is the error of a database made before run_sites.
var errNoDiscovery = errors.New("the database predates per-site run records (run_sites, discovery_skips): a crawl upgrades it")

// hasDiscovery reports whether the database has the tables of migration
// 007 (a read-only database is not migrated).
func (db *DB) hasDiscovery(ctx context.Context) (bool, error) {
	for _, name := range []string{"run_sites", "discovery_skips"} {
		if ok, err := db.dia.hasTable(ctx, db.db, name); err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

// RunSites returns the counts of site in its last limit runs, newest
// first.
func (db *DB) RunSites(ctx context.Context, site string, limit int) ([]RunSite, error) {
	if ok, err := db.hasDiscovery(ctx); err != nil || !ok {
		return nil, fmt.Errorf("runs of %s: %w", site, cmp.Or(err, errNoDiscovery))
	}
	rows, err := db.db.QueryContext(ctx, `SELECT s.run_id, s.site, s.listings, s.api_pages, s.reports, s.not_reports, r.started_at, r.status
		FROM run_sites s JOIN runs r ON r.id = s.run_id WHERE s.site = ? ORDER BY s.run_id DESC LIMIT ?`, site, limit)
	if err != nil {
		return nil, fmt.Errorf("runs of %s: %w", site, err)
	}
	defer rows.Close()
	var out []RunSite
	for rows.Next() {
		var s RunSite
		var start string
		if err := rows.Scan(&s.RunID, &s.Site, &s.Listings, &s.APIPages, &s.Reports, &s.NotReports, &start, &s.Status); err != nil {
			return nil, fmt.Errorf("runs of %s: %w", site, err)
		}
		s.StartedAt, _ = ParseTime(start)
		out = append(out, s)
	}
	return out, rows.Err()
}

// Skips returns the links of site that run runID judged not to be
// reports, and the URLs it did not request (fetch log lines with result
// skipped: a host not allowed, robots.txt, a limit), ordered by URL.
// The second kind has Reason "not fetched: " and the fetch log's error.
func (db *DB) Skips(ctx context.Context, site string, runID int64) ([]Skip, error) {
	if ok, err := db.hasDiscovery(ctx); err != nil || !ok {
		return nil, fmt.Errorf("skips of %s: %w", site, cmp.Or(err, errNoDiscovery))
	}
	rows, err := db.db.QueryContext(ctx, `
		SELECT run_id, site, url, coalesce(title, ''), referrer, reason, seen_at FROM discovery_skips WHERE site = ? AND run_id = ?
		UNION ALL
		SELECT run_id, site, url, '', '', 'not fetched: ' || coalesce(error, ''), started_at FROM fetches f WHERE site = ? AND run_id = ? AND result = 'skipped'
			AND NOT EXISTS (SELECT 1 FROM discovery_skips s WHERE s.run_id = f.run_id AND s.site = f.site AND s.url = f.url)
		ORDER BY 3, 6`, site, runID, site, runID)
	if err != nil {
		return nil, fmt.Errorf("skips of %s in run %d: %w", site, runID, err)
	}
	defer rows.Close()
	var out []Skip
	for rows.Next() {
		var s Skip
		var run sql.NullInt64
		var seen string
		if err := rows.Scan(&run, &s.Site, &s.URL, &s.Title, &s.Referrer, &s.Reason, &seen); err != nil {
			return nil, fmt.Errorf("skips of %s in run %d: %w", site, runID, err)
		}
		s.RunID = run.Int64
		s.SeenAt, _ = ParseTime(seen)
		out = append(out, s)
	}
	return out, rows.Err()
}

// A SiteSummary is what the archive holds of one site.
type SiteSummary struct {
	Site      string
	LastFetch time.Time // the last request (or skipped URL) of the site; zero when never crawled
	Reports   int       // report URLs found, gone ones included
	Documents int       // of which archived as documents
}

// SiteSummaries returns, by site name, the summary of every site the
// archive has fetched from.
func (db *DB) SiteSummaries(ctx context.Context) (map[string]SiteSummary, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT site, max(last), CAST(sum(reports) AS BIGINT), CAST(sum(docs) AS BIGINT) FROM (
			SELECT site, max(started_at) AS last, 0 AS reports, 0 AS docs FROM fetches GROUP BY site
			UNION ALL
			SELECT site, NULL, count(*), count(document_id) FROM urls WHERE kind = 'report' GROUP BY site
		) AS s GROUP BY site`)
	if err != nil {
		return nil, fmt.Errorf("site summaries: %w", err)
	}
	defer rows.Close()
	out := map[string]SiteSummary{}
	for rows.Next() {
		var s SiteSummary
		var last sql.NullString
		if err := rows.Scan(&s.Site, &last, &s.Reports, &s.Documents); err != nil {
			return nil, fmt.Errorf("site summaries: %w", err)
		}
		if last.Valid {
			s.LastFetch, _ = ParseTime(last.String)
		}
		out[s.Site] = s
	}
	return out, rows.Err()
}
