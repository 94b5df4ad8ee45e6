package parser

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Limits on the ZIP packages (DOCX, ODT, OFD) the parser opens. A report's
// document.xml is 50–500 kB, compressed 5–15 times; a package of more
// entries, a part larger than maxPartSize, or one that claims to expand
// more than maxPartRatio times (past the first MiB) is refused before it
// is inflated.
const (
	maxZipEntries = 10000
	maxPartSize   = 64 << 20
	maxPartRatio  = 200
)

// openZip opens src as a ZIP package, refusing one of too many entries.
func openZip(src []byte) (*zip.Reader, error) {
	z, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		return nil, err
	}
	if len(z.File) > maxZipEntries {
		return nil, fmt.Errorf("%d entries, more than the %d allowed", len(z.File), maxZipEntries)
	}
	return z, nil
}

// zipEntry returns the entry called name, or nil.
func zipEntry(z *zip.Reader, name string) *zip.File {
	for _, f := range z.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// errPartTooLarge is returned by a part's reader once it has given more
// bytes than the part declared, or than the limit.
var errPartTooLarge = errors.New("part larger than allowed")

// openPart opens one entry for reading, at most limit bytes of it. Its
// declared sizes are checked first: larger than limit, or expanding more
// than maxPartRatio times, it is refused unread. Errors from opening name
// the entry; errors from reading do not (the caller names it).
func openPart(f *zip.File, limit int64) (io.ReadCloser, error) {
	size, packed := f.UncompressedSize64, f.CompressedSize64
	switch {
	case size > uint64(limit):
		return nil, fmt.Errorf("%s: %d bytes uncompressed, more than the %d MiB allowed", f.Name, size, limit>>20)
	case size > 1<<20 && size/max(packed, 1) > maxPartRatio:
		return nil, fmt.Errorf("%s: expands %d times (%d to %d bytes), more than the %d allowed: a ZIP bomb", f.Name, size/max(packed, 1), packed, size, maxPartRatio)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	// The declared size may lie: never read more than it, or the limit.
	n := min(int64(size), limit)
	return &limitedPart{r: rc, c: rc, left: n + 1}, nil
}

// limitedPart reads a part and fails, rather than stopping silently, when
// the part gives more bytes than allowed.
type limitedPart struct {
	r    io.Reader
	c    io.Closer
	left int64
}

func (p *limitedPart) Read(b []byte) (int, error) {
	if p.left <= 0 {
		return 0, errPartTooLarge
	}
	if int64(len(b)) > p.left {
		b = b[:p.left]
	}
	n, err := p.r.Read(b)
	p.left -= int64(n)
	if p.left <= 0 && err == nil {
		return n, errPartTooLarge
	}
	return n, err
}

func (p *limitedPart) Close() error { return p.c.Close() }

// readPart reads a whole small part (at most limit bytes).
func readPart(f *zip.File, limit int64) ([]byte, error) {
	rc, err := openPart(f, limit)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	return b, nil
}
