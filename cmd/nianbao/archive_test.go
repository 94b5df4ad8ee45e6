package main

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// import and crawl refuse a SQLite file of another program and a file
// that is not SQLite, and leave it byte for byte as it was.
func TestRefuseForeignDatabase(t *testing.T) {
	_, _, sites := portal(t)
	foreign := filepath.Join(t.TempDir(), "other.db")
	sdb, err := sql.Open("sqlite", "file:"+foreign)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"CREATE TABLE t(x)", "INSERT INTO t VALUES ('keep me')"} {
		if _, err := sdb.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	sdb.Close()
	text := filepath.Join(t.TempDir(), "list.txt")
	if err := os.WriteFile(text, []byte("not a database\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		file string
		want string
	}{
		{[]string{"import", "-db", foreign, seed}, foreign, foreign + " is a SQLite database but not a nianbao archive (tables: t); refusing to add tables to it"},
		{[]string{"crawl", "-db", foreign, "-sites", sites, "-allow-private", "-delay", "0", "-progress", "off"}, foreign, foreign + " is a SQLite database but not a nianbao archive (tables: t)"},
		{[]string{"import", "-db", text, seed}, text, text + " is not a SQLite database"},
	} {
		before, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		code, out, stderr := run(t, tc.args...)
		if code != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 1 and %q", tc.args[:3], code, stderr, tc.want)
		}
		if strings.Contains(out, "new") {
			t.Errorf("%v: something was stored: %s", tc.args[:3], out)
		}
		after, err := os.ReadFile(tc.file)
		if err != nil || !bytes.Equal(before, after) {
			t.Errorf("%v: %s changed (%v)", tc.args[:3], tc.file, err)
		}
		for _, suffix := range []string{"-wal", "-shm", "-journal"} {
			if _, err := os.Stat(tc.file + suffix); err == nil {
				t.Errorf("%v: %s%s left behind", tc.args[:3], tc.file, suffix)
			}
		}
	}
	// An empty file becomes an archive.
	empty := filepath.Join(t.TempDir(), "empty.db")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, stderr := run(t, "import", "-db", empty, seed); code != 0 || !strings.Contains(out, "1 new") {
		t.Errorf("import into an empty file: exit %d: %s", code, stderr)
	}
}
