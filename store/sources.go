package store

import (
	"context"
	"database/sql"
	"fmt"

	"nianbao"
)

// A Source is a current report with where it came from: a row of the
// latest_reports view.
type Source struct {
	ReportID       int64
	Agency, Region string
	RegionCode     string // GB/T 2260; "" when unknown
	Year           int    // 0 when unknown
	Template       nianbao.Template
	Status         string
	Source         string
	FinalURL       string
	FetchedAt      string
	SHA256         string
}

// Sources calls fn for each current report that f selects by years,
// agency and template and, when f names codes, that has a value of one
// of them; ordered by agency, year and report.
func (db *DB) Sources(ctx context.Context, f Filter, fn func(Source) error) error {
	where, args := f.where(false)
	where, args = andCodesIn(where, args, "EXISTS (SELECT 1 FROM stat_rows s WHERE s.report_id = latest_reports.report_id AND s.code IN (", f.Codes)
	rows, err := db.db.QueryContext(ctx, `SELECT report_id, agency, region, region_code, year, template, status, source, final_url, fetched_at, sha256
		FROM latest_reports`+where+` ORDER BY agency, year, report_id`, args...)
	if err != nil {
		return fmt.Errorf("sources: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s Source
		var region, code, finalURL sql.NullString
		var year sql.NullInt64
		if err := rows.Scan(&s.ReportID, &s.Agency, &region, &code, &year, &s.Template, &s.Status, &s.Source, &finalURL, &s.FetchedAt, &s.SHA256); err != nil {
			return fmt.Errorf("sources: %w", err)
		}
		s.Region, s.RegionCode, s.FinalURL, s.Year = region.String, code.String, finalURL.String, int(year.Int64)
		if err := fn(s); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sources: %w", err)
	}
	return nil
}
