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
	// lockKey makes the writers of one key (a report's identity) take
	// turns until tx ends. SQLite has one writer at a time already.
	lockKey(ctx context.Context, tx *sql.Tx, key string) error
	// nestedQueries reports whether one connection (a transaction) can
	// run a statement while the rows of another are still being read.
	nestedQueries() bool
	// afterImport runs once an import (SaveAll) has committed new
	// documents. PostgreSQL vacuums stats, so that the stats_code index
	// answers a comparison alone (an index-only scan needs the pages
	// marked all-visible) without waiting for autovacuum; SQLite needs
	// nothing.
	afterImport(ctx context.Context, db *sql.DB) error
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

func (sqliteDialect) lockKey(context.Context, *sql.Tx, string) error { return nil }

func (sqliteDialect) nestedQueries() bool { return true }

func (sqliteDialect) afterImport(context.Context, *sql.DB) error { return nil }
