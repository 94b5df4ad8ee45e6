package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// dialect is what differs between the two SQL engines the store runs
// on, SQLite (one file, the default) and PostgreSQL (a server several
// crawlers and analysts share). Everything else, the migrations
// included, is one SQL both run; what one engine spells differently is
// here and in dialect_postgres.go, nowhere else.
type dialect interface {
	// Name is "sqlite" or "postgres".
	Name() string
	// schemaVersion returns the number of the last migration applied; 0
	// for an empty database.
	schemaVersion(ctx context.Context, q querier) (int, error)
	// beginMigration prepares tx to apply a migration: PostgreSQL takes a
	// lock so that two processes opening one database at once apply each
	// migration once.
	beginMigration(ctx context.Context, tx *sql.Tx) error
	// setSchemaVersion records, in tx, that migration v is applied.
	setSchemaVersion(ctx context.Context, tx *sql.Tx, v int) error
	// migration returns the text of migration v as this engine runs it.
	migration(v int, src string) string
	// hasTable reports whether a table, view or index named name exists.
	hasTable(ctx context.Context, q querier, name string) (bool, error)
	// tables lists the archive's tables: nianbao's, not the engine's own
	// (SQLite's FTS5 shadow tables, PostgreSQL's version table).
	tables(ctx context.Context, db *sql.DB) ([]string, error)
	// resetIdentities makes every generated id continue after the largest
	// id its table holds, once rows were written with their ids (Copy).
	resetIdentities(ctx context.Context, tx *sql.Tx) error
	// lockKey makes the writers of one key (a report's identity) take
	// turns until tx ends. SQLite has one writer at a time already.
	lockKey(ctx context.Context, tx *sql.Tx, key string) error
	// nestedQueries reports whether one connection (a transaction) can
	// run a statement while the rows of another are still being read.
	nestedQueries() bool
	// localFile reports whether the engine is a file this process tunes:
	// SQLite's page cache per connection and its write-ahead log, which
	// the crawl and import writers size and checkpoint themselves. A
	// PostgreSQL server manages its own.
	localFile() bool
	// vacuum gives the space of deleted rows back (compact's last step).
	vacuum(ctx context.Context, db *sql.DB) error
	// afterImport runs once an import (SaveAll) has committed new
	// documents. PostgreSQL vacuums stats, so that the stats_code index
	// answers a comparison alone (an index-only scan needs the pages
	// marked all-visible) without waiting for autovacuum; SQLite needs
	// nothing.
	afterImport(ctx context.Context, db *sql.DB) error
	// setWise reports whether SaveAll writes each batch set-wise
	// (pgbatch.go: a few look-ups, ids reserved at once, COPY per table)
	// rather than row by row. On PostgreSQL each statement is a round
	// trip to the server; SQLite's are calls in this process.
	setWise() bool
}

// querier is what reads a row: *sql.DB, *sql.Tx, *sql.Conn.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// IsPostgres reports whether dsn names a PostgreSQL database
// (postgres://… or postgresql://…) rather than a SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// sqliteDialect is SQLite's: the version in PRAGMA user_version, the
// schema in sqlite_schema.
type sqliteDialect struct{}

func (sqliteDialect) Name() string { return "sqlite" }

func (sqliteDialect) schemaVersion(ctx context.Context, q querier) (int, error) {
	var v int
	if err := q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return v, nil
}

func (sqliteDialect) beginMigration(context.Context, *sql.Tx) error { return nil }

func (sqliteDialect) setSchemaVersion(ctx context.Context, tx *sql.Tx, v int) error {
	// PRAGMA takes no bound parameters; the version is our own integer.
	_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v))
	return err
}

func (sqliteDialect) migration(_ int, src string) string { return src }

func (sqliteDialect) hasTable(ctx context.Context, q querier, name string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE name = ?`, name).Scan(&n)
	return n > 0, err
}

// tables are sqlite_schema's, without SQLite's own (sqlite_*) and the
// shadow tables of a virtual table (report_text_data, … of FTS5).
func (sqliteDialect) tables(ctx context.Context, db *sql.DB) ([]string, error) {
	names, err := queryStrings(ctx, db, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	virtual, err := queryStrings(ctx, db, `SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'`)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, n := range names {
		shadow := false
		for _, v := range virtual {
			shadow = shadow || strings.HasPrefix(n, v+"_")
		}
		if !shadow {
			out = append(out, n)
		}
	}
	return out, nil
}

// resetIdentities has nothing to do: a rowid continues after the largest.
func (sqliteDialect) resetIdentities(context.Context, *sql.Tx) error { return nil }

// queryStrings returns the one text column of query's rows.
func queryStrings(ctx context.Context, db *sql.DB, query string) ([]string, error) {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// HasTable reports whether the archive has a table, view or index named
// name, on either engine.
func (db *DB) HasTable(ctx context.Context, name string) (bool, error) {
	ok, err := db.dia.hasTable(ctx, db.db, name)
	if err != nil {
		return false, fmt.Errorf("schema %s: %w", name, err)
	}
	return ok, nil
}

func (sqliteDialect) lockKey(context.Context, *sql.Tx, string) error { return nil }

func (sqliteDialect) nestedQueries() bool { return true }

func (sqliteDialect) vacuum(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, `VACUUM`); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return nil
}
func (sqliteDialect) afterImport(context.Context, *sql.DB) error { return nil }

func (sqliteDialect) localFile() bool { return true }

func (sqliteDialect) setWise() bool { return false }
