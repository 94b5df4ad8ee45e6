package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/width"

	"nianbao/internal/testutil"
)

// run runs the command line and returns its exit status and output.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb}
	code := m.Run(context.Background(), args)
	return code, out.String(), errb.String()
}

var seed = testutil.Fixture("seed/000_d451e8e22817c643.txt")

func TestParseJSON(t *testing.T) {
	code, out, stderr := run(t, "parse", "-json", seed, testutil.Fixture("html/pingtan_2015.html"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want one JSON object per file", len(lines))
	}
	var r struct {
		Source, Title, Agency, Published, Template string
		Year                                       int
		Stats                                      []struct {
			Code, Row, Column, Unit, Raw, Section, Table, Dim string
			Value                                             *float64
		}
		Findings []struct{ Rule, Severity, Message string }
	}
	if err := json.Unmarshal([]byte(lines[0]), &r); err != nil {
		t.Fatal(err)
	}
	if r.Agency != "赣州市商务局" || r.Year != 2017 || r.Template != "national-2014" || r.Published != "2017-02-05" || r.Source != seed {
		t.Errorf("metadata %+v", r)
	}
	if s := r.Stats[0]; s.Code != "proactive.total" || *s.Value != 806 || s.Unit != "条" || s.Column != "统计数" {
		t.Errorf("first stat %+v", s)
	}
	// A JSON null, not a zero, for the value the seed does not print.
	if !strings.Contains(lines[0], `"code":"training.trainees","dim":"","row":"（三）接受培训人员数","column":"统计数","unit":"人次","value":null,"raw":""`) {
		t.Error("cut-off row not printed with a null value")
	}
}

func TestParseTable(t *testing.T) {
	code, out, _ := run(t, "parse", seed)
	if code != 0 {
		t.Fatal(code)
	}
	for _, want := range []string{"agency:    赣州市商务局", "proactive.total", "806", "0+662+0+142+0 = 804", "training.trainees"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

func TestExitStatus(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "empty.html")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{nil, 2, "Usage"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"parse"}, 2, "at least one file"},
		{[]string{"parse", "-nope", seed}, 2, "flag provided but not defined"},
		{[]string{"parse", "does-not-exist.html"}, 1, "does-not-exist.html"},
		{[]string{"parse", empty}, 1, "empty.html: not a report: empty file"},
		// One unreadable file among readable ones: say so, but succeed.
		{[]string{"parse", empty, seed}, 0, "empty.html"},
		{[]string{"version"}, 0, ""},
		{[]string{"help"}, 0, ""},
		{[]string{"parse", "-h"}, 0, "Usage: nianbao parse"},
	} {
		code, _, stderr := run(t, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.stderr) {
			t.Errorf("nianbao %v: exit %d, stderr %q; want %d and %q", tc.args, code, stderr, tc.code, tc.stderr)
		}
	}
}

func TestIndicators(t *testing.T) {
	code, out, _ := run(t, "indicators")
	if code != 0 || !strings.Contains(out, "requests.partially_disclosed") || !strings.Contains(out, "同意部分公开答复数") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	code, out, _ = run(t, "indicators", "-json")
	var inds []struct{ Code, ZH, EN string }
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		var in struct{ Code, ZH, EN string }
		if err := json.Unmarshal([]byte(line), &in); err != nil {
			t.Fatalf("-json: not JSON Lines: %v: %s", err, line)
		}
		inds = append(inds, in)
	}
	if code != 0 || len(inds) < 50 {
		t.Errorf("exit %d, %d indicators", code, len(inds))
	}
}

func TestDisplayWidth(t *testing.T) {
	if w := displayWidth("赣州a１"); w != 7 {
		t.Errorf("width %d, want 7", w)
	}
	// The fast paths (CJK ideographs, the dash of an empty cell) agree
	// with the East Asian Width table they skip.
	tableWidth := func(r rune) int {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			return 2
		}
		return 1
	}
	for _, r := range append([]rune{'—'}, runeRange(0x4e00, 0x9fff)...) {
		if got, want := displayWidth(string(r)), tableWidth(r); got != want {
			t.Fatalf("width of %q (%U) %d, the table says %d", r, r, got, want)
		}
	}
}

// runeRange is the runes from lo to hi.
func runeRange(lo, hi rune) []rune {
	var rs []rune
	for r := lo; r <= hi; r++ {
		rs = append(rs, r)
	}
	return rs
}
