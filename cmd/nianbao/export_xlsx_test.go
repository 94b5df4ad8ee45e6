package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestExportXLSX: a workbook needs -o; -o - writes it to a pipe (here a
// buffer, not a terminal); -o FILE writes a workbook excelize reads.
func TestExportXLSX(t *testing.T) {
	db := importedDB(t)
	code, out, stderr := run(t, "export", "-db", db, "-format", "xlsx")
	if code != 2 || out != "" || !strings.Contains(stderr, "-format xlsx needs -o FILE") {
		t.Errorf("xlsx without -o: exit %d, %d bytes out: %s", code, len(out), stderr)
	}
	if code, _, stderr := run(t, "export", "-db", db, "-format", "xlsx", "-findings", "-o", "-"); code != 2 || !strings.Contains(stderr, "findings sheet") {
		t.Errorf("xlsx -findings: exit %d: %s", code, stderr)
	}
	code, out, stderr = run(t, "export", "-db", db, "-format", "xlsx", "-o", "-", "-code", "proactive.total")
	if code != 0 || !strings.HasPrefix(out, "PK") {
		t.Fatalf("xlsx to a pipe: exit %d: %s", code, stderr)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "values.xlsx")
	code, _, stderr = run(t, "export", "-db", db, "-format", "xlsx", "-layout", "wide", "-o", file)
	if code != 0 || !strings.Contains(stderr, "report rows (sheet data; dictionary, findings and sources beside) to "+file) {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "data,dictionary,findings,sources" {
		t.Errorf("sheets %s", got)
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 {
		t.Errorf("%d files beside the workbook, want none: a workbook carries its dictionary", len(es)-1)
	}
	if code, _, stderr := run(t, "export", "-db", db, "-header", "tall"); code != 2 || !strings.Contains(stderr, "-header") {
		t.Errorf("-header tall: exit %d: %s", code, stderr)
	}
}

// TestExportDictionaryFile: a CSV file has FILE.dictionary.csv beside it,
// unless -no-dictionary; standard output has none.
func TestExportDictionaryFile(t *testing.T) {
	db := importedDB(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "values.csv")
	code, _, stderr := run(t, "export", "-db", db, "-o", out, "-layout", "wide", "-code", "requests.received")
	dict := filepath.Join(dir, "values.dictionary.csv")
	if code != 0 || !strings.Contains(stderr, "dictionary entries to "+dict) {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(dict)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBFcode,dim,label_zh,label_en,unit,templates,description,")) || !strings.Contains(string(b), "\nrequests.received,,收到申请数,") {
		t.Errorf("dictionary %q", b[:min(len(b), 300)])
	}
	if strings.Contains(string(b), "proactive.total") {
		t.Error("the dictionary has a code the export does not")
	}
	out2 := filepath.Join(dir, "other")
	if code, _, stderr := run(t, "export", "-db", db, "-o", out2, "-no-dictionary"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(out2 + ".dictionary.csv"); err == nil {
		t.Error("-no-dictionary wrote a dictionary")
	}
	if code, _, _ := run(t, "export", "-db", db, "-format", "jsonl", "-o", filepath.Join(dir, "v.jsonl")); code != 0 {
		t.Fatal(code)
	}
	if es, _ := os.ReadDir(dir); len(es) != 4 {
		t.Errorf("%d files, want values.csv, its dictionary, other and v.jsonl", len(es))
	}
	for in, want := range map[string]string{"a/values.csv": "a/values.dictionary.csv", "v.CSV": "v.dictionary.csv", "out": "out.dictionary.csv", "x.txt": "x.txt.dictionary.csv"} {
		if got := dictionaryPath(in); got != want {
			t.Errorf("dictionaryPath(%q) = %q, want %q", in, got, want)
		}
	}
}
