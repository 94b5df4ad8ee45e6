package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"regexp"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// QueryLimits bound what an analyst's query may cost.
type QueryLimits struct {
	// Timeout is how long one query may run, its rows included; 0 for
	// no limit. When it passes, SQLite is interrupted.
	Timeout time.Duration
	// MaxMemory is SQLite's heap ceiling in bytes (hard_heap_limit,
	// process-wide while the database is open); 0 for none. A query that
	// needs more fails with "out of memory" instead of taking the machine.
	MaxMemory int64
}

// Errors of Query, wrapped with what happened.
var (
	// ErrNotReadOnly is returned by Query on a database not opened with
	// OpenQuery.
	ErrNotReadOnly = errors.New("database not opened for queries (OpenQuery)")
	// ErrRefused is returned for a statement that would change a file.
	ErrRefused = errors.New("query only reads the database")
	// ErrTimeout is returned when a query runs past QueryLimits.Timeout.
	ErrTimeout = errors.New("timed out")
	// ErrMemory is returned when a query needs more than QueryLimits.MaxMemory.
	ErrMemory = errors.New("needs more memory than the ceiling")
)

// queryGuard is what OpenQuery adds to a DB.
type queryGuard struct {
	limits    QueryLimits
	priorHeap int64 // the heap ceiling before OpenQuery, restored by Close
}

// connector opens connections of one private driver, so that the
// read-only policy applies to every connection of a query database and
// to no other.
type connector struct {
	drv *sqlite.Driver
	dsn string
}

func (c connector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }
func (c connector) Driver() driver.Driver                        { return c.drv }

// OpenQuery opens an existing database for analysts' SQL (Query), read-
// only in SQLite itself: the file is opened read-only, and every
// connection carries an authorizer (readOnlyPolicy) that refuses, while a
// statement is prepared, every operation that could write: INSERT,
// UPDATE, DELETE, CREATE, DROP, ALTER, ATTACH, DETACH, VACUUM INTO,
// REINDEX, ANALYZE, transaction control and pragmas that set a value. The
// query cannot switch that off: the pragmas that would are refused too.
// Temporary tables and sorts are kept in memory, under lim.MaxMemory.
//
// On PostgreSQL (a postgres:// URL) see openPostgresQuery: a read-only
// transaction per query, and a role that cannot write.
func OpenQuery(ctx context.Context, path string, lim QueryLimits) (*DB, error) {
	if IsPostgres(path) {
		return openPostgresQuery(ctx, path, lim)
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if lim.MaxMemory > 0 && memStatusErr != nil {
		return nil, fmt.Errorf("open %s: cannot set a memory ceiling: %w", path, memStatusErr)
	}
	dsn := "file:" + escapePath(path) +
		"?mode=ro" +
		"&_pragma=busy_timeout(10000)" +
		"&_pragma=query_only(1)" +
		"&_pragma=temp_store(MEMORY)"
	drv := &sqlite.Driver{}
	drv.RegisterConnectionHook(func(c sqlite.ExecQuerierContext, _ string) error {
		a, ok := c.(sqlite.AuthorizerRegisterer)
		if !ok {
			return fmt.Errorf("driver connection %T has no authorizer", c)
		}
		return a.RegisterAuthorizer(readOnlyPolicy(nil))
	})
	sdb := sql.OpenDB(connector{drv: drv, dsn: dsn})
	g := &queryGuard{limits: lim}
	db := &DB{db: sdb, dia: sqliteDialect{}, path: path, readOnly: true, query: g, Now: time.Now}
	v, err := db.userVersion(ctx, sdb)
	if err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if v == 0 {
		sdb.Close()
		return nil, fmt.Errorf("open %s: not a nianbao database (no schema)", path)
	}
	if lim.MaxMemory > 0 {
		g.priorHeap = hardHeapLimit(lim.MaxMemory)
	}
	return db, nil
}

// close gives back the heap ceiling OpenQuery set.
func (g *queryGuard) close() {
	if g.limits.MaxMemory > 0 {
		hardHeapLimit(g.priorHeap)
	}
}

// Rows are the result of Query. Close them to end the query.
type Rows struct {
	rows   *sql.Rows
	conn   *sql.Conn
	tx     *sql.Tx // PostgreSQL: the read-only transaction
	ctx    context.Context
	cancel context.CancelFunc
	stop   func() bool // stops the timeout's interrupt
	refuse *refusal
	limits QueryLimits

	mu     sync.Mutex // held while interrupting, so Close waits
	closed bool
	handle uintptr
	err    error
}

// Query runs one statement of an analyst's SQL on a database opened with
// OpenQuery, under the database's read-only policy and limits. SQL text
// with a second statement is refused whole (ErrMultipleStatements), so
// nothing of it runs.
func (db *DB) Query(ctx context.Context, query string, args ...any) (*Rows, error) {
	if db.query == nil {
		return nil, fmt.Errorf("query: %w", ErrNotReadOnly)
	}
	if err := oneStatement(query); err != nil {
		return nil, fmt.Errorf("query: %w", err)
	}
	r := &Rows{refuse: &refusal{}, limits: db.query.limits}
	if r.limits.Timeout > 0 {
		r.ctx, r.cancel = context.WithTimeout(ctx, r.limits.Timeout)
	} else {
		r.ctx, r.cancel = context.WithCancel(ctx)
	}
	if db.dia.Name() == "postgres" {
		return db.queryPostgres(ctx, r, query, args)
	}
	conn, err := db.db.Conn(r.ctx)
	if err != nil {
		r.cancel()
		return nil, fmt.Errorf("query: %w", err)
	}
	r.conn = conn
	err = conn.Raw(func(dc any) error {
		a, ok := dc.(sqlite.AuthorizerRegisterer)
		if !ok {
			return fmt.Errorf("driver connection %T has no authorizer", dc)
		}
		if err := a.RegisterAuthorizer(readOnlyPolicy(r.refuse)); err != nil {
			return err
		}
		r.handle, err = sqliteHandle(dc)
		return err
	})
	if err == nil {
		// No database can be attached, whatever the authorizer says.
		_, err = sqlite.Limit(conn, sqlite3.SQLITE_LIMIT_ATTACHED, 0)
	}
	if err != nil {
		r.Close()
		return nil, fmt.Errorf("query: guard: %w", err)
	}
	r.stop = context.AfterFunc(r.ctx, r.interrupt)
	rows, err := conn.QueryContext(r.ctx, query, args...)
	if err != nil {
		err = r.explain(err)
		r.Close()
		return nil, err
	}
	r.rows = rows
	return r, nil
}

// interrupt stops the statement running on the query's connection.
func (r *Rows) interrupt() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.closed {
		interrupt(r.handle)
	}
}

// viewWrite is SQLite's error for a statement that writes to a view.
var viewWrite = regexp.MustCompile(`cannot modify (\S+) because it is a view`)

// explain turns an error of SQLite into one that says which limit or
// refusal stopped the query.
func (r *Rows) explain(err error) error {
	if err == nil {
		return nil
	}
	var se *sqlite.Error
	code := -1
	if errors.As(err, &se) {
		code = se.Code() & 0xff
	}
	switch {
	case r.limits.Timeout > 0 && errors.Is(r.ctx.Err(), context.DeadlineExceeded):
		return fmt.Errorf("query %w after %s", ErrTimeout, r.limits.Timeout)
	case explainPostgres(err) != nil:
		return explainPostgres(err)
	case r.refuse.get() != "":
		// SQLite fails a refused statement with SQLITE_AUTH, or with
		// SQLITE_ERROR for a refused function.
		return fmt.Errorf("query: %s refused: %w", r.refuse.get(), ErrRefused)
	case viewWrite.MatchString(err.Error()):
		// A write to a view (stats) fails before the authorizer is asked.
		return fmt.Errorf("query: change to the view %s refused: %w", viewWrite.FindStringSubmatch(err.Error())[1], ErrRefused)
	case code == sqlite3.SQLITE_NOMEM && r.limits.MaxMemory > 0:
		return fmt.Errorf("query %w of %d MiB: %w", ErrMemory, r.limits.MaxMemory>>20, err)
	}
	return fmt.Errorf("query: %w", err)
}

// Columns returns the names of the result's columns.
func (r *Rows) Columns() ([]string, error) {
	cols, err := r.rows.Columns()
	return cols, r.explain(err)
}

// Next prepares the next row for Scan; it returns false at the end or
// on an error, which Err then returns.
func (r *Rows) Next() bool { return r.rows.Next() }

// Scan copies the current row into dest, as sql.Rows.Scan does.
func (r *Rows) Scan(dest ...any) error { return r.explain(r.rows.Scan(dest...)) }

// Err returns the error that ended Next, if any.
func (r *Rows) Err() error {
	if err := r.rows.Err(); err != nil {
		return r.explain(err)
	}
	if r.limits.Timeout > 0 && errors.Is(r.ctx.Err(), context.DeadlineExceeded) {
		// database/sql ends the rows without an error when the context
		// ends between two rows.
		return r.explain(r.ctx.Err())
	}
	return nil
}

// Close ends the query and releases its connection.
func (r *Rows) Close() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return r.err
	}
	r.closed = true
	r.mu.Unlock()
	if r.stop != nil {
		r.stop()
	}
	if r.rows != nil {
		r.err = r.rows.Close()
	}
	if r.tx != nil {
		r.tx.Rollback() // read-only: nothing to keep
	}
	if r.conn != nil {
		if err := r.conn.Close(); r.err == nil {
			r.err = err
		}
	}
	r.cancel()
	return r.err
}
