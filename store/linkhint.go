package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// linkHint returns, for a crawled attachment, the title and year of the
// report page that links to it (its own link title and year when the
// page is not recorded), as the crawler gave them at the fetch: the
// hints Reparse gives the parser. "" and 0 for any other document.
func (db *DB) linkHint(ctx context.Context, source string) (string, int, error) {
	var title sql.NullString
	var year sql.NullInt64
	err := db.db.QueryRowContext(ctx, `SELECT COALESCE(NULLIF(p.title, ''), a.title), COALESCE(NULLIF(p.year, 0), a.year)
		FROM urls a LEFT JOIN urls p ON p.url = a.referrer
		WHERE a.url = ? AND a.kind = 'attachment'`, source).Scan(&title, &year)
	if errors.Is(err, sql.ErrNoRows) {
		return "", 0, nil
	}
	if err != nil {
		return "", 0, fmt.Errorf("link hint of %s: %w", source, err)
	}
	return title.String, int(year.Int64), nil
}
