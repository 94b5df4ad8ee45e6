//go:build unix

package parser

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fakeSoffice puts a shell script named soffice, and nothing else, on the
// PATH.
func fakeSoffice(t *testing.T, script string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "soffice"), []byte("#!/bin/sh\n"+script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+":/bin:/usr/bin")
}

// TestConvertTimeout runs a LibreOffice that never finishes and starts a
// child of its own, as soffice starts soffice.bin: after the timeout the
// conversion fails, naming the wait, and the child is killed too.
func TestConvertTimeout(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "child.pid")
	fakeSoffice(t, "sleep 300 &\necho $! > "+pidFile+"\nwait\n")
	old := ConvertTimeout
	ConvertTimeout = time.Second
	defer func() { ConvertTimeout = old }()
	start := time.Now()
	_, err := Parse([]byte(`{\rtf1 报告}`), Options{Source: "r.rtf"})
	if err == nil || !strings.Contains(err.Error(), "no result after 1s, stopped") || !strings.Contains(err.Error(), "RTF") {
		t.Fatalf("err %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %s", d)
	}
	b, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	if pid == 0 {
		t.Fatalf("pid file %q", b)
	}
	// the child may take a moment to be reaped by init
	for i := 0; i < 50; i++ {
		if syscall.Kill(pid, 0) != nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Errorf("soffice's child %d outlived the timeout", pid)
}

// TestConvertFails: a LibreOffice that fails, or writes nothing, is an
// error naming what it said, not a report.
func TestConvertFails(t *testing.T) {
	fakeSoffice(t, "echo 'Error: source file could not be loaded' >&2\nexit 1\n")
	_, err := Parse([]byte(`{\rtf1 报告}`), Options{Source: "r.rtf"})
	if err == nil || !strings.Contains(err.Error(), "convert the RTF document with LibreOffice") || !strings.Contains(err.Error(), "source file could not be loaded") {
		t.Errorf("failing soffice: %v", err)
	}
	fakeSoffice(t, "exit 0\n")
	_, err = Parse([]byte(`{\rtf1 报告}`), Options{Source: "r.rtf"})
	if err == nil || !strings.Contains(err.Error(), "wrote no docx file") {
		t.Errorf("silent soffice: %v", err)
	}
}
