package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/klauspost/compress/zstd"

	"nianbao/store/zdict"
)

// Blob codecs: blobs.encoding says how blobs.data holds the bytes.
// Bodies are written as zstd with the current dictionary (blobs.dict_id);
// gzip blobs, which older versions wrote, stay readable, and
// DB.Compact rewrites them.
const (
	codecGzip = "gzip"
	codecZstd = "zstd"
)

// zstdLevel is the level bodies are written at. With the dictionary the
// fastest level takes 8.0 kB a page over the fixtures' 12 pages (the
// default 7.8 kB) and 14.5 kB a report page of fixtures/html (13.8 kB),
// compressing a report page in about 80% of the default's time (281–302
// against 358–368 µs); the better levels save 10% for three to ten
// times the time. The level is not stored: any level decodes alike, so
// blobs written at another stay readable.
const zstdLevel = zstd.SpeedFastest

// zstdWindow is how far back the encoder looks for a match. Report
// pages are 5–400 kB, so 1 MiB holds a page and the dictionary; the
// default (8 MiB) kept a 12 MiB history buffer for each of the
// encoder's states, 24 MiB of a crawl's 60 MiB of live heap on 2 cores.
const zstdWindow = 1 << 20

// encoder compresses with the current dictionary. EncodeAll may be
// called from many goroutines at once; it keeps one state per CPU, so
// that a GOMAXPROCS raised after the first use does not queue them.
var encoder = sync.OnceValues(func() (*zstd.Encoder, error) {
	return zstd.NewWriter(nil, zstd.WithEncoderDict(zdict.Current), zstd.WithEncoderLevel(zstdLevel),
		zstd.WithEncoderCRC(false), zstd.WithEncoderConcurrency(max(runtime.NumCPU(), runtime.GOMAXPROCS(0))),
		zstd.WithWindowSize(zstdWindow))
})

// compress returns b as zstd with the current dictionary, zdict.ID.
func compress(b []byte) ([]byte, error) {
	enc, err := encoder()
	if err != nil {
		return nil, fmt.Errorf("compress: %w", err)
	}
	return enc.EncodeAll(b, make([]byte, 0, len(b)/8+512)), nil
}

// ensureDictionary stores the current dictionary in the dictionaries
// table, once, so that the file can be read by a nianbao that no longer
// ships it. A row with the same id and other bytes is refused: blobs
// compressed with it would not decode.
func (db *DB) ensureDictionary(ctx context.Context) error {
	sum := sha256.Sum256(zdict.Current)
	hash := hex.EncodeToString(sum[:])
	if _, err := db.db.ExecContext(ctx, `INSERT INTO dictionaries (id, sha256, size, data, added_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO NOTHING`, zdict.ID, hash, len(zdict.Current), zdict.Current, formatTime(db.Now())); err != nil {
		return fmt.Errorf("dictionary %d: %w", zdict.ID, err)
	}
	var have string
	if err := db.db.QueryRowContext(ctx, `SELECT sha256 FROM dictionaries WHERE id = ?`, zdict.ID).Scan(&have); err != nil {
		return fmt.Errorf("dictionary %d: %w", zdict.ID, err)
	}
	if have != hash {
		return fmt.Errorf("dictionary %d in the file (sha256 %s) is not this nianbao's (%s)", zdict.ID, have, hash)
	}
	return nil
}

// decoders holds one zstd decoder per dictionary, read from the
// dictionaries table when first needed.
type decoders struct {
	mu  sync.Mutex
	dec map[int64]*zstd.Decoder
}

func (d *decoders) close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, z := range d.dec {
		z.Close()
	}
	d.dec = nil
}

// decoder returns the decoder for dictionary id.
func (db *DB) decoder(ctx context.Context, id int64) (*zstd.Decoder, error) {
	db.zdec.mu.Lock()
	defer db.zdec.mu.Unlock()
	if z := db.zdec.dec[id]; z != nil {
		return z, nil
	}
	var data []byte
	err := db.db.QueryRowContext(ctx, `SELECT data FROM dictionaries WHERE id = ?`, id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("dictionary %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("dictionary %d: %w", id, err)
	}
	z, err := zstd.NewReader(nil, zstd.WithDecoderDicts(data), zstd.WithDecoderConcurrency(max(runtime.NumCPU(), runtime.GOMAXPROCS(0))))
	if err != nil {
		return nil, fmt.Errorf("dictionary %d: %w", id, err)
	}
	if db.zdec.dec == nil {
		db.zdec.dec = map[int64]*zstd.Decoder{}
	}
	db.zdec.dec[id] = z
	return z, nil
}

// A storedBlob is one row of blobs.
type storedBlob struct {
	id       int64
	sha256   string
	size     int64
	encoding string
	dictID   sql.NullInt64
	data     []byte
}

// decode returns the bytes b holds, checked against its SHA-256 and size.
func (db *DB) decode(ctx context.Context, b storedBlob) ([]byte, error) {
	var out []byte
	var err error
	switch b.encoding {
	case codecGzip:
		out, err = gunzip(b.data)
	case codecZstd:
		if !b.dictID.Valid {
			return nil, fmt.Errorf("blob %s: zstd without a dictionary id", b.sha256)
		}
		var z *zstd.Decoder
		if z, err = db.decoder(ctx, b.dictID.Int64); err == nil {
			out, err = z.DecodeAll(b.data, make([]byte, 0, b.size))
		}
	default:
		return nil, fmt.Errorf("blob %s: unknown encoding %q", b.sha256, b.encoding)
	}
	if err != nil {
		return nil, fmt.Errorf("blob %s: decompress %s: %w", b.sha256, b.encoding, err)
	}
	sum := sha256.Sum256(out)
	if got := hex.EncodeToString(sum[:]); got != b.sha256 || int64(len(out)) != b.size {
		return nil, fmt.Errorf("blob %s: %w: the stored data decodes to %d bytes with sha256 %s (want %d bytes)",
			b.sha256, ErrCorruptBlob, len(out), got, b.size)
	}
	return out, nil
}

// ErrCorruptBlob is returned when a stored body does not decode to the
// bytes its SHA-256 names.
var ErrCorruptBlob = errors.New("sha256 mismatch")

func gunzip(data []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}
