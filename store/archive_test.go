package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// foreignDB writes a SQLite database of another program, running stmts
// in it, and returns its path.
func foreignDB(t *testing.T, stmts ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "other.db")
	sdb, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	for _, s := range stmts {
		if _, err := sdb.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	return path
}

// Open refuses, and leaves byte for byte as it was, a file it must not
// turn into an archive; it names the file and says what it found.
func TestOpenRefusesForeignFiles(t *testing.T) {
	ctx := context.Background()
	text := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(text, []byte("a text file, not a database\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, path, want string
	}{
		{"foreign table", foreignDB(t, "CREATE TABLE t(x)", "INSERT INTO t VALUES (1)"),
			"is a SQLite database but not a nianbao archive (tables: t); refusing to add tables to it"},
		{"foreign tables and a view", foreignDB(t, "CREATE TABLE t(x)", "CREATE TABLE a(y)", "CREATE VIEW v AS SELECT x FROM t"),
			"not a nianbao archive (tables: a, t, v)"},
		{"another program's user_version", foreignDB(t, "PRAGMA user_version = 7"),
			"not a nianbao archive (user_version 7, no tables)"},
		{"a table named notes", foreignDB(t, "CREATE TABLE notes(name, note)", "PRAGMA user_version = 1"),
			"not a nianbao archive (user_version 1, tables: notes)"},
		{"text", text, "is not a SQLite database (not a nianbao archive); refusing to write to it"},
		{"directory", t.TempDir(), "is a directory, not a regular file"},
		{"fifo", fifo, "is a FIFO, not a regular file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before []byte
			if fi, err := os.Stat(tc.path); err == nil && fi.Mode().IsRegular() {
				before, _ = os.ReadFile(tc.path)
			}
			db, err := Open(ctx, tc.path, testOptions)
			if err == nil {
				db.Close()
				t.Fatal("opened for writing")
			}
			if !errors.Is(err, ErrNotArchive) || !strings.Contains(err.Error(), tc.path) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want ErrNotArchive naming the file and %q", err, tc.want)
			}
			if before != nil {
				after, _ := os.ReadFile(tc.path)
				if !bytes.Equal(before, after) {
					t.Error("the file changed")
				}
				for _, suffix := range []string{"-wal", "-shm", "-journal"} {
					if _, err := os.Stat(tc.path + suffix); err == nil {
						t.Errorf("%s left behind", suffix)
					}
				}
			}
		})
	}
}

// A missing file, an empty file, a database with no schema and an
// archive (with a table of the analyst's own) open for writing.
func TestOpenAcceptsEmptyAndOurs(t *testing.T) {
	ctx := context.Background()
	empty := filepath.Join(t.TempDir(), "empty.db")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	ours := filepath.Join(t.TempDir(), "ours.db")
	for _, path := range []string{filepath.Join(t.TempDir(), "new.db"), empty, foreignDB(t, "PRAGMA page_size = 8192", "VACUUM"), ours} {
		db, err := Open(ctx, path, testOptions)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if path == ours {
			if _, err := db.db.Exec("CREATE TABLE my_notes(x)"); err != nil {
				t.Fatal(err)
			}
		}
		db.Close()
	}
	db, err := Open(ctx, ours, testOptions)
	if err != nil {
		t.Fatalf("reopening an archive with a table of the analyst's: %v", err)
	}
	db.Close()
}
