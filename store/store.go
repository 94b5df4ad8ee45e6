// Package store keeps reports in one SQLite file for analysts: every
// document as fetched or imported (compressed, with its provenance), the
// report the parser read from each version, one row per value, the
// validation findings, and the data dictionary of indicator codes.
//
// A document, its report, values and findings are written in one
// transaction, so the file never holds a half-written report. The schema
// is created by the numbered migrations in migrations/, each applied once
// in a transaction and recorded in PRAGMA user_version.
//
// The same store runs on PostgreSQL when given a postgres:// URL instead
// of a file: one schema from the same migrations, the differences of the
// two engines in dialect.go and dialect_postgres.go.
package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver, pure Go
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// ErrNotFound is returned when a looked-up row does not exist.
var ErrNotFound = errors.New("not found")

// timeFormat is how times are stored: fixed width, so that text order is
// time order.
const timeFormat = "2006-01-02T15:04:05.000000Z"

// DB is an open nianbao database.
type DB struct {
	db       *sql.DB
	dia      dialect // what SQLite and PostgreSQL spell differently
	path     string  // the file, or the PostgreSQL URL without its password
	dsn      string  // the PostgreSQL URL as given
	readOnly bool
	query    *queryGuard // set by OpenQuery

	mu    sync.Mutex
	stmts map[string]*sql.Stmt // prepared once, used in every transaction
	// txStmts are stmts' forms in transaction tx, the last one stmt was
	// asked for: a batch runs the same dozen statements for each of its
	// documents.
	tx      *sql.Tx
	txStmts map[string]*sql.Stmt

	// opt holds the reader and data dictionary given at Open.
	opt Options

	// zdec decodes zstd blobs, one decoder per dictionary.
	zdec decoders

	// labels are the ids of stat_labels known.
	labels labelCache

	// Now returns the current time; tests set it for reproducible output.
	Now func() time.Time
}

// Open opens the database at path for reading and writing, creating it
// if needed, and brings its schema and data dictionary up to date. It
// refuses (ErrNotArchive), before writing anything, a file that is not a
// SQLite database or a SQLite database that is neither empty nor a
// nianbao archive. opt gives the store its reader and the data
// dictionary.
//
// A path that is a PostgreSQL URL (postgres://…, see IsPostgres) opens
// that database instead, with the same schema.
func Open(ctx context.Context, path string, opt Options) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("open: no database path")
	}
	if IsPostgres(path) {
		return openPostgres(ctx, path, opt)
	}
	if err := checkArchive(ctx, path); err != nil {
		return nil, fmt.Errorf("open: %w", err)
	}
	dsn := "file:" + escapePath(path) +
		"?_txlock=immediate" +
		"&_pragma=busy_timeout(10000)" +
		"&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)" +
		"&_pragma=synchronous(NORMAL)" +
		"&_pragma=temp_store(MEMORY)" +
		// The write-ahead log left after a checkpoint is cut to 64 MiB.
		"&_pragma=journal_size_limit(67108864)"
	if opt.CacheKiB > 0 {
		dsn += fmt.Sprintf("&_pragma=cache_size(-%d)", opt.CacheKiB)
	}
	sdb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	// Keep the connections of a crawl's lookups (one a fetch, from every
	// worker at once) open: database/sql keeps 2 by default and closes
	// the rest, and each reopened connection reads the schema again and
	// prepares its statements again.
	sdb.SetMaxIdleConns(sqliteIdleConns)
	db := &DB{db: sdb, dia: sqliteDialect{}, path: path, opt: opt, Now: time.Now, stmts: map[string]*sql.Stmt{}}
	return db.setUp(ctx)
}

// sqliteIdleConns is how many idle connections to a SQLite file stay
// open.
const sqliteIdleConns = 8

// setUp brings a newly opened database's schema and data dictionary up
// to date, closing it on failure.
func (db *DB) setUp(ctx context.Context) (*DB, error) {
	if err := db.migrate(ctx); err != nil {
		db.db.Close()
		return nil, fmt.Errorf("open %s: migrate: %w", db.path, err)
	}
	if err := db.ensureDictionary(ctx); err != nil {
		db.db.Close()
		return nil, fmt.Errorf("open %s: %w", db.path, err)
	}
	if err := db.syncIndicators(ctx); err != nil {
		db.db.Close()
		return nil, fmt.Errorf("open %s: data dictionary: %w", db.path, err)
	}
	return db, nil
}

// OpenReadOnly opens an existing database so that nothing can be
// written through it: the file is opened read-only and the connection
// refuses any statement that would change it.
func OpenReadOnly(ctx context.Context, path string) (*DB, error) {
	if IsPostgres(path) {
		return openPostgresReadOnly(ctx, path)
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	dsn := "file:" + escapePath(path) +
		"?mode=ro" +
		"&_pragma=busy_timeout(10000)" +
		"&_pragma=query_only(1)"
	sdb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	// Keep the connections of a crawl's lookups (one a fetch, from every
	// worker at once) open: database/sql keeps 2 by default and closes
	// the rest, and each reopened connection reads the schema again and
	// prepares its statements again.
	sdb.SetMaxIdleConns(sqliteIdleConns)
	db := &DB{db: sdb, dia: sqliteDialect{}, path: path, readOnly: true, Now: time.Now}
	v, err := db.userVersion(ctx, sdb)
	if err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if v == 0 {
		sdb.Close()
		return nil, fmt.Errorf("open %s: not a nianbao database (no schema)", path)
	}
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error {
	db.mu.Lock()
	for _, s := range db.stmts {
		s.Close()
	}
	db.stmts = nil
	db.tx, db.txStmts = nil, nil
	db.mu.Unlock()
	db.zdec.close()
	if db.query != nil {
		defer db.query.close()
	}
	return db.db.Close()
}

// stmt returns query prepared for tx. Statements are prepared once per
// connection and kept: parsing SQL would otherwise cost more than
// running it. The form of a statement in tx (Tx.StmtContext, which
// allocates, registers and later closes a statement each call) is made
// once per transaction, for the transaction asked for last: an import's
// writer asked for it about ten times a document.
func (db *DB) stmt(ctx context.Context, tx *sql.Tx, query string) (*sql.Stmt, error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	if tx != db.tx {
		db.tx = tx
		clear(db.txStmts)
	}
	if s, ok := db.txStmts[query]; ok {
		return s, nil
	}
	s, err := db.preparedLocked(ctx, query)
	if err != nil {
		return nil, err
	}
	ts := tx.StmtContext(ctx, s)
	if db.txStmts == nil {
		db.txStmts = map[string]*sql.Stmt{}
	}
	db.txStmts[query] = ts
	return ts, nil
}

// prepared returns query prepared on the database, once.
func (db *DB) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.preparedLocked(ctx, query)
}

// preparedLocked is prepared with db.mu held.
func (db *DB) preparedLocked(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := db.stmts[query]; ok {
		return s, nil
	}
	s, err := db.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	db.stmts[query] = s
	return s, nil
}

// exec runs a prepared query in tx.
func (db *DB) exec(ctx context.Context, tx *sql.Tx, query string, args ...any) error {
	s, err := db.stmt(ctx, tx, query)
	if err != nil {
		return err
	}
	_, err = s.ExecContext(ctx, args...)
	return err
}

// queryRow runs a prepared query in tx and scans its one row into dest.
func (db *DB) queryRow(ctx context.Context, tx *sql.Tx, query string, args []any, dest ...any) error {
	s, err := db.stmt(ctx, tx, query)
	if err != nil {
		return err
	}
	return s.QueryRowContext(ctx, args...).Scan(dest...)
}

// Path returns the file the database was opened from.
func (db *DB) Path() string { return db.path }

// escapePath makes a file path safe inside a file: URI.
func escapePath(p string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
}

// userVersion returns the last migration applied.
func (db *DB) userVersion(ctx context.Context, q querier) (int, error) {
	return db.dia.schemaVersion(ctx, q)
}

// Dialect names the engine behind db: "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.dia.Name() }

// migration is one embedded schema change.
type migration struct {
	version int
	name    string
}

// migrationHooks are the steps of a migration that SQL cannot do, run
// after its file in the same transaction.
var migrationHooks = map[int]func(context.Context, *sql.Tx) error{
	5: backfillIdentity, // 005_identity: places and identifies every stored report
}

// migrations lists the embedded migrations in order. Their names start
// with their version: 001_init.sql.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, name := range names {
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with its number", base)
		}
		ms = append(ms, migration{version: v, name: name})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s share a number", ms[i-1].name, ms[i].name)
		}
	}
	return ms, nil
}

// migrate applies, in order, each migration newer than the database.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	for _, m := range ms {
		if err := db.migrateOne(ctx, m); err != nil {
			return fmt.Errorf("%s: %w", path.Base(m.name), err)
		}
	}
	cur, err := db.userVersion(ctx, db.db)
	if err != nil {
		return err
	}
	if last := ms[len(ms)-1].version; cur > last {
		return fmt.Errorf("schema version %d is newer than this nianbao knows (%d)", cur, last)
	}
	return nil
}

// migrateOne applies m in a transaction unless the database has it.
func (db *DB) migrateOne(ctx context.Context, m migration) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := db.dia.beginMigration(ctx, tx); err != nil {
		return err
	}
	cur, err := db.userVersion(ctx, tx)
	if err != nil {
		return err
	}
	if cur >= m.version {
		return nil
	}
	src, err := migrationFS.ReadFile(m.name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, db.dia.migration(m.version, string(src))); err != nil {
		return err
	}
	if hook := migrationHooks[m.version]; hook != nil {
		if err := hook(ctx, tx); err != nil {
			return err
		}
	}
	if err := db.dia.setSchemaVersion(ctx, tx, m.version); err != nil {
		return err
	}
	return tx.Commit()
}

// syncIndicators writes the data dictionary given at Open into the
// indicators table when it differs from what the file holds.
func (db *DB) syncIndicators(ctx context.Context) error {
	inds := db.opt.Indicators
	if inds == nil {
		return nil
	}
	b, err := json.Marshal(inds)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(b)
	hash := hex.EncodeToString(sum[:])
	var have string
	err = db.db.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'indicators_sha256'").Scan(&have)
	if err == nil && have == hash {
		return nil
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DELETE FROM indicators"); err != nil {
		return err
	}
	for _, in := range inds {
		dims := in.Dims
		if len(dims) == 0 {
			dims = []string{""}
		}
		for _, dim := range dims {
			if _, err := tx.ExecContext(ctx,
				`INSERT INTO indicators (code, dim, zh, en, unit, templates, description) VALUES (?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (code, dim) DO UPDATE SET zh = excluded.zh, en = excluded.en, unit = excluded.unit,
					templates = excluded.templates, description = excluded.description`,
				in.Code, dim, in.ZH, in.EN, in.UnitOf(dim), strings.Join(in.Templates, ","), in.DescribeDim(dim)); err != nil {
				return err
			}
		}
	}
	for k, v := range map[string]string{"indicators_sha256": hash, "indicators_parser_version": db.opt.ParserVersion} {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// now returns the current time in UTC, formatted for storage.
func (db *DB) now() string {
	return formatTime(db.Now())
}

func formatTime(t time.Time) string {
	return t.UTC().Format(timeFormat)
}

// ParseTime reads a time as stored in the database.
func ParseTime(s string) (time.Time, error) {
	return time.Parse(timeFormat, s)
}

// nullString is s, or NULL when s is empty.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
