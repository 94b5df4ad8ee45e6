package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestWordFiles parses and imports a Word report: the values of the
// HTML page it was made from, stored as a report.
func TestWordFiles(t *testing.T) {
	docx := "../../fixtures/word/pingtan_2024.docx"
	code, out, stderr := run(t, "parse", docx)
	if code != 0 || !strings.Contains(out, "template:  national-2021 (docx, utf-8)") || !strings.Contains(out, "agency:    平潭综合实验区") {
		t.Fatalf("parse: exit %d\n%s%s", code, out, stderr)
	}
	db := filepath.Join(t.TempDir(), "w.db")
	code, out, stderr = run(t, "import", "-db", db, docx)
	if code != 0 || !strings.Contains(out, "平潭综合实验区 2024 national-2021, ok: 230 values") {
		t.Fatalf("import: exit %d\n%s%s", code, out, stderr)
	}
	code, out, _ = run(t, "query", "-db", db, "-csv", "-no-bom", "SELECT value, agency, year FROM stat_values WHERE code = 'requests.disclosed' AND dim = ''")
	if code != 0 || out != "value,agency,year\n71,平潭综合实验区,2024\n" {
		t.Errorf("requests.disclosed: %q", out)
	}
}
