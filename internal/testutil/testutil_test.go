package testutil

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that keeps what a helper reports.
type recorder struct {
	testing.TB
	errors, logs []string
}

func (r *recorder) Helper()                   {}
func (r *recorder) Errorf(f string, a ...any) { r.errors = append(r.errors, fmt.Sprintf(f, a...)) }
func (r *recorder) Log(a ...any)              { r.logs = append(r.logs, fmt.Sprint(a...)) }

func TestRootAndFixtures(t *testing.T) {
	if _, err := os.Stat(filepath.Join(Root(), "go.mod")); err != nil {
		t.Fatalf("root %s: %v", Root(), err)
	}
	seed := ReadFixture(t, "seed/000_d451e8e22817c643.txt")
	if !strings.Contains(string(seed), "赣州市商务局") {
		t.Error("the seed fixture does not name its agency")
	}
	all := Fixtures(t)
	if !strings.Contains(strings.Join(all, "\n"), Fixture("html/pingtan_2015.html")) {
		t.Errorf("Fixtures lacks html/pingtan_2015.html: %q", all)
	}
	for _, f := range all {
		if strings.HasSuffix(f, "README.md") {
			t.Errorf("Fixtures lists %s", f)
		}
	}
}

func TestGolden(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "x.golden")
	defer func(u bool) { *Update = u }(*Update)

	*Update = true
	Golden(t, path, []byte("a\nb\n"))
	if b, err := os.ReadFile(path); err != nil || string(b) != "a\nb\n" {
		t.Fatalf("-update wrote %q, %v", b, err)
	}

	*Update = false
	same := &recorder{TB: t}
	Golden(same, path, []byte("a\nb\n"))
	if len(same.errors) != 0 {
		t.Errorf("equal contents reported: %q", same.errors)
	}
	differs := &recorder{TB: t}
	Golden(differs, path, []byte("a\nc\n"))
	if len(differs.errors) != 1 || !strings.Contains(differs.errors[0], "line 2:\n  want b\n  got  c") {
		t.Errorf("a changed line reported as %q", differs.errors)
	}
}

func TestFirstDiff(t *testing.T) {
	for _, tc := range []struct{ want, got, diff string }{
		{"a\nb", "a\nb", ""},
		{"a\nb", "a\nx", "line 2:\n  want b\n  got  x"},
		{"a", "a\nmore", "line 2:\n  want \n  got  more"},
		{"a\ngone", "a", "line 2:\n  want gone\n  got  "},
	} {
		if d := FirstDiff(tc.want, tc.got); d != tc.diff {
			t.Errorf("FirstDiff(%q, %q) = %q, want %q", tc.want, tc.got, d, tc.diff)
		}
	}
}

func TestLogger(t *testing.T) {
	r := &recorder{TB: t}
	Logger(r).Debug("fetched", "url", "https://example.gov.cn/")
	if len(r.logs) != 1 || !strings.Contains(r.logs[0], "level=DEBUG msg=fetched url=https://example.gov.cn/") || strings.HasSuffix(r.logs[0], "\n") {
		t.Errorf("logged %q", r.logs)
	}
}
