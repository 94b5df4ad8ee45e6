package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkReparse re-parses an archive of 1,000 distinct copies of the
// fixtures' real report pages (NIANBAO_REPARSE_DOCS for another size)
// and reports the time a document:
//
//	go test ./store -run '^$' -bench Reparse -benchtime 3x -cpuprofile cpu.out
func BenchmarkReparse(b *testing.B) {
	n := envCount(b, "NIANBAO_REPARSE_DOCS", 1000)
	var bodies [][]byte
	for _, name := range realReports(b) {
		bodies = append(bodies, mustRead(b, name))
	}
	ctx := context.Background()
	opt := testOptions
	opt.Parse = parseCopy // an agency a copy, as at the import
	db, err := Open(ctx, filepath.Join(b.TempDir(), "reparse.db"), opt)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.saveAll(ctx, copies(bodies, n), parseCopy, func(_ Document, _ SaveResult, err error) error { return err }); err != nil {
		b.Fatal(err)
	}
	var total time.Duration
	for b.Loop() {
		start := time.Now()
		sum, err := db.Reparse(ctx, nil)
		total += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		if sum.Documents != n {
			b.Fatalf("%d documents re-parsed, want %d", sum.Documents, n)
		}
	}
	b.ReportMetric(float64(total)/float64(b.N)/float64(n)/1e6, "ms/doc")
	b.ReportMetric(0, "ns/op")
}
