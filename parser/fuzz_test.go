package parser

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"nianbao"
)

// fuzzSeeds adds every fixture of the given kind to the corpus.
func fuzzSeeds(f *testing.F, dir string) {
	files, err := filepath.Glob(filepath.Join("..", "fixtures", dir, "*"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no fixtures in %s: %v", dir, err)
	}
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
}

// checkReport holds for any input: no panic, and a report whose records
// are well formed.
func checkReport(t *testing.T, src []byte) {
	r, err := Parse(src, Options{Source: "fuzz"})
	if err != nil {
		return
	}
	if r.Template == "" || r.Stats == nil || r.Findings == nil {
		t.Fatalf("incomplete report: %+v", r)
	}
	for _, s := range r.Stats {
		if !utf8.ValidString(s.Row) || !utf8.ValidString(s.Raw) {
			t.Fatalf("invalid UTF-8 in %+v", s)
		}
		// a glued run of digits is one number to readNumber, several cells
		// to the table: left unread when the arithmetic cannot split it
		// (the glued form, or a row of a text table whose values ran
		// together, said in a glued-cells finding)
		if s.Value == nil && s.Raw != "" && readNumber(s.Raw).problem == "" && r.Form != "glued" && !gluedFinding(r, s.Raw) {
			t.Fatalf("readable cell %q left without a value", s.Raw)
		}
	}
	for _, f := range r.Findings {
		if f.Severity != nianbao.SeverityError && f.Severity != nianbao.SeverityWarning && f.Severity != nianbao.SeverityInfo {
			t.Fatalf("bad severity %+v", f)
		}
	}
}

// gluedFinding reports whether r has a glued-cells finding naming raw.
func gluedFinding(r *nianbao.Report, raw string) bool {
	for _, f := range r.Findings {
		if f.Rule == "glued-cells" && strings.Contains(f.Message, raw) {
			return true
		}
	}
	return false
}

func FuzzParseText(f *testing.F) {
	fuzzSeeds(f, "seed")
	fuzzSeeds(f, "text")
	fuzzSeeds(f, "renderings")
	fuzzSeeds(f, "pdftext")
	f.Fuzz(checkReport)
}

func FuzzParseHTML(f *testing.F) {
	fuzzSeeds(f, "html")
	f.Add([]byte(`<table><tr><td rowspan=99 colspan=99>统计指标</td><td>单位</td></tr><tr><td colspan=0>一、</td></tr></table>`))
	f.Fuzz(checkReport)
}
