package main

import (
	"os"
	"runtime/debug"
)

// exportMemoryLimit is the soft limit on the Go heap while an export
// runs. An export streams, so what it holds is bounded, but with the
// garbage collector's default pacing the heap grows to twice that
// between collections. It was set when a workbook went through
// excelize's stream writer, which held up to 48 MiB of a sheet: 10,000
// reports peaked at 137 MB RSS without the limit and 96 MB with it. The
// workbook now goes into its zip row by row and peaks at 49 MB with or
// without the limit (see docs/performance.md); the limit stays as a
// bound for what an export may hold.
const exportMemoryLimit = 64 << 20

// crawlMemoryLimit is the soft limit on the Go heap while a crawl (or a
// scheduled one) runs. A crawl holds what its fetchers, parsers and the
// writer's batch have in flight, bounded by the pipeline's queues; with
// the garbage collector's default pacing the heap grew to twice that
// between collections and peak RSS with it: 131–149 MB at 5,200 pages
// without the limit, 115–117 MB with it, for 0.60 against 0.58–0.65 of a
// bare loop's CPU rate (docs/performance.md, crawl end to end). The
// documents in flight are far below it; only the collector's slack is
// cut.
const crawlMemoryLimit = 80 << 20

// crawlGCPercent is the garbage collector's target while a crawl runs
// (GOGC), under crawlMemoryLimit: the heap may grow to three times what
// is live between collections instead of twice, up to the limit. A
// crawl allocates every body it fetches (some 140 kB a report page) and
// keeps little: with the default, a crawl of 5,200 pages ran at 505–512
// pages/s in 116–117 MB, with 200 at 507–536 pages/s in 124–126 MB
// (3 runs each in turn, quiet machine; docs/performance.md).
const crawlGCPercent = 200

// withCrawlMemory runs a crawl's fn with crawlMemoryLimit and
// crawlGCPercent (each unless the user set GOMEMLIMIT or GOGC).
func withCrawlMemory(fn func() error) error {
	return withMemoryLimit(crawlMemoryLimit, func() error { return withGCPercent(crawlGCPercent, fn) })
}

// crawlCacheKiB is the page cache of each of a crawl's connections to a
// SQLite archive but the writer's (which keeps 8 MiB for its batch). The
// fetchers' look-ups of URLs and stored bodies read a few index pages
// each, from up to 8 connections at once (one a worker). With SQLite's
// default of 2,000 KiB a connection, the memory outside Go's heap grew
// from 17 to 44 MB over a crawl of 20,800 pages as the caches filled;
// with 512 KiB the crawl's peak RSS was 129 MB against 150 (one run
// each, busy machine; docs/performance.md).
const crawlCacheKiB = 512

// withMemoryLimit runs fn with the Go runtime's soft memory limit set to
// limit, and restores the previous limit after. A limit the user set
// with GOMEMLIMIT is left as it is.
func withMemoryLimit(limit int64, fn func() error) error {
	if os.Getenv("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(limit))
	}
	return fn()
}

// compareGCPercent is the garbage collector's target while a comparison
// runs (GOGC): the heap may grow to five times what is live between
// collections instead of twice. A comparison holds its table until it
// is printed and lasts a fraction of a second; with the default, the
// collector took about a seventh of its CPU time on 10,000 reports
// (measured with GOGC=100 against GOGC=off), at the cost of a few MB of
// peak memory (see docs/performance.md).
const compareGCPercent = 400

// withGCPercent runs fn with the garbage collector's target set to
// percent, and restores the previous target after. A target the user
// set with GOGC is left as it is.
func withGCPercent(percent int, fn func() error) error {
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(percent))
	}
	return fn()
}
