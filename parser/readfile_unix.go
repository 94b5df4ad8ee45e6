//go:build unix

package parser

import (
	"os"
	"syscall"
)

// readFlags open a file without waiting for a writer, should a FIFO take
// the place of the regular file checked before the open.
const readFlags = os.O_RDONLY | syscall.O_NONBLOCK
