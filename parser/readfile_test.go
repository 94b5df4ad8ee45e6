//go:build unix

package parser

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// readWithin runs ReadFile in a goroutine and fails the test if it has not
// returned within a few seconds: a FIFO must not block it. A blocked open
// is released by opening the FIFO's other end.
func readWithin(t *testing.T, path string) ([]byte, error) {
	t.Helper()
	type result struct {
		src []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		src, err := ReadFile(path)
		done <- result{src, err}
	}()
	select {
	case r := <-done:
		return r.src, r.err
	case <-time.After(5 * time.Second):
		if w, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
		t.Fatalf("ReadFile(%s) still running after 5 s", path)
		return nil, nil
	}
}

func TestReadFileRefuses(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "report.html")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	// Sparse: MaxSize+1 bytes that take no disk and would take 16 MiB of
	// memory if read.
	sparse := filepath.Join(dir, "sparse.txt")
	if err := os.WriteFile(sparse, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(sparse, MaxSize+1); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		want string
	}{
		{"/dev/zero", "/dev/zero: a character device, not a regular file"},
		{fifo, fifo + ": a FIFO, not a regular file"},
		{dir, dir + ": a directory, not a regular file"},
		{sparse, sparse + ": not a report: 16777217 bytes, larger than the 16 MiB limit"},
		{filepath.Join(dir, "missing"), "no such file"},
	} {
		t0 := time.Now()
		src, err := readWithin(t, tc.path)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ReadFile(%s) = %d bytes, %v; want an error with %q", tc.path, len(src), err, tc.want)
		}
		if d := time.Since(t0); d > time.Second {
			t.Errorf("ReadFile(%s) took %v to refuse", tc.path, d)
		}
	}
	if _, err := ReadFile(sparse); !errors.Is(err, ErrNotReport) {
		t.Errorf("oversized file: %v does not wrap ErrNotReport", err)
	}
}

func TestReadFile(t *testing.T) {
	name := filepath.Join("..", "fixtures", "html", "pingtan_2019.html")
	want, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile(name)
	if err != nil || string(got) != string(want) {
		t.Fatalf("ReadFile = %d bytes, %v; want the file's %d bytes", len(got), err, len(want))
	}
	// Exactly MaxSize is read; it is the parser that says what it is.
	big := filepath.Join(t.TempDir(), "big.txt")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, MaxSize); err != nil {
		t.Fatal(err)
	}
	if got, err := ReadFile(big); err != nil || len(got) != MaxSize {
		t.Fatalf("file of MaxSize bytes: %d bytes, %v", len(got), err)
	}
}
