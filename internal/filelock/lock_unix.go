//go:build unix

package filelock

import (
	"os"
	"syscall"
)

// errWouldBlock is what lockFile returns when another holder has the lock.
var errWouldBlock = syscall.EWOULDBLOCK

// lockFile takes an exclusive flock on f without waiting.
func lockFile(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}
