// Package filelock takes exclusive, non-blocking locks on files beside a
// database, so that two crawls or two schedulers never share one archive.
// The lock is the operating system's (flock on Unix, LockFileEx on
// Windows), released when the process ends however it ends.
package filelock

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// ErrLocked is returned by Lock when another process holds the lock.
var ErrLocked = errors.New("locked")

// A FileLock keeps two crawls (or two schedulers) off one archive at once.
// It is an exclusive lock on a file beside the database, which the kernel
// releases when the process ends however it ends (kill -9 included), so a
// crash never leaves a stale lock. The file holds who took it, so that the
// process refused can say who holds it.
type FileLock struct {
	f    *os.File
	path string
}

// Lock takes the lock file at path without waiting. When another process
// holds it, the error wraps ErrLocked and names the holder.
func Lock(path, holder string) (*FileLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open lock: %w", err)
	}
	if err := lockFile(f); err != nil {
		b, _ := os.ReadFile(path)
		f.Close()
		if errors.Is(err, errWouldBlock) {
			who := strings.TrimSpace(string(b))
			if who == "" {
				who = "another process"
			}
			return nil, fmt.Errorf("%s is held by %s: %w", path, who, ErrLocked)
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	host, _ := os.Hostname()
	info := fmt.Sprintf("%s (pid %d on %s, since %s)\n", holder, os.Getpid(), host, time.Now().Format(time.RFC3339))
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(info), 0)
	}
	return &FileLock{f: f, path: path}, nil
}

// Unlock releases the lock.
func (l *FileLock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	l.f.Truncate(0)
	err := l.f.Close() // closing the descriptor releases the lock
	l.f = nil
	return err
}
