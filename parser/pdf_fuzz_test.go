package parser

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzParsePDF feeds damaged PDFs to the reader: no panic, no hang (the
// per-document time limit stops PDFium), and a well-formed report or an
// error. The engine is built before fuzzing, so the compile (seconds on
// the first run, then read from the cache) is not charged to an input.
// Seeds: the small fixture PDFs (a predefined CMap, a picture, an
// encrypted file) and the first page of a LibreOffice report.
func FuzzParsePDF(f *testing.F) {
	for _, name := range []string{
		"../fixtures/pdf/cmap-GBK-EUC-H.pdf",
		"../fixtures/pdf/image-only.pdf",
		"../fixtures/pdf/seed_identityh.pdf",
		"testdata/encrypted.pdf",
	} {
		src, err := os.ReadFile(filepath.FromSlash(name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[2 0 R]/Count 1>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"))
	warmPDF(f)
	saved := PDFLimits
	PDFLimits.Timeout = 10 * time.Second
	f.Cleanup(func() { PDFLimits = saved })
	f.Fuzz(func(t *testing.T, src []byte) {
		if !bytes.HasPrefix(src, []byte("%PDF-")) {
			src = append([]byte("%PDF-1.7\n"), src...)
		}
		checkReport(t, src)
	})
}
