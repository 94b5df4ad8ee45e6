package main

import (
	"bytes"
	"compress/gzip"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"nianbao/internal/testutil"
)

// Import prints one line per file in the order the files were named,
// and the same lines, whatever the number of cores.
func TestImportOutputOrderAcrossCores(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for i, name := range testutil.Fixtures(t) {
		body := testutil.ReadFixture(t, strings.TrimPrefix(name, testutil.Fixture("")+string(filepath.Separator)))
		for c := range 3 {
			f := filepath.Join(dir, fmt.Sprintf("%02d_%d_%s", 40-i, c, filepath.Base(name))) // names not in sorted order
			if err := os.WriteFile(f, append(bytes.Clone(body), fmt.Sprintf("\n<!-- %d -->\n", c)...), 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
	}
	files = append(files, files[0]) // once more: unchanged
	imp := func(procs int) string {
		old := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(old)
		db := filepath.Join(t.TempDir(), "test.db")
		code, out, stderr := run(t, append([]string{"import", "-db", db}, files...)...)
		if code != 0 {
			t.Fatalf("GOMAXPROCS=%d: exit %d: %s", procs, code, stderr)
		}
		return strings.ReplaceAll(out, db, "DB")
	}
	one := imp(1)
	lines := strings.Split(strings.TrimSpace(one), "\n")
	if len(lines) != len(files)+1 {
		t.Fatalf("%d lines for %d files:\n%s", len(lines), len(files), one)
	}
	for i, f := range files {
		if !strings.Contains(lines[i], f) {
			t.Errorf("line %d is %q, want file %s", i+1, lines[i], f)
		}
	}
	if !strings.HasPrefix(lines[len(files)-1], "unchanged") {
		t.Errorf("last file: %q, want unchanged", lines[len(files)-1])
	}
	if four := imp(4); four != one {
		t.Errorf("GOMAXPROCS=4 printed\n%s\nwant (GOMAXPROCS=1)\n%s", four, one)
	}
}

// nianbao compact rewrites a gzip blob as zstd; its document still reads
// (reparse finds nothing changed).
func TestCompactCommand(t *testing.T) {
	db := importedDB(t)
	sdb, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	body := testutil.ReadFixture(t, "html/pingtan_2015.html")
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(body)
	zw.Close()
	abs, _ := filepath.Abs(testutil.Fixture("html/pingtan_2015.html"))
	res, err := sdb.Exec(`UPDATE blobs SET encoding = 'gzip', dict_id = NULL, data = ? WHERE sha256 = (SELECT sha256 FROM documents WHERE source = ?)`, buf.Bytes(), abs)
	if n, _ := res.RowsAffected(); err != nil || n != 1 {
		t.Fatalf("make a gzip blob: %v (%d rows)", err, n)
	}
	sdb.Close()
	code, out, stderr := run(t, "compact", "-db", db, "-vacuum")
	want := fmt.Sprintf("recompressed 1 blobs: %d bytes before", buf.Len())
	if code != 0 || !strings.Contains(out, want) || !strings.Contains(out, "vacuumed") {
		t.Errorf("compact: exit %d, want %q\n%s%s", code, want, out, stderr)
	}
	code, out, _ = run(t, "query", "-db", db, "-csv", "-no-bom", "SELECT encoding, count(*) FROM blobs GROUP BY encoding")
	if code != 0 || out != fmt.Sprintf("encoding,count(*)\nzstd,%d\n", len(testutil.Fixtures(t))) {
		t.Errorf("codecs after compact: %q", out)
	}
	code, out, _ = run(t, "compact", "-db", db)
	if code != 0 || !strings.Contains(out, "recompressed 0 blobs") {
		t.Errorf("second compact: exit %d\n%s", code, out)
	}
	code, out, stderr = run(t, "reparse", "-db", db)
	if code != 0 || !strings.Contains(out, ": 0 changed") {
		t.Errorf("reparse after compact: exit %d\n%s%s", code, out, stderr)
	}
}
