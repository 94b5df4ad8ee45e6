package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"nianbao/internal/testutil"
)

// readerURL makes a role that can only read the schema of dsn and
// returns dsn as that role.
func readerURL(t *testing.T, dsn string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	schema := u.Query().Get("search_path")
	var b [4]byte
	rand.Read(b[:])
	role := "reader_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	for _, q := range []string{
		"CREATE ROLE " + role + " LOGIN",
		"GRANT USAGE ON SCHEMA " + schema + " TO " + role,
		"GRANT SELECT ON ALL TABLES IN SCHEMA " + schema + " TO " + role,
	} {
		if _, err := admin.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", dsn)
		if err != nil {
			return
		}
		defer admin.Close()
		admin.Exec("DROP OWNED BY " + role)
		admin.Exec("DROP ROLE " + role)
	})
	u.User = url.User(role)
	return u.String()
}

// On PostgreSQL, query runs one read statement in a read-only
// transaction as a role that cannot write, and refuses everything else
// with the archive unchanged.
func TestPostgresQueryOnlyReads(t *testing.T) {
	ctx := context.Background()
	dsn := testutil.Postgres(t)
	db, err := Open(ctx, dsn, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	mustSave(t, db, seed, mustRead(t, seed))
	db.Close()

	if _, err := OpenQuery(ctx, dsn, QueryLimits{}); !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "superuser") {
		t.Errorf("OpenQuery as the superuser: %v, want a refusal", err)
	}
	q, err := OpenQuery(ctx, readerURL(t, dsn), QueryLimits{Timeout: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	count := func() int {
		rows, err := q.Query(ctx, "SELECT count(*) FROM stats")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var n int
		for rows.Next() {
			rows.Scan(&n)
		}
		return n
	}
	before := count()
	if before == 0 {
		t.Fatal("no values to read")
	}
	for _, stmt := range []string{
		"DELETE FROM stats",
		"INSERT INTO meta (key, value) VALUES ('x', 'y')",
		"WITH d AS (DELETE FROM stats RETURNING 1) SELECT count(*) FROM d",
		"SELECT * INTO copy_of_stats FROM stats",
		"COPY stats TO '/tmp/nianbao-stats'",
		"CREATE TABLE x (a int)",
		"SET default_transaction_read_only = off",
		"SELECT set_config('transaction_read_only', 'off', false), lo_import('/etc/passwd')",
		"/* a comment */ DROP TABLE stats",
		"SELECT 1; DELETE FROM stats",
	} {
		rows, err := q.Query(ctx, stmt)
		if err == nil {
			for rows.Next() {
			}
			err = rows.Err()
			rows.Close()
		}
		if !errors.Is(err, ErrRefused) && !errors.Is(err, ErrMultipleStatements) {
			t.Errorf("%s: %v, want a refusal", stmt, err)
		}
	}
	if n := count(); n != before {
		t.Errorf("%d values after the refused statements, want %d", n, before)
	}
	rows, err := q.Query(ctx, "SELECT pg_sleep(5)")
	if err == nil {
		for rows.Next() {
		}
		err = rows.Err()
		rows.Close()
	}
	if !errors.Is(err, ErrTimeout) {
		t.Errorf("pg_sleep(5) with a 500 ms limit: %v, want a timeout", err)
	}
}
