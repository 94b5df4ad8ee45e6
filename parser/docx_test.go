package parser

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"nianbao"
)

var makeWord = flag.Bool("make-word", false, "remake fixtures/word/pingtan_* from fixtures/html with LibreOffice")

// wordPages are the fixture pages whose report a test turns into Word
// documents with LibreOffice; pingtan_2019 and pingtan_2024 are committed
// as fixtures/word/*.docx so that the DOCX reader is tested without it.
var wordPages = []string{"pingtan_2015", "pingtan_2019", "pingtan_2023", "pingtan_2024"}

// reportHTML is the report of a fixture page as an agency's Word file
// holds it: the title and the article body, without the page chrome
// (whose scripts, frames and remote images LibreOffice would try to load).
func reportHTML(t testing.TB, page string) []byte {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "fixtures", "html", page+".html"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	title, _ := doc.Find(`meta[name="ArticleTitle"]`).Attr("content")
	body := doc.Find(".TRS_Editor").First()
	if title == "" || body.Length() == 0 {
		t.Fatalf("%s: no ArticleTitle or TRS_Editor", page)
	}
	body.Find("img, script, style, iframe, link, object, embed").Remove()
	inner, err := body.Html()
	if err != nil {
		t.Fatal(err)
	}
	t0 := html.EscapeString(title)
	return []byte("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + t0 + "</title></head><body>\n<p>" + t0 + "</p>\n" + inner + "\n</body></html>\n")
}

// needSoffice skips a test that needs LibreOffice where it is missing.
func needSoffice(t testing.TB) {
	t.Helper()
	if _, err := sofficePath(); err != nil {
		t.Skip("LibreOffice (soffice) is not on the PATH: the documents LibreOffice makes are not tested (apt-get install libreoffice-writer)")
	}
}

// convertPage makes a document of the given format (docx, doc, odt) from
// a fixture page's report with LibreOffice.
func convertPage(t testing.TB, page, format string) []byte {
	t.Helper()
	out, err := convertTo(reportHTML(t, page), "html", format)
	if err != nil {
		t.Fatalf("%s to %s: %v", page, format, err)
	}
	return out
}

// records are a report's values, one "code dim = value" a line, sorted.
func records(r *nianbao.Report) []string {
	var out []string
	for _, s := range r.Stats {
		v := "null"
		if s.Value != nil {
			v = num(*s.Value)
		}
		out = append(out, fmt.Sprintf("%s %s = %s", s.Code, s.Dim, v))
	}
	slices.Sort(out)
	return out
}

// sameRecords fails unless a Word form of a page reads as its HTML does:
// the same template, agency, year and records.
func sameRecords(t *testing.T, page string, r *nianbao.Report) {
	t.Helper()
	want := parseFixture(t, "html/"+page+".html")
	if r.Template != want.Template || r.Agency != want.Agency || r.Year != want.Year {
		t.Errorf("%s: template %s agency %q year %d, the HTML gives %s %q %d", page, r.Template, r.Agency, r.Year, want.Template, want.Agency, want.Year)
	}
	got, exp := records(r), records(want)
	if len(exp) == 0 {
		t.Fatalf("%s: the HTML has no records", page)
	}
	if !slices.Equal(got, exp) {
		t.Errorf("%s: %d records, the HTML %d; first difference:\n%s", page, len(got), len(exp), firstDiff(strings.Join(exp, "\n"), strings.Join(got, "\n")))
	}
}

// TestDOCXFixtures reads the committed Word files LibreOffice made from
// the fixture pages: the same records as the HTML.
func TestDOCXFixtures(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "fixtures", "word", "pingtan_*.docx"))
	if len(files) < 2 {
		t.Fatalf("%d fixtures/word/pingtan_*.docx, want at least 2", len(files))
	}
	for _, f := range files {
		page := strings.TrimSuffix(filepath.Base(f), ".docx")
		t.Run(page, func(t *testing.T) {
			r := parseFixture(t, "word/"+page+".docx")
			if r.Form != "docx" || r.Charset != "utf-8" {
				t.Errorf("form %q charset %q, want docx utf-8", r.Form, r.Charset)
			}
			sameRecords(t, page, r)
		})
	}
}

// TestDOCXFromLibreOffice makes a Word file of every fixture page with
// LibreOffice and reads it: the same records as the HTML. With -make-word
// it rewrites the committed fixtures/word files.
func TestDOCXFromLibreOffice(t *testing.T) {
	needSoffice(t)
	for _, page := range wordPages {
		t.Run(page, func(t *testing.T) {
			docx := convertPage(t, page, "docx")
			if *makeWord {
				if err := os.WriteFile(filepath.Join("..", "fixtures", "word", page+".docx"), docx, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			r, err := Parse(docx, Options{Source: page + ".docx"})
			if err != nil {
				t.Fatal(err)
			}
			sameRecords(t, page, r)
		})
	}
}

// TestConvertedFormats reads a DOC and an ODT LibreOffice made from a
// fixture page through the conversion back to DOCX: the same records as
// the HTML, with the form saying what was read.
func TestConvertedFormats(t *testing.T) {
	needSoffice(t)
	for _, format := range []string{"doc", "odt"} {
		t.Run(format, func(t *testing.T) {
			src := convertPage(t, "pingtan_2023", format)
			if *makeWord && format == "doc" {
				if err := os.WriteFile(filepath.Join("..", "fixtures", "word", "pingtan_2023.doc"), src, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			r, err := Parse(src, Options{Source: "pingtan_2023." + format})
			if err != nil {
				t.Fatal(err)
			}
			if r.Form != format {
				t.Errorf("form %q, want %q", r.Form, format)
			}
			sameRecords(t, "pingtan_2023", r)
		})
	}
}

// TestNeedsLibreOffice hides LibreOffice from the PATH: a DOC, WPS, ODT
// or RTF document is a report with no table and a needs-libreoffice
// finding, not an error, so that it is archived.
func TestNeedsLibreOffice(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	odt := zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office:document-content/>"})
	doc, err := os.ReadFile(filepath.Join("..", "fixtures", "word", "pingtan_2023.doc"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		src  []byte
		want string
	}{
		{"doc", doc, "Word 97–2003 (DOC)"},
		{"odt", odt, "OpenDocument text (ODT)"},
		{"rtf", []byte(`{\rtf1\ansi 2023年度报告}`), "RTF"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := Parse(c.src, Options{Source: "x." + c.name})
			if err != nil {
				t.Fatal(err)
			}
			if r.Template != nianbao.TemplateNone || len(r.Stats) != 0 || len(r.Findings) != 1 {
				t.Fatalf("template %s, %d stats, findings %+v", r.Template, len(r.Stats), r.Findings)
			}
			f := r.Findings[0]
			if f.Rule != "needs-libreoffice" || f.Kind != nianbao.KindReading || !strings.Contains(f.Message, c.want) {
				t.Errorf("finding %+v", f)
			}
		})
	}
}

// TestBlankTemplate reads the national template's own Word form: the
// national-2021 tables with every value null, and a blank-form finding.
func TestBlankTemplate(t *testing.T) {
	r := parseFixture(t, "word/national-2021-template.docx")
	if r.Template != nianbao.TemplateNational2021 || r.Form != "docx" {
		t.Fatalf("template %s form %s", r.Template, r.Form)
	}
	if r.Title != "政府信息公开工作年度报告格式模板" {
		t.Errorf("title %q", r.Title)
	}
	if len(r.Stats) < 160 {
		t.Errorf("%d stats, want the 10 cells of table 二 and 150 of table 三 at least", len(r.Stats))
	}
	for _, s := range r.Stats {
		if s.Value != nil || s.Raw != "" {
			t.Fatalf("a value in the blank form: %+v", s)
		}
	}
	var blank *nianbao.Finding
	for i, f := range r.Findings {
		if f.Rule == "blank-form" {
			blank = &r.Findings[i]
		}
	}
	if blank == nil || blank.Kind != nianbao.KindMetadata || !strings.Contains(blank.Message, "blank form") {
		t.Errorf("no blank-form finding: %+v", r.Findings)
	}
	// a filled report is not a blank form
	for _, f := range parseFixture(t, "word/pingtan_2024.docx").Findings {
		if f.Rule == "blank-form" {
			t.Errorf("blank-form on a filled report: %+v", f)
		}
	}
}

// zipOf makes a ZIP package of the given entries.
func zipOf(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var names []string
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, n := range names {
		f, err := w.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(files[n]))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
