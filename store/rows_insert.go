package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"

	"nianbao"
)

// rowsPerInsert is how many rows one INSERT statement carries at most.
const rowsPerInsert = 64

// insertRows stores the values and findings of report id, a few
// statements for all of them.
func (db *DB) insertRows(ctx context.Context, tx *sql.Tx, id int64, r *nianbao.Report) error {
	a, err := newRowArgs(r)
	if err != nil {
		return err
	}
	return db.insertRowArgs(ctx, tx, id, a)
}

// insertRowArgs stores the rows a (newRowArgs) as report id's.
func (db *DB) insertRowArgs(ctx context.Context, tx *sql.Tx, id int64, a *rowArgs) error {
	a.setReport(id)
	if err := db.resolveLabels(ctx, tx, a); err != nil {
		return err
	}
	if err := db.insertValues(ctx, tx, `INSERT OR FAIL INTO stat_rows (report_id, seq, label_id, code, dim, unit, value, raw, derived, findings)`, statsColumns, a.stats); err != nil {
		return fmt.Errorf("insert stats: %w", err)
	}
	if err := db.insertValues(ctx, tx, `INSERT OR FAIL INTO findings (report_id, seq, rule, severity, kind, message, codes)`, findingsColumns, a.findings); err != nil {
		return fmt.Errorf("insert findings: %w", err)
	}
	if err := db.insertValues(ctx, tx, `INSERT OR FAIL INTO finding_codes (report_id, seq, code)`, codesColumns, a.codes); err != nil {
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

// valuesSQLs caches the statements valuesSQL builds, by valuesKey.
var valuesSQLs sync.Map

// valuesKey is the shape of a statement valuesSQL builds.
type valuesKey struct {
	head         string
	ncols, nrows int
}

// valuesSQL returns head followed by VALUES for nrows rows of ncols.
func valuesSQL(head string, ncols, nrows int) string {
	key := valuesKey{head, ncols, nrows}
	if q, ok := valuesSQLs.Load(key); ok {
		return q.(string)
	}
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", ncols), ",") + ")"
	q := head + " VALUES " + strings.TrimSuffix(strings.Repeat(row+",", nrows), ",")
	valuesSQLs.Store(key, q)
	return q
}
