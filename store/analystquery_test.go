package store

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// queryDB returns the path of a database holding the seed report, closed.
func queryDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "q.db")
	db, err := Open(context.Background(), path, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	mustSave(t, db, seed, mustRead(t, seed))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// fileHashes hashes the database at path and its -wal and -shm files
// ("absent" for a missing one).
func fileHashes(t *testing.T, path string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		b, err := os.ReadFile(p)
		switch {
		case errors.Is(err, os.ErrNotExist):
			out[p] = "absent"
		case err != nil:
			t.Fatal(err)
		default:
			out[p] = fmt.Sprintf("%x", sha256.Sum256(b))
		}
	}
	return out
}

// runQuery runs q to its end and returns its rows as text.
func runQuery(db *DB, q string) ([][]string, error) {
	rows, err := db.Query(context.Background(), q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out [][]string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		rec := make([]string, len(vals))
		for i, v := range vals {
			rec[i] = fmt.Sprint(v)
			if b, ok := v.([]byte); ok {
				rec[i] = string(b)
			}
		}
		out = append(out, rec)
	}
	return out, rows.Err()
}

// TestQueryRefusesWrites runs each way of writing through a query that
// worked with mode=ro and PRAGMA query_only alone, and checks that
// SQLite refuses it, says what it refused, leaves the database, its WAL
// and shared memory byte-identical, and creates no file.
func TestQueryRefusesWrites(t *testing.T) {
	path := queryDB(t)
	dir := t.TempDir()
	other, copied := filepath.Join(dir, "other.db"), filepath.Join(dir, "copy.db")
	db, err := OpenQuery(context.Background(), path, QueryLimits{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := runQuery(db, `SELECT count(*) FROM stats`)
	if err != nil || len(rows) != 1 || rows[0][0] == "0" {
		t.Fatalf("count before: %v %v", rows, err)
	}
	values := rows[0][0]
	before := fileHashes(t, path)
	for _, tc := range []struct{ sql, want string }{
		{`PRAGMA query_only=0`, "PRAGMA query_only = 0"},
		{`PRAGMA query_only = OFF`, "PRAGMA query_only = OFF"},
		{`ATTACH 'file:` + path + `?mode=rw' AS w`, "ATTACH (or VACUUM INTO) of 'file:" + path},
		{`ATTACH '` + other + `' AS e`, "ATTACH (or VACUUM INTO) of '" + other + "'"},
		{`VACUUM INTO '` + copied + `'`, "ATTACH (or VACUUM INTO) of '" + copied + "'"},
		{`VACUUM`, "VACUUM"},
		{`DETACH main`, "DETACH main"},
		{`DELETE FROM stat_rows`, "DELETE FROM stat_rows"},
		{`WITH x AS (SELECT 1) DELETE FROM stat_rows`, "DELETE FROM stat_rows"},
		{`UPDATE reports SET agency = 'x'`, "UPDATE of reports.agency"},
		{`INSERT INTO meta (key, value) VALUES ('a', 'b')`, "INSERT INTO meta"},
		{`CREATE TABLE evil (x)`, "change to the schema"},
		{`CREATE TEMP TABLE t (x)`, "change to the temporary schema"},
		{`DROP VIEW stat_values`, "change to the schema"},
		{`ALTER TABLE stat_rows ADD COLUMN y`, "ALTER TABLE main"},
		{`REINDEX`, "REINDEX"},
		{`ANALYZE`, "(CREATE, DROP, ALTER, ANALYZE)"},
		{`BEGIN IMMEDIATE`, "transaction control (BEGIN)"},
		{`SAVEPOINT s`, "SAVEPOINT"},
		{`PRAGMA user_version = 7`, "PRAGMA user_version = 7"},
		{`PRAGMA hard_heap_limit = 0`, "PRAGMA hard_heap_limit = 0"},
		{`PRAGMA writable_schema = ON`, "PRAGMA writable_schema = ON"},
		{`PRAGMA journal_mode = DELETE`, "PRAGMA journal_mode = DELETE"},
		{`PRAGMA wal_checkpoint(TRUNCATE)`, "PRAGMA wal_checkpoint = TRUNCATE"},
		{`PRAGMA optimize`, "PRAGMA optimize"},
		{`SELECT load_extension('/tmp/x.so')`, "function load_extension"},
	} {
		_, err := runQuery(db, tc.sql)
		if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "refused") {
			t.Errorf("%s: %v, want a refusal naming %q", tc.sql, err, tc.want)
		}
	}
	// The attack of the issue, whole: refused before any of it runs.
	_, err = runQuery(db, `PRAGMA query_only=0; ATTACH 'file:`+path+`?mode=rw' AS w; DELETE FROM w.stats`)
	if !errors.Is(err, ErrMultipleStatements) || !strings.Contains(err.Error(), "ATTACH") {
		t.Errorf("three statements: %v", err)
	}
	for _, f := range []string{other, copied} {
		if _, err := os.Stat(f); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s exists after the refusals (%v)", f, err)
		}
	}
	if after := fileHashes(t, path); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("database files changed:\nbefore %v\nafter  %v", before, after)
	}
	if rows, err := runQuery(db, `SELECT count(*) FROM stats`); err != nil || rows[0][0] != values {
		t.Errorf("count after: %v %v, want %s", rows, err, values)
	}
}

// TestQueryReads checks that what only reads still runs: SELECT, views,
// the reading pragmas in both forms, and a setting without a value.
func TestQueryReads(t *testing.T) {
	db, err := OpenQuery(context.Background(), queryDB(t), QueryLimits{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, tc := range []struct{ sql, want string }{
		{`SELECT agency, year FROM latest_reports`, "[[赣州市商务局 2017]]"},
		{`SELECT count(*) > 50 FROM stat_values`, "[[1]]"},
		{`PRAGMA integrity_check`, "[[ok]]"},
		{`PRAGMA user_version`, ""},
		{`SELECT name FROM pragma_table_info('meta') ORDER BY cid`, "[[key] [value]]"},
		{`PRAGMA table_info(meta)`, ""},
		{`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 3) SELECT sum(x) FROM c;  -- a comment`, "[[6]]"},
	} {
		rows, err := runQuery(db, tc.sql)
		if err != nil || len(rows) == 0 || tc.want != "" && fmt.Sprint(rows) != tc.want {
			t.Errorf("%s: %v %v, want %s", tc.sql, rows, err, tc.want)
		}
	}
	// Query runs on OpenQuery's databases only.
	rw, err := Open(context.Background(), filepath.Join(t.TempDir(), "rw.db"), testOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer rw.Close()
	if _, err := rw.Query(context.Background(), `SELECT 1`); !errors.Is(err, ErrNotReadOnly) {
		t.Errorf("query on a read-write database: %v", err)
	}
}

// TestQueryTimeout stops endless recursive CTEs: one that runs in the
// first step, one that streams rows for ever, and one whose second row
// never comes, which the driver alone does not interrupt.
func TestQueryTimeout(t *testing.T) {
	const endless = `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) `
	db, err := OpenQuery(context.Background(), queryDB(t), QueryLimits{Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		endless + `SELECT count(*) FROM c`,
		endless + `SELECT x FROM c`,
		`SELECT x, CASE WHEN x = 2 THEN (` + endless + `SELECT count(*) FROM c) END FROM (SELECT 1 AS x UNION ALL SELECT 2)`,
	} {
		start := time.Now()
		_, err := runQuery(db, q)
		took := time.Since(start)
		if !errors.Is(err, ErrTimeout) || err.Error() != "query timed out after 300ms" {
			t.Errorf("%s: %v after %s", q, err, took)
		}
		if took > 5*time.Second {
			t.Errorf("%s: stopped after %s", q, took)
		}
	}
	// The connection serves the next query.
	if rows, err := runQuery(db, `SELECT 1`); err != nil || fmt.Sprint(rows) != "[[1]]" {
		t.Errorf("after the timeouts: %v %v", rows, err)
	}
}

// TestQueryMemoryCeiling fails a sort that needs more than the ceiling,
// which the query cannot raise, and gives the ceiling back on Close.
func TestQueryMemoryCeiling(t *testing.T) {
	const sort = `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 500000)
		SELECT max(x) FROM (SELECT x FROM c ORDER BY random())`
	path := queryDB(t)
	prior := hardHeapLimit(-1)
	db, err := OpenQuery(context.Background(), path, QueryLimits{MaxMemory: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if rows, err := runQuery(db, `PRAGMA hard_heap_limit`); err != nil || fmt.Sprint(rows) != "[[8388608]]" {
		t.Errorf("hard_heap_limit: %v %v", rows, err)
	}
	if _, err := runQuery(db, `PRAGMA hard_heap_limit = 0`); !errors.Is(err, ErrRefused) {
		t.Errorf("raising the ceiling: %v", err)
	}
	_, err = runQuery(db, sort)
	if !errors.Is(err, ErrMemory) || !strings.Contains(err.Error(), "needs more memory than the ceiling of 8 MiB") {
		t.Errorf("big sort under 8 MiB: %v", err)
	}
	if rows, err := runQuery(db, `SELECT 1`); err != nil || fmt.Sprint(rows) != "[[1]]" {
		t.Errorf("after running out of memory: %v %v", rows, err)
	}
	db.Close()
	if got := hardHeapLimit(-1); got != prior {
		t.Errorf("heap ceiling after Close: %d, want %d", got, prior)
	}
	// The same sort without a ceiling.
	db, err = OpenQuery(context.Background(), path, QueryLimits{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if rows, err := runQuery(db, sort); err != nil || fmt.Sprint(rows) != "[[500000]]" {
		t.Errorf("big sort without a ceiling: %v %v", rows, err)
	}
}

func TestOneStatement(t *testing.T) {
	for _, tc := range []struct {
		sql string
		one bool
	}{
		{`SELECT 1`, true},
		{`SELECT 1;`, true},
		{`SELECT 1; ;; -- done` + "\n" + ` /* really */ `, true},
		{`SELECT ';', "a;b", [c;d], ` + "`e;f`" + ` FROM t`, true},
		{`SELECT 'it''s; fine'`, true},
		{`SELECT 1 -- ; DELETE FROM stats`, true},
		{`SELECT /* ; */ 1`, true},
		{`SELECT 'unterminated; DELETE FROM stats`, true},
		{"SELECT 1;\x00DELETE FROM stats", true},
		{`SELECT 1; SELECT 2`, false},
		{`SELECT 1;DELETE FROM stats`, false},
		{`PRAGMA query_only=0; ATTACH 'x' AS w`, false},
		{`SELECT 1; /`, false},
		{`SELECT 1; /*`, false},
		{`SELECT [a]]; DROP TABLE x`, false},
	} {
		err := oneStatement(tc.sql)
		if (err == nil) != tc.one || err != nil && !errors.Is(err, ErrMultipleStatements) {
			t.Errorf("%q: %v, want one statement: %v", tc.sql, err, tc.one)
		}
	}
}
