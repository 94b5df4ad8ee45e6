package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/internal/testutil"
)

var (
	pingtanHTML  = testutil.Fixture("html/pingtan_2019.html")
	pingtanGlued = testutil.Fixture("text/003_pingtan-zhqsyq_2019.txt")
)

func TestImportSaysAlternativeOrSupersedes(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  string
	}{
		{"glued after HTML", []string{pingtanHTML, pingtanGlued}, "report 2 kept as alternative to report 1 (status partial, report 1 is ok)"},
		{"HTML after glued", []string{pingtanGlued, pingtanHTML}, "report 2 supersedes report 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "t.db")
			var out string
			for _, f := range tt.files {
				code, o, stderr := run(t, "import", "-db", db, f)
				if code != 0 {
					t.Fatalf("import %s: exit %d: %s", f, code, stderr)
				}
				out += o
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("import output lacks %q:\n%s", tt.want, out)
			}
			code, q, stderr := run(t, "query", "-db", db, "SELECT source FROM latest_reports")
			if code != 0 || !strings.Contains(q, "pingtan_2019.html") || strings.Contains(q, "003_pingtan") {
				t.Errorf("current report is not the HTML page: exit %d\n%s%s", code, q, stderr)
			}
		})
	}
}

func TestCompareKeepsRegionsApart(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	body, err := os.ReadFile(pingtanHTML)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, r := range []string{"江苏省", "浙江省"} {
		f := filepath.Join(dir, r+".html")
		if err := os.WriteFile(f, body, 0o644); err != nil {
			t.Fatal(err)
		}
		if code, out, stderr := run(t, "import", "-db", db, "-region", r, f); code != 0 || strings.Contains(out, "alternative") {
			t.Fatalf("import -region %s: exit %d\n%s%s", r, code, out, stderr)
		}
	}
	code, out, stderr := run(t, "compare", "-db", db, "-code", "proactive.regulations")
	if code != 0 {
		t.Fatalf("compare: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"平潭综合实验区 (江苏省)", "平潭综合实验区 (浙江省)"} {
		if !strings.Contains(out, want) {
			t.Errorf("compare lacks a row %q:\n%s", want, out)
		}
	}
	code, out, stderr = run(t, "export", "-db", db, "-code", "proactive.regulations")
	if code != 0 || !strings.Contains(out, "江苏省") || !strings.Contains(out, "浙江省") {
		t.Errorf("export lacks a region: exit %d\n%s%s", code, out, stderr)
	}
}
