package store

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
)

// gzipWriters keeps a few gzip writers for reuse: a new one allocates
// about 800 kB, more than a page takes to compress. A sync.Pool would
// drop them at every garbage collection, and an import collects often.
var gzipWriters = make(chan *gzip.Writer, 4)

func getGzip() *gzip.Writer {
	select {
	case zw := <-gzipWriters:
		return zw
	default:
		zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
		return zw
	}
}

func putGzip(zw *gzip.Writer) {
	select {
	case gzipWriters <- zw:
	default:
	}
}

// compress gzips b at the fastest level: report pages compress 4–6 times
// at any level, and the import should not wait for it.
func compress(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(b)/3 + 512) // pages compress 4–6 times: one allocation
	zw := getGzip()
	defer putGzip(zw)
	zw.Reset(&buf)
	if _, err := zw.Write(b); err != nil {
		return nil, fmt.Errorf("compress: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("compress: %w", err)
	}
	return buf.Bytes(), nil
}

func decompress(enc string, data []byte) ([]byte, error) {
	if enc != "gzip" {
		return nil, fmt.Errorf("unknown body encoding %q", enc)
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("decompress: %w", err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("decompress: %w", err)
	}
	return b, nil
}
