package parser

import (
	"fmt"
	"io"
	"io/fs"
	"os"

	"nianbao/internal/filemode"
)

// ReadFile reads a document from a file for Parse. It refuses, before
// reading anything, what is not a regular file (a FIFO, a device such as
// /dev/zero, a directory, a socket) and a file larger than MaxSize; the
// file is opened without blocking (a FIFO swapped in after the check does
// not hang the open) and read through a limit, so a file that grows while
// it is read is refused too. Errors name the file.
func ReadFile(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := checkFile(path, fi); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, readFlags, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The file opened may not be the file checked: check it again.
	if fi, err = f.Stat(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := checkFile(path, fi); err != nil {
		return nil, err
	}
	src, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(src) > MaxSize {
		return nil, fmt.Errorf("%s: %w: grew past %d MiB while read", path, ErrNotReport, MaxSize>>20)
	}
	return src, nil
}

// checkFile refuses what ReadFile must not read.
func checkFile(path string, fi fs.FileInfo) error {
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s: %s, not a regular file", path, filemode.Kind(fi.Mode()))
	}
	if fi.Size() > MaxSize {
		return fmt.Errorf("%s: %w: %d bytes, larger than the %d MiB limit", path, ErrNotReport, fi.Size(), MaxSize>>20)
	}
	return nil
}
