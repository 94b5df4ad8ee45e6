package parser

import (
	"testing"

	"nianbao/internal/testutil"
)

// TestBlankTemplateRenderings prints the blank national template to PDF
// and HTML with the LibreOffice installed here (CI installs it), through
// the parser's own conversion: each rendering reads as the Word form
// does. Skipped when LibreOffice is not installed, or with -short.
func TestBlankTemplateRenderings(t *testing.T) {
	if _, err := sofficePath(); err != nil {
		t.Skip("soffice is not installed: TestBlankTemplate still reads the Word form")
	}
	if testing.Short() {
		t.Skip("-short: printing through LibreOffice takes seconds")
	}
	src := testutil.ReadFixture(t, "word/national-2021-template.docx")
	for _, form := range []string{"pdf", "html"} {
		t.Run(form, func(t *testing.T) {
			b, err := convertTo(src, "docx", form)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Parse(b, Options{Source: "national-2021-template." + form})
			if err != nil {
				t.Fatal(err)
			}
			checkBlankTemplate(t, r, form)
		})
	}
}
