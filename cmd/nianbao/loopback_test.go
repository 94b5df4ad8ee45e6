package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckLoopback(t *testing.T) {
	for _, tc := range []struct {
		addr string
		ok   bool
	}{
		{"127.0.0.1:8760", true},
		{"127.0.0.2:0", true},
		{"[::1]:8760", true},
		{"localhost:8760", true},
		{"LOCALHOST:1", true},
		{"[::ffff:127.0.0.1]:80", true},
		{"0.0.0.0:8799", false},
		{":8799", false},
		{"[::]:8799", false},
		{"192.168.1.20:8799", false},
		{"10.0.0.5:80", false},
		{"[fe80::1]:80", false},
		{"example.com:80", false},
		{"localhost.example.com:80", false},
		{"127.0.0.1", false}, // no port
	} {
		err := checkLoopback(tc.addr)
		if (err == nil) != tc.ok {
			t.Errorf("checkLoopback(%q) = %v, want ok %v", tc.addr, err, tc.ok)
		}
	}
}

// demo -addr refuses an address other machines can reach before it
// serves or writes anything, unless -public.
func TestDemoRefusesPublicAddr(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	for _, addr := range []string{"0.0.0.0:8799", "192.168.1.20:8799", "example.com:8799", ":8799"} {
		code, out, stderr := run(t, "demo", "-db", db, "-o", filepath.Join(dir, "demo.csv"), "-addr", addr)
		if code != 2 || !strings.Contains(stderr, "demo -addr") || !strings.Contains(stderr, "-public") || out != "" {
			t.Errorf("demo -addr %s: exit %d, stdout %q, stderr %q; want exit 2 naming -public", addr, code, out, stderr)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("the refused demo created its database")
	}
}
