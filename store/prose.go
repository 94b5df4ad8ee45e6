package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"nianbao"
)

// writeProse replaces the full-text row of report id (report_text,
// migration 009) with r's title and sections 五 and 六; with r nil (the
// parse failed) the row is only removed.
func (db *DB) writeProse(ctx context.Context, tx *sql.Tx, id int64, r *nianbao.Report) error {
	if err := db.exec(ctx, tx, `DELETE FROM report_text WHERE rowid = ?`, id); err != nil {
		return fmt.Errorf("report %d text: %w", id, err)
	}
	if r == nil {
		return nil
	}
	title, prose := proseOf(r)
	if title == "" && prose == "" {
		return nil
	}
	if err := db.exec(ctx, tx, `INSERT INTO report_text (rowid, title, prose) VALUES (?, ?, ?)`, id, title, prose); err != nil {
		return fmt.Errorf("report %d text: %w", id, err)
	}
	return nil
}

// proseOf is the full-text row of r: its title, and the heading and
// text of each of its sections (五 and 六), a line each.
func proseOf(r *nianbao.Report) (title, prose string) {
	var b strings.Builder
	for _, s := range r.Sections {
		b.WriteString(s.Heading)
		b.WriteString("\n")
		b.WriteString(s.Text)
		b.WriteString("\n")
	}
	return r.Title, b.String()
}
