//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"nianbao/parser"
)

// runWithin runs the command line and fails the test if it has not
// finished within a few seconds; a FIFO it blocks on is released by
// opening the FIFO's other end.
func runWithin(t *testing.T, fifo string, args ...string) (int, string, string) {
	t.Helper()
	type result struct {
		code        int
		out, stderr string
	}
	done := make(chan result, 1)
	go func() {
		code, out, stderr := run(t, args...)
		done <- result{code, out, stderr}
	}()
	select {
	case r := <-done:
		return r.code, r.out, r.stderr
	case <-time.After(5 * time.Second):
		if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
		t.Fatalf("%v still running after 5 s", args)
		return 0, "", ""
	}
}

// TestUnreadableFiles gives parse and import a FIFO, a sparse file over
// the parser's limit and /dev/zero (parse only: on a build without the
// check, import would read it until memory runs out): each is refused at
// once, by name, and the good file beside them is still read.
func TestUnreadableFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "report.html")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sparse := filepath.Join(dir, "big.txt")
	if err := os.WriteFile(sparse, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(sparse, parser.MaxSize+1); err != nil {
		t.Fatal(err)
	}
	wantErrs := []string{
		fifo + ": a FIFO, not a regular file",
		sparse + ": not a report: 16777217 bytes, larger than the 16 MiB limit",
	}

	code, out, stderr := runWithin(t, fifo, "parse", fifo, sparse, "/dev/zero", seed)
	if code != 0 || !strings.Contains(out, "赣州市商务局") {
		t.Errorf("parse: exit %d, want 0 with the seed read\n%s", code, out)
	}
	for _, want := range append(wantErrs, "/dev/zero: a character device, not a regular file") {
		if !strings.Contains(stderr, want) {
			t.Errorf("parse stderr lacks %q:\n%s", want, stderr)
		}
	}

	db := filepath.Join(dir, "test.db")
	code, out, stderr = runWithin(t, fifo, "import", "-db", db, fifo, sparse, seed)
	if code != 1 || !strings.Contains(out, "1 new, 0 revised") || !strings.Contains(stderr, "2 of 3 files not stored") {
		t.Errorf("import: exit %d, want 1 with the seed stored\n%s\n%s", code, out, stderr)
	}
	for _, want := range wantErrs {
		if !strings.Contains(stderr, want) {
			t.Errorf("import stderr lacks %q:\n%s", want, stderr)
		}
	}
}
