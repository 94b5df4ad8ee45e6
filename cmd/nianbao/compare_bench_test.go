package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"nianbao/internal/benchdb"
)

// benchDB returns the path of a database of n synthetic reports
// (benchdb.Build: 1.64 million values at 10,000), built once in the
// file NIANBAO_LARGE_DB names when set, else in a temporary directory.
// NIANBAO_LARGE_N changes n from 10,000.
func benchDB(b *testing.B) string {
	b.Helper()
	n := 10000
	if s := os.Getenv("NIANBAO_LARGE_N"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	path := os.Getenv("NIANBAO_LARGE_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "large.db")
	}
	db, err := benchdb.Build(context.Background(), filepath.Join("..", ".."), path, n)
	if err != nil {
		b.Fatal(err)
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// compareSQL is the query the comparison reads, as store.Compare sends
// it for one code and no other filter: what the sqlite3 shell runs as
// the bare baseline.
const compareSQL = `SELECT dim, agency, region, region_code, year, value, unit, report_id, findings
	FROM compare_values WHERE code IN ('requests.received') ORDER BY code, dim, report_id, seq`

// pairedRatios times a and bare in turn, b.N times each, and reports
// a's time over bare's: min, median and max of the pairs, and the
// medians of both times.
func pairedRatios(b *testing.B, a, bare func() error) {
	b.Helper()
	var ratios, as, bares []float64
	for b.Loop() {
		t0 := time.Now()
		if err := a(); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := bare(); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		ta, tb := t1.Sub(t0).Seconds(), t2.Sub(t1).Seconds()
		ratios, as, bares = append(ratios, ta/tb), append(as, ta), append(bares, tb)
	}
	slices.Sort(ratios)
	slices.Sort(as)
	slices.Sort(bares)
	b.ReportMetric(ratios[0], "ratio-min")
	b.ReportMetric(ratios[len(ratios)/2], "ratio-median")
	b.ReportMetric(ratios[len(ratios)-1], "ratio-max")
	b.ReportMetric(as[len(as)/2]*1000, "ms-nianbao")
	b.ReportMetric(bares[len(bares)/2]*1000, "ms-bare")
}

// BenchmarkCompareVsShell runs `nianbao compare -code requests.received`
// (query, pivot, footnotes and printing to io.Discard) and the sqlite3
// shell running the comparison's SQL on the same database, in turn,
// and reports the ratio of their times (target: at most 1.5):
//
//	go test ./cmd/nianbao -run '^$' -bench CompareVsShell -benchtime 5x
func BenchmarkCompareVsShell(b *testing.B) {
	shell, err := exec.LookPath("sqlite3")
	if err != nil {
		b.Skip("no sqlite3 shell:", err)
	}
	path := benchDB(b)
	ctx := context.Background()
	pairedRatios(b, func() error {
		c := &CompareCommand{Stdout: io.Discard, Stderr: io.Discard}
		return c.Run(ctx, []string{"-db", path, "-code", "requests.received"})
	}, func() error {
		cmd := exec.Command(shell, "-readonly", path, compareSQL)
		cmd.Stdout = io.Discard
		return cmd.Run()
	})
}
