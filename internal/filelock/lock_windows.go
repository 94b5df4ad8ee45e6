//go:build windows

package filelock

import (
	"os"

	"golang.org/x/sys/windows"
)

// errWouldBlock is what lockFile returns when another holder has the lock.
var errWouldBlock = windows.ERROR_LOCK_VIOLATION

// lockFile takes an exclusive lock on one byte of f far past its end, so
// that the holder's name at its start stays readable by the process refused
// (Windows forbids reading a locked range). Windows releases the lock when
// the handle is closed or the process ends.
func lockFile(f *os.File) error {
	ol := windows.Overlapped{OffsetHigh: 0x40000000} // byte 2^62
	return windows.LockFileEx(windows.Handle(f.Fd()),
		windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ol)
}
