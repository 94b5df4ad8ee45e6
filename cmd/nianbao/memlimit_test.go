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
