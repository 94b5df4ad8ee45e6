package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeLoopback checks that serve refuses an address other machines
// reach unless -public, and serves an imported archive on loopback
// until its context ends.
func TestServeLoopback(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	if code, _, stderr := run(t, "import", "-db", db, seed); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	for _, addr := range []string{"0.0.0.0:0", ":0"} {
		code, _, stderr := run(t, "serve", "-db", db, "-addr", addr)
		if code != 2 || !strings.Contains(stderr, "-public") {
			t.Errorf("serve -addr %s: exit %d, %q; want a usage error naming -public", addr, code, stderr)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	var out bytes.Buffer
	c := &ServeCommand{Stdout: &out, Stderr: io.Discard, ready: func(a string) { ready <- a }}
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx, []string{"-db", db, "-addr", "127.0.0.1:0"}) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("serve: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start")
	}
	resp, err := http.Get("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "概览") {
		t.Errorf("GET /: status %d: %.200s", resp.StatusCode, body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve after cancel: %v", err)
	}
	if !strings.Contains(out.String(), "read-only at http://127.0.0.1:") {
		t.Errorf("output %q", out.String())
	}
}
