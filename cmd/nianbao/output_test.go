package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// export -o refuses the database (however it is named), its companion
// files, devices, FIFOs, directories and links that lead nowhere, and
// leaves each as it was.
func TestExportRefusesOutput(t *testing.T) {
	db := importedDB(t)
	dir := filepath.Dir(db)
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "link.csv")
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	dirLink := filepath.Join(t.TempDir(), "dirlink")
	if err := os.Symlink(dir, dirLink); err != nil {
		t.Fatal(err)
	}
	hard := filepath.Join(dir, "hard.csv")
	if err := os.Link(db, hard); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(t.TempDir(), "fifo.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(t.TempDir(), "dangling.csv")
	if err := os.Symlink(filepath.Join(t.TempDir(), "missing", "x.csv"), dangling); err != nil {
		t.Fatal(err)
	}
	// The database reached through a link: its real name is refused too.
	dbLink := filepath.Join(t.TempDir(), "db-link.db")
	if err := os.Symlink(db, dbLink); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, db, out, want string
	}{
		{"the database", db, db, "it is the database"},
		{"the database by another path", db, dir + "/./../" + filepath.Base(dir) + "/" + filepath.Base(db), "it is the database"},
		{"a symlink to the database", db, link, "it is the database"},
		{"the database through a linked directory", db, filepath.Join(dirLink, filepath.Base(db)), "it is the database"},
		{"a hard link to the database", db, hard, "it is the database"},
		{"its write-ahead log", db, db + "-wal", "it is the write-ahead log of the database"},
		{"its shared-memory index", db, db + "-shm", "it is the shared-memory index of the database"},
		{"its rollback journal", db, db + "-journal", "it is the rollback journal of the database"},
		{"the real file of a linked database", dbLink, db, "it is the database " + dbLink},
		{"a device", db, "/dev/full", "it is a character device, not a regular file"},
		{"a FIFO", db, fifo, "it is a FIFO, not a regular file"},
		{"a directory", db, t.TempDir(), "it is a directory, not a regular file"},
		{"a symlink that leads nowhere", db, dangling, "a symbolic link that leads nowhere"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := run(t, "export", "-db", tc.db, "-o", tc.out)
			if code != 1 || !strings.Contains(stderr, "refusing to write "+tc.out) || !strings.Contains(stderr, tc.want) || out != "" {
				t.Errorf("exit %d, stderr %q; want exit 1 and %q", code, stderr, tc.want)
			}
		})
	}
	after, err := os.ReadFile(db)
	if err != nil || !bytes.Equal(before, after) {
		t.Fatalf("the database changed (%v)", err)
	}
	for _, p := range []string{link, dbLink} {
		if fi, err := os.Lstat(p); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s is no longer a symlink", p)
		}
	}
	if fi, err := os.Stat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Error("the FIFO was replaced")
	}
	if fi, err := os.Stat("/dev/full"); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		t.Error("/dev/full was replaced")
	}
	// demo refuses before it crawls.
	demoDB := filepath.Join(t.TempDir(), "demo.db")
	if code, _, stderr := run(t, "demo", "-db", demoDB, "-o", demoDB, "-addr", "127.0.0.1:0"); code != 1 || !strings.Contains(stderr, "it is the database") {
		t.Errorf("demo -o its database: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(demoDB); err == nil {
		t.Error("demo crawled before refusing its -o")
	}
}

// A symlink given as -o is written through: the link stays, the file it
// leads to gets the export whole, with its permissions kept.
func TestExportThroughSymlink(t *testing.T) {
	db := importedDB(t)
	target := filepath.Join(t.TempDir(), "values.csv")
	if err := os.WriteFile(target, []byte("old\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "latest.csv")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run(t, "export", "-db", db, "-o", link, "-code", "proactive.total", "-no-dictionary")
	if code != 0 || !strings.Contains(stderr, "to "+link+" (through the link, to "+target+")") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the link was replaced")
	}
	b, err := os.ReadFile(target)
	if err != nil || !bytes.HasPrefix(b, []byte("\xEF\xBB\xBFagency,")) || !strings.Contains(string(b), "proactive.total") {
		t.Errorf("the linked file holds %q (%v)", b[:min(len(b), 60)], err)
	}
	if fi, err := os.Stat(target); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("permissions of the linked file: %v %v, want 0600", fi.Mode().Perm(), err)
	}
	// Nothing else was left in either directory.
	for _, d := range []string{filepath.Dir(link), filepath.Dir(target)} {
		if es, _ := os.ReadDir(d); len(es) != 1 {
			t.Errorf("%s holds %d files, want 1", d, len(es))
		}
	}
}
