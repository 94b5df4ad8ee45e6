// Package filemode names the kinds of file that are not regular files, so
// that every refusal of one (a database, an input, an output) says what
// the file is in the same words.
package filemode

import "io/fs"

// Kind names what a file of mode m is when it is not a regular file:
// "a directory", "a FIFO", "a character device" …; "a regular file" for one.
func Kind(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return "a regular file"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeIrregular != 0:
		return "an irregular file"
	}
	return "a special file"
}
