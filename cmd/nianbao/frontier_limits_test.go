package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"nianbao/internal/testutil"
	"nianbao/store"
)

// Three crawlers with -max-pages 20 share one frontier over a site of
// two listing pages of 30 reports each: together they let in and fetch
// exactly 20 URLs of it, not 20 each. w1 leases both listings, reads
// the first (its links spend the limit) and is killed while the second
// answers; another worker leases that listing again once w1's lease
// expires and reads it, and its links, counted already or over the
// limit, let nothing more in. On main each worker counted what it found
// itself: the second listing's reader let in 18 more.
func TestCrawlersShareLimits(t *testing.T) {
	dsn := testutil.Postgres(t)
	const perListing, maxPages = 30, 20
	var (
		mu       sync.Mutex
		paths    = map[string]int{} // requests per path, robots.txt aside
		robots   int
		bAsked   = make(chan struct{})
		killed   = make(chan struct{})
		bPending sync.Once
	)
	listing := func(w http.ResponseWriter, name string) {
		var b strings.Builder
		b.WriteString(`<html><head><meta charset="utf-8"></head><body><ul>`)
		for i := range perListing {
			fmt.Fprintf(&b, `<li><a href="/r/%s%d.htm">甲局%s%d年度政府信息公开工作年度报告</a></li>`, name, i, name, 1990+i)
		}
		b.WriteString(`</ul></body></html>`)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, b.String())
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			mu.Lock()
			robots++
			mu.Unlock()
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		paths[r.URL.Path]++
		first := paths[r.URL.Path] == 1
		mu.Unlock()
		switch {
		case r.URL.Path == "/nb/a.htm":
			listing(w, "a")
		case r.URL.Path == "/nb/b.htm":
			if first {
				// w1's request: held until w1 is killed.
				bPending.Do(func() { close(bAsked) })
				select {
				case <-killed:
				case <-time.After(30 * time.Second):
				}
				return
			}
			listing(w, "b")
		case strings.HasPrefix(r.URL.Path, "/r/"):
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<html><head><meta charset="utf-8"><title>甲%s</title></head><body><p>甲局年度报告 %s</p></body></html>`, r.URL.Path, r.URL.Path)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	conf := fmt.Sprintf("contact = \"mailto:test@example.org\"\n\n[[site]]\nname = \"s\"\nagency = \"甲局\"\nlistings = [%q, %q]\n",
		srv.URL+"/nb/a.htm", srv.URL+"/nb/b.htm")
	sites := filepath.Join(t.TempDir(), "sites.toml")
	if err := os.WriteFile(sites, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
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
			// w1 leases both listings before the others start.
			waitFor(t, db, `SELECT count(*) FROM frontier WHERE worker = 'w1' AND kind = 'listing'`, 2)
		}
		w := &worker{name: name}
		w.cmd = exec.Command(os.Args[0], "crawl", "-db", dsn, "-sites", sites, "-allow-private", "-delay", "30ms",
			"-progress", "off", "-worker", name, "-lease", "2s", "-max-pages", fmt.Sprint(maxPages))
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
	select {
	case <-bAsked:
	case <-time.After(60 * time.Second):
		t.Fatalf("the second listing was never asked for\nw1: %s", ws[0].err.String())
	}
	if err := ws[0].cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	ws[0].cmd.Wait()
	close(killed)
	for _, w := range ws[1:] {
		if err := w.cmd.Wait(); err != nil {
			t.Fatalf("%s: %v\n%s\n%s", w.name, err, w.out.String(), w.err.String())
		}
	}

	if n := pgQueryInt(t, db, `SELECT count(*) FROM frontier`); n != maxPages {
		t.Errorf("%d URLs let into the frontier, -max-pages %d", n, maxPages)
	}
	if n := pgQueryInt(t, db, `SELECT count(*) FROM frontier WHERE done_at IS NULL`); n != 0 {
		t.Errorf("%d URLs not done", n)
	}
	if n := pgQueryInt(t, db, `SELECT count(*) FROM frontier WHERE kind = 'listing' AND url LIKE '%/nb/b.htm' AND leases > 1 AND done_by <> 'w1'`); n != 1 {
		t.Errorf("the listing w1 held when killed was not leased again and done by another worker")
	}
	if n := pgQueryInt(t, db, `SELECT pages FROM frontier_sites WHERE site = 's'`); n != maxPages {
		t.Errorf("frontier_sites counts %d pages, want %d", n, maxPages)
	}
	if n := pgQueryInt(t, db, `SELECT count(*) FROM documents`); n != maxPages-2 {
		t.Errorf("%d documents stored, want %d (the limit, less the two listings)", n, maxPages-2)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(paths) != maxPages {
		t.Errorf("%d URLs requested, -max-pages %d", len(paths), maxPages)
	}
	requests := 0
	for _, n := range paths {
		requests += n
	}
	// A URL w1 held may be fetched again (the listing it was reading,
	// one it had read whose done mark it had not committed): no more.
	for p, n := range paths {
		if n > 2 {
			t.Errorf("%s requested %d times", p, n)
		}
	}
	if !strings.Contains(ws[1].err.String()+ws[2].err.String(), `msg="site page limit reached"`) {
		t.Errorf("neither w2 nor w3 logged the limit:\n%s\n%s", ws[1].err.String(), ws[2].err.String())
	}
	var refused int
	db.QueryRow(`SELECT refused FROM frontier_sites WHERE site = 's'`).Scan(&refused)
	t.Logf("URLs requested %d (%d requests); robots.txt requested %d times; refusals %d", len(paths), requests, robots, refused)
}
