package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// IndicatorCodes returns the codes of the database's data dictionary (the
// indicators table), sorted.
func (db *DB) IndicatorCodes(ctx context.Context) ([]string, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT DISTINCT code FROM indicators ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("indicator codes: %w", err)
	}
	defer rows.Close()
	var codes []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("indicator codes: %w", err)
		}
		codes = append(codes, c)
	}
	return codes, rows.Err()
}

// HasCode says whether any stored value, of any report version, has
// code: a code an older parser wrote is still there until reparse.
func (db *DB) HasCode(ctx context.Context, code string) (bool, error) {
	var one int
	err := db.db.QueryRowContext(ctx, `SELECT 1 FROM stat_rows WHERE code = ? LIMIT 1`, code).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("values of %s: %w", code, err)
	}
	return true, nil
}
