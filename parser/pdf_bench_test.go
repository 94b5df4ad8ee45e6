package parser

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// benchPDFs are the fixture PDFs the benchmark reads, with their pages.
var benchPDFs = []struct {
	name  string
	pages int
}{
	{"pdf/pingtan_2019_identityh.pdf", 13},
	{"pdf/pingtan_2024_identityh.pdf", 7},
	{"pdf/pingtan_2024.pdf", 8},
	{"pdf/pingtan_2015.pdf", 8},
}

// BenchmarkPDF reads each fixture PDF with Parse (PDFium in wasm, the
// grid, the template reader) and with `pdftotext -layout` (poppler, a
// new process each time, text only), in the same run, and reports the
// time per page of each. pdftotext is skipped where it is not installed.
// The engine is built before timing (its compile is cached on disk).
func BenchmarkPDF(b *testing.B) {
	warmPDF(b)
	pdftotext, lookErr := exec.LookPath("pdftotext")
	for _, f := range benchPDFs {
		path := filepath.Join("..", "fixtures", filepath.FromSlash(f.name))
		src, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(filepath.Base(f.name)+"/nianbao", func(b *testing.B) {
			for b.Loop() {
				if _, err := Parse(src, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N*f.pages), "ms/page")
		})
		b.Run(filepath.Base(f.name)+"/pdftotext", func(b *testing.B) {
			if lookErr != nil {
				b.Skip("pdftotext is not installed (apt install poppler-utils)")
			}
			for b.Loop() {
				if out, err := exec.Command(pdftotext, "-layout", path, "-").Output(); err != nil || len(out) == 0 {
					b.Fatalf("pdftotext: %v", err)
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N*f.pages), "ms/page")
		})
	}
}
