package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"nianbao/internal/testutil"
)

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
	q, err := OpenQuery(ctx, testutil.PostgresReader(t, dsn), QueryLimits{Timeout: 500 * time.Millisecond})
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
		"DELETE FROM stat_rows",
		"INSERT INTO meta (key, value) VALUES ('x', 'y')",
		"WITH d AS (DELETE FROM stat_rows RETURNING 1) SELECT count(*) FROM d",
		"SELECT * INTO copy_of_stats FROM stats",
		"COPY stats TO '/tmp/nianbao-stats'",
		"CREATE TABLE x (a int)",
		"SET default_transaction_read_only = off",
		"SELECT set_config('transaction_read_only', 'off', false), lo_import('/etc/passwd')",
		"/* a comment */ DROP TABLE stat_rows",
		"SELECT 1; DELETE FROM stat_rows",
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
