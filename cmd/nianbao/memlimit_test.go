package main

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestWithMemoryLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	var during int64
	if err := withMemoryLimit(exportMemoryLimit, func() error { during = debug.SetMemoryLimit(-1); return nil }); err != nil {
		t.Fatal(err)
	}
	if during != exportMemoryLimit {
		t.Errorf("limit while running %d, want %d", during, exportMemoryLimit)
	}
	if after := debug.SetMemoryLimit(-1); after != before {
		t.Errorf("limit after %d, want the previous %d", after, before)
	}
	// A limit the user set is kept.
	t.Setenv("GOMEMLIMIT", "1GiB")
	prev := debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetMemoryLimit(prev)
	withMemoryLimit(exportMemoryLimit, func() error { during = debug.SetMemoryLimit(-1); return nil })
	if during != math.MaxInt64 {
		t.Errorf("limit with GOMEMLIMIT set %d, want it left alone", during)
	}
}

func TestWithGCPercent(t *testing.T) {
	t.Setenv("GOGC", "")
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	var during int
	if err := withGCPercent(compareGCPercent, func() error { during = debug.SetGCPercent(100); debug.SetGCPercent(during); return nil }); err != nil {
		t.Fatal(err)
	}
	if during != compareGCPercent {
		t.Errorf("GC percent while running %d, want %d", during, compareGCPercent)
	}
	if after := debug.SetGCPercent(100); after != 100 {
		t.Errorf("GC percent after %d, want the previous 100", after)
	}
	// A target the user set is kept.
	t.Setenv("GOGC", "50")
	debug.SetGCPercent(50)
	withGCPercent(compareGCPercent, func() error { during = debug.SetGCPercent(50); return nil })
	if during != 50 {
		t.Errorf("GC percent with GOGC set %d, want it left alone", during)
	}
}

// A crawl runs with both its memory limit and its GC target, and
// leaves both as they were.
func TestWithCrawlMemory(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	gc := debug.SetGCPercent(100)
	defer debug.SetGCPercent(gc)
	limit := debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetMemoryLimit(limit)
	var percent int
	var during int64
	err := withCrawlMemory(func() error {
		percent = debug.SetGCPercent(-1)
		debug.SetGCPercent(percent)
		during = debug.SetMemoryLimit(-1)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if percent != crawlGCPercent || during != crawlMemoryLimit {
		t.Errorf("while crawling: GC percent %d, limit %d; want %d and %d", percent, during, crawlGCPercent, crawlMemoryLimit)
	}
	if p, l := debug.SetGCPercent(100), debug.SetMemoryLimit(-1); p != 100 || l != math.MaxInt64 {
		t.Errorf("after: GC percent %d, limit %d; want 100 and the previous limit", p, l)
	}
}
