package testutil

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// PostgresEnv names the environment variable that gives the tests a
// PostgreSQL server: a URL such as scripts/pg-test-cluster.sh prints.
// .ci/run starts that cluster and sets it.
const PostgresEnv = "NIANBAO_TEST_POSTGRES"

// BackendEnv chooses the backend of the store's test suite: "sqlite"
// (empty, the default) or "postgres" (against PostgresEnv's server).
const BackendEnv = "NIANBAO_TEST_BACKEND"

// Postgres returns the URL of a new, empty schema of the test server,
// dropped when the test ends; the test is skipped, saying how to get a
// server, when PostgresEnv is not set.
func Postgres(t testing.TB) string {
	t.Helper()
	base := postgresBase(t)
	schema := throwaway(t, base, "CREATE SCHEMA %s", "DROP SCHEMA %s CASCADE")
	return WithSearchPath(t, base, schema)
}

// PostgresDatabase returns the URL of a new, empty database of the test
// server, dropped when the test ends; skipped as Postgres is. A test that
// needs no other session's transactions in its way (VACUUM marks pages
// visible only past the oldest snapshot of its database) takes one.
func PostgresDatabase(t testing.TB) string {
	t.Helper()
	base := postgresBase(t)
	name := throwaway(t, base, "CREATE DATABASE %s", "DROP DATABASE %s WITH (FORCE)")
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	u.Path = "/" + name
	return u.String()
}

// postgresBase returns PostgresEnv's URL, or skips the test without it.
func postgresBase(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skipf("no PostgreSQL for this test: set %s to a server's URL (scripts/pg-test-cluster.sh DIR starts a throwaway one and prints it; .ci/run does)", PostgresEnv)
	}
	return base
}

// throwaway makes a new object of a random name t_… on the server at
// base with the statement create (%s is the name), drops it with drop
// when the test ends, and returns its name.
func throwaway(t testing.TB, base, create, drop string) string {
	t.Helper()
	var b [6]byte
	rand.Read(b[:])
	name := "t_" + hex.EncodeToString(b[:])
	exec := func(stmt string) error {
		db, err := sql.Open("pgx", base)
		if err != nil {
			return err
		}
		defer db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		_, err = db.ExecContext(ctx, stmt)
		return err
	}
	if err := exec(fmt.Sprintf(create, name)); err != nil {
		t.Fatalf("postgres %s: %s: %v", PostgresEnv, fmt.Sprintf(create, name), err)
	}
	t.Cleanup(func() {
		if err := exec(fmt.Sprintf(drop, name)); err != nil {
			t.Logf("postgres: %s: %v", fmt.Sprintf(drop, name), err)
		}
	})
	return name
}

// WithSearchPath returns the URL base with its search_path set to schema.
func WithSearchPath(t testing.TB, base, schema string) string {
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// StoreBackend returns the backend the store's suite runs on: "sqlite"
// or "postgres".
func StoreBackend() string {
	if os.Getenv(BackendEnv) == "postgres" {
		return "postgres"
	}
	return "sqlite"
}

// PostgresReader makes a role that can only read the schema of dsn (its
// tables now and those made later by dsn's role) and returns dsn as that
// role.
func PostgresReader(t testing.TB, dsn string) string {
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
		"ALTER DEFAULT PRIVILEGES IN SCHEMA " + schema + " GRANT SELECT ON TABLES TO " + role,
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
