package main

import (
	"archive/zip"
	"bytes"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"nianbao/crawler/demosite"
)

// tablesOnlyDOCX returns fixtures/word/pingtan_2023.docx with every
// paragraph outside its tables and its core-properties title removed:
// a Word report that names neither its agency nor its year.
func tablesOnlyDOCX(t *testing.T) []byte {
	t.Helper()
	zr, err := zip.OpenReader("../../fixtures/word/pingtan_2023.docx")
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	table := regexp.MustCompile(`(?s)<w:tbl>.*?</w:tbl>`)
	para := regexp.MustCompile(`(?s)<w:p[ >].*?</w:p>`)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		switch f.Name {
		case "word/document.xml":
			s := string(b)
			var kept strings.Builder
			last := 0
			for _, m := range table.FindAllStringIndex(s, -1) {
				kept.WriteString(para.ReplaceAllString(s[last:m[0]], ""))
				kept.WriteString(s[m[0]:m[1]])
				last = m[1]
			}
			kept.WriteString(para.ReplaceAllString(s[last:], ""))
			b = []byte(kept.String())
		case "docProps/core.xml":
			b = regexp.MustCompile(`<dc:title>.*?</dc:title>`).ReplaceAll(b, []byte("<dc:title></dc:title>"))
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// A report page whose body only points to its attachment (详见附件)
// takes the attachment's report as its reading: the attachment, which
// names no agency or year, takes the page's, and being read more
// completely it becomes current, the page kept as its alternative.
func TestCrawlAttachmentOnlyPage(t *testing.T) {
	p, base, sites := portal(t)
	page := demosite.Entries("")[1].Path // 2023
	p.Set(page, "text/html; charset=utf-8", []byte(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>平潭综合实验区2023年度政府信息公开工作年度报告</title></head>`+
		`<body><div class="TRS_Editor"><p>平潭综合实验区2023年度政府信息公开工作年度报告详见附件。</p></div>`+
		`<ul id="file_ul_fj"><li><a href="./P020240308562870325421.docx">附件：年度报告.docx</a></li></ul></body></html>`))
	p.Set(demosite.WordAttachmentPath, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", tablesOnlyDOCX(t))
	dbPath := filepath.Join(t.TempDir(), "crawl.db")
	code, out, stderr := run(t, "crawl", "-db", dbPath, "-sites", sites, "-allow-private", "-delay", "0", "-progress", "off")
	if code != 0 {
		t.Fatalf("crawl: exit %d\n%s\n%s", code, out, stderr)
	}
	db := sqlDB(t, dbPath)
	var agency, template, status string
	var year, latest int
	err := db.QueryRow(`SELECT r.agency, r.year, r.template, r.status, r.latest FROM reports r JOIN documents d ON d.id = r.document_id WHERE d.source = ?`,
		base+demosite.WordAttachmentPath).Scan(&agency, &year, &template, &status, &latest)
	if err != nil {
		t.Fatal(err)
	}
	if agency != "平潭综合实验区" || year != 2023 || template != "national-2021" || latest != 1 {
		t.Errorf("attachment's report: %s %d %s %s latest %d; want the page's agency and year, current", agency, year, template, status, latest)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM findings f JOIN reports r ON r.id = f.report_id JOIN documents d ON d.id = r.document_id
		WHERE d.source = ? AND f.rule = 'identity-from-link'`, base+demosite.WordAttachmentPath); n != 1 {
		t.Errorf("%d identity-from-link findings on the attachment, want 1", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM reports r JOIN documents d ON d.id = r.document_id
		WHERE d.source = ? AND r.status = 'no table' AND r.latest = 0 AND r.year = 2023`, base+page); n != 1 {
		t.Error("the 详见附件 page's report is not kept as an alternative of the same report")
	}
	if n := queryInt(t, db, `SELECT count(*) FROM stat_values WHERE year = 2023 AND code = 'requests.received' AND dim = '' AND value = 81`); n != 1 {
		t.Errorf("%d current 2023 requests.received = 81 values, want 1 (from the attachment)", n)
	}
	if !regexp.MustCompile(`report \d+ supersedes report \d+.*P020240308562870325421\.docx`).MatchString(stderr) {
		t.Errorf("the crawl log does not say the attachment supersedes the page:\n%s", stderr)
	}
}

// When both the page and its PDF carry the table (the demo's 2015
// report), both are kept: read as completely, the later fetch (the PDF)
// is current and the page its alternative, and the crawl says so.
func TestCrawlPageAndPDFBothKept(t *testing.T) {
	_, base, sites := portal(t)
	dbPath := filepath.Join(t.TempDir(), "crawl.db")
	code, out, stderr := run(t, "crawl", "-db", dbPath, "-sites", sites, "-allow-private", "-delay", "0", "-progress", "off")
	if code != 0 {
		t.Fatalf("crawl: exit %d\n%s\n%s", code, out, stderr)
	}
	db := sqlDB(t, dbPath)
	rows, err := db.Query(`SELECT d.source, r.latest, r.status, (SELECT count(*) FROM stats s WHERE s.report_id = r.id AND s.value IS NOT NULL)
		FROM reports r JOIN documents d ON d.id = r.document_id WHERE r.year = 2015 ORDER BY d.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	type version struct {
		source, status string
		latest, values int
	}
	var got []version
	for rows.Next() {
		var v version
		if err := rows.Scan(&v.source, &v.latest, &v.status, &v.values); err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	pdf := base + demosite.AttachmentPath
	if len(got) != 2 || got[0].source == pdf || got[1].source != pdf || got[0].latest != 0 || got[1].latest != 1 ||
		got[0].values != got[1].values || got[0].status != "ok" || got[1].status != "ok" {
		t.Fatalf("2015 versions %+v; want the page then the PDF, as many values each, the PDF current", got)
	}
	if !regexp.MustCompile(`report \d+ supersedes report \d+.*P020160112384529174852\.pdf`).MatchString(stderr) {
		t.Errorf("the crawl log does not say the PDF supersedes the page:\n%s", stderr)
	}
}
