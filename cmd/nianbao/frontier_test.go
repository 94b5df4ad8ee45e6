package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"nianbao/crawler"
	"nianbao/internal/testutil"
	"nianbao/store"
)

// A frontierHost is one loopback portal host of the shared-crawl test:
// a listing of two pages and its reports, every request's arrival time
// recorded.
type frontierHost struct {
	name    string // the site
	url     string
	delay   time.Duration // the least pause between two requests: -delay, or its Crawl-delay
	reports int

	mu    sync.Mutex
	times []time.Time
	paths map[string]int // requests per path
}

func newFrontierHost(t *testing.T, name string, reports int, delay, crawlDelay time.Duration) *frontierHost {
	t.Helper()
	h := &frontierHost{name: name, reports: reports, delay: max(delay, crawlDelay), paths: map[string]int{}}
	half := reports / 2
	listing := func(w http.ResponseWriter, from, to int, next string) {
		var b strings.Builder
		b.WriteString(`<html><head><meta charset="utf-8"></head><body><ul>`)
		for i := from; i < to; i++ {
			fmt.Fprintf(&b, `<li><a href="/r/%d.htm">%s局%d年度政府信息公开工作年度报告</a></li>`, i, name, 2000+i)
		}
		b.WriteString(`</ul>`)
		if next != "" {
			fmt.Fprintf(&b, `<a href="%s">下一页</a>`, next)
		}
		b.WriteString(`</body></html>`)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, b.String())
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		if crawlDelay == 0 {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, "User-agent: *\nCrawl-delay: %g\n", crawlDelay.Seconds())
	})
	mux.HandleFunc("/nb/index.htm", func(w http.ResponseWriter, r *http.Request) { listing(w, 0, half, "index_1.htm") })
	mux.HandleFunc("/nb/index_1.htm", func(w http.ResponseWriter, r *http.Request) { listing(w, half, reports, "") })
	mux.HandleFunc("/r/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><head><meta charset="utf-8"><title>%s%s</title></head><body><p>%s局年度报告 %s</p></body></html>`, name, r.URL.Path, name, r.URL.Path)
	})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		h.times = append(h.times, time.Now())
		h.paths[r.URL.Path]++
		h.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	h.url = srv.URL
	return h
}

// minGap is the smallest time between two requests the host received.
func (h *frontierHost) minGap() (time.Duration, int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	ts := slices.SortedFunc(slices.Values(h.times), time.Time.Compare)
	gap := time.Duration(-1)
	for i := 1; i < len(ts); i++ {
		if d := ts[i].Sub(ts[i-1]); gap < 0 || d < gap {
			gap = d
		}
	}
	return gap, len(ts)
}

// waitFor waits until the count q returns is at least n.
func waitFor(t *testing.T, db *sql.DB, q string, n int) {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		var got int
		if err := db.QueryRow(q).Scan(&got); err == nil && got >= n {
			return
		}
	}
	t.Fatalf("%s stayed under %d for 60s", q, n)
}

func pgQueryInt(t *testing.T, db *sql.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// Three crawlers share one PostgreSQL archive and crawl four loopback
// hosts; one is killed with SIGKILL midway, holding leases. The other two
// finish: every report is stored exactly once, every URL of the frontier
// is done, and no host saw two requests closer than its delay (-delay,
// or the Crawl-delay one of them asks for), robots.txt included.
func TestCrawlersShareFrontier(t *testing.T) {
	dsn := testutil.Postgres(t)
	const delay, reports = 150 * time.Millisecond, 16
	hosts := []*frontierHost{
		newFrontierHost(t, "甲", reports, delay, 0),
		newFrontierHost(t, "乙", reports, delay, 0),
		newFrontierHost(t, "丙", reports, delay, 0),
		newFrontierHost(t, "丁", reports, delay, 300*time.Millisecond),
	}
	var conf strings.Builder
	conf.WriteString("contact = \"mailto:test@example.org\"\n")
	for i, h := range hosts {
		fmt.Fprintf(&conf, "\n[[site]]\nname = \"s%d\"\nagency = \"%s局\"\nlistings = [%q]\n", i, h.name, h.url+"/nb/index.htm")
	}
	sites := filepath.Join(t.TempDir(), "sites.toml")
	if err := os.WriteFile(sites, []byte(conf.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	// The archive exists before the workers start, so that the test can
	// watch it.
	ctx := context.Background()
	sdb, err := store.Open(ctx, dsn, storeOptions())
	if err != nil {
		t.Fatal(err)
	}
	sdb.Close()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	type worker struct {
		name     string
		cmd      *exec.Cmd
		out, err bytes.Buffer
	}
	var ws []*worker
	for _, name := range []string{"w1", "w2", "w3"} {
		if name == "w2" {
			// w1, the one to kill, starts first, so that it has URLs
			// when it dies however slowly the machine starts processes.
			waitFor(t, db, `SELECT count(*) FROM frontier WHERE worker = 'w1'`, 1)
		}
		w := &worker{name: name}
		w.cmd = exec.Command(os.Args[0], "crawl", "-db", dsn, "-sites", sites, "-allow-private", "-delay", delay.String(),
			"-progress", "off", "-worker", name, "-lease", "2s")
		w.cmd.Env = append(os.Environ(), "NIANBAO_RUN_MAIN=1")
		w.cmd.Stdout, w.cmd.Stderr = &w.out, &w.err
		if err := w.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		ws = append(ws, w)
	}
	defer func() {
		for _, w := range ws {
			if w.cmd.ProcessState == nil {
				w.cmd.Process.Kill()
				w.cmd.Wait()
			}
		}
	}()

	// Kill w1 once it has done some URLs and holds others.
	victim := ws[0]
	deadline := time.Now().Add(60 * time.Second)
	for {
		if time.Now().After(deadline) {
			t.Fatalf("w1 never held a lease after doing 3 URLs\nw1: %s", victim.err.String())
		}
		time.Sleep(20 * time.Millisecond)
		var done, held int
		err := db.QueryRow(`SELECT count(*) FILTER (WHERE done_by = 'w1'),
			count(*) FILTER (WHERE worker = 'w1' AND done_at IS NULL AND lease_until > now()) FROM frontier`).Scan(&done, &held)
		if err == nil && done >= 3 && held >= 1 {
			break
		}
	}
	if err := victim.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	victim.cmd.Wait()
	heldAtKill := pgQueryInt(t, db, `SELECT count(*) FROM frontier WHERE worker = 'w1' AND done_at IS NULL`)

	for _, w := range ws[1:] {
		if err := w.cmd.Wait(); err != nil {
			t.Fatalf("%s: %v\n%s\n%s", w.name, err, w.out.String(), w.err.String())
		}
		if !strings.Contains(w.out.String(), " ok ") {
			t.Errorf("%s: %s", w.name, w.out.String())
		}
	}

	// Every URL is done, and the frontier closed.
	if n := pgQueryInt(t, db, `SELECT count(*) FROM frontier WHERE done_at IS NULL`); n != 0 {
		t.Errorf("%d URLs of the frontier not done", n)
	}
	if n := pgQueryInt(t, db, `SELECT count(*) FROM frontiers WHERE closed_at IS NOT NULL`); n != 1 {
		t.Errorf("%d closed frontiers, want 1", n)
	}
	want := len(hosts) * (reports + 2) // reports and two listing pages a host
	if n := pgQueryInt(t, db, `SELECT count(*) FROM frontier`); n != want {
		t.Errorf("%d URLs in the frontier, want %d", n, want)
	}
	// What w1 held when it died was leased again by another.
	if n := pgQueryInt(t, db, `SELECT count(*) FROM frontier WHERE leases > 1 AND done_by <> 'w1'`); n < heldAtKill || heldAtKill == 0 {
		t.Errorf("%d URLs leased again after the kill, w1 held %d", n, heldAtKill)
	}
	// Every report stored exactly once.
	if n := pgQueryInt(t, db, `SELECT count(*) FROM urls WHERE kind = 'report' AND document_id IS NOT NULL`); n != len(hosts)*reports {
		t.Errorf("%d reports archived, want %d", n, len(hosts)*reports)
	}
	if n := pgQueryInt(t, db, `SELECT count(*) FROM (SELECT source FROM documents GROUP BY source HAVING count(*) > 1) d`); n != 0 {
		t.Errorf("%d URLs stored more than once", n)
	}
	if n := pgQueryInt(t, db, `SELECT count(*) FROM documents`); n != len(hosts)*reports {
		t.Errorf("%d documents, want %d", n, len(hosts)*reports)
	}
	if n := pgQueryInt(t, db, `SELECT count(*) FROM (SELECT document_id FROM reports GROUP BY document_id HAVING count(*) > 1) r`); n != 0 {
		t.Errorf("%d documents with more than one report", n)
	}
	// No host saw two requests closer than its delay.
	for _, h := range hosts {
		gap, n := h.minGap()
		t.Logf("host %s (%s): %d requests, smallest gap %s, delay %s", h.name, h.url, n, gap.Round(time.Millisecond), h.delay)
		if gap < h.delay {
			t.Errorf("host %s: two requests %s apart, delay %s", h.name, gap, h.delay)
		}
		h.mu.Lock()
		for p, c := range h.paths {
			if strings.HasPrefix(p, "/r/") && c > 2 {
				t.Errorf("host %s: %s requested %d times", h.name, p, c)
			}
		}
		h.mu.Unlock()
	}
	// Each worker has its run; the killed one's is left running.
	rows, err := db.Query(`SELECT f.done_by, count(*), (SELECT status FROM runs r WHERE r.worker = f.done_by)
		FROM frontier f GROUP BY f.done_by ORDER BY f.done_by`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	statuses := map[string]string{}
	for rows.Next() {
		var w, status string
		var n int
		if err := rows.Scan(&w, &n, &status); err != nil {
			t.Fatal(err)
		}
		statuses[w] = status
		t.Logf("worker %s: %d URLs done, run %s", w, n, status)
	}
	if statuses["w1"] != "running" || statuses["w2"] != "ok" || statuses["w3"] != "ok" {
		t.Errorf("runs: %v, want w1 running (killed), w2 and w3 ok", statuses)
	}
	t.Logf("w1 held %d URLs when killed", heldAtKill)
	code, out, stderr := run(t, "runs", "-db", dsn)
	if code != 0 || !strings.Contains(out, "worker") || !strings.Contains(out, "w2") || !strings.Contains(out, "w3") {
		t.Errorf("runs: exit %d\n%s\n%s", code, out, stderr)
	}
}

// A URL is marked done only once every save handed to the writer before
// it is committed; after a failed save nothing more is, and Done and
// Left say why.
func TestSharedFrontierDoneAfterCommit(t *testing.T) {
	ctx := context.Background()
	dsn := testutil.Postgres(t)
	sdb, err := store.Open(ctx, dsn, storeOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	f, err := sdb.JoinFrontier(ctx, []string{"s"}, "w", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close(ctx)
	s := newSharedFrontier(f, slog.New(slog.DiscardHandler))
	var es []crawler.Entry
	for i := range 3 {
		u := fmt.Sprintf("http://h.test/%d", i)
		es = append(es, crawler.Entry{Key: u, URL: u, Site: "s", Kind: crawler.Report})
	}
	if refused, err := s.Add(ctx, es, crawler.Limits{Pages: 10, Listings: 10}); err != nil || len(refused) != 0 {
		t.Fatalf("add: refused %v, %v", refused, err)
	}
	leased, err := s.Lease(ctx, 3)
	if err != nil || len(leased) != 2 { // two a host at once
		t.Fatalf("leased %d (%v)", len(leased), err)
	}
	left := func() int {
		t.Helper()
		n, err := s.Left(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	first, second := s.saving(), s.saving()
	if err := s.Done(ctx, leased[0]); err != nil {
		t.Fatal(err)
	}
	if n := left(); n != 3 {
		t.Fatalf("marked done before its save was committed: %d left", n)
	}
	second(nil) // committed out of order: the first save still waits
	if n := left(); n != 3 {
		t.Fatalf("marked done before an earlier save was committed: %d left", n)
	}
	first(nil)
	if n := left(); n != 2 {
		t.Fatalf("%d left once both saves were committed, want 2", n)
	}
	third := s.saving()
	if err := s.Done(ctx, leased[1]); err != nil {
		t.Fatal(err)
	}
	third(errors.New("disk full"))
	if _, err := s.Left(ctx); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Left after a failed save: %v", err)
	}
	if err := s.Done(ctx, leased[0]); err == nil {
		t.Error("Done after a failed save returned no error")
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := pgQueryInt(t, db, `SELECT count(*) FROM frontier WHERE done_at IS NULL`); n != 2 {
		t.Errorf("%d not done, want 2: the URL whose save failed is not done", n)
	}
}
