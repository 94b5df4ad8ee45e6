package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// openPostgres opens the PostgreSQL database at the URL dsn and brings
// its schema and data dictionary up to date, as Open does for a file.
// It refuses a database whose schema holds tables that are not
// nianbao's.
func openPostgres(ctx context.Context, dsn string, opt Options) (*DB, error) {
	shown := RedactURL(dsn)
	sdb, err := openPG(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", shown, err)
	}
	if err := checkPostgres(ctx, sdb, shown); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open: %w", err)
	}
	db := &DB{db: sdb, dia: postgresDialect{}, path: shown, dsn: dsn, opt: opt, Now: time.Now, stmts: map[string]*sql.Stmt{}}
	return db.setUp(ctx)
}

// openPostgresReadOnly opens the database at dsn in sessions whose
// transactions are read-only.
func openPostgresReadOnly(ctx context.Context, dsn string) (*DB, error) {
	shown := RedactURL(dsn)
	sdb, err := openPG(ctx, withParam(dsn, "default_transaction_read_only", "on"))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", shown, err)
	}
	db := &DB{db: sdb, dia: postgresDialect{}, path: shown, dsn: dsn, readOnly: true, Now: time.Now}
	v, err := db.userVersion(ctx, sdb)
	if err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open %s: %w", shown, err)
	}
	if v == 0 {
		sdb.Close()
		return nil, fmt.Errorf("open %s: not a nianbao database (no schema)", shown)
	}
	return db, nil
}

// openPG connects to dsn and checks that the server answers.
func openPG(ctx context.Context, dsn string) (*sql.DB, error) {
	c, err := newPGConnector(dsn)
	if err != nil {
		return nil, err
	}
	sdb := sql.OpenDB(c)
	// A crawler writes from one goroutine and reads from a few; the
	// server's connections are a shared resource.
	sdb.SetMaxOpenConns(8)
	sdb.SetMaxIdleConns(8)
	sdb.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := sdb.PingContext(pctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("connect: %w", err)
	}
	return sdb, nil
}

// checkPostgres refuses a schema that holds tables but is not a nianbao
// archive (no version table).
func checkPostgres(ctx context.Context, sdb *sql.DB, shown string) error {
	var ours bool
	if err := sdb.QueryRowContext(ctx, `SELECT to_regclass(current_schema() || '.`+schemaTable+`') IS NOT NULL`).Scan(&ours); err != nil {
		return fmt.Errorf("%s: schema: %w", shown, err)
	}
	if ours {
		return nil
	}
	rows, err := sdb.QueryContext(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() ORDER BY table_name LIMIT 20`)
	if err != nil {
		return fmt.Errorf("%s: schema: %w", shown, err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return err
		}
		names = append(names, n)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(names) == 0 {
		return nil // empty: Open creates the archive
	}
	return fmt.Errorf("%s: schema holds tables that are not nianbao's (%w; tables: %s); refusing to add tables to it",
		shown, ErrNotArchive, strings.Join(names, ", "))
}

// RedactURL returns a PostgreSQL URL with its password replaced by
// "xxxxx", for messages and logs; anything else is returned as is.
func RedactURL(dsn string) string {
	if !IsPostgres(dsn) {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://(unparsable URL)"
	}
	return u.Redacted()
}

// withParam returns dsn with the run-time parameter key set to value.
func withParam(dsn, key, value string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn // ParseConfig reports it
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}
