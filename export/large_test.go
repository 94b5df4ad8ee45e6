package export

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"nianbao/internal/benchdb"
	"nianbao/store"
)

// largeDB stores n synthetic reports (benchdb.Build: 1.64 million
// values at 10,000). NIANBAO_LARGE_DB names a file to build once and
// keep (for measuring the command on it).
func largeDB(b *testing.B, n int) *store.DB {
	b.Helper()
	path := os.Getenv("NIANBAO_LARGE_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "large.db")
	}
	db, err := benchdb.Build(context.Background(), "..", path, n)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
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
