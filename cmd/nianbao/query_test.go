package main

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nianbao/export"
)

// dbHashes hashes a database and its -wal and -shm files.
func dbHashes(t *testing.T, path string) string {
	t.Helper()
	var out []string
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		b, err := os.ReadFile(p)
		switch {
		case errors.Is(err, os.ErrNotExist):
			out = append(out, p+" absent")
		case err != nil:
			t.Fatal(err)
		default:
			out = append(out, fmt.Sprintf("%s %x", p, sha256.Sum256(b)))
		}
	}
	return strings.Join(out, "\n")
}

// TestQueryAttacks runs the attacks of issue 9 through nianbao query:
// each is refused with a message saying what, the database files stay
// byte-identical and no file is created.
func TestQueryAttacks(t *testing.T) {
	db := importedDB(t)
	dir := t.TempDir()
	other, copied := filepath.Join(dir, "other.db"), filepath.Join(dir, "x.db")
	// A first query makes the -shm a WAL database's readers need.
	code, values, stderr := run(t, "query", "-db", db, "-csv", "-no-bom", "SELECT count(*) FROM stats")
	if code != 0 || values == "count(*)\n0\n" {
		t.Fatalf("count: exit %d %q %s", code, values, stderr)
	}
	before := dbHashes(t, db)
	for _, tc := range []struct{ sql, want string }{
		{`PRAGMA query_only=0; ATTACH 'file:` + db + `?mode=rw' AS w; DELETE FROM w.stats`, "more than one statement"},
		{`PRAGMA query_only=0`, "PRAGMA query_only = 0 (allowed: the pragmas that read"},
		{`ATTACH 'file:` + db + `?mode=rw' AS w`, "ATTACH (or VACUUM INTO) of 'file:" + db},
		{`ATTACH '` + other + `' AS e`, "ATTACH (or VACUUM INTO) of '" + other + "' refused"},
		{`ATTACH '` + other + `' AS e; CREATE TABLE e.t(x)`, "more than one statement"},
		{`CREATE TABLE t(x)`, "change to the schema (CREATE, DROP, ALTER, ANALYZE) writing sqlite_master refused"},
		{`VACUUM INTO '` + copied + `'`, "ATTACH (or VACUUM INTO) of '" + copied + "' refused"},
		{`DELETE FROM stat_rows`, "DELETE FROM stat_rows refused: query only reads the database"},
		{`DELETE FROM stats`, "change to the view stats refused: query only reads the database"},
		{`DROP TABLE stats`, "change to the schema"},
	} {
		code, _, stderr := run(t, "query", "-db", db, tc.sql)
		if code != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d: %s, want %q", tc.sql, code, stderr, tc.want)
		}
	}
	for _, f := range []string{other, copied} {
		if _, err := os.Stat(f); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s created (%v)", f, err)
		}
	}
	if after := dbHashes(t, db); after != before {
		t.Errorf("database files changed:\nbefore\n%s\nafter\n%s", before, after)
	}
	if _, out, _ := run(t, "query", "-db", db, "-csv", "-no-bom", "SELECT count(*) FROM stats"); out != values {
		t.Errorf("values after the attacks: %q, before %q", out, values)
	}
}

// TestQueryTimeout stops an endless recursive CTE after -timeout.
func TestQueryTimeout(t *testing.T) {
	db := importedDB(t)
	start := time.Now()
	code, _, stderr := run(t, "query", "-db", db, "-timeout", "500ms",
		"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c")
	took := time.Since(start)
	if code != 1 || stderr != "nianbao: query timed out after 500ms\n" || took > 10*time.Second {
		t.Errorf("exit %d after %s: %q", code, took, stderr)
	}
	if code, _, _ := run(t, "query", "-db", db, "-timeout", "-1s", "SELECT 1"); code != 2 {
		t.Errorf("negative -timeout: exit %d, want 2", code)
	}
}

// TestQueryMaxMemory fails a sort bigger than -max-memory.
func TestQueryMaxMemory(t *testing.T) {
	db := importedDB(t)
	code, _, stderr := run(t, "query", "-db", db, "-max-memory", "8",
		"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 500000) SELECT max(x) FROM (SELECT x FROM c ORDER BY random())")
	if code != 1 || !strings.Contains(stderr, "query needs more memory than the ceiling of 8 MiB") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	code, out, _ := run(t, "query", "-db", db, "-csv", "-no-bom", "PRAGMA hard_heap_limit")
	if code != 0 || out != fmt.Sprintf("hard_heap_limit\n%d\n", 1024<<20) {
		t.Errorf("default ceiling: exit %d %q", code, out)
	}
}

// TestQueryCSV writes the byte-order mark export writes, unless -no-bom.
func TestQueryCSV(t *testing.T) {
	db := importedDB(t)
	const q = "SELECT agency, year FROM latest_reports WHERE agency = '赣州市商务局'"
	code, out, _ := run(t, "query", "-db", db, "-csv", q)
	if code != 0 || out != export.BOM+"agency,year\n赣州市商务局,2017\n" {
		t.Errorf("-csv: exit %d %q", code, out)
	}
	code, out, _ = run(t, "query", "-db", db, "-csv", "-no-bom", q)
	if code != 0 || out != "agency,year\n赣州市商务局,2017\n" {
		t.Errorf("-csv -no-bom: exit %d %q", code, out)
	}
	code, out, _ = run(t, "query", "-db", db, q)
	if code != 0 || out != "agency        year\n赣州市商务局  2017\n" {
		t.Errorf("columns: exit %d %q", code, out)
	}
}
