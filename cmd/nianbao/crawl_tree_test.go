package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A crawl of a column with a year sub-column, a correction and a work
// plan stores the reports of both levels, the correction as a URL of
// kind correction linked to its report (and no report read from it),
// and the work plan as skipped with the reason.
func TestCrawlTreeAndNotices(t *testing.T) {
	page := func(body string) string {
		return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body>` + body + `</body></html>`
	}
	report := func(title string) string {
		return page(`<h1>` + title + `</h1><table><tr><td>收到申请数</td><td>12</td></tr><tr><td>行政复议</td><td>0</td></tr></table>`)
	}
	pages := map[string]string{
		"/nb/": page(`<ul><li><a href="./2021n/">2021年</a></li>
			<li><a href="./202101/t20210120_1.html">某区2020年度政府信息公开工作年度报告</a></li>
			<li><a href="./202105/t20210510_2.html">关于某区2020年度政府信息公开工作年度报告的更正说明</a></li>
			<li><a href="./202103/t20210301_3.html">某区2021年政务公开工作要点</a></li></ul>`),
		"/nb/2021n/":                        page(`<ul><li><a href="./202201/t20220120_4.html">某区2021年度政府信息公开工作年度报告</a></li></ul>`),
		"/nb/202101/t20210120_1.html":       report("某区2020年度政府信息公开工作年度报告"),
		"/nb/2021n/202201/t20220120_4.html": report("某区2021年度政府信息公开工作年度报告"),
		"/nb/202105/t20210510_2.html":       report("关于某区2020年度政府信息公开工作年度报告的更正说明"),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	sites := filepath.Join(t.TempDir(), "sites.toml")
	conf := fmt.Sprintf("contact = \"mailto:test@example.org\"\n\n[[site]]\nname = \"tree\"\nagency = \"某区\"\nlistings = [%q]\n", srv.URL+"/nb/")
	if err := os.WriteFile(sites, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	dbPath := filepath.Join(t.TempDir(), "crawl.db")
	code, out, stderr := run(t, "crawl", "-db", dbPath, "-sites", sites, "-allow-private", "-delay", "0", "-progress", "off")
	if code != 0 {
		t.Fatalf("crawl: exit %d\n%s\n%s", code, out, stderr)
	}
	db := sqlDB(t, dbPath)
	for _, c := range []struct {
		q    string
		args []any
		want int
	}{
		{`SELECT count(*) FROM urls WHERE kind = 'report' AND year IN (2020, 2021)`, nil, 2},
		{`SELECT count(*) FROM urls WHERE kind = 'listing' AND url = ?`, []any{srv.URL + "/nb/2021n/"}, 1},
		{`SELECT count(*) FROM corrections WHERE url = ? AND corrects_url = ? AND report_id IS NOT NULL AND document_id IS NOT NULL`,
			[]any{srv.URL + "/nb/202105/t20210510_2.html", srv.URL + "/nb/202101/t20210120_1.html"}, 1},
		{`SELECT count(*) FROM reports r JOIN documents d ON d.id = r.document_id WHERE d.source LIKE '%t20210510_2%'`, nil, 0},
		{`SELECT count(*) FROM fetches WHERE url = ? AND result = 'skipped' AND error LIKE '%work plan%工作要点%'`, []any{srv.URL + "/nb/202103/t20210301_3.html"}, 1},
	} {
		if n := queryInt(t, db, c.q, c.args...); n != c.want {
			t.Errorf("%s %v: %d, want %d", strings.Join(strings.Fields(c.q), " "), c.args, n, c.want)
		}
	}
}
