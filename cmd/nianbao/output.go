package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"nianbao/internal/filemode"
)

// dbFiles are the suffixes of a SQLite database's companion files: its
// write-ahead log, shared-memory index and rollback journal.
var dbFiles = []struct{ suffix, what string }{
	{"", "the database"},
	{"-wal", "the write-ahead log of the database"},
	{"-shm", "the shared-memory index of the database"},
	{"-journal", "the rollback journal of the database"},
}

// outputPath checks that the file out, named by a user for a command's
// output, may be replaced, and returns the path to write: out itself or,
// when out is a symbolic link, the file it leads to (the output is
// written through the link, which stays). It refuses each database in
// dbs and its -wal, -shm and -journal files (by name and by os.SameFile,
// however they are reached), a link to a missing file, and anything that
// is not a regular file: a device such as /dev/full, a FIFO, a socket, a
// directory.
func outputPath(out string, dbs ...string) (string, error) {
	target := out
	fi, err := os.Lstat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		fi = nil // a new file
	case err != nil:
		return "", fmt.Errorf("output %s: %w", out, err)
	case fi.Mode()&fs.ModeSymlink != 0:
		if target, err = filepath.EvalSymlinks(out); err != nil {
			return "", fmt.Errorf("refusing to write %s: a symbolic link that leads nowhere: %w", out, err)
		}
		if fi, err = os.Stat(target); err != nil {
			return "", fmt.Errorf("output %s: %w", out, err)
		}
	}
	if fi != nil && !fi.Mode().IsRegular() {
		return "", fmt.Errorf("refusing to write %s: it is %s, not a regular file", out, filemode.Kind(fi.Mode()))
	}
	canon := canonicalPath(target)
	for _, db := range dbs {
		names := []string{db}
		if real, err := filepath.EvalSymlinks(db); err == nil && real != db {
			names = append(names, real)
		}
		for _, name := range names {
			for _, f := range dbFiles {
				p := name + f.suffix
				same := canon == canonicalPath(p)
				if !same && fi != nil {
					pfi, err := os.Stat(p)
					same = err == nil && os.SameFile(fi, pfi)
				}
				if same {
					return "", fmt.Errorf("refusing to write %s: it is %s %s", out, f.what, db)
				}
			}
		}
	}
	return target, nil
}

// canonicalPath is p made absolute, with the symbolic links of its
// directory resolved, so that two names of one file compare equal.
func canonicalPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	dir, err := filepath.EvalSymlinks(filepath.Dir(abs))
	if err != nil {
		return abs
	}
	return filepath.Join(dir, filepath.Base(abs))
}

// writeWhole writes path whole or not at all: write fills a temporary
// file in path's directory, which is renamed over path at the end. The
// file keeps the permissions of the file it replaces (0644 when new).
// path must have passed outputPath.
func writeWhole(path string, write func(io.Writer) error) error {
	perm := fs.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		perm = fi.Mode().Perm()
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(perm); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
