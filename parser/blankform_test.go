package parser

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"nianbao/internal/testutil"
)

// TestBlankTemplateRenderings prints the blank national template to PDF
// and HTML with the LibreOffice installed here (CI installs it): each
// rendering reads as the Word form does. Skipped when soffice is not
// installed, or with -short.
func TestBlankTemplateRenderings(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice is not installed: TestBlankTemplate still reads the Word form")
	}
	if testing.Short() {
		t.Skip("-short: printing through LibreOffice takes seconds")
	}
	dir := t.TempDir()
	src := testutil.Fixture("word/national-2021-template.docx")
	for _, form := range []string{"pdf", "html"} {
		t.Run(form, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			args := []string{"-env:UserInstallation=file://" + filepath.ToSlash(filepath.Join(dir, "profile")),
				"--headless", "--convert-to", form, "--outdir", dir, src}
			if out, err := exec.CommandContext(ctx, soffice, args...).CombinedOutput(); err != nil {
				t.Fatalf("soffice: %v\n%s", err, out)
			}
			name := filepath.Join(dir, "national-2021-template."+form)
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatalf("soffice made no %s: %v", form, err)
			}
			r, err := Parse(b, Options{Source: name})
			if err != nil {
				t.Fatal(err)
			}
			checkBlankTemplate(t, r, form)
		})
	}
}
