package parser

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nianbao/internal/testutil"
)

// TestPDFFromLibreOffice prints the fixture pages to PDF with the
// LibreOffice installed here (CI installs it) and checks that each PDF
// gives the records its page gives, as TestPDFSameAsHTML does for the
// committed PDFs. Skipped when soffice is not installed, or with -short.
func TestPDFFromLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice is not installed (apt install libreoffice-writer fonts-noto-cjk): " +
			"the committed PDFs in fixtures/pdf are still checked by TestPDFSameAsHTML")
	}
	if testing.Short() {
		t.Skip("-short: printing five documents through LibreOffice takes a minute")
	}
	sources := []string{"html/pingtan_2015.html", "html/pingtan_2019.html", "html/pingtan_2023.html", "html/pingtan_2024.html", "seed/000_d451e8e22817c643.txt"}
	dir := t.TempDir()
	args := []string{"-env:UserInstallation=file://" + filepath.ToSlash(filepath.Join(dir, "profile")), "--headless", "--convert-to", "pdf", "--outdir", dir}
	for _, s := range sources {
		args = append(args, testutil.Fixture(s))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(ctx, soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	warmPDF(t)
	for _, s := range sources {
		t.Run(s, func(t *testing.T) {
			base := filepath.Base(s)
			pdf := filepath.Join(dir, strings.TrimSuffix(base, filepath.Ext(base))+".pdf")
			src, err := os.ReadFile(pdf)
			if err != nil {
				t.Fatalf("soffice made no PDF of %s: %v", s, err)
			}
			got, err := Parse(src, Options{Source: pdf})
			if err != nil {
				t.Fatal(err)
			}
			comparePDF(t, parseFixture(t, s), got)
		})
	}
}
