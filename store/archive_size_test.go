package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"

	"nianbao/internal/testutil"
	"nianbao/store/zdict"
)

// archivePages are the real pages the archive size is measured on:
// every file of fixtures/html (the four report pages and the listing)
// and of fixtures/text, the pages the dictionary was trained on.
func archivePages(tb testing.TB) (names []string, bodies [][]byte) {
	for _, dir := range []string{"html", "text"} {
		ms, err := filepath.Glob(testutil.Fixture(dir + "/*"))
		if err != nil {
			tb.Fatal(err)
		}
		for _, n := range ms {
			names = append(names, n)
			bodies = append(bodies, mustRead(tb, n))
		}
	}
	if len(names) < 12 {
		tb.Fatalf("only %d pages", len(names))
	}
	return names, bodies
}

// maxBlobAverage is the archive's target: at most 15 kB of blob per
// report page on average.
const maxBlobAverage = 15_000

// The pages the store archives take at most 15 kB each on average in
// blobs.data, over all the pages and over the portal pages of html/
// alone (gzip at level 1, as stores before migration 008 wrote, took 11.9 kB
// and 20.1 kB).
func TestArchiveSizeFixtures(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	names, bodies := archivePages(t)
	for i, n := range names {
		mustSave(t, db, n, bodies[i])
	}
	for _, tc := range []struct{ name, like string }{
		{"every page", "%"},
		{"portal pages (html/)", "%" + string(filepath.Separator) + "html" + string(filepath.Separator) + "%"},
	} {
		var raw, stored, pages int
		if err := db.db.QueryRowContext(ctx, `SELECT sum(b.size), sum(length(b.data)), count(*)
			FROM blobs b JOIN documents d ON d.sha256 = b.sha256 WHERE d.source LIKE ?`, tc.like).Scan(&raw, &stored, &pages); err != nil {
			t.Fatal(err)
		}
		if pages == 0 {
			t.Fatalf("%s: no pages", tc.name)
		}
		avg := stored / pages
		t.Logf("%s: %d pages, %d bytes: %d bytes in blobs, %d a page", tc.name, pages, raw, stored, avg)
		if avg > maxBlobAverage {
			t.Errorf("%s: %d bytes a page in blobs, want at most %d", tc.name, avg, maxBlobAverage)
		}
	}
}

// BenchmarkArchiveSize measures what the archive takes per page of
// fixtures/html and fixtures/text (12 pages, 698 kB):
//
//   - blob-B/page: blobs.data with the current dictionary, which was
//     trained on these very pages (optimistic);
//
//   - loo-B/page: each page compressed with a dictionary trained on the
//     other eleven (leave-one-out: a page the dictionary never saw);
//
//   - zstd-B/page: zstd without a dictionary; gzip-B/page: gzip at the
//     fastest level, as stores before migration 008 wrote;
//
//   - db-B/report and db-gzip-B/report: the database file per report
//     after importing 100 distinct copies of each page (1,200 reports,
//     with their values and findings), checkpointed and vacuumed, with
//     zstd blobs and with the same blobs as gzip.
//
//     go test ./store -run XXX -bench ArchiveSize -benchtime 1x
func BenchmarkArchiveSize(b *testing.B) {
	names, bodies := archivePages(b)
	plain, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstdLevel), zstd.WithEncoderCRC(false))
	if err != nil {
		b.Fatal(err)
	}
	var inSample, loo, noDict, gz int
	var table strings.Builder
	for i := range names {
		inSample += len(mustCompress(b, bodies[i]))
		noDict += len(plain.EncodeAll(bodies[i], nil))
		gz += len(gzipped(b, bodies[i]))
		var rest [][]byte
		rest = append(rest, bodies[:i]...)
		rest = append(rest, bodies[i+1:]...)
		d, err := zdict.Train(rest, 99)
		if err != nil {
			b.Fatal(err)
		}
		enc, err := zstd.NewWriter(nil, zstd.WithEncoderDict(d), zstd.WithEncoderLevel(zstdLevel), zstd.WithEncoderCRC(false))
		if err != nil {
			b.Fatal(err)
		}
		n := len(enc.EncodeAll(bodies[i], nil))
		loo += n
		fmt.Fprintf(&table, "\n| %s | %d | %d | %d | %d | %d |", filepath.Base(names[i]),
			len(bodies[i]), len(mustCompress(b, bodies[i])), n, len(plain.EncodeAll(bodies[i], nil)), len(gzipped(b, bodies[i])))
	}
	b.Logf("bytes stored per page:\n| page | bytes | zstd, dictionary | leave-one-out | zstd, no dictionary | gzip |%s", table.String())
	pages := float64(len(names))
	b.ReportMetric(float64(inSample)/pages, "blob-B/page")
	b.ReportMetric(float64(loo)/pages, "loo-B/page")
	b.ReportMetric(float64(noDict)/pages, "zstd-B/page")
	b.ReportMetric(float64(gz)/pages, "gzip-B/page")

	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "size.db")
	db, err := Open(ctx, path, testOptions)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	const copiesEach = 100
	n := copiesEach * len(bodies)
	if err := db.saveAll(ctx, copies(bodies, n), parseCopy, func(d Document, _ SaveResult, err error) error { return err }); err != nil {
		b.Fatal(err)
	}
	size := func() float64 {
		if err := db.Vacuum(ctx); err != nil {
			b.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		return float64(fi.Size())
	}
	zsize := size()
	var blobBytes int64
	db.db.QueryRow(`SELECT sum(length(data)) FROM blobs`).Scan(&blobBytes)
	b.ReportMetric(zsize/float64(n), "db-B/report")
	b.ReportMetric(float64(blobBytes)/float64(n), "db-blob-B/report")
	// The same database with gzip blobs, as before migration 008.
	for i := range n {
		body := fmt.Appendf(append([]byte{}, bodies[i%len(bodies)]...), "\n<!-- copy %d -->\n", i)
		if _, err := db.db.Exec(`UPDATE blobs SET encoding = 'gzip', dict_id = NULL, data = ?
			WHERE sha256 = (SELECT sha256 FROM documents WHERE source = ?)`, gzipped(b, body), fmt.Sprintf("copy/%d", i)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(size()/float64(n), "db-gzip-B/report")
	b.ReportMetric(0, "ns/op")
}
