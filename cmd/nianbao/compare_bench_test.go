package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
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

// A timing is what one side of a paired run cost: wall time and CPU time
// (user and system).
type timing struct{ wall, cpu time.Duration }

// inProcess runs fn and returns its wall time and the CPU time this
// process spent meanwhile.
func inProcess(fn func() error) (timing, error) {
	var r0, r1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &r0)
	t0 := time.Now()
	err := fn()
	wall := time.Since(t0)
	syscall.Getrusage(syscall.RUSAGE_SELF, &r1)
	cpu := time.Duration(r1.Utime.Nano() - r0.Utime.Nano() + r1.Stime.Nano() - r0.Stime.Nano())
	return timing{wall, cpu}, err
}

// child runs cmd and returns its wall time and the CPU time it spent.
func child(cmd *exec.Cmd) (timing, error) {
	t0 := time.Now()
	err := cmd.Run()
	wall := time.Since(t0)
	if err != nil {
		return timing{}, err
	}
	return timing{wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}, nil
}

// pairedRatios runs a and bare in turn, b.N times each, and reports the
// ratios of a's wall and CPU times to bare's (min, median and max of the
// pairs) and the median times of both.
func pairedRatios(b *testing.B, a, bare func() (timing, error)) {
	b.Helper()
	var wall, cpu, aw, bw, ac, bc []float64
	for b.Loop() {
		ra, err := a()
		if err != nil {
			b.Fatal(err)
		}
		rb, err := bare()
		if err != nil {
			b.Fatal(err)
		}
		wall = append(wall, ra.wall.Seconds()/rb.wall.Seconds())
		cpu = append(cpu, ra.cpu.Seconds()/rb.cpu.Seconds())
		aw, bw = append(aw, ra.wall.Seconds()*1000), append(bw, rb.wall.Seconds()*1000)
		ac, bc = append(ac, ra.cpu.Seconds()*1000), append(bc, rb.cpu.Seconds()*1000)
	}
	for _, m := range []struct {
		name string
		xs   []float64
		all  bool
	}{{"wall-ratio", wall, true}, {"cpu-ratio", cpu, true}, {"ms-wall", aw, false}, {"ms-wall-bare", bw, false}, {"ms-cpu", ac, false}, {"ms-cpu-bare", bc, false}} {
		slices.Sort(m.xs)
		if m.all {
			b.ReportMetric(m.xs[0], m.name+"-min")
			b.ReportMetric(m.xs[len(m.xs)-1], m.name+"-max")
		}
		b.ReportMetric(m.xs[len(m.xs)/2], m.name+"-median")
	}
}

// devNull opens the null device for writing, as a shell's > /dev/null.
func devNull(b *testing.B) *os.File {
	b.Helper()
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { f.Close() })
	return f
}

// BenchmarkCompareVsShell runs `nianbao compare -code requests.received`
// (query, pivot, footnotes and printing to /dev/null) and the sqlite3
// shell running the comparison's SQL on the same database, printing to
// /dev/null, in turn, and reports the ratios of their wall and CPU
// times (target: at most 1.5). In-process runs the command in this
// process, as a caller of the package would; process runs it as the
// shell runs, a process of its own (this test binary, which starts as
// nianbao does), so that starting the Go runtime and every package's
// initialisation are counted too:
//
//	go test ./cmd/nianbao -run '^$' -bench CompareVsShell -benchtime 5x
func BenchmarkCompareVsShell(b *testing.B) {
	shell, err := exec.LookPath("sqlite3")
	if err != nil {
		b.Skip("no sqlite3 shell:", err)
	}
	path := benchDB(b)
	ctx := context.Background()
	null := devNull(b)
	args := []string{"compare", "-db", path, "-code", "requests.received"}
	bare := func() (timing, error) {
		cmd := exec.Command(shell, "-readonly", path, compareSQL)
		cmd.Stdout = null
		return child(cmd)
	}
	b.Run("in-process", func(b *testing.B) {
		pairedRatios(b, func() (timing, error) {
			return inProcess(func() error {
				c := &CompareCommand{Stdout: null, Stderr: io.Discard}
				return c.Run(ctx, args[1:])
			})
		}, bare)
	})
	b.Run("process", func(b *testing.B) {
		pairedRatios(b, func() (timing, error) {
			cmd := exec.Command(os.Args[0], args...)
			cmd.Env = append(os.Environ(), "NIANBAO_RUN_MAIN=1")
			cmd.Stdout = null
			return child(cmd)
		}, bare)
	})
}
