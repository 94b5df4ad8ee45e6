package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	_ "modernc.org/sqlite"

	"nianbao/crawler/demosite"
	"nianbao/internal/testutil"
)

// portal serves the demo portal on loopback and writes a sites file for it.
func portal(t *testing.T) (*demosite.Portal, string, string) {
	t.Helper()
	p, err := demosite.New(demosite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	sites := filepath.Join(t.TempDir(), "sites.toml")
	conf := fmt.Sprintf("contact = \"mailto:test@example.org\"\n\n[[site]]\nname = \"pingtan\"\nagency = \"平潭综合实验区\"\nregion = \"福建省\"\nlistings = [%q]\n", srv.URL+demosite.ListingPath)
	if err := os.WriteFile(sites, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	return p, srv.URL, sites
}

func sqlDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func queryInt(t *testing.T, db *sql.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// A crawl of the demo portal stores every report; a second crawl after the
// portal changed one report and deleted another stores a new version and
// records the deletion, and fetches nothing else in full again.
func TestCrawlChangedAndGone(t *testing.T) {
	p, base, sites := portal(t)
	dbPath := filepath.Join(t.TempDir(), "crawl.db")
	crawl := []string{"crawl", "-db", dbPath, "-sites", sites, "-allow-private", "-delay", "0", "-progress", "off"}
	code, out, stderr := run(t, crawl...)
	if code != 0 || !strings.Contains(out, "run 1 ok") || !strings.Contains(out, "(9 new, 0 changed, 0 unchanged, 0 gone)") {
		t.Fatalf("first crawl: exit %d\n%s\n%s", code, out, stderr)
	}
	db := sqlDB(t, dbPath)
	if n := queryInt(t, db, `SELECT count(*) FROM latest_reports WHERE template IN ('national-2019','national-2021','provincial')`); n != 4 {
		t.Errorf("%d reports with a table, want 4 (2015, 2019, 2023, 2024)", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM latest_reports WHERE region = '福建省' AND region_code = '350128'`); n < 4 {
		t.Errorf("%d current reports with the site's region, want at least 4", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM urls WHERE url LIKE '%mirror.invalid%'`); n != 0 {
		t.Error("the spam mirror was fetched")
	}
	if n := queryInt(t, db, `SELECT count(*) FROM fetches WHERE result = 'skipped' AND url LIKE '%mirror.invalid%'`); n != 1 {
		t.Errorf("the mirror link is not in the fetch log as skipped (%d)", n)
	}

	// The portal revises the 2024 report and deletes the 2019 one.
	e := demosite.Entries("")
	body, ct, _ := p.Get(e[0].Path)
	p.Set(e[0].Path, ct, []byte(strings.Replace(string(body), ">218<", ">219<", 1)))
	p.Remove(e[4].Path)
	code, out, stderr = run(t, crawl...)
	// changed: the 2024 report, and the listing page that no longer links 2019
	if code != 0 || !strings.Contains(out, "run 2 ok") || !strings.Contains(out, "(0 new, 2 changed, 6 unchanged, 1 gone)") {
		t.Fatalf("second crawl: exit %d\n%s\n%s", code, out, stderr)
	}
	if !regexp.MustCompile(`report \d+ supersedes report \d+`).MatchString(stderr) {
		t.Errorf("the crawl log does not say the revised 2024 report supersedes the first fetch:\n%s", stderr)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM gone_reports WHERE url = ? AND year = 2019`, base+e[4].Path); n != 1 {
		t.Error("the deleted 2019 report is not in gone_reports")
	}
	if n := queryInt(t, db, `SELECT count(*) FROM report_versions WHERE agency = '平潭综合实验区' AND year = 2024`); n != 2 {
		t.Errorf("%d versions of the 2024 report, want 2", n)
	}
	// No report or attachment that had not changed was fetched in full
	// again (listing pages are: their links are what a run looks for).
	if n := queryInt(t, db, `SELECT count(*) FROM fetches f JOIN urls u ON u.url = f.url
		WHERE f.run_id = 2 AND f.http_status = 200 AND u.kind <> 'listing' AND f.url <> ?
		AND EXISTS (SELECT 1 FROM fetches g WHERE g.run_id = 1 AND g.url = f.url AND g.http_status = 200)`, base+e[0].Path); n != 0 {
		t.Errorf("%d unchanged documents fetched in full again", n)
	}
	code, out, _ = run(t, "runs", "-db", dbPath)
	if code != 0 || !strings.Contains(out, "pingtan") || strings.Count(out, " ok ") != 2 {
		t.Errorf("runs:\n%s", out)
	}
}

// A crawl killed with SIGKILL midway loses nothing it fetched, leaves a
// database that passes integrity_check with whole reports only, and the
// next crawl completes without fetching again what had not changed.
func TestCrawlKilled(t *testing.T) {
	_, _, sites := portal(t)
	dbPath := filepath.Join(t.TempDir(), "killed.db")
	cmd := exec.Command(os.Args[0], "crawl", "-db", dbPath, "-sites", sites, "-allow-private", "-delay", "400ms", "-progress", "off")
	cmd.Env = append(os.Environ(), "NIANBAO_RUN_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once two documents are archived (of six).
	deadline := time.Now().Add(30 * time.Second)
	for {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the crawl archived nothing in 30s")
		}
		time.Sleep(50 * time.Millisecond)
		if _, err := os.Stat(dbPath); err != nil {
			continue
		}
		db, err := sql.Open("sqlite", "file:"+dbPath+"?mode=ro&_pragma=busy_timeout(5000)")
		if err != nil {
			continue
		}
		var n int
		err = db.QueryRow(`SELECT count(*) FROM urls WHERE document_id IS NOT NULL`).Scan(&n)
		db.Close()
		if err == nil && n >= 2 {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	db := sqlDB(t, dbPath)
	var ok string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: %q %v", ok, err)
	}
	archived := queryInt(t, db, `SELECT count(*) FROM urls WHERE document_id IS NOT NULL`)
	if archived < 2 || archived >= 6 {
		t.Fatalf("%d documents archived before the kill; the test wants it killed midway", archived)
	}
	// Whole reports only: every archived URL has its document and report,
	// every parsed report its values.
	if n := queryInt(t, db, `SELECT count(*) FROM urls u LEFT JOIN reports r ON r.document_id = u.document_id
		WHERE u.document_id IS NOT NULL AND r.id IS NULL`); n != 0 {
		t.Errorf("%d archived documents without their report", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM reports r WHERE r.status IN ('ok', 'partial')
		AND NOT EXISTS (SELECT 1 FROM stats s WHERE s.report_id = r.id)`); n != 0 {
		t.Errorf("%d parsed reports without values", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM runs WHERE status = 'running'`); n != 1 {
		t.Errorf("the killed run is not left as running (%d)", n)
	}
	db.Close()

	code, out, stderr := run(t, "crawl", "-db", dbPath, "-sites", sites, "-allow-private", "-delay", "0", "-progress", "off")
	if code != 0 || !strings.Contains(out, "run 2 ok") {
		t.Fatalf("crawl after the kill: exit %d\n%s\n%s", code, out, stderr)
	}
	db = sqlDB(t, dbPath)
	if n := queryInt(t, db, `SELECT count(*) FROM urls WHERE document_id IS NOT NULL`); n != 6 {
		t.Errorf("%d documents after the second run, want 6 (4 reports, 2 attachments)", n)
	}
	// What run 1 archived, run 2 asked for conditionally and got 304.
	if n := queryInt(t, db, `SELECT count(*) FROM fetches f WHERE run_id = 2 AND http_status = 200
		AND EXISTS (SELECT 1 FROM fetches g WHERE g.run_id = 1 AND g.url = f.url AND g.http_status = 200)
		AND EXISTS (SELECT 1 FROM urls u WHERE u.url = f.url AND u.kind <> 'listing')`); n != 0 {
		t.Errorf("%d documents archived before the kill were fetched in full again", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM documents`); n != 6 {
		t.Errorf("%d document versions, want 6: nothing stored twice", n)
	}
}

func TestDemo(t *testing.T) {
	dir := t.TempDir()
	dbPath, csvPath := filepath.Join(dir, "demo.db"), filepath.Join(dir, "demo.csv")
	args := []string{"demo", "-db", dbPath, "-o", csvPath, "-delay", "1ms", "-addr", "127.0.0.1:0", "-progress", "off"}
	code, out, stderr := run(t, args...)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, stderr)
	}
	for _, want := range []string{"run 1 ok", "(11 new, 0 changed, 0 unchanged, 0 gone)", "found through the list interface: 平潭综合实验区2019年度政府信息公开工作年度报告 (2019)", "requests.received", "218 件", "81 件", "23 件", csvPath} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	// A value read from the PDF and one from the DOCX attachment, as
	// the database holds them.
	for _, re := range []string{`read from a PDF: 平潭综合实验区 2015 proactive\.total = 2949 \(http://127\.0\.0\.1:\d+/zwgk/zfxxgk/zfxxgknb/201601/P020160112384529174852\.pdf; ok, current\)`,
		`read from a DOCX: 平潭综合实验区 2023 requests\.received = 81 \(http://127\.0\.0\.1:\d+/zwgk/zfxxgk/zfxxgknb/202403/P020240308562870325421\.docx; ok, current\)`} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("demo output lacks %s:\n%s", re, out)
		}
	}
	// The list-interface request is in fetches, and in urls as
	// listing-api with no archived document; the report it listed has it
	// as referrer.
	db := sqlDB(t, dbPath)
	if n := queryInt(t, db, `SELECT count(*) FROM fetches f JOIN urls u ON u.url = f.url
		WHERE u.kind = 'listing-api' AND f.kind = 'listing-api' AND u.document_id IS NULL AND f.http_status = 200 AND f.url LIKE '%/module/web/jpage/dataproxy.jsp?startrecord=2&endrecord=2&perpage=1#%columnid=1813%'`); n != 1 {
		t.Errorf("%d listing-api fetches of the dataproxy, want 1", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM urls r JOIN urls a ON a.url = r.referrer WHERE r.kind = 'report' AND r.year = 2019 AND a.kind = 'listing-api'`); n != 1 {
		t.Errorf("the 2019 report's referrer is not the list answer (%d)", n)
	}
	// Every request says what it fetched; robots.txt alone has no kind.
	if n := queryInt(t, db, `SELECT count(*) FROM fetches WHERE kind IS NULL AND url NOT LIKE '%/robots.txt'`); n != 0 {
		t.Errorf("%d fetches without a kind", n)
	}
	b, err := os.ReadFile(csvPath)
	if err != nil || !strings.HasPrefix(string(b), "\xef\xbb\xbf") || !strings.Contains(string(b), "平潭综合实验区") {
		t.Errorf("CSV: %v %q", err, b[:min(len(b), 80)])
	}
}

// memPortal serves the demo portal in memory, as host pingtan.test of
// the returned transport, and writes a sites file for it.
func memPortal(t *testing.T) (http.RoundTripper, string) {
	t.Helper()
	p, err := demosite.New(demosite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sites := filepath.Join(t.TempDir(), "sites.toml")
	conf := fmt.Sprintf("contact = \"mailto:test@example.org\"\n\n[[site]]\nname = \"pingtan\"\nagency = \"平潭综合实验区\"\nlistings = [%q]\n", "http://pingtan.test"+demosite.ListingPath)
	if err := os.WriteFile(sites, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	return handlerTransport{p}, sites
}

// handlerTransport answers every request with its handler, in memory:
// with no socket, a crawl can run in a synctest bubble.
type handlerTransport struct{ h http.Handler }

func (ht handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	in := req.Clone(req.Context())
	in.Host, in.RequestURI = req.URL.Host, req.URL.RequestURI()
	w := httptest.NewRecorder()
	ht.h.ServeHTTP(w, in)
	resp := w.Result()
	resp.Request = req
	return resp, nil
}

// A scheduler crawls at each tick, one crawl at a time; a second
// scheduler on the same database is refused and told who holds it. The
// synctest clock runs the 3.5 s of ticks at once.
func TestSchedule(t *testing.T) {
	transport, sites := memPortal(t)
	dbPath := filepath.Join(t.TempDir(), "sched.db")
	// The store's zstd encoder and the PDF engine are made once per
	// process, on first use, with channels of their own; made inside the
	// bubble, they would be the bubble's, and every later use outside it
	// (a second -count, a later test) would panic. An import of a page
	// and a PDF first makes them out here.
	if code, _, serr := run(t, "import", "-db", dbPath, seed, testutil.Fixture("pdf/pingtan_2024.pdf")); code != 0 {
		t.Fatalf("import: exit %d: %s", code, serr)
	}
	var stderr strings.Builder
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 3500*time.Millisecond)
		defer cancel()
		done := make(chan error)
		go func() {
			c := &ScheduleCommand{Stdout: io.Discard, Stderr: &stderr, Transport: transport}
			done <- c.Run(ctx, []string{"-cron", "@every 1s", "-db", dbPath, "-sites", sites, "-delay", "0"})
		}()
		time.Sleep(500 * time.Millisecond)
		code, _, serr := run(t, "schedule", "-cron", "@every 1s", "-db", dbPath, "-sites", sites)
		if code != 1 || !strings.Contains(serr, "another scheduler") || !strings.Contains(serr, "pid") {
			t.Errorf("second scheduler: exit %d, %s", code, serr)
		}
		if err := <-done; err != nil {
			t.Fatalf("scheduler: %v\n%s", err, stderr.String())
		}
	})
	db := sqlDB(t, dbPath)
	// Ticks at 1, 2 and 3 s; a crawl takes no time on the synctest clock.
	if n := queryInt(t, db, `SELECT count(*) FROM runs WHERE status = 'ok'`); n != 3 {
		t.Errorf("%d runs in 3.5 s of @every 1s, want 3\n%s", n, stderr.String())
	}
	// never two at once
	if n := queryInt(t, db, `SELECT count(*) FROM runs a JOIN runs b ON a.id < b.id WHERE b.started_at < a.ended_at`); n != 0 {
		t.Errorf("%d overlapping runs", n)
	}
}

func TestParseSchedule(t *testing.T) {
	from := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC) // a Wednesday
	for spec, want := range map[string]string{
		"0 3 * * 1":                  "2026-11-30T03:00:00+08:00",
		"CRON_TZ=UTC 0 3 * * 1":      "2026-11-30T03:00:00Z",
		"TZ=Europe/Paris 30 2 1 * *": "2026-12-01T02:30:00+01:00",
		"@daily":                     "2026-11-26T00:00:00+08:00",
	} {
		s, err := parseSchedule(spec)
		if err != nil {
			t.Errorf("%s: %v", spec, err)
			continue
		}
		w, _ := time.Parse(time.RFC3339, want)
		if got := s.Next(from); !got.Equal(w) {
			t.Errorf("%s: next %s, want %s", spec, got.Format(time.RFC3339), want)
		}
	}
	if _, err := parseSchedule("61 * * * *"); err == nil {
		t.Error("a bad schedule was accepted")
	}
}
