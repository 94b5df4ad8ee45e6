package export

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"nianbao"
	"nianbao/parser"
	"nianbao/store"
)

// largeDB stores n synthetic reports: the golden fixtures and a 2021
// report in turn, each under an agency of its own. NIANBAO_LARGE_DB names
// a file to build once and keep (for measuring the command on it).
func largeDB(b *testing.B, n int) *store.DB {
	b.Helper()
	ctx := context.Background()
	path := os.Getenv("NIANBAO_LARGE_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "large.db")
	}
	_, statErr := os.Stat(path)
	var fx []*nianbao.Report
	var bodies [][]byte
	for _, name := range append(goldenFixtures, "fixtures/text/013_pingtan-zhqsyq_2021.txt") {
		body, err := os.ReadFile(filepath.Join("..", name))
		if err != nil {
			b.Fatal(err)
		}
		r, err := parser.Parse(body, parser.Options{Source: name})
		if err != nil {
			b.Fatal(err)
		}
		fx, bodies = append(fx, r), append(bodies, body)
	}
	parse := func(d store.Document) (*nianbao.Report, error) {
		i, err := strconv.Atoi(filepath.Base(d.Source))
		if err != nil {
			return nil, err
		}
		r := *fx[i%len(fx)]
		r.Agency = fmt.Sprintf("%s%d", r.Agency, i)
		return &r, nil
	}
	db, err := store.Open(ctx, path, store.Options{Parse: parse, ParserVersion: parser.Version, Indicators: parser.Indicators()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if statErr == nil {
		return db
	}
	docs := func(yield func(store.Document) bool) {
		for i := range n {
			body := fmt.Appendf(append([]byte(nil), bodies[i%len(bodies)]...), "\n<!-- copy %d -->\n", i)
			if !yield(store.Document{Source: fmt.Sprintf("large/%d", i), Body: body}) {
				return
			}
		}
	}
	if err := db.SaveAll(ctx, docs, func(d store.Document, _ store.SaveResult, err error) error { return err }); err != nil {
		b.Fatal(err)
	}
	return db
}

// peakHeap samples the heap in use while fn runs and returns its peak.
func peakHeap(fn func()) uint64 {
	runtime.GC()
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	fn()
	close(done)
	return peak.Load()
}

// BenchmarkLargeExport exports 10,000 reports (NIANBAO_LARGE_N to change)
// as a workbook and as wide CSV, and reports the peak heap in use:
//
//	go test ./export -run '^$' -bench LargeExport -benchtime 1x
func BenchmarkLargeExport(b *testing.B) {
	n := 10000
	if s := os.Getenv("NIANBAO_LARGE_N"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	db := largeDB(b, n)
	for _, opt := range []Options{
		{Format: XLSX, Layout: Wide},
		{Format: XLSX, Layout: Long},
		{Format: CSV, Layout: Wide},
		{Format: CSV, Layout: Long},
	} {
		b.Run(opt.Format+"-"+opt.Layout, func(b *testing.B) {
			for b.Loop() {
				var rows int
				var err error
				var w countWriter
				peak := peakHeap(func() { rows, err = Write(context.Background(), db, &w, opt) })
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
				b.ReportMetric(float64(w)/(1<<20), "out-MiB")
				b.ReportMetric(float64(rows), "rows")
			}
		})
	}
}

type countWriter int64

func (w *countWriter) Write(p []byte) (int, error) { *w += countWriter(len(p)); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)
