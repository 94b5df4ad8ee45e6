package testutil

import (
	"log/slog"
	"strings"
	"testing"
)

// Logger is a logger at debug level whose lines go to t.Log, so that
// they show only for a failing test or with -v. Nothing may log through
// it after the test has ended.
func Logger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(logWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// logWriter writes each line a handler writes to t.Log.
type logWriter struct{ t testing.TB }

func (w logWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}
