package parser

import (
	"nianbao/internal/testutil"

	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
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
		t.Errorf("%s: %d records, the HTML %d; first difference:\n%s", page, len(got), len(exp), testutil.FirstDiff(strings.Join(exp, "\n"), strings.Join(got, "\n")))
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
			var src []byte
			if format == "odt" {
				// LibreOffice writes an HTML page as a web document
				// (text-web); agencies' ODT files are text documents
				var err error
				if src, err = convertTo(convertPage(t, "pingtan_2023", "docx"), "docx", "odt"); err != nil {
					t.Fatal(err)
				}
				if !bytes.Contains(src, []byte("application/vnd.oasis.opendocument.text")) || bytes.Contains(src, []byte("opendocument.text-web")) {
					t.Fatal("not an ODF text document")
				}
			} else {
				src = convertPage(t, "pingtan_2023", format)
			}
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
// national-2021 tables with every value null, table 四's 15 cells among
// them, and a blank-form finding.
func TestBlankTemplate(t *testing.T) {
	r := parseFixture(t, "word/national-2021-template.docx")
	checkBlankTemplate(t, r, "docx")
	// a filled report is not a blank form
	for _, f := range parseFixture(t, "word/pingtan_2024.docx").Findings {
		if f.Rule == "blank-form" {
			t.Errorf("blank-form on a filled report: %+v", f)
		}
	}
}

// checkBlankTemplate checks the reading of the blank national template
// in form form: every value null, each of table 四's 15 codes a record
// said in blank-cells, nothing missing, and a blank-form finding.
func checkBlankTemplate(t *testing.T, r *nianbao.Report, form string) {
	t.Helper()
	if r.Template != nianbao.TemplateNational2021 || r.Form != form {
		t.Fatalf("template %s form %s", r.Template, r.Form)
	}
	if r.Title != "政府信息公开工作年度报告格式模板" {
		t.Errorf("title %q", r.Title)
	}
	if len(r.Stats) < 160 {
		t.Errorf("%d stats, want the 10 cells of table 二 and 150 of table 三 at least", len(r.Stats))
	}
	t4 := map[string]bool{}
	for _, s := range r.Stats {
		if s.Value != nil || s.Raw != "" {
			t.Fatalf("a value in the blank form: %+v", s)
		}
		if s.Table == table4 {
			t4[s.Code] = true
		}
	}
	// table 四's data row has no label and 15 empty cells: printed blank,
	// each a null record named in blank-cells, none missing
	var blank *nianbao.Finding
	blankT4 := map[string]bool{}
	for i, f := range r.Findings {
		switch f.Rule {
		case "blank-form":
			blank = &r.Findings[i]
		case "missing-rows", "missing-cell", "truncated":
			t.Errorf("%s in the blank form: %s", f.Rule, f.Message)
		case "blank-cells":
			for _, c := range f.Codes {
				blankT4[c] = true
			}
		}
	}
	for _, g := range t4Groups {
		for _, o := range t4Outcomes {
			code := g.prefix + "." + o.code
			if !t4[code] {
				t.Errorf("table 四: no record for %s", code)
			}
			if !blankT4[code] {
				t.Errorf("table 四: %s not in blank-cells", code)
			}
		}
	}
	if blank == nil || blank.Kind != nianbao.KindReading || !strings.Contains(blank.Message, "blank form") {
		var rules []string
		for _, f := range r.Findings {
			rules = append(rules, f.Rule)
		}
		t.Errorf("no blank-form finding among %s", strings.Join(rules, " "))
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

// wordXML wraps body XML in a Word document part.
func wordXML(body string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
		`xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>` + body + `</w:body></w:document>`
}

// TestReadDOCX checks, on hand-made parts, what the reader takes from a
// Word document: runs joined, tabs and breaks, inserted text kept and
// deleted text dropped, content controls read through, the fallback of
// alternate content left out, spans expanded as HTML's are, nested
// tables as grids of their own.
func TestReadDOCX(t *testing.T) {
	body := `<w:p><w:r><w:t>平潭综合实验区20</w:t></w:r><w:r><w:t>24年度</w:t></w:r>` +
		`<w:ins><w:r><w:t>政府信息公开</w:t></w:r></w:ins><w:del><w:r><w:delText>删除的</w:delText></w:r></w:del>` +
		`<w:r><w:t>工作年度报告</w:t></w:r></w:p>` +
		`<w:sdt><w:sdtContent><w:p><w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t></w:r></w:p></w:sdtContent></w:sdt>` +
		`<w:p><mc:AlternateContent><mc:Choice><w:r><w:t>选</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>备</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>` +
		`<w:tbl>` +
		`<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>行</w:t></w:r></w:p></w:tc>` +
		`<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>头</w:t></w:r></w:p><w:p><w:r><w:t>二</w:t></w:r></w:p></w:tc></w:tr>` +
		`<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p>` +
		`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>内</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc>` +
		`<w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc></w:tr>` +
		`<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:p><w:r><w:t>3</w:t></w:r></w:p></w:tc>` +
		`<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>` +
		`</w:tbl><w:p><w:r><w:t>表后</w:t></w:r></w:p>`
	src := zipOf(t, map[string]string{
		"word/document.xml": wordXML(body),
		"docProps/core.xml": `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>核心标题</dc:title></cp:coreProperties>`,
	})
	z, err := openZip(src)
	if err != nil {
		t.Fatal(err)
	}
	d, err := readDOCX(z)
	if err != nil {
		t.Fatal(err)
	}
	if want := "平潭综合实验区2024年度政府信息公开工作年度报告\n甲 乙\n丙\n选\n表后\n"; d.text != want {
		t.Errorf("text %q, want %q", d.text, want)
	}
	if d.title != "" {
		t.Errorf("title %q from core.xml, though the body prints one", d.title)
	}
	if len(d.tables) != 2 {
		t.Fatalf("%d tables, want 2", len(d.tables))
	}
	show := func(g *Grid) string {
		var rows []string
		for _, r := range g.Rows {
			var cs []string
			for _, c := range r {
				s := c.Text
				if c.Spanned {
					s += "*"
				}
				if c.RowSpanned {
					s += "v"
				}
				cs = append(cs, s)
			}
			rows = append(rows, strings.Join(cs, "|"))
		}
		return strings.Join(rows, "\n")
	}
	// the vMerge continuation in the last row continues 2's column,
	// which had no restart: a plain blank cell
	if got, want := show(d.tables[0]), "行|头 二|头 二*\n行*v|1|2\n3|"; got != want {
		t.Errorf("outer table:\n%s\nwant\n%s", got, want)
	}
	if got := show(d.tables[1]); got != "内" {
		t.Errorf("nested table %q", got)
	}
	if d.tables[0].Form != "docx" {
		t.Errorf("form %q", d.tables[0].Form)
	}
}

// rawZip makes a ZIP package of one deflated entry whose header declares
// size bytes, whatever data holds.
func rawZip(t testing.TB, name string, data []byte, size uint64) []byte {
	t.Helper()
	var packed bytes.Buffer
	fw, _ := flate.NewWriter(&packed, flate.BestCompression)
	fw.Write(data)
	fw.Close()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	f, err := w.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CompressedSize64: uint64(packed.Len()), UncompressedSize64: size})
	if err != nil {
		t.Fatal(err)
	}
	f.Write(packed.Bytes())
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestDOCXLimits feeds packages built to exhaust memory or time: each is
// refused with an error naming the part, or read within its budget.
func TestDOCXLimits(t *testing.T) {
	many := map[string]string{"word/document.xml": wordXML("")}
	for i := range maxZipEntries {
		many[fmt.Sprintf("x/%d", i)] = ""
	}
	bomb := zipOf(t, map[string]string{"word/document.xml": wordXML("<w:p><w:r><w:t>" + strings.Repeat(" ", 4<<20) + "</w:t></w:r></w:p>")})
	deep := wordXML(strings.Repeat("<w:sdt>", maxXMLDepth) + strings.Repeat("</w:sdt>", maxXMLDepth))
	for _, c := range []struct {
		name string
		src  []byte
		want string
	}{
		{"entries", zipOf(t, many), "10001 entries"},
		{"bomb", bomb, "word/document.xml: expands"},
		{"declared too large", rawZip(t, "word/document.xml", []byte(wordXML("")), maxPartSize+1), "word/document.xml: 67108865 bytes uncompressed"},
		{"larger than declared", rawZip(t, "word/document.xml", []byte(wordXML("<w:p/>")), 20), "word/document.xml: "},
		{"deep", zipOf(t, map[string]string{"word/document.xml": deep}), "word/document.xml: line 1: elements nested more than 256 deep"},
		{"deep deleted", zipOf(t, map[string]string{"word/document.xml": wordXML("<w:del>" + strings.Repeat("<w:r>", 1000) + strings.Repeat("</w:r>", 1000) + "</w:del>")}), "word/document.xml: line 1: elements nested more than 256 deep"},
		{"broken xml", zipOf(t, map[string]string{"word/document.xml": wordXML("<w:p>")}), "word/document.xml: XML syntax error"},
		{"xlsx", zipOf(t, map[string]string{"xl/workbook.xml": "<workbook/>"}), "Excel workbook (xlsx)"},
		{"zip", zipOf(t, map[string]string{"a.txt": "a"}), "a ZIP archive, not a Word"},
		{"ods", zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}), "not a text document"},
		{"xls", append(append([]byte{}, oleMagic...), "W\x00o\x00r\x00k\x00b\x00o\x00o\x00k\x00"...), "Excel workbook (xls)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(c.src, Options{Source: c.name})
			if err == nil || !errors.Is(err, ErrNotReport) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err %v, want ErrNotReport naming %q", err, c.want)
			}
		})
	}
	// A row of cells spanning 100 columns, repeated: the grid stops at
	// the budget with a finding, as an HTML table does.
	row := `<w:tr><w:tc><w:tcPr><w:gridSpan w:val="100"/></w:tcPr><w:p/></w:tc></w:tr>`
	wide := zipOf(t, map[string]string{"word/document.xml": wordXML("<w:tbl>" + strings.Repeat(row, 3000) + "</w:tbl>")})
	r, err := Parse(wide, Options{Source: "wide"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) == 0 || r.Findings[0].Rule != "grid-too-large" || !strings.Contains(r.Findings[0].Message, "table 1") {
		t.Errorf("findings %+v", r.Findings)
	}
}

// TestOFD: an OFD document is archived with a finding, not refused.
func TestOFD(t *testing.T) {
	r, err := Parse(zipOf(t, map[string]string{"OFD.xml": "<ofd:OFD/>"}), Options{Source: "r.ofd"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Template != nianbao.TemplateNone || len(r.Findings) != 1 || r.Findings[0].Rule != "ofd-not-read" || r.Findings[0].Kind != nianbao.KindReading {
		t.Errorf("template %s findings %+v", r.Template, r.Findings)
	}
}

// FuzzParseDOCX feeds Word packages, the fixtures and small hand-made
// ones, mutated. LibreOffice is hidden: a mutation into an OLE or ODT
// file ends in the needs-libreoffice report, not in a conversion.
func FuzzParseDOCX(f *testing.F) {
	f.Setenv("PATH", f.TempDir())
	files, _ := filepath.Glob(filepath.Join("..", "fixtures", "word", "*.docx"))
	if len(files) == 0 {
		f.Fatal("no fixtures/word/*.docx")
	}
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add(zipOf(f, map[string]string{"word/document.xml": wordXML(`<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="3"/><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>信息内容</w:t></w:r></w:p></w:tc></w:tr>` +
		`<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`)}))
	f.Fuzz(checkReport)
}

// TestDOCXTitle: the title printed in the body comes before dc:title,
// which a file copied from last year's report still carries; dc:title
// serves when the body prints none.
func TestDOCXTitle(t *testing.T) {
	core := `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>某某局2020年度政府信息公开工作年度报告</dc:title></cp:coreProperties>`
	for _, c := range []struct {
		body  string
		title string
		year  int
	}{
		{`<w:p><w:r><w:t>某某局2021年度政府信息公开工作年度报告</w:t></w:r></w:p>`, "某某局2021年度政府信息公开工作年度报告", 2021},
		{`<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>`, "某某局2020年度政府信息公开工作年度报告", 2020},
	} {
		r, err := Parse(zipOf(t, map[string]string{"word/document.xml": wordXML(c.body), "docProps/core.xml": core}), Options{Source: "t.docx"})
		if err != nil {
			t.Fatal(err)
		}
		if r.Title != c.title || r.Year != c.year || r.Agency != "某某局" {
			t.Errorf("title %q year %d agency %q, want %q %d", r.Title, r.Year, r.Agency, c.title, c.year)
		}
	}
}
