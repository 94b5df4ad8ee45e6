package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/jackc/pgx/v5/pgconn"
)

// openPostgresQuery opens the PostgreSQL database at dsn for analysts'
// SQL. Every query runs alone in a read-only transaction with the
// limits' statement timeout, and only SELECT, WITH, VALUES, TABLE,
// EXPLAIN and SHOW statements are sent. A read-only transaction still
// lets a superuser run functions that write files on the server, so
// the role must not be a superuser and must hold no write grant on the
// archive's tables: create one that only reads (see the README).
func openPostgresQuery(ctx context.Context, dsn string, lim QueryLimits) (*DB, error) {
	db, err := openPostgresReadOnly(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := checkReader(ctx, db.db); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", db.path, err)
	}
	db.query = &queryGuard{limits: lim}
	return db, nil
}

// checkReader refuses a role that could write: a superuser, or one with
// any write privilege on the archive's tables.
func checkReader(ctx context.Context, sdb *sql.DB) error {
	var role string
	var super bool
	if err := sdb.QueryRowContext(ctx, `SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user`).Scan(&role, &super); err != nil {
		return fmt.Errorf("role: %w", err)
	}
	if super {
		return fmt.Errorf("role %s is a superuser: queries need a role that can only read (%w; README: PostgreSQL)", role, ErrRefused)
	}
	var writable sql.NullString
	err := sdb.QueryRowContext(ctx, `SELECT string_agg(c.relname, ', ' ORDER BY c.relname) FROM pg_class c
		WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
		  AND has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')`).Scan(&writable)
	if err != nil {
		return fmt.Errorf("role %s: privileges: %w", role, err)
	}
	if writable.String != "" {
		return fmt.Errorf("role %s may write to %s: queries need a role that can only read (%w; README: PostgreSQL)", role, writable.String, ErrRefused)
	}
	return nil
}

// readStatements are the first words of the statements an analyst's
// query may be on PostgreSQL.
var readStatements = map[string]bool{"SELECT": true, "WITH": true, "VALUES": true, "TABLE": true, "EXPLAIN": true, "SHOW": true}

// firstWord returns the first keyword of query, upper-cased, after
// blanks, comments and opening parentheses.
func firstWord(query string) string {
	for _, seg := range splitSQL(query) {
		if !seg.code {
			if strings.HasPrefix(seg.text, "--") || strings.HasPrefix(seg.text, "/*") {
				continue
			}
			return "" // a literal or quoted name first
		}
		t := strings.TrimLeftFunc(seg.text, func(r rune) bool { return unicode.IsSpace(r) || r == '(' })
		if t == "" {
			continue
		}
		end := strings.IndexFunc(t, func(r rune) bool { return !unicode.IsLetter(r) })
		if end < 0 {
			end = len(t)
		}
		return strings.ToUpper(t[:end])
	}
	return ""
}

// queryPostgres runs query for Query on PostgreSQL.
func (db *DB) queryPostgres(ctx context.Context, r *Rows, query string, args []any) (*Rows, error) {
	if w := firstWord(query); !readStatements[w] {
		r.refuse.set(cmp.Or(w, "statement"))
		r.cancel()
		return nil, r.explain(ErrRefused)
	}
	conn, err := db.db.Conn(r.ctx)
	if err != nil {
		r.cancel()
		return nil, fmt.Errorf("query: %w", err)
	}
	r.conn = conn
	tx, err := conn.BeginTx(r.ctx, &sql.TxOptions{ReadOnly: true})
	if err == nil && r.limits.Timeout > 0 {
		_, err = tx.ExecContext(r.ctx, fmt.Sprintf("SET LOCAL statement_timeout = %d", r.limits.Timeout.Milliseconds()))
	}
	if err != nil {
		if tx != nil {
			tx.Rollback()
		}
		r.Close()
		return nil, fmt.Errorf("query: guard: %w", err)
	}
	r.tx = tx
	rows, err := tx.QueryContext(r.ctx, query, args...)
	if err != nil {
		err = r.explain(err)
		r.Close()
		return nil, err
	}
	r.rows = rows
	return r, nil
}

// explainPostgres names the refusal or limit in a PostgreSQL error, or
// returns nil when the error is none of those.
func explainPostgres(err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return nil
	}
	switch pe.Code {
	case "25006", "42501": // read_only_sql_transaction, insufficient_privilege
		return fmt.Errorf("query: %s: %w", pe.Message, ErrRefused)
	case "55000": // object_not_in_prerequisite_state: a write to a view (stats)
		if strings.Contains(pe.Message, "view") {
			return fmt.Errorf("query: %s: %w", pe.Message, ErrRefused)
		}
	case "57014": // query_canceled: the statement timeout
		return fmt.Errorf("query %w: %s", ErrTimeout, pe.Message)
	case "53200": // out_of_memory
		return fmt.Errorf("query %w: %s", ErrMemory, pe.Message)
	}
	return nil
}
