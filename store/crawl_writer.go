package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"
)

// A CrawlWriter saves what a crawl fetches, many documents a
// transaction, off the crawler's fetch path. Save hands it a URL's
// record and, for a new or changed document, the document; a pool of
// goroutines hashes, compresses and parses the documents (preparers), and
// one goroutine writes them with the fetch log in group commits of at
// most batchDocs documents or batchAge, whichever comes first (batch.go).
//
// A document and its URL's record, the conditional-GET state the next
// run reads, are written in one transaction, as SaveFetched writes them:
// a crawl killed at any moment leaves each fetched document either whole
// in the archive with its record, or not at all, and the next run then
// fetches it again in full. Between two commits the writer keeps the
// write-ahead log under walCheckpointAt (checkpoint).
type CrawlWriter struct {
	db  *DB
	ctx context.Context // not cancelled: what was handed over is written; carries prose

	// prose holds the full-text rows of the batch, written just before
	// it commits (proseQueue); the writer's goroutine alone uses it.
	prose proseQueue
	// conn is the writer's own connection (writerConn); nil: the pool's.
	conn *sql.Conn

	// wal keeps the log short between two batches (walKeeper).
	wal walKeeper

	in    chan *crawlItem // to the parse pool
	ready chan *crawlItem // to the writer
	pool  sync.WaitGroup
	wrote chan struct{} // closed when the writer is done

	// hungry wakes the spare preparer: the writer found nothing ready.
	hungry spareWake
	// closing is closed with in, for the spare preparer waiting on hungry.
	closing chan struct{}

	mu     sync.RWMutex // held for reading while sending on in
	closed bool

	errMu sync.Mutex
	err   error // the first error
}

// A crawlItem is one thing to write: a URL's record with its document,
// a fetch log line or a skipped link.
type crawlItem struct {
	url  *URL
	doc  *Document
	p    *prepared
	done func(SaveResult, error)
	res  SaveResult
	err  error

	runID int64
	fetch *Fetch
	skip  *Skip
	sites []RunSite
}

// errWriterClosed refuses a Save after Close.
var errWriterClosed = errors.New("crawl writer closed")

// walCheckpointAt is the size of the write-ahead log above which the
// writer checkpoints it and truncates it to nothing between two batches.
// SQLite's own checkpoint after a commit (wal_autocheckpoint, 1,000
// pages) copies the log into the database but cannot rewind it while the
// crawler's lookups keep reading: without this, the log of a long crawl
// grew to 333–797 MB. journal_size_limit (Open) caps what is left after a
// checkpoint that could not truncate. The writer's connection does
// without SQLite's own checkpoint (writerConn): after the writer's
// commits, this is the only one that runs.
const walCheckpointAt = 16 << 20

// NewCrawlWriter starts a writer of fetched documents. Close it to
// write what is queued.
//
// Of GOMAXPROCS preparers, one is a spare (prepareSpare) that works only
// while the writer waits for documents. The writer is the one stage that
// cannot run on two cores: where it is the slower stage (report pages
// of some hundred values each, cheap to parse), a preparer on every core
// took its share of the CPU from it, and it spent half or more of a
// crawl's wall time runnable but not running (go tool trace, 2,000–3,000
// pages; docs/performance.md);
// where parsing is the slower stage (PDF), the writer goes hungry and the
// spare parses as the others do.
func (db *DB) NewCrawlWriter(ctx context.Context) *CrawlWriter {
	n := runtime.GOMAXPROCS(0)
	w := &CrawlWriter{
		db:      db,
		in:      make(chan *crawlItem, 2*n),
		ready:   make(chan *crawlItem, batchDocs),
		wrote:   make(chan struct{}),
		hungry:  newSpareWake(),
		closing: make(chan struct{}),
	}
	w.ctx = withProseQueue(context.WithoutCancel(ctx), &w.prose)
	for range max(1, n-1) {
		w.pool.Go(w.prepare)
	}
	if n > 1 {
		w.pool.Go(w.prepareSpare)
	}
	go w.write()
	return w
}

// Save queues u's record and, when doc is not nil, doc and the report
// parsed from it (none for a correction), to be written as SaveFetched
// writes them. A doc.SHA256 given is taken as the hex SHA-256 of
// doc.Body, which the crawler computed when it fetched the bytes, and is
// not computed again: the blob is stored (or found already stored)
// under it. It returns at once unless the queue is full. done, when
// not nil, is called from the writer's goroutine once the transaction
// that holds them has committed, with what was stored, or with the error
// that kept them out; it must not call the writer. Save returns the
// writer's first error, if any, and then queues nothing more.
func (w *CrawlWriter) Save(u URL, doc *Document, done func(SaveResult, error)) error {
	return w.send(&crawlItem{url: &u, doc: doc, done: done})
}

// LogFetch queues a line of the fetch log of run runID, written with
// the next batch.
func (w *CrawlWriter) LogFetch(runID int64, f Fetch) error {
	return w.send(&crawlItem{runID: runID, fetch: &f})
}

// LogSkip queues a link judged not to be a report in run runID,
// written with the next batch.
func (w *CrawlWriter) LogSkip(runID int64, s Skip) error {
	return w.send(&crawlItem{runID: runID, skip: &s})
}

// LogSites queues the per-site counts of run runID (SaveRunSites),
// written with the next batch: a crawl's writes all go through its one
// writer, so that none waits for the writer's transaction to commit.
func (w *CrawlWriter) LogSites(runID int64, sites []RunSite) error {
	return w.send(&crawlItem{runID: runID, sites: sites})
}

func (w *CrawlWriter) send(it *crawlItem) error {
	if err := w.firstErr(); err != nil {
		return err
	}
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.closed {
		return errWriterClosed
	}
	w.in <- it
	return nil
}

// Close writes and commits everything queued and returns the writer's
// first error.
func (w *CrawlWriter) Close() error {
	w.mu.Lock()
	first := !w.closed
	if first {
		w.closed = true
		close(w.in)
		close(w.closing)
	}
	w.mu.Unlock()
	if first {
		w.pool.Wait()
		close(w.ready)
	}
	<-w.wrote
	return w.firstErr()
}

func (w *CrawlWriter) fail(err error) {
	w.errMu.Lock()
	if w.err == nil {
		w.err = err
	}
	w.errMu.Unlock()
}

func (w *CrawlWriter) firstErr() error {
	w.errMu.Lock()
	defer w.errMu.Unlock()
	return w.err
}

// prepare hashes, compresses and parses the documents queued: one of
// the pool's goroutines.
func (w *CrawlWriter) prepare() {
	for it := range w.in {
		w.prepareItem(it)
	}
}

// spareBelow is how few documents the writer has ready when the spare
// preparer stops taking more (prepareSpare).
const spareBelow = 4

// prepareSpare is the pool's spare preparer: woken when the writer finds
// nothing ready, it prepares documents until the writer has spareBelow
// ready, then waits to be woken again. After Close it helps drain the
// queue.
func (w *CrawlWriter) prepareSpare() {
	for {
		select {
		case <-w.hungry:
		case <-w.closing:
			w.prepare()
			return
		}
		for len(w.ready) < spareBelow {
			it, ok := <-w.in
			if !ok {
				return
			}
			w.prepareItem(it)
		}
	}
}

// prepareItem hashes, compresses and parses the document of it, if any, and
// hands it to the writer.
//
// It does not look up the source's latest version first, as SaveAll's
// preparers do to skip parsing bytes already stored: the crawler hands
// over a document only when its bytes differ from its URL's record
// (Save), and the write checks again under its lock (saveTx). The
// look-up ran on a connection of its own, and SQLite's page cache has
// one lock for every connection, which the writer then waited for: in a
// trace of 2,080 pages its goroutine spent 1.2 s of 4.4 runnable but not
// running, most of it handing that lock over (sync.Mutex.Unlock).
func (w *CrawlWriter) prepareItem(it *crawlItem) {
	if it.doc != nil {
		parse := w.db.opt.Parse
		if it.url.Kind == KindCorrection {
			parse = notParsed
		}
		doc := *it.doc
		doc.hashed = doc.SHA256 != "" // the crawler's hash of the bytes it fetched
		it.p = w.db.prepareWith(w.ctx, doc, parse, notLookedUp)
		it.p.noReport = it.url.Kind == KindCorrection
		it.p.doc.Body = nil // stored compressed; the parse is done
		it.doc = nil
	}
	w.ready <- it
}

// notLookedUp is the source's latest version as prepareItem takes it,
// and prepareAll for a source not in the archive's set: none, left to
// the write to find.
func notLookedUp(context.Context, string) (Document, error) { return Document{}, ErrNotFound }

// wake tells the spare preparer that the writer has nothing ready.
func (w *CrawlWriter) wake() {
	if len(w.ready) == 0 {
		w.hungry.wake()
	}
}

// write is the writer's goroutine: it writes the items prepared into
// batches and commits each when it holds batchDocs documents or is
// batchAge old. Items are written straight into the batch's transaction,
// with no savepoint each (a savepoint per document made SQLite copy every
// page it changed into a statement journal and FTS5 flush its terms per
// document); when a write fails, the batch is rolled back and its items
// written again one a transaction (replay), so that a document that
// cannot be stored costs only itself.
func (w *CrawlWriter) write() {
	defer close(w.wrote)
	w.conn = w.writerConn()
	w.wal = walKeeper{db: w.db, ctx: w.ctx, conn: w.conn, backgroundAt: walPrecheckpointAt, truncateAt: walCheckpointAt}
	defer w.wal.wait()
	defer w.closeConn()
	var (
		b       *batch
		pending []*crawlItem
		docs    int
	)
	age := time.NewTimer(batchAge)
	age.Stop()
	// finish calls the done of each pending item and empties the batch.
	finish := func(err error) {
		for _, it := range pending {
			if err != nil && it.err == nil {
				it.res, it.err = SaveResult{}, err
			}
			if it.done != nil {
				it.done(it.res, it.err)
			}
		}
		clear(pending)
		pending, docs = pending[:0], 0
	}
	// abandon rolls the batch back and writes its items again, each
	// alone.
	abandon := func() {
		age.Stop()
		b.rollback()
		w.prose.reset()
		b = nil
		w.replay(pending)
		finish(nil)
		w.checkpoint()
	}
	commit := func() {
		if b == nil {
			return
		}
		if err := w.prose.flush(w.ctx, w.db, b.tx); err != nil {
			abandon()
			return
		}
		age.Stop()
		err := b.commit()
		if err != nil {
			b.rollback()
			w.fail(err)
		}
		b = nil
		finish(err)
		if err == nil {
			w.checkpoint()
		}
	}
	for {
		var it *crawlItem
		var ok bool
		w.wake()
		if b == nil {
			it, ok = <-w.ready
		} else {
			select {
			case it, ok = <-w.ready:
			case <-age.C:
				commit()
				continue
			}
		}
		if !ok {
			commit()
			return
		}
		if it.p != nil && it.p.err != nil { // nothing to write
			it.err = fmt.Errorf("save %s: %w", it.url.URL, it.p.err)
			w.fail(it.err)
			if b == nil { // no batch to wait for
				if it.done != nil {
					it.done(it.res, it.err)
				}
			} else {
				pending = append(pending, it)
			}
			continue
		}
		pending = append(pending, it)
		if b == nil {
			var err error
			if b, err = w.begin(); err != nil {
				b = nil
				w.fail(err)
				finish(err)
				continue
			}
			age.Reset(batchAge)
		}
		if err := w.writeItem(b, it); err != nil {
			abandon() // the transaction may hold part of it
			continue
		}
		if it.p != nil {
			docs++
		}
		if docs >= batchDocs {
			commit()
		}
	}
}

// replay writes again, one transaction each, the items of a batch that
// was rolled back because one of them failed, and records on each what
// was stored or the error that kept it out.
func (w *CrawlWriter) replay(items []*crawlItem) {
	for _, it := range items {
		if it.p != nil && it.p.err != nil {
			continue // refused before writing
		}
		it.res, it.err = SaveResult{}, nil
		b, err := w.begin()
		if err == nil {
			if err = w.writeItem(b, it); err == nil {
				if err = w.prose.flush(w.ctx, w.db, b.tx); err == nil {
					err = b.commit()
				}
			}
			if err != nil {
				b.rollback()
				w.prose.reset()
			}
		}
		if err != nil {
			it.res, it.err = SaveResult{}, err
			w.fail(err)
		}
	}
}

// writeItem writes it into batch b. It returns the first error; the
// transaction may then hold part of the item and must be rolled back.
func (w *CrawlWriter) writeItem(b *batch, it *crawlItem) error {
	ctx, db := w.ctx, w.db
	switch {
	case it.fetch != nil:
		if err := db.exec(ctx, b.tx, insertFetch, it.fetch.args(it.runID)...); err != nil {
			return fmt.Errorf("log fetch %s: %w", it.fetch.URL, err)
		}
		return nil
	case it.skip != nil:
		if err := db.exec(ctx, b.tx, insertSkip, db.skipArgs(it.runID, *it.skip)...); err != nil {
			return fmt.Errorf("log skip %s: %w", it.skip.URL, err)
		}
		return nil
	case it.sites != nil:
		return db.saveRunSites(ctx, b.tx, it.runID, it.sites)
	case it.p == nil:
		if err := db.upsertURL(ctx, b.tx, *it.url); err != nil {
			return fmt.Errorf("save %s: %w", it.url.URL, err)
		}
		return nil
	}
	return w.writeFetched(b, it)
}

// writeFetched writes a document and its URL's record.
func (w *CrawlWriter) writeFetched(b *batch, it *crawlItem) error {
	res, err := b.save(w.ctx, it.p)
	if err != nil {
		return err
	}
	it.res = res
	u := *it.url
	u.DocumentID, u.SHA256 = res.DocumentID, it.p.doc.SHA256
	if err := w.db.upsertURL(w.ctx, b.tx, u); err != nil {
		return fmt.Errorf("save %s: %w", u.URL, err)
	}
	return nil
}

// checkpoint keeps the write-ahead log short after a commit (walKeeper:
// copied beside the writer from walPrecheckpointAt, truncated by the
// writer at walCheckpointAt).
func (w *CrawlWriter) checkpoint() {
	if err := w.wal.afterCommit(); err != nil {
		w.fail(err)
	}
}

// walPrecheckpointAt is the size of the write-ahead log at which a
// checkpoint starts beside the writer (walKeeper.background), so that the
// writer's own at walCheckpointAt finds most of the log copied and the
// database synced. The writer's checkpoint holds it: while it copied
// 16 MiB and synced the file, the queues filled and a crawl's cores
// stood idle.
const walPrecheckpointAt = walCheckpointAt / 2

// writerCacheKiB is the page cache of the writer's connection. With
// SQLite's default (2 MiB) a batch of 64 reports (about 12,000 values
// and their index entries) did not fit: SQLite wrote pages to the log
// before the commit and read them back, and wrote them again at commit.
const writerCacheKiB = 8 << 10

// writerConn returns a connection of the writer's own, with a page cache
// that holds a batch and without SQLite's automatic checkpoint (which
// copied the log into the database every 1,000 pages): checkpoint copies
// and truncates it once it is walCheckpointAt. It returns nil, and the
// writer uses the pool, if the connection cannot be had or set.
func (w *CrawlWriter) writerConn() *sql.Conn {
	if !w.db.dia.localFile() {
		return nil // a server: the pool's connections are as good
	}
	conn, err := w.db.db.Conn(w.ctx)
	if err != nil {
		return nil
	}
	for _, q := range []string{fmt.Sprintf("PRAGMA cache_size = -%d", writerCacheKiB), noAutoCheckpoint} {
		if _, err := conn.ExecContext(w.ctx, q); err != nil {
			dropConn(conn)
			return nil
		}
	}
	return conn
}

// closeConn closes the writer's connection for good rather than handing
// it, with its settings and its cache, back to the pool.
func (w *CrawlWriter) closeConn() {
	if w.conn != nil {
		dropConn(w.conn)
		w.conn = nil
	}
}

// begin starts a batch on the writer's connection.
func (w *CrawlWriter) begin() (*batch, error) {
	if w.conn == nil {
		return w.db.begin(w.ctx)
	}
	tx, err := w.conn.BeginTx(w.ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	return &batch{db: w.db, tx: tx}, nil
}
