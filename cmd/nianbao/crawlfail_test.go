package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"nianbao/crawler/demosite"
)

// failing answers 500 (with Retry-After: 0, so that the crawler's
// retries take no time) to the paths fail selects and passes the rest to
// h.
func failing(h http.Handler, fail func(path string) bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fail(r.URL.Path) {
			w.Header().Set("Retry-After", "0")
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// sitesFor writes a sites file with one site whose listing is at url.
func sitesFor(t *testing.T, url string) string {
	t.Helper()
	sites := filepath.Join(t.TempDir(), "sites.toml")
	conf := fmt.Sprintf("contact = \"mailto:test@example.org\"\n\n[[site]]\nname = \"pingtan\"\nagency = \"平潭综合实验区\"\nlistings = [%q]\n", url)
	if err := os.WriteFile(sites, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	return sites
}

// A crawl in which every fetch failed is recorded failed and exits 1, so
// that cron notices: a server answering 500 everywhere, robots.txt
// included (nothing may be crawled), or everywhere but robots.txt.
func TestCrawlAllFailed(t *testing.T) {
	for name, fail := range map[string]func(string) bool{
		"500 everywhere":            func(string) bool { return true },
		"500 everywhere but robots": func(p string) bool { return p != "/robots.txt" },
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(failing(http.NotFoundHandler(), fail))
			t.Cleanup(srv.Close)
			dbPath := filepath.Join(t.TempDir(), "failed.db")
			code, out, stderr := run(t, "crawl", "-db", dbPath, "-sites", sitesFor(t, srv.URL+demosite.ListingPath), "-allow-private", "-delay", "0", "-progress", "off")
			if code != 1 || !strings.Contains(stderr, "crawl failed: no fetch succeeded (1 errors, 0 blocked)") {
				t.Errorf("exit %d, stderr:\n%s", code, stderr)
			}
			if !strings.HasPrefix(out, "run 1 failed") || !strings.HasSuffix(out, "; 1 of 1 fetches failed\n") {
				t.Errorf("last line %q", out)
			}
			db := sqlDB(t, dbPath)
			if n := queryInt(t, db, `SELECT count(*) FROM runs WHERE id = 1 AND status = 'failed' AND error LIKE 'no fetch succeeded%'`); n != 1 {
				t.Error("the run is not recorded failed")
			}
			if code, out, _ := run(t, "runs", "-db", dbPath); code != 0 || !strings.Contains(out, "failed: no fetch succeeded") {
				t.Errorf("runs:\n%s", out)
			}
		})
	}
}

// A crawl with some failed fetches succeeds, and its last line says how
// many failed.
func TestCrawlSomeFailed(t *testing.T) {
	p, err := demosite.New(demosite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	broken := demosite.Entries("")[0].Path
	srv := httptest.NewServer(failing(p, func(path string) bool { return path == broken }))
	t.Cleanup(srv.Close)
	dbPath := filepath.Join(t.TempDir(), "partial.db")
	code, out, stderr := run(t, "crawl", "-db", dbPath, "-sites", sitesFor(t, srv.URL+demosite.ListingPath), "-allow-private", "-delay", "0", "-progress", "off")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	if !regexp.MustCompile(`^run 1 ok in .*: 9 pages fetched \(8 new, .*, 1 errors; 1 of 9 fetches failed\n$`).MatchString(out) {
		t.Errorf("last line %q", out)
	}
	db := sqlDB(t, dbPath)
	if n := queryInt(t, db, `SELECT count(*) FROM runs WHERE status = 'ok' AND errors = 1`); n != 1 {
		t.Error("the run is not recorded ok with one error")
	}
}
