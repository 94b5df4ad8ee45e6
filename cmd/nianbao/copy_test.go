package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/internal/testutil"
)

// copy prints each table's rows at both ends and the check, and refuses
// to copy into an archive that holds documents.
func TestCopyCommand(t *testing.T) {
	src := importedDB(t)
	dst := filepath.Join(t.TempDir(), "copy.db")
	code, out, stderr := run(t, "copy", "-from", src, "-to", dst)
	if code != 0 {
		t.Fatalf("copy: exit %d: %s\n%s", code, stderr, out)
	}
	n := len(testutil.Fixtures(t))
	for _, want := range []string{"check: ok: 17 tables", "blobs", "notes", "compared"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(out, fmt.Sprintf("%-16s %10d %10d\n", "documents", n, n)) {
		t.Errorf("output lacks %d documents at both ends:\n%s", n, out)
	}
	code, _, stderr = run(t, "copy", "-from", src, "-to", dst)
	if code != 1 || !strings.Contains(stderr, "already holds") {
		t.Errorf("copy into the copy: exit %d, %s; want 1 and a refusal", code, stderr)
	}
	code, _, stderr = run(t, "copy", "-from", filepath.Join(t.TempDir(), "none.db"), "-to", filepath.Join(t.TempDir(), "x.db"))
	if code != 1 || !strings.Contains(stderr, "none.db") {
		t.Errorf("copy from a missing file: exit %d, %s; want 1 naming it", code, stderr)
	}
}

// A file copied to PostgreSQL and back is the same archive: export
// prints the same values from both files.
func TestCopyCommandPostgres(t *testing.T) {
	pg := testutil.Postgres(t)
	src := importedDB(t)
	back := filepath.Join(t.TempDir(), "back.db")
	for _, args := range [][]string{{"-from", src, "-to", pg}, {"-from", pg, "-to", back}} {
		code, out, stderr := run(t, append([]string{"copy"}, args...)...)
		if code != 0 || !strings.Contains(out, "check: ok") {
			t.Fatalf("copy %v: exit %d: %s\n%s", args, code, stderr, out)
		}
		if strings.Contains(out, "password") {
			t.Errorf("output shows the URL's password:\n%s", out)
		}
	}
	export := func(db string) string {
		code, out, stderr := run(t, "export", "-db", db, "-format", "jsonl")
		if code != 0 {
			t.Fatalf("export %s: exit %d: %s", db, code, stderr)
		}
		return out
	}
	if a, b := export(src), export(back); a != b {
		t.Errorf("export differs after SQLite → PostgreSQL → SQLite: %s", testutil.FirstDiff(a, b))
	}
}
