package parser

import (
	"path/filepath"
	"strings"
	"testing"

	"nianbao/internal/testutil"
)

// TestPDFFromLibreOffice prints the fixture pages to PDF with the
// LibreOffice installed here (CI installs it) and checks that each PDF
// gives the records its page gives, as TestPDFSameAsHTML does for the
// committed PDFs. Skipped when soffice is not installed, or with -short.
func TestPDFFromLibreOffice(t *testing.T) {
	if _, err := sofficePath(); err != nil {
		t.Skip("soffice is not installed (apt install libreoffice-writer fonts-noto-cjk): " +
			"the committed PDFs in fixtures/pdf are still checked by TestPDFSameAsHTML")
	}
	if testing.Short() {
		t.Skip("-short: printing five documents through LibreOffice takes a minute")
	}
	warmPDF(t)
	for _, s := range []string{"html/pingtan_2015.html", "html/pingtan_2019.html", "html/pingtan_2023.html", "html/pingtan_2024.html", "seed/000_d451e8e22817c643.txt"} {
		t.Run(s, func(t *testing.T) {
			// through the parser's own conversion (libreoffice.go)
			src, err := convertTo(testutil.ReadFixture(t, s), strings.TrimPrefix(filepath.Ext(s), "."), "pdf")
			if err != nil {
				t.Fatal(err)
			}
			got, err := Parse(src, Options{Source: s + ".pdf"})
			if err != nil {
				t.Fatal(err)
			}
			comparePDF(t, parseFixture(t, s), got)
		})
	}
}
