package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// limitPortal serves a listing of n reports on loopback, plus the links
// given, and writes a sites file for it.
func limitPortal(t *testing.T, n int, extra func(host string) string) (string, string) {
	t.Helper()
	mux := http.NewServeMux()
	var host string
	mux.HandleFunc("/nb/index.htm", func(w http.ResponseWriter, r *http.Request) {
		var b strings.Builder
		b.WriteString(`<html><head><meta charset="utf-8"></head><body><ul>`)
		for i := range n {
			fmt.Fprintf(&b, `<li><a href="/r/%d.htm">测试局%d年度政府信息公开工作年度报告</a></li>`, i, 2000+i)
		}
		if extra != nil {
			b.WriteString(extra(host))
		}
		b.WriteString(`</ul></body></html>`)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, b.String())
	})
	mux.HandleFunc("/r/redirect.htm", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://user:Pw7f3a9c@"+host+"/r/0.htm", http.StatusFound)
	})
	mux.HandleFunc("/r/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><head><meta charset="utf-8"><title>%s</title></head><body><p>测试局年度报告</p></body></html>`, r.URL.Path)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	host = strings.TrimPrefix(srv.URL, "http://")
	sites := filepath.Join(t.TempDir(), "sites.toml")
	conf := fmt.Sprintf("contact = \"mailto:test@example.org\"\n\n[[site]]\nname = \"limits\"\nlistings = [%q]\n", srv.URL+"/nb/index.htm")
	if err := os.WriteFile(sites, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	return srv.URL, sites
}

// -max-links and -max-pages reach the crawler: what they drop is in the
// fetch log, on the listing, with the number dropped.
func TestCrawlLimitFlags(t *testing.T) {
	_, sites := limitPortal(t, 30, nil)
	dir := t.TempDir()
	crawl := func(db string, flags ...string) (int, string) {
		args := append([]string{"crawl", "-db", filepath.Join(dir, db), "-sites", sites, "-allow-private", "-delay", "0", "-progress", "off"}, flags...)
		code, out, stderr := run(t, args...)
		return code, out + stderr
	}
	if code, out := crawl("links.db", "-max-links", "10"); code != 0 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	db := sqlDB(t, filepath.Join(dir, "links.db"))
	if n := queryInt(t, db, `SELECT count(*) FROM urls WHERE kind = 'report'`); n != 10 {
		t.Errorf("%d reports fetched with -max-links 10", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM fetches WHERE result = 'skipped' AND url LIKE '%/nb/index.htm' AND error LIKE '20 links dropped: more than the limit of 10 %'`); n != 1 {
		t.Errorf("no fetch-log line for the 20 links dropped")
	}

	if code, out := crawl("pages.db", "-max-pages", "4"); code != 0 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	db = sqlDB(t, filepath.Join(dir, "pages.db"))
	if n := queryInt(t, db, `SELECT count(*) FROM urls WHERE kind = 'report'`); n != 3 {
		t.Errorf("%d reports fetched with -max-pages 4 (the listing is one)", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM fetches WHERE result = 'skipped' AND error = '27 links dropped: the site reached the limit of 4 pages in one run'`); n != 1 {
		t.Errorf("no fetch-log line for the 27 links dropped")
	}

	for _, bad := range [][]string{{"-max-links", "0"}, {"-max-pages", "-1"}, {"-max-crawl-delay", "-1s"}} {
		if code, out := crawl("bad.db", bad...); code != 2 || !strings.Contains(out, "-max-links and -max-pages must be at least 1") {
			t.Errorf("%v: exit %d\n%s", bad, code, out)
		}
	}
}

// passwordLike is the password of the tests: no word of the dictionary
// (which has "state secret").
const passwordLike = "Pw7f3a9c"

// A URL with credentials, from a listing link or a redirect, is never
// fetched, and the credentials are nowhere in the database or the log; a
// sites file with one is refused without repeating them.
func TestCrawlRefusesCredentials(t *testing.T) {
	base, sites := limitPortal(t, 2, func(host string) string {
		return `<li><a href="http://user:Pw7f3a9c@` + host + `/r/9.htm">测试局2019年度政府信息公开工作年度报告</a></li>` +
			`<li><a href="/r/redirect.htm">测试局2018年度政府信息公开工作年度报告</a></li>`
	})
	dbPath := filepath.Join(t.TempDir(), "cred.db")
	code, out, stderr := run(t, "crawl", "-db", dbPath, "-sites", sites, "-allow-private", "-delay", "0", "-progress", "off")
	if code != 0 || strings.Contains(out+stderr, passwordLike) {
		t.Fatalf("exit %d\n%s\n%s", code, out, stderr)
	}
	db := sqlDB(t, dbPath)
	if n := queryInt(t, db, `SELECT count(*) FROM fetches WHERE result = 'skipped' AND url = ? AND error LIKE 'URL with credentials%'`, base+"/r/9.htm"); n != 1 {
		t.Errorf("the link with credentials is not in the fetch log as skipped (%d)", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM fetches WHERE result = 'error' AND url = ? AND error LIKE '%URL with credentials%'`, base+"/r/redirect.htm"); n != 1 {
		t.Errorf("the redirect is not in the fetch log as refused (%d)", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM urls WHERE url LIKE '%/r/9.htm'`); n != 0 {
		t.Errorf("the link with credentials is in urls")
	}
	db.Close()
	for _, f := range []string{dbPath, dbPath + "-wal"} {
		b, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(passwordLike)) {
			t.Errorf("%s holds the password", filepath.Base(f))
		}
	}

	conf, err := os.ReadFile(sites)
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(conf), "http://", "http://user:Pw7f3a9c@", 1)
	if err := os.WriteFile(sites, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr = run(t, "crawl", "-db", dbPath, "-sites", sites, "-allow-private", "-delay", "0", "-progress", "off")
	if code == 0 || strings.Contains(out+stderr, passwordLike) || !strings.Contains(stderr, "URL with credentials (user:password@) refused") {
		t.Errorf("sites file with credentials: exit %d\n%s\n%s", code, out, stderr)
	}
}
