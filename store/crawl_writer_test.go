package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"nianbao"
)

// readConn opens a second, read-only connection to db's file: what
// another process would see.
func readConn(t *testing.T, db *DB) *sql.DB {
	t.Helper()
	var r *sql.DB
	var err error
	if db.Dialect() == "postgres" {
		r, err = openPG(context.Background(), db.dsn)
	} else {
		r, err = sql.Open("sqlite", "file:"+db.Path()+"?mode=ro&_pragma=busy_timeout(5000)")
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// Every document saved through a CrawlWriter is stored with its URL's
// record and its report, and done is called only once both are
// committed: another connection sees them when it is.
func TestCrawlWriterCommitsBeforeDone(t *testing.T) {
	db := mustOpen(t)
	body := mustRead(t, seed)
	r := readConn(t, db)
	w := db.NewCrawlWriter(context.Background())
	const n = batchDocs*2 + 7
	var mu sync.Mutex
	var acked int
	var notVisible []string
	for i := range n {
		url := fmt.Sprintf("http://a.test/r%d.htm", i)
		doc := &Document{Source: url, Status: 200, Body: append([]byte(fmt.Sprintf("<!-- %d -->\n", i)), body...)}
		if err := w.LogFetch(0, Fetch{Site: "a", URL: url, StartedAt: time.Now(), Status: 200, Result: "ok"}); err != nil {
			t.Fatal(err)
		}
		err := w.Save(URL{URL: url, Site: "a", Kind: "report", Status: 200}, doc, func(res SaveResult, err error) {
			var docID sql.NullInt64
			qerr := r.QueryRow(`SELECT u.document_id FROM urls u JOIN reports p ON p.document_id = u.document_id WHERE u.url = ?`, url).Scan(&docID)
			mu.Lock()
			defer mu.Unlock()
			acked++
			if err != nil || qerr != nil || docID.Int64 != res.DocumentID || res.Report == nil {
				notVisible = append(notVisible, fmt.Sprintf("%s: %v, %v, document %d (%d)", url, err, qerr, docID.Int64, res.DocumentID))
			}
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// A listing page: its URL is recorded, no document.
	if err := w.Save(URL{URL: "http://a.test/", Site: "a", Kind: "listing", Status: 200}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if acked != n || len(notVisible) > 0 {
		t.Errorf("%d of %d acknowledged; not committed when acknowledged: %q", acked, n, notVisible)
	}
	for q, want := range map[string]int{
		`SELECT count(*) FROM urls WHERE document_id IS NOT NULL`: n,
		`SELECT count(*) FROM urls WHERE kind = 'listing'`:        1,
		`SELECT count(*) FROM documents`:                          n,
		`SELECT count(*) FROM reports`:                            n,
		`SELECT count(*) FROM fetches`:                            n,
	} {
		var got int
		if err := r.QueryRow(q).Scan(&got); err != nil || got != want {
			t.Errorf("%s: %d, want %d (%v)", q, got, want, err)
		}
	}
	if err := w.Save(URL{URL: "http://a.test/late", Site: "a", Kind: "report"}, nil, nil); !errors.Is(err, errWriterClosed) {
		t.Errorf("Save after Close: %v", err)
	}
}

// A document whose URL's record cannot be written is rolled back whole,
// the other documents of its batch are committed, and the error reaches
// Save and Close.
func TestCrawlWriterKeepsBatchWhenOneFails(t *testing.T) {
	db := mustOpen(t)
	refuseInsert(t, db, "urls", "NEW.url LIKE '%bad%'")
	body := mustRead(t, seed)
	w := db.NewCrawlWriter(context.Background())
	var failed atomic.Int64
	for i, name := range []string{"r1", "bad", "r2"} {
		url := "http://a.test/" + name
		doc := &Document{Source: url, Body: append([]byte(fmt.Sprintf("<!-- %d -->\n", i)), body...)}
		err := w.Save(URL{URL: url, Site: "a", Kind: "report"}, doc, func(_ SaveResult, err error) {
			if err != nil {
				failed.Add(1)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err == nil || !strings.Contains(err.Error(), "refused by the test") || failed.Load() != 1 {
		t.Fatalf("Close: %v; %d saves failed, want 1", err, failed.Load())
	}
	r := readConn(t, db)
	var docs, urls int
	r.QueryRow(`SELECT count(*) FROM documents`).Scan(&docs)
	r.QueryRow(`SELECT count(*) FROM urls`).Scan(&urls)
	if docs != 2 || urls != 2 {
		t.Errorf("%d documents and %d URLs stored, want 2 and 2 (the refused one rolled back whole)", docs, urls)
	}
	// The prose of each stored report is indexed, written at commit.
	var texts, orphans int
	r.QueryRow(`SELECT count(*) FROM report_text`).Scan(&texts)
	r.QueryRow(`SELECT count(*) FROM report_text WHERE rowid NOT IN (SELECT id FROM reports)`).Scan(&orphans)
	if texts != 2 || orphans != 0 {
		t.Errorf("%d full-text rows, %d of no stored report; want 2 and 0", texts, orphans)
	}
	if err := w.Save(URL{URL: "http://a.test/r3", Site: "a", Kind: "report"}, nil, nil); err == nil {
		t.Error("Save after a failed write: no error")
	}
	// A document refused before anything is written (here: no source)
	// is answered too, with no batch open.
	w = db.NewCrawlWriter(context.Background())
	var answered atomic.Int64
	if err := w.Save(URL{URL: "http://a.test/r4", Site: "a", Kind: "report"}, &Document{Body: body}, func(_ SaveResult, err error) {
		if err != nil {
			answered.Add(1)
		}
	}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err == nil || !strings.Contains(err.Error(), "no source") || answered.Load() != 1 {
		t.Errorf("Close: %v; %d refusals answered, want 1", err, answered.Load())
	}
}

// The write-ahead log stays under 64 MiB while 100 MB of documents are
// written and other connections keep reading, as the crawler's lookups
// do.
func TestCrawlWriterBoundsWAL(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 100 MB")
	}
	opt := Options{Parse: func(Document) (*nianbao.Report, error) { return nil, errors.New("not a report") }, ParserVersion: "test"}
	path := filepath.Join(t.TempDir(), "wal.db")
	db, err := Open(context.Background(), path, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var walMax atomic.Int64
	wg.Go(func() { // the WAL's size, every millisecond
		for {
			if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > walMax.Load() {
				walMax.Store(fi.Size())
			}
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	})
	// Readers, each holding its snapshot a few milliseconds and never
	// all at once at rest, as the lookups of eight crawling hosts do:
	// SQLite's own checkpoints then never find a moment to rewind the log.
	r := readConn(t, db)
	for g := range 4 {
		wg.Go(func() {
			time.Sleep(time.Duration(g) * time.Millisecond)
			for i := 0; ; i++ {
				tx, err := r.Begin()
				if err == nil {
					var n int
					tx.QueryRow(`SELECT count(*) FROM urls WHERE url = ?`, fmt.Sprintf("http://a.test/%d", i)).Scan(&n)
					time.Sleep(4 * time.Millisecond)
					tx.Rollback()
				}
				select {
				case <-stop:
					return
				default:
				}
			}
		})
	}
	w := db.NewCrawlWriter(context.Background())
	const n, size = 400, 256 << 10
	saveRandomBodies(t, w, n, size)
	err = w.Close()
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	var docs int
	db.db.QueryRow(`SELECT count(*) FROM documents`).Scan(&docs)
	if docs != n {
		t.Fatalf("%d documents stored, want %d", docs, n)
	}
	if m := walMax.Load(); m > 64<<20 || m == 0 {
		t.Errorf("WAL reached %.1f MiB, want at most 64", float64(m)/(1<<20))
	}
	t.Logf("WAL at most %.1f MiB", float64(walMax.Load())/(1<<20))
}

// saveRandomBodies queues n attachments of size random bytes (which no
// compression shrinks) through w.
func saveRandomBodies(t *testing.T, w *CrawlWriter, n, size int) {
	t.Helper()
	for i := range n {
		body := make([]byte, size)
		rand.Read(body)
		url := fmt.Sprintf("http://a.test/%d", i)
		if err := w.Save(URL{URL: url, Site: "a", Kind: "attachment"}, &Document{Source: url, Body: body}, nil); err != nil {
			t.Fatal(err)
		}
	}
}

// Once the write-ahead log passes walPrecheckpointAt, its frames are
// copied into the database beside the writer, before the writer's own
// checkpoint (at walCheckpointAt) would: here 10 MiB of bodies, a log
// between the two, are in the database file when the writer is closed.
func TestCrawlWriterCheckpointsBeside(t *testing.T) {
	opt := Options{Parse: func(Document) (*nianbao.Report, error) { return nil, errors.New("not a report") }, ParserVersion: "test"}
	path := filepath.Join(t.TempDir(), "pre.db")
	db, err := Open(context.Background(), path, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	w := db.NewCrawlWriter(context.Background())
	const n, size = 40, 256 << 10
	saveRandomBodies(t, w, n, size)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	wal, err := os.Stat(path + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	if wal.Size() < walPrecheckpointAt || wal.Size() >= walCheckpointAt {
		t.Fatalf("log of %.1f MiB: the test needs one between %d and %d MiB", float64(wal.Size())/(1<<20), walPrecheckpointAt>>20, walCheckpointAt>>20)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() < n*size*3/4 {
		t.Errorf("database file of %.1f MiB after %d MiB of bodies: the log was not copied into it", float64(fi.Size())/(1<<20), n*size>>20)
	}
}

// The writer stores a fetched body under the SHA-256 the crawler gives
// with it and does not hash the bytes again: a page is hashed once per
// crawl. Bytes under a hash that is not theirs are caught on read.
func TestCrawlWriterTakesCrawlersHash(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	body := mustRead(t, seed)
	sum := sha256.Sum256(body)
	good := hex.EncodeToString(sum[:])
	other := sha256.Sum256([]byte("other bytes"))
	w := db.NewCrawlWriter(ctx)
	ids := map[string]int64{}
	var mu sync.Mutex
	for _, c := range []struct{ url, sha string }{{"http://a.test/good.htm", good}, {"http://a.test/bad.htm", hex.EncodeToString(other[:])}} {
		b := append([]byte(nil), body...)
		if c.sha != good {
			b = append(b, '\n') // other bytes than the hash says
		}
		err := w.Save(URL{URL: c.url, Site: "a", Kind: "report", Status: 200, SHA256: c.sha},
			&Document{Source: c.url, Status: 200, Body: b, SHA256: c.sha}, func(res SaveResult, err error) {
				if err != nil {
					t.Errorf("%s: %v", c.url, err)
				}
				mu.Lock()
				ids[c.url] = res.DocumentID
				mu.Unlock()
			})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	for url, sha := range map[string]string{"http://a.test/good.htm": good, "http://a.test/bad.htm": hex.EncodeToString(other[:])} {
		var stored string
		if err := db.db.QueryRow(`SELECT sha256 FROM documents WHERE id = ?`, ids[url]).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if stored != sha {
			t.Errorf("%s stored under %s, want the crawler's %s", url, stored, sha)
		}
	}
	if got, err := db.Body(ctx, ids["http://a.test/good.htm"]); err != nil || string(got) != string(body) {
		t.Errorf("good body: %v", err)
	}
	if _, err := db.Body(ctx, ids["http://a.test/bad.htm"]); !errors.Is(err, ErrCorruptBlob) {
		t.Errorf("body under another hash read with %v, want ErrCorruptBlob", err)
	}
}

// Where parsing is the slower stage (PDFs), the writer goes hungry and
// the spare preparer parses as the others do: on 2 cores two documents
// are parsed at once. Each parse here waits until another runs beside
// it; with one preparer alone none would, and the test would time out.
func TestCrawlWriterSpareParsesWhenWriterWaits(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	var running atomic.Int32
	both := make(chan struct{})
	var once sync.Once
	parse := func(Document) (*nianbao.Report, error) {
		if running.Add(1) >= 2 {
			once.Do(func() { close(both) })
		}
		defer running.Add(-1)
		select {
		case <-both:
		case <-time.After(2 * time.Second):
			return nil, errors.New("parsed alone for 2 s")
		}
		return nil, errors.New("not a report")
	}
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "spare.db"), Options{Parse: parse, ParserVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	w := db.NewCrawlWriter(context.Background())
	var alone atomic.Int32
	for i := range 8 {
		url := fmt.Sprintf("http://a.test/%d.html", i)
		done := func(res SaveResult, err error) {
			if err != nil {
				alone.Add(1)
			}
		}
		if err := w.Save(URL{URL: url, Site: "a", Kind: "report"}, &Document{Source: url, Body: []byte(url)}, done); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	var failed int
	db.db.QueryRow(`SELECT count(*) FROM reports WHERE error LIKE '%alone%'`).Scan(&failed)
	if failed > 0 || alone.Load() > 0 {
		t.Fatalf("%d documents parsed with no other parse beside them", failed+int(alone.Load()))
	}
	select {
	case <-both:
	default:
		t.Fatal("no two parses ran at once")
	}
}

// The crawl writer does not look a document's source up before parsing
// it (prepareItem): bytes the archive already has for the source, handed
// over again, are found under the write lock and saved as unchanged,
// with no second document or report.
func TestCrawlWriterSameBytesUnchanged(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	body := mustRead(t, seed)
	const url = "http://a.test/r.htm"
	var results []SaveResult
	for range 2 {
		w := db.NewCrawlWriter(ctx)
		err := w.Save(URL{URL: url, Site: "a", Kind: "report", Status: 200}, &Document{Source: url, Status: 200, Body: body},
			func(res SaveResult, err error) {
				if err != nil {
					t.Error(err)
				}
				results = append(results, res)
			})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if len(results) != 2 {
		t.Fatalf("%d results, want 2", len(results))
	}
	first, again := results[0], results[1]
	if first.Outcome != nianbao.OutcomeNew || again.Outcome != nianbao.OutcomeUnchanged ||
		again.DocumentID != first.DocumentID || again.ReportID != first.ReportID {
		t.Errorf("saved %+v then %+v, want new then unchanged with the same document and report", first, again)
	}
	for q, want := range map[string]int{`SELECT count(*) FROM documents`: 1, `SELECT count(*) FROM reports`: 1} {
		var got int
		if err := db.db.QueryRow(q).Scan(&got); err != nil || got != want {
			t.Errorf("%s: %d, want %d (%v)", q, got, want, err)
		}
	}
}

// A run's per-site counts go through the writer with its documents
// (LogSites), in the batch open at the time, not in a transaction of
// their own that would wait for it: after Close they are stored.
func TestCrawlWriterLogsSites(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	run, err := db.StartRunBy(ctx, []string{"a", "b"}, "")
	if err != nil {
		t.Fatal(err)
	}
	w := db.NewCrawlWriter(ctx)
	const url = "http://a.test/r.htm"
	if err := w.Save(URL{URL: url, Site: "a", Kind: "report", Status: 200}, &Document{Source: url, Status: 200, Body: mustRead(t, seed)}, nil); err != nil {
		t.Fatal(err)
	}
	sites := []RunSite{{Site: "a", Listings: 2, Reports: 1}, {Site: "b", APIPages: 3, NotReports: 4}}
	if err := w.LogSites(run, sites); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	for _, want := range sites {
		got, err := db.RunSites(ctx, want.Site, 1)
		if err != nil || len(got) != 1 || got[0].RunID != run || got[0].Listings != want.Listings || got[0].APIPages != want.APIPages ||
			got[0].Reports != want.Reports || got[0].NotReports != want.NotReports {
			t.Errorf("site %s: %+v, %v; want %+v of run %d", want.Site, got, err, want, run)
		}
	}
}
