package store

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// envCount is the count a benchmark's environment variable name sets
// (the first of a comma-separated list), or def when it is unset.
func envCount(tb testing.TB, name string, def int) int {
	tb.Helper()
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(strings.Split(s, ",")[0])
	if err != nil || n <= 0 {
		tb.Fatalf("%s=%q: want a positive count", name, s)
	}
	return n
}
