package store

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	"runtime/pprof"
	"time"

	"nianbao"
)

// A batch saves documents in one transaction. Each document with its
// report, values and findings is written whole, and the batch becomes
// visible at commit, so the file holds whole reports only. Importing in
// batches writes each index page once per batch instead of once per
// document. A batch in which a write failed must be rolled back.
type batch struct {
	db   *DB
	tx   *sql.Tx
	docs []*prepared // the documents written, in order
}

// begin starts a batch, which holds the write lock until commit or
// rollback.
func (db *DB) begin(ctx context.Context) (*batch, error) {
	return db.beginOn(ctx, nil)
}

// beginOn starts a batch on conn, or on a connection of the pool when
// conn is nil.
func (db *DB) beginOn(ctx context.Context, conn *sql.Conn) (*batch, error) {
	var tx *sql.Tx
	var err error
	if conn != nil {
		tx, err = conn.BeginTx(ctx, nil)
	} else {
		tx, err = db.db.BeginTx(ctx, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	return &batch{db: db, tx: tx}, nil
}

// save writes the prepared document p into the batch.
func (b *batch) save(ctx context.Context, p *prepared) (SaveResult, error) {
	res, err := b.db.saveTx(ctx, b.tx, p)
	if err != nil {
		return SaveResult{}, fmt.Errorf("save document %s: %w", p.doc.Source, err)
	}
	if res.Outcome != nianbao.OutcomeUnchanged {
		b.docs = append(b.docs, p)
	}
	return res, nil
}

func (b *batch) commit() error {
	if err := b.tx.Commit(); err != nil {
		b.db.labels.rolledBack(b.tx)
		return fmt.Errorf("commit: %w", err)
	}
	b.db.labels.committed(b.tx)
	return nil
}

func (b *batch) rollback() {
	b.tx.Rollback()
	b.db.labels.rolledBack(b.tx)
}

// Batches are committed when they hold this many documents or are this
// old, whichever comes first.
const (
	batchDocs = 64
	batchAge  = 250 * time.Millisecond
)

// SaveAll (nianbao import) commits larger batches, on a connection with
// a larger page cache (importConn): every commit writes
// again the index pages its documents touched (each report adds a row at
// the end of some 200 codes' runs in stats_code), so that fewer, larger
// transactions cut the single writer's work, the part of an import that
// does not run on every core. Two seconds bound how long the write lock
// is held and how late an outcome is printed.
const (
	importBatchDocs = 256
	importBatchAge  = 2 * time.Second
)

// SaveAll saves every document docs yields, as SaveDocument would, and
// calls fn with each result once it is committed, in order (the
// document without its body, which is stored compressed). It hashes,
// compresses and parses the next documents and builds their rows on
// every core (GOMAXPROCS) while one goroutine inserts them, with the
// same outcome as one document at a time, and commits up to
// importBatchDocs documents a transaction, each whole: a transaction
// that fails is rolled back and its documents saved again one a
// transaction, so that one bad document costs only itself. A document
// that cannot be stored is passed to fn with its error; an error from
// fn stops SaveAll. When ctx is cancelled, the documents saved so far
// are committed.
func (db *DB) SaveAll(ctx context.Context, docs iter.Seq[Document], fn func(Document, SaveResult, error) error) error {
	return db.saveAll(ctx, docs, db.opt.Parse, fn)
}

// done is one document's outcome, held until its batch commits.
type done struct {
	p   *prepared
	res SaveResult
	err error
}

func (db *DB) saveAll(ctx context.Context, docs iter.Seq[Document], parse func(Document) (*nianbao.Report, error), fn func(Document, SaveResult, error) error) error {
	if db.dia.setWise() {
		return db.saveAllSetWise(ctx, docs, parse, fn)
	}
	ready, stop := db.prepareAll(ctx, docs, parse)
	defer stop()
	// From here on this goroutine is the writer (labels for profiles).
	pprof.SetGoroutineLabels(pprof.WithLabels(ctx, writerLabels))
	defer pprof.SetGoroutineLabels(ctx)

	// The batches' context is not cancelled with ctx, so that what was
	// saved before an interrupt is committed.
	bctx := context.WithoutCancel(ctx)
	// The batches are written on a connection of their own, with a
	// larger page cache.
	conn, release := db.importConn(bctx)
	defer release()
	// The log is copied into the database beside the writer.
	wal := walKeeper{db: db, ctx: bctx, conn: conn, backgroundAt: importWALBackgroundAt, truncateAt: importWALTruncateAt}
	defer wal.wait()
	// The reports' full text is written last in each batch, all at once
	// (proseQueue): FTS5 then writes one segment a batch, not one a
	// document. Documents saved again one a transaction write theirs at
	// once (bctx).
	var prose proseQueue
	wctx := withProseQueue(bctx, &prose)
	var (
		b       *batch
		pending []done
		started time.Time
		saved   int // documents written
	)
	defer func() {
		if b != nil {
			b.rollback()
		}
	}()
	report := func() error {
		for _, d := range pending {
			if err := fn(d.p.doc, d.res, d.err); err != nil {
				return err
			}
		}
		pending = pending[:0]
		return nil
	}
	// flush commits the batch; if it fails, it saves the batch's
	// documents again, each in a transaction of its own.
	flush := func() error {
		if b == nil {
			return report()
		}
		err := prose.flush(bctx, db, b.tx)
		if err == nil {
			err = b.commit()
		}
		if err != nil {
			b.rollback()
			prose.reset()
		}
		b = nil
		if err != nil {
			for i, d := range pending {
				if d.err == nil {
					pending[i].res, pending[i].err = db.saveOne(bctx, d.p)
				}
			}
		}
		if rerr := report(); rerr != nil || err != nil {
			return rerr
		}
		return wal.afterCommit()
	}
	for p := range ready {
		if ctx.Err() != nil {
			break
		}
		if p.err != nil || p.unchanged != nil {
			pending = append(pending, db.settled(bctx, p))
			if b == nil {
				if err := report(); err != nil {
					return err
				}
			}
			continue
		}
		if b == nil {
			var err error
			if b, err = db.beginOn(bctx, conn); err != nil {
				return err
			}
			started = time.Now()
		}
		res, err := b.save(wctx, p)
		pending = append(pending, done{p, res, err})
		if err == nil && res.Outcome != nianbao.OutcomeUnchanged {
			saved++
		}
		if err != nil {
			// The batch may hold part of p: drop it and save the
			// others again, one a transaction.
			b.rollback()
			prose.reset()
			b = nil
			for i, d := range pending[:len(pending)-1] {
				if d.err == nil {
					pending[i].res, pending[i].err = db.saveOne(bctx, d.p)
				}
			}
			if err := report(); err != nil {
				return err
			}
			continue
		}
		if len(b.docs) >= importBatchDocs || time.Since(started) >= importBatchAge {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	return db.endImport(ctx, saved)
}

// endImport ends an import whose last batch is written: when it saved
// anything and was not interrupted, it runs the engine's step after an
// import (statistics for the planner).
func (db *DB) endImport(ctx context.Context, saved int) error {
	if saved > 0 && ctx.Err() == nil {
		if err := db.dia.afterImport(ctx, db.db); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// settled is the result of a prepared document with nothing to write:
// its reading failed, or it is unchanged since its source's latest
// version.
func (db *DB) settled(ctx context.Context, p *prepared) done {
	d := done{p: p}
	if p.err != nil {
		d.err = fmt.Errorf("save document %s: %w", p.doc.Source, p.err)
	} else {
		d.res, d.err = db.unchanged(ctx, *p.unchanged)
	}
	return d
}

// saveOne saves the prepared document p in a transaction of its own.
func (db *DB) saveOne(ctx context.Context, p *prepared) (SaveResult, error) {
	if p.err != nil {
		return SaveResult{}, fmt.Errorf("save document %s: %w", p.doc.Source, p.err)
	}
	if p.unchanged != nil {
		return db.unchanged(ctx, *p.unchanged)
	}
	b, err := db.begin(ctx)
	if err != nil {
		return SaveResult{}, fmt.Errorf("save document %s: %w", p.doc.Source, err)
	}
	defer b.rollback()
	res, err := b.save(ctx, p)
	if err != nil {
		return SaveResult{}, err
	}
	if err := b.commit(); err != nil {
		return SaveResult{}, fmt.Errorf("save document %s: %w", p.doc.Source, err)
	}
	return res, nil
}
