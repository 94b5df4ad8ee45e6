package store

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"nianbao"
	"nianbao/internal/testutil"
	"nianbao/parser"
)

// oldParser reads as a nianbao before PDF and Word did: those are
// archived as failed, and it knows no link hints.
var oldParser = Options{ParserVersion: "0.5.0", Indicators: testOptions.Indicators,
	Parse: func(doc Document) (*nianbao.Report, error) {
		if bytes.HasPrefix(doc.Body, []byte("%PDF-")) || bytes.HasPrefix(doc.Body, []byte("PK")) {
			return nil, errors.New("PDF and Word: archived, not parsed yet")
		}
		return parser.Parse(doc.Body, parser.Options{Source: doc.Source})
	}}

// Reparse reads every archived PDF and Word file that an older parser
// archived as failed, and gives a crawled attachment the agency and
// year of its report page (from the urls table) when it names none.
func TestReparseReadsArchivedFiles(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := Open(ctx, path, oldParser)
	if err != nil {
		t.Fatal(err)
	}
	pdf := testutil.Fixture("pdf/pingtan_2015.pdf")
	docx := testutil.Fixture("word/pingtan_2023.docx")
	for _, f := range []string{pdf, docx} {
		if res := mustSave(t, db, f, mustRead(t, f)); res.Status() != "failed" {
			t.Fatalf("%s under the old parser: %s", f, res.Status())
		}
	}
	// A crawled attachment whose text names no agency, linked from a
	// report page whose title does.
	const page, att = "http://gov.test/2020/t1.htm", "http://gov.test/2020/P1.pdf"
	now := time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)
	if _, err := db.SaveFetched(ctx, URL{URL: page, Site: "s", Kind: "report", Title: "潜江市周矶街道办事处2020年政府信息公开工作年度报告", Year: 2020, FetchedAt: now, Status: 200}, nil); err != nil {
		t.Fatal(err)
	}
	zhouji := mustRead(t, testutil.Fixture("renderings/026_qianjiang-zhouji-jd_2020_excerpt.txt"))
	if _, err := db.SaveFetched(ctx, URL{URL: att, Site: "s", Kind: "attachment", Title: "附件.pdf", Year: 2020, Referrer: page, FetchedAt: now, Status: 200},
		&Document{Source: att, FetchedAt: now, Status: 200, Body: zhouji}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = Open(ctx, path, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Reparse(ctx, nil); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		source, agency, template string
		year                     int
	}{
		{pdf, "平潭综合实验区", "provincial", 2015},
		{docx, "平潭综合实验区", "national-2021", 2023},
		{att, "潜江市周矶街道办事处", "national-2019", 2020},
	} {
		var agency, template, status, version string
		var year, values int
		err := db.db.QueryRow(`SELECT r.agency, r.year, r.template, r.status, r.parser_version,
			(SELECT count(*) FROM stats s WHERE s.report_id = r.id AND s.value IS NOT NULL)
			FROM reports r JOIN documents d ON d.id = r.document_id WHERE d.source = ?`, c.source).Scan(&agency, &year, &template, &status, &version, &values)
		if err != nil {
			t.Fatalf("%s: %v", c.source, err)
		}
		if agency != c.agency || year != c.year || template != c.template || status == "failed" || version != parser.Version || values == 0 {
			t.Errorf("%s after reparse: %s %d %s %s parser %s, %d values", c.source, agency, year, template, status, version, values)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM stat_values WHERE agency = '平潭综合实验区' AND year = 2015 AND code = 'proactive.total' AND dim = '' AND value = 2949`); n != 1 {
		t.Errorf("%d current 2015 proactive.total = 2949 values read from the PDF, want 1", n)
	}
}
