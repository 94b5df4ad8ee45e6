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
	var prose strings.Builder
	for _, s := range r.Sections {
		prose.WriteString(s.Heading)
		prose.WriteString("\n")
		prose.WriteString(s.Text)
		prose.WriteString("\n")
	}
	if r.Title == "" && prose.Len() == 0 {
		return nil
	}
	if err := db.exec(ctx, tx, `INSERT INTO report_text (rowid, title, prose) VALUES (?, ?, ?)`, id, r.Title, prose.String()); err != nil {
		return fmt.Errorf("report %d text: %w", id, err)
	}
	return nil
}
