//go:build !unix

package parser

import "os"

// readFlags open a file for reading; only Unix systems have FIFOs that
// could block the open.
const readFlags = os.O_RDONLY
