package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/internal/testutil"
	"nianbao/store/zdict"
)

// Every fixture comes back bit for bit, and is stored as zstd with the
// current dictionary, which the file itself holds.
func TestBodyRoundTripFixtures(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	names := testutil.Fixtures(t)
	for _, name := range names {
		body := mustRead(t, name)
		res := mustSave(t, db, name, body)
		got, err := db.Body(ctx, res.DocumentID)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(got, body) {
			t.Errorf("%s: body differs (%d bytes, want %d)", name, len(got), len(body))
		}
		var enc string
		var dict int
		if err := db.db.QueryRow(`SELECT b.encoding, b.dict_id FROM blobs b JOIN documents d ON d.sha256 = b.sha256 WHERE d.id = ?`,
			res.DocumentID).Scan(&enc, &dict); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if enc != codecZstd || dict != zdict.ID {
			t.Errorf("%s: stored as %s with dictionary %d, want zstd with %d", name, enc, dict, zdict.ID)
		}
	}
	var data []byte
	if err := db.db.QueryRow(`SELECT data FROM dictionaries WHERE id = ?`, zdict.ID).Scan(&data); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, zdict.Current) {
		t.Error("dictionaries holds other bytes than the current dictionary")
	}
	// A read-only connection decodes with the dictionary the file holds.
	ro, err := OpenReadOnly(ctx, db.path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	last := mustRead(t, names[len(names)-1])
	got, err := ro.Body(ctx, int64(len(names)))
	if err != nil || !bytes.Equal(got, last) {
		t.Errorf("read-only Body: %d bytes, %v; want %d bytes", len(got), err, len(last))
	}
}

// A blob whose data decodes to other bytes than its hash names is an
// error naming the blob, never the wrong bytes.
func TestBodySHAMismatch(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	body := mustRead(t, seed)
	res := mustSave(t, db, "a", body)
	other, err := compress(append(bytes.Clone(body), '!'))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(body)
	hash := hex.EncodeToString(sum[:])
	for _, tc := range []struct {
		name, size string
		data       []byte
	}{
		{"other bytes", "size", other},
		{"same bytes, size wrong", "size + 1", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.data != nil {
				if _, err := db.db.Exec(`UPDATE blobs SET data = ? WHERE sha256 = ?`, tc.data, hash); err != nil {
					t.Fatal(err)
				}
			} else if _, err := db.db.Exec(`UPDATE blobs SET data = ?, size = size + 1 WHERE sha256 = ?`, mustCompress(t, body), hash); err != nil {
				t.Fatal(err)
			}
			_, err := db.Body(ctx, res.DocumentID)
			if !errors.Is(err, ErrCorruptBlob) || !strings.Contains(err.Error(), hash) {
				t.Errorf("Body: %v, want a sha256 mismatch naming blob %s", err, hash)
			}
		})
	}
}

func mustCompress(t testing.TB, b []byte) []byte {
	t.Helper()
	z, err := compress(b)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

// gzipped is b as stores before migration 008 wrote it: gzip at the
// fastest level.
func gzipped(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	zw.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A file of schema 007 holds gzip blobs: after migration they read as
// before; Compact rewrites them as zstd under the same hashes, and a
// second Compact finds nothing to do.
func TestGzipBlobsAfterMigrationAndCompact(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old := openSchema(t, path, 7)
	names := testutil.Fixtures(t)
	bodies := map[int64][]byte{}
	var gzBytes int64
	for i, name := range names {
		body := mustRead(t, name)
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:])
		gz := gzipped(t, body)
		gzBytes += int64(len(gz))
		if _, err := old.Exec(`INSERT INTO blobs (sha256, size, encoding, data) VALUES (?, ?, 'gzip', ?)`, hash, len(body), gz); err != nil {
			t.Fatal(err)
		}
		id := int64(i + 1)
		if _, err := old.Exec(`INSERT INTO documents (id, source, fetched_at, sha256) VALUES (?, ?, '2025-01-01T00:00:00.000000Z', ?)`, id, name, hash); err != nil {
			t.Fatal(err)
		}
		bodies[id] = body
	}
	old.Close()

	db, err := Open(ctx, path, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	check := func(when string) {
		t.Helper()
		for id, want := range bodies {
			got, err := db.Body(ctx, id)
			if err != nil {
				t.Fatalf("%s: document %d: %v", when, id, err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("%s: document %d: body differs", when, id)
			}
		}
	}
	check("after migration")
	hashes := func() string {
		var s string
		db.db.QueryRow(`SELECT group_concat(sha256 || ':' || size, ',') FROM (SELECT sha256, size FROM blobs ORDER BY id)`).Scan(&s)
		return s
	}
	before := hashes()
	calls := 0
	res, err := db.Compact(ctx, func(CompactResult) { calls++ })
	if err != nil {
		t.Fatal(err)
	}
	if res.Blobs != len(names) || res.BytesBefore != gzBytes || res.BytesAfter >= res.BytesBefore || calls == 0 {
		t.Errorf("compact: %+v (%d progress calls), want %d blobs from %d bytes, fewer after", res, calls, len(names), gzBytes)
	}
	if n := count(t, db, `SELECT count(*) FROM blobs WHERE encoding = 'zstd' AND dict_id = ?`, zdict.ID); n != len(names) {
		t.Errorf("%d zstd blobs after compact, want %d", n, len(names))
	}
	if after := hashes(); after != before {
		t.Errorf("hashes changed:\n%s\nwant\n%s", after, before)
	}
	check("after compact")
	res, err = db.Compact(ctx, nil)
	if err != nil || res.Blobs != 0 {
		t.Errorf("second compact: %+v, %v; want nothing to do", res, err)
	}
	if err := db.Vacuum(ctx); err != nil {
		t.Fatal(err)
	}
	check("after vacuum")
}

// Compact refuses a corrupt blob, naming it, and leaves the blobs of
// its transaction as they were.
func TestCompactCorruptBlob(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	body := mustRead(t, seed)
	sum := sha256.Sum256(body)
	hash := hex.EncodeToString(sum[:])
	if _, err := db.db.Exec(`INSERT INTO blobs (sha256, size, encoding, data) VALUES (?, ?, 'gzip', ?)`,
		hash, len(body), gzipped(t, append(bytes.Clone(body), 'x'))); err != nil {
		t.Fatal(err)
	}
	_, err := db.Compact(ctx, nil)
	if !errors.Is(err, ErrCorruptBlob) || !strings.Contains(err.Error(), hash) {
		t.Errorf("compact: %v, want a sha256 mismatch naming %s", err, hash)
	}
	if n := count(t, db, `SELECT count(*) FROM blobs WHERE encoding = 'gzip'`); n != 1 {
		t.Errorf("%d gzip blobs left, want 1", n)
	}
}
