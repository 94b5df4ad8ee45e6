package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"nianbao"
)

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
