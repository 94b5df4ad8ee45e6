package parser

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"nianbao"
)

// blankStats returns the stats read from a blank cell: no value, nothing
// printed.
func blankStats(r *nianbao.Report) []nianbao.Stat {
	var out []nianbao.Stat
	for _, s := range r.Stats {
		if s.Value == nil && strings.TrimSpace(Clean(s.Raw)) == "" && !s.Derived {
			out = append(out, s)
		}
	}
	return out
}

func findingsOf(r *nianbao.Report, rule string) []nianbao.Finding {
	var out []nianbao.Finding
	for _, f := range r.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

// The nine blank cells of a real 2022 rendering's table 二 are one info
// finding of kind reading that lists them all and names their codes, so
// that each blank value keeps its link to it; no finding per cell.
func TestBlankCellsOneFinding(t *testing.T) {
	r := parseFixture(t, "renderings/030_shidz-gxq-shfzj_2022_excerpt.txt")
	if fs := findingsOf(r, "blank-cell"); len(fs) > 0 {
		t.Errorf("%d blank-cell findings, one per cell", len(fs))
	}
	fs := findingsOf(r, "blank-cells")
	if len(fs) != 1 {
		t.Fatalf("%d blank-cells findings, want 1: %+v", len(fs), r.Findings)
	}
	f := fs[0]
	if f.Severity != nianbao.SeverityInfo || f.Kind != nianbao.KindReading {
		t.Errorf("severity %s kind %s", f.Severity, f.Kind)
	}
	if !strings.HasPrefix(f.Message, table2+": 9 cell(s) printed blank") {
		t.Errorf("message %q", f.Message)
	}
	for _, cell := range []string{"proactive.regulations/issued (规章 × 本年制发件数) (line 11)", "proactive.admin_fees/amount", "(line 34)"} {
		if !strings.Contains(f.Message, cell) {
			t.Errorf("message does not name %s: %q", cell, f.Message)
		}
	}
	blanks := blankStats(r)
	if len(blanks) != 9 {
		t.Errorf("%d blank values, want 9", len(blanks))
	}
	for _, s := range blanks {
		if !slices.Contains(f.Codes, s.Code) {
			t.Errorf("blank value %s/%s not linked: codes %v", s.Code, s.Dim, f.Codes)
		}
	}
	if got := r.Status(); got != "partial" {
		t.Errorf("status %q: a report with blank values is partial", got)
	}
}

// A page that leaves every zero blank, as Shanghai's do (the real 2024
// Pingtan page with its 159 zero cells emptied): one finding per table,
// the message naming the first 20 cells and counting the rest, the codes
// naming every blank value's code.
func TestBlankCellsPerTable(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "fixtures", "html", "pingtan_2024.html"))
	if err != nil {
		t.Fatal(err)
	}
	src = bytes.ReplaceAll(src, []byte(">0<"), []byte("><"))
	r, err := Parse(src, Options{Source: "pingtan_2024_blank.html"})
	if err != nil {
		t.Fatal(err)
	}
	fs := findingsOf(r, "blank-cells")
	var tables []string
	for _, f := range fs {
		table, _, _ := strings.Cut(f.Message, ":")
		tables = append(tables, table)
	}
	if want := []string{table2, table3, table4}; !slices.Equal(tables, want) {
		t.Fatalf("blank-cells findings for %v, want one for each of %v", tables, want)
	}
	// the 总计 cells of table 三 are said once, in blank-total
	blanks := blankStats(r)
	byTable := map[string]int{}
	for _, s := range blanks {
		if s.Table != table3 || s.Dim != "" {
			byTable[s.Table]++
		}
	}
	total := 0
	for i, f := range fs {
		n := byTable[tables[i]]
		names := strings.Count(f.Message, "; ") + 1
		switch {
		case !strings.Contains(f.Message, ": "+strconv.Itoa(n)+" cell(s) printed blank"):
			t.Errorf("%s: %d blank cells, message %q", tables[i], n, f.Message)
		case n > maxBlankNames && (names != maxBlankNames+1 || !strings.HasSuffix(f.Message, "; and "+strconv.Itoa(n-maxBlankNames)+" more")):
			t.Errorf("%s: %d blank cells, message names %d: %q", tables[i], n, names, f.Message)
		case n <= maxBlankNames && names != n:
			t.Errorf("%s: %d blank cells, message names %d: %q", tables[i], n, names, f.Message)
		}
		total += n
		for _, s := range blanks {
			if s.Table == tables[i] && s.Code != "" && !slices.Contains(f.Codes, s.Code) {
				t.Errorf("blank value %s/%s not linked to %s", s.Code, s.Dim, tables[i])
			}
		}
	}
	if total < 100 {
		t.Errorf("only %d blank cells said", total)
	}
	for _, f := range r.Findings {
		if f.Rule == "blank-cell" || f.Severity == nianbao.SeverityWarning && strings.Contains(f.Message, "blank") && f.Rule != "blank-total" {
			t.Errorf("a blank cell said on its own: %+v", f)
		}
	}
}
