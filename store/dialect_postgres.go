package store

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// postgresDialect is PostgreSQL's. The migrations are written in the
// SQL both engines share; migration() rewrites the few SQLite spellings
// they use: types (INTEGER, REAL, BLOB, a rowid primary key), WITHOUT
// ROWID tables, the FTS5 table, and GROUP BY columns PostgreSQL wants
// named. Two functions SQLite has, instr and group_concat, are created
// with the first migration, so that queries need no rewriting.
type postgresDialect struct{}

func (postgresDialect) Name() string { return "postgres" }

// schemaTable holds the version; PostgreSQL has no user_version.
const schemaTable = "nianbao_schema"

// migrationLock is the advisory lock migrations take: two processes
// opening one database at once apply each migration once.
const migrationLock = 7_214_823_101

func (d postgresDialect) schemaVersion(ctx context.Context, q querier) (int, error) {
	ok, err := d.hasTable(ctx, q, schemaTable)
	if err != nil || !ok {
		return 0, err
	}
	var v int
	if err := q.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM `+schemaTable).Scan(&v); err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return v, nil
}

func (postgresDialect) beginMigration(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, migrationLock); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+schemaTable+` (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)`)
	return err
}

func (postgresDialect) setSchemaVersion(ctx context.Context, tx *sql.Tx, v int) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO `+schemaTable+` (version, applied_at) VALUES (?, ?)`, v, formatTime(time.Now()))
	return err
}

func (postgresDialect) hasTable(ctx context.Context, q querier, name string) (bool, error) {
	var ok bool
	err := q.QueryRowContext(ctx, `SELECT to_regclass(current_schema() || '.' || ?) IS NOT NULL`, name).Scan(&ok)
	return ok, err
}

func (postgresDialect) lockKey(ctx context.Context, tx *sql.Tx, key string) error {
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended(?, 0))`, key)
	return err
}

// localFile is false: the server keeps its own caches and log.
func (postgresDialect) localFile() bool { return false }

// setWise is true: SaveAll writes a batch in a few statements and a
// COPY per table (pgbatch.go), not some 14 statements a document.
func (postgresDialect) setWise() bool { return true }

// nestedQueries is false: pgx reads one result at a time per connection.
func (postgresDialect) nestedQueries() bool { return false }

// vacuum runs VACUUM, which gives the pages of rewritten blobs back to
// the table (not to the disk: that is VACUUM FULL, which locks it), and
// refreshes the planner's statistics.
func (postgresDialect) vacuum(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, `VACUUM (ANALYZE)`)
	return err
}

// afterImport vacuums stat_rows (the values): until a page is marked all-visible, an
// index-only scan reads it too, and comparing one code over a million
// freshly written values read 20,000 table pages (170-210 ms of CPU and
// 1.3 s, against 49-50 ms and 0.13-0.27 s vacuumed, on a loaded machine;
// BenchmarkPGCompareQuery). VACUUM reads only the pages not yet marked;
// SKIP_LOCKED leaves the table to another VACUUM (autovacuum, another
// import) that holds it. Rows committed with synchronous_commit off and
// not yet flushed stay unmarked, as do rows an older snapshot may not
// see: autovacuum marks those later. No ANALYZE: the comparison's plan
// is the index-only scan without it, and autovacuum runs it.
func (postgresDialect) afterImport(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, `VACUUM (SKIP_LOCKED) stat_rows`); err != nil {
		return fmt.Errorf("vacuum after import: %w", err)
	}
	return nil
}

// pgFunctions are SQLite's functions the store's SQL and analysts' habits
// use, made in PostgreSQL with the first migration: instr(a, b) (the
// position of b in a, from 1; 0 when absent) and group_concat(x) (the
// non-NULL values joined by commas).
const pgFunctions = `
CREATE FUNCTION instr(text, text) RETURNS integer
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'SELECT strpos($1, $2)';
CREATE FUNCTION nianbao_concat(acc text, v text) RETURNS text
	LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
	'SELECT CASE WHEN v IS NULL THEN acc WHEN acc IS NULL THEN v ELSE acc || '','' || v END';
CREATE AGGREGATE group_concat(text) (SFUNC = nianbao_concat, STYPE = text);
`

// pgStatements are whole statements of the migrations that PostgreSQL
// says otherwise, by the migration's number.
var pgStatements = map[int][][2]string{
	3: {{"GROUP BY r.id;", "GROUP BY r.id, d.source;"}},
	4: {{"GROUP BY r.id;", "GROUP BY r.id, d.source;"}},
	// FTS5 has no PostgreSQL twin; the text is kept in a plain table
	// with the same columns (rowid is reports.id) and searched with a
	// trigram-free strpos (see web's search).
	9: {{"CREATE VIRTUAL TABLE report_text USING fts5(title, prose, tokenize = 'trigram');",
		"CREATE TABLE report_text (rowid BIGINT PRIMARY KEY, title TEXT NOT NULL DEFAULT '', prose TEXT NOT NULL DEFAULT '');"}},
}

// pgTypes rewrite SQLite's column types, outside literals and comments.
var pgTypes = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`\bINTEGER PRIMARY KEY\b`), "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"},
	{regexp.MustCompile(`\bINTEGER\b`), "BIGINT"},
	{regexp.MustCompile(`\bREAL\b`), "DOUBLE PRECISION"},
	{regexp.MustCompile(`\bBLOB\b`), "BYTEA"},
	{regexp.MustCompile(`\)\s*WITHOUT ROWID`), ")"},
}

func (postgresDialect) migration(v int, src string) string {
	for _, r := range pgStatements[v] {
		src = strings.ReplaceAll(src, r[0], r[1])
	}
	var b strings.Builder
	if v == 1 {
		b.WriteString(pgFunctions)
	}
	for _, seg := range splitSQL(src) {
		if !seg.code {
			b.WriteString(seg.text)
			continue
		}
		t := seg.text
		for _, r := range pgTypes {
			t = r.re.ReplaceAllString(t, r.with)
		}
		b.WriteString(t)
	}
	return b.String()
}

// tables are the base tables of the current schema but the version table.
func (postgresDialect) tables(ctx context.Context, db *sql.DB) ([]string, error) {
	return queryStrings(ctx, db, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '`+schemaTable+`'
		ORDER BY table_name`)
}

// resetIdentities sets the sequence of every identity column of the
// schema to continue after the column's largest value (1 when empty).
func (postgresDialect) resetIdentities(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name`)
	if err != nil {
		return err
	}
	var cols [][2]string
	for rows.Next() {
		var c [2]string
		if err := rows.Scan(&c[0], &c[1]); err != nil {
			rows.Close()
			return err
		}
		cols = append(cols, c)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, c := range cols {
		// Our own table and column names, from the schema.
		q := fmt.Sprintf(`SELECT setval(pg_get_serial_sequence(current_schema() || '.%s', '%s'), coalesce((SELECT max(%s) FROM %s), 0) + 1, false)`,
			c[0], c[1], c[1], c[0])
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("identity %s.%s: %w", c[0], c[1], err)
		}
	}
	return nil
}
