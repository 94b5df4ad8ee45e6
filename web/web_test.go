package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"nianbao"
	"nianbao/export"
	"nianbao/parser"
	"nianbao/store"
)

// get fetches path from srv and returns the response and body.
func get(t *testing.T, base, path string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// page fetches an HTML page that must answer 200 and parses it.
func page(t *testing.T, base, path string) *goquery.Document {
	t.Helper()
	resp, body := get(t, base, path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d: %s", path, resp.StatusCode, body)
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return doc
}

// one runs a query of one row on db.
func one(t *testing.T, db *store.DB, q string, args []any, dest ...any) {
	t.Helper()
	rows, err := db.Query(context.Background(), q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatalf("%s %v: no row", q, args)
	}
	if err := rows.Scan(dest...); err != nil {
		t.Fatal(err)
	}
}

var pagePaths = []string{
	"/",
	"/?lang=en",
	"/indicator",
	"/indicator?ind=requests.received",
	"/indicator?ind=requests.received&region=350000&level=county&kind=government&from=2019&to=2023",
	"/findings",
	"/findings?kind=source&severity=warning",
	"/search?q=" + url.QueryEscape("政策解读形式"),
	"/search?q=" + url.QueryEscape("问题"),
	"/report/1",
}

// TestPages checks that every view answers with the strict CSP, escapes
// an agency name holding markup, and that the archive file is not
// changed by serving it.
func TestPages(t *testing.T) {
	srv, _, path := testServer(t)
	before := fileHash(t, path)
	for _, p := range pagePaths {
		resp, body := get(t, srv.URL, p)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d: %.300s", p, resp.StatusCode, body)
			continue
		}
		if got := resp.Header.Get("Content-Security-Policy"); got != csp {
			t.Errorf("%s: CSP %q", p, got)
		}
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: Content-Type %q", p, resp.Header.Get("Content-Type"))
		}
		if bytes.Contains(body, []byte("<b>长乐")) {
			t.Errorf("%s: agency markup not escaped", p)
		}
		if bytes.Contains(body, []byte("http://")) || bytes.Contains(body, []byte("https://")) && !strings.HasPrefix(p, "/report/") {
			t.Errorf("%s: names another host", p)
		}
	}
	doc := page(t, srv.URL, "/findings")
	if !strings.Contains(doc.Find("#ranked").Text(), "<b>长乐</b>区人民政府办公室") {
		t.Error("findings: the agency with markup is not shown as text")
	}
	if en := page(t, srv.URL, "/?lang=en").Find("h1").Text(); en != "Overview" {
		t.Errorf("English title %q", en)
	}
	if after := fileHash(t, path); after != before {
		t.Error("serving changed the archive file")
	}
	for _, bad := range []string{"/report/x", "/report/999999", "/indicator?ind=requests.received&region=35%27%20OR%201", "/findings?kind=nope", "/?download=pdf"} {
		if resp, _ := get(t, srv.URL, bad); resp.StatusCode < 400 {
			t.Errorf("%s: status %d, want an error", bad, resp.StatusCode)
		}
	}
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// TestIndicatorTable checks the agencies × years table against the
// archive, cell by cell, and that the charts have one series per agency.
func TestIndicatorTable(t *testing.T) {
	srv, db, _ := testServer(t)
	doc := page(t, srv.URL, "/indicator?ind=requests.received")
	rows := doc.Find("#values tbody tr")
	if rows.Length() != len(testAgencies) {
		t.Fatalf("%d rows, want %d agencies", rows.Length(), len(testAgencies))
	}
	cells := 0
	doc.Find("#values td[data-report]").Each(func(_ int, s *goquery.Selection) {
		id, _ := strconv.ParseInt(s.AttrOr("data-report", ""), 10, 64)
		var v sql.NullFloat64
		one(t, db, `SELECT value FROM stats WHERE report_id = ? AND code = 'requests.received' AND dim = '' ORDER BY seq LIMIT 1`, []any{id}, &v)
		want := "—"
		if v.Valid {
			want = num(v.Float64)
		}
		if got := strings.TrimSpace(s.Find("a").Text()); got != want {
			t.Errorf("report %d: cell %q, archive %q", id, got, want)
		}
		cells++
	})
	var n int
	one(t, db, `SELECT count(DISTINCT report_id) FROM compare_values WHERE code = 'requests.received' AND dim = ''`, nil, &n)
	if cells != n {
		t.Errorf("%d cells, archive has %d reports with the value", cells, n)
	}
	if got := doc.Find("#line-chart g.series").Length(); got != len(testAgencies) {
		t.Errorf("line chart: %d series, want %d", got, len(testAgencies))
	}
	if got := doc.Find("#bar-chart g.bar").Length(); got != len(testAgencies) {
		t.Errorf("bar chart: %d bars, want %d", got, len(testAgencies))
	}
	// Searching the dictionary in Chinese and English.
	for _, q := range []string{"收到", "received"} {
		d := page(t, srv.URL, "/indicator?ind="+url.QueryEscape(q))
		if d.Find("#matches a[href$='ind=requests.received']").Length() == 0 {
			t.Errorf("%s: requests.received not among the matches", q)
		}
	}
	// Filters that select nothing.
	d := page(t, srv.URL, "/indicator?ind=requests.received&region=320000")
	if d.Find("#values").Length() != 0 {
		t.Error("region 320000: values shown from another province")
	}
}

// TestReportPage checks the report's provenance, its tables and the
// findings marked at the cells they name.
func TestReportPage(t *testing.T) {
	srv, db, _ := testServer(t)
	var id int64
	var code string
	one(t, db, `SELECT fc.report_id, fc.code FROM finding_codes fc JOIN stats s ON s.report_id = fc.report_id AND s.code = fc.code
		JOIN reports r ON r.id = fc.report_id AND r.latest = 1 ORDER BY fc.report_id LIMIT 1`, nil, &id, &code)
	doc := page(t, srv.URL, "/report/"+strconv.FormatInt(id, 10))
	var sha string
	one(t, db, `SELECT d.sha256 FROM reports r JOIN documents d ON d.id = r.document_id WHERE r.id = ?`, []any{id}, &sha)
	if !strings.Contains(doc.Find("#provenance").Text(), sha) {
		t.Error("provenance lacks the SHA-256")
	}
	var stats int
	one(t, db, `SELECT count(*) FROM stats WHERE report_id = ?`, []any{id}, &stats)
	if got := doc.Find("table.printed td[data-code]").Length(); got == 0 || got > stats {
		t.Errorf("%d cells shown, report has %d values", got, stats)
	}
	marked := doc.Find("table.printed td[data-code='" + code + "'] .marks a")
	if marked.Length() == 0 {
		t.Fatalf("no finding marked at the cells of %s", code)
	}
	target := strings.TrimPrefix(marked.First().AttrOr("href", ""), "#")
	if doc.Find("#"+target).Length() != 1 {
		t.Errorf("mark links to %q, no such finding row", target)
	}
}

// TestOriginal checks that the archived bytes come back as fetched, as
// an attachment in a sandbox.
func TestOriginal(t *testing.T) {
	srv, _, _ := testServer(t)
	resp, body := get(t, srv.URL, "/original/1")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	want, err := os.ReadFile(yearFixtures[0])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(body, want) {
		t.Error("body is not the fixture's bytes")
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type %q, want the stored one", ct)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") {
		t.Errorf("Content-Disposition %q", cd)
	}
	if c := resp.Header.Get("Content-Security-Policy"); !strings.HasPrefix(c, "sandbox") {
		t.Errorf("CSP %q, want a sandbox", c)
	}
	if resp, _ := get(t, srv.URL, "/original/99999"); resp.StatusCode != 404 {
		t.Errorf("missing document: status %d", resp.StatusCode)
	}
}

// TestSearch checks the full-text search, the LIKE fallback for short
// queries, and that quotes in a query are text.
func TestSearch(t *testing.T) {
	srv, _, _ := testServer(t)
	n := len(testAgencies) * len(yearFixtures)
	if got, want := page(t, srv.URL, "/search").Find("p.note").First().Text(), fmt.Sprintf("已索引报告: %d / %d", n, n); got != want {
		t.Errorf("index note %q, want %q", got, want)
	}
	doc := page(t, srv.URL, "/search?q="+url.QueryEscape("政策解读形式不够丰富"))
	res := doc.Find("#results li")
	if res.Length() != len(testAgencies) { // one 2021 report per agency
		t.Fatalf("%d results, want %d", res.Length(), len(testAgencies))
	}
	if m := res.First().Find("mark").Text(); m != "政策解读形式不够丰富" {
		t.Errorf("marked %q", m)
	}
	doc = page(t, srv.URL, "/search?q="+url.QueryEscape("丰富"))
	if doc.Find("#results li").Length() == 0 {
		t.Error("two-character query found nothing")
	}
	if doc.Find("#results mark").First().Text() != "丰富" {
		t.Error("two-character query: match not marked")
	}
	for _, q := range []string{`"政策" OR x`, `%_\`, `a"b`} {
		page(t, srv.URL, "/search?q="+url.QueryEscape(q))
	}
	if doc := page(t, srv.URL, "/search?q="+url.QueryEscape("没有这句话的报告")); doc.Find("#results li").Length() != 0 {
		t.Error("a phrase no report holds was found")
	}
}

// TestDownloads checks that every view's table downloads as CSV and as
// an xlsx that excelize reads back with the page's numbers.
func TestDownloads(t *testing.T) {
	srv, db, _ := testServer(t)
	for _, p := range []string{"/", "/indicator?ind=requests.received", "/findings", "/report/1", "/search?q=" + url.QueryEscape("政策解读")} {
		sep := "?"
		if strings.Contains(p, "?") {
			sep = "&"
		}
		resp, body := get(t, srv.URL, p+sep+"download=csv")
		if resp.StatusCode != 200 || !bytes.HasPrefix(body, []byte(export.BOM)) {
			t.Errorf("%s csv: status %d, %.40q", p, resp.StatusCode, body)
		}
		resp, body = get(t, srv.URL, p+sep+"download=xlsx")
		if resp.StatusCode != 200 {
			t.Fatalf("%s xlsx: status %d: %s", p, resp.StatusCode, body)
		}
		f, err := excelize.OpenReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("%s xlsx: %v", p, err)
		}
		rows, err := f.GetRows("Sheet1")
		f.Close()
		if err != nil || len(rows) < 2 {
			t.Fatalf("%s xlsx: %d rows, %v", p, len(rows), err)
		}
	}
	_, body := get(t, srv.URL, "/indicator?ind=requests.received&download=xlsx")
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Sheet1")
	head := rows[0]
	for _, row := range rows[1:] {
		for j := 2; j < len(row); j++ {
			if row[j] == "" {
				continue
			}
			var v float64
			one(t, db, `SELECT value FROM compare_values WHERE code = 'requests.received' AND dim = '' AND agency = ? AND year = ? ORDER BY report_id, seq LIMIT 1`,
				[]any{row[0], head[j]}, &v)
			if row[j] != num(v) {
				t.Errorf("%s %s: xlsx %s, archive %v", row[0], head[j], row[j], v)
			}
		}
	}
}

func TestCheckAddr(t *testing.T) {
	for _, c := range []struct {
		addr   string
		public bool
		ok     bool
	}{
		{"127.0.0.1:8080", false, true},
		{"localhost:0", false, true},
		{"[::1]:8080", false, true},
		{"0.0.0.0:8080", false, false},
		{":8080", false, false},
		{"192.168.1.2:80", false, false},
		{"0.0.0.0:8080", true, true},
		{"nohost", false, false},
	} {
		err := CheckAddr(c.addr, c.public)
		if (err == nil) != c.ok {
			t.Errorf("CheckAddr(%q, %v) = %v", c.addr, c.public, err)
		}
	}
}

// TestCacheFollowsArchive checks that a page kept in the cache is read
// again once the archive changes.
func TestCacheFollowsArchive(t *testing.T) {
	srv, _, path := testServer(t)
	total := func() string {
		return page(t, srv.URL, "/").Find("h2").First().Text()
	}
	before := total()
	if again := total(); again != before {
		t.Fatalf("%q then %q with no change", before, again)
	}
	ctx := context.Background()
	w, err := store.Open(ctx, path, store.Options{ParserVersion: parser.Version, Indicators: parser.Indicators(),
		Parse: func(d store.Document) (*nianbao.Report, error) {
			return parser.Parse(d.Body, parser.Options{Source: d.Source})
		}})
	if err != nil {
		t.Fatal(err)
	}
	body, err := os.ReadFile("../fixtures/seed/000_d451e8e22817c643.txt")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.SaveDocument(ctx, store.Document{Source: "seed.txt", Body: body}); err != nil {
		t.Fatal(err)
	}
	w.Close()
	want := strings.Replace(before, strconv.Itoa(len(testAgencies)*len(yearFixtures)), strconv.Itoa(len(testAgencies)*len(yearFixtures)+1), 1)
	if after := total(); after != want {
		t.Errorf("after a new report: %q, want %q", after, want)
	}
}

// TestFindingsRanking checks the ranking against the report_findings
// view: each report's count of source findings, in decreasing order.
func TestFindingsRanking(t *testing.T) {
	srv, db, _ := testServer(t)
	doc := page(t, srv.URL, "/findings")
	rows := doc.Find("#ranked tbody tr")
	if rows.Length() == 0 {
		t.Fatal("no report ranked")
	}
	prev := 1 << 30
	rows.Each(func(_ int, tr *goquery.Selection) {
		id := strings.TrimPrefix(tr.Find("a").AttrOr("href", ""), "/report/")
		src, _ := strconv.Atoi(tr.Find("td").Eq(3).Text())
		all, _ := strconv.Atoi(tr.Find("td").Eq(4).Text())
		var wantSrc, wantAll int
		one(t, db, `SELECT source_findings, findings FROM report_findings WHERE report_id = ?`, []any{id}, &wantSrc, &wantAll)
		if src != wantSrc || all != wantAll {
			t.Errorf("report %s: %d source of %d findings, view says %d of %d", id, src, all, wantSrc, wantAll)
		}
		if src > prev {
			t.Errorf("report %s: %d source findings after %d", id, src, prev)
		}
		prev = src
	})
	var n int
	one(t, db, `SELECT count(*) FROM report_findings WHERE findings > 0`, nil, &n)
	if rows.Length() != min(n, findingsLimit) {
		t.Errorf("%d reports ranked, %d have findings", rows.Length(), n)
	}
	if d := page(t, srv.URL, "/findings?kind=source&region=320000"); d.Find("#ranked tbody tr").Length() != 0 {
		t.Error("region 320000 ranks reports of another province")
	}
}

// TestDerivedCells checks that a value the parser computed (raw text
// empty) is shown in its cell, marked as derived.
func TestDerivedCells(t *testing.T) {
	srv, db, _ := testServer(t)
	var id int64
	var code, dim string
	var v float64
	one(t, db, `SELECT report_id, code, dim, value FROM stats WHERE derived = 1 AND raw = '' AND value IS NOT NULL AND code <> '' ORDER BY report_id, seq LIMIT 1`, nil, &id, &code, &dim, &v)
	doc := page(t, srv.URL, "/report/"+strconv.FormatInt(id, 10))
	cell := doc.Find("table.printed td.derived[data-code='" + code + "'][data-dim='" + dim + "']").First()
	if cell.Length() == 0 {
		t.Fatalf("report %d: no derived cell for %s/%s", id, code, dim)
	}
	if got := strings.TrimSpace(cell.Contents().First().Text()); got != num(v) {
		t.Errorf("report %d %s/%s: cell %q, value %s", id, code, dim, got, num(v))
	}
}
