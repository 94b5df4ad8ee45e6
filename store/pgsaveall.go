package store

import (
	"context"
	"fmt"
	"iter"
	"runtime/pprof"
	"time"

	"nianbao"
)

// saveAllSetWise is SaveAll on an engine that writes set-wise
// (dialect.setWise, PostgreSQL): the documents are prepared on every
// core as for SQLite, and each batch of up to importBatchDocs documents
// (or importBatchAge) is written by writeSetWise in one transaction on
// a connection of SaveAll's own. A batch that fails is saved again one
// document a transaction, row by row, so that one bad document costs
// only itself; fn is called in the documents' order, as by saveAll.
func (db *DB) saveAllSetWise(ctx context.Context, docs iter.Seq[Document], parse func(Document) (*nianbao.Report, error), fn func(Document, SaveResult, error) error) error {
	ready, stop := db.prepareAll(ctx, docs, parse)
	defer stop()
	pprof.SetGoroutineLabels(pprof.WithLabels(ctx, writerLabels))
	defer pprof.SetGoroutineLabels(ctx)

	// What was saved before an interrupt is committed.
	bctx := context.WithoutCancel(ctx)
	conn, err := db.db.Conn(bctx)
	if err != nil {
		return fmt.Errorf("import connection: %w", err)
	}
	defer conn.Close()
	var (
		batch   []*prepared
		slots   []int // where batch's documents are in pending
		pending []done
		started time.Time
		saved   int
	)
	report := func() error {
		for _, d := range pending {
			if err := fn(d.p.doc, d.res, d.err); err != nil {
				return err
			}
		}
		pending = pending[:0]
		return nil
	}
	flush := func() error {
		if len(batch) == 0 {
			return report()
		}
		res, err := db.writeSetWise(bctx, conn, batch)
		for i, at := range slots {
			d := &pending[at]
			if err != nil {
				d.res, d.err = db.saveOne(bctx, d.p)
			} else {
				d.res = res[i]
			}
			if d.err == nil && d.res.Outcome != nianbao.OutcomeUnchanged {
				saved++
			}
		}
		clear(batch)
		batch, slots = batch[:0], slots[:0]
		return report()
	}
	for p := range ready {
		if ctx.Err() != nil {
			break
		}
		if p.err != nil || p.unchanged != nil {
			pending = append(pending, db.settled(bctx, p))
			if len(batch) == 0 {
				if err := report(); err != nil {
					return err
				}
			}
			continue
		}
		if len(batch) == 0 {
			started = time.Now()
		}
		batch = append(batch, p)
		slots = append(slots, len(pending))
		pending = append(pending, done{p: p})
		if len(batch) >= importBatchDocs || time.Since(started) >= importBatchAge {
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

// lookupDocs is how many documents' sources SaveAll looks up at once
// where it writes set-wise: one statement for 32 sources instead of a
// statement each.
const lookupDocs = 32

// latestDocuments looks up the latest version of each of sources in one
// statement and returns what LatestDocument would for each of them (the
// look-up's error, if it failed). The SQL (= ANY) is PostgreSQL's.
func (db *DB) latestDocuments(ctx context.Context, sources []string) func(context.Context, string) (Document, error) {
	found := map[string]Document{}
	err := func() error {
		rows, err := db.db.QueryContext(ctx, `SELECT DISTINCT ON (d.source) `+latestColumns+`
			FROM documents d JOIN blobs b ON b.sha256 = d.sha256 LEFT JOIN reports r ON r.document_id = d.id
			WHERE d.source = ANY(?) ORDER BY d.source, d.fetched_at DESC, d.id DESC`, sources)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			d, err := scanLatest(rows)
			if err != nil {
				return err
			}
			found[d.Source] = d
		}
		return rows.Err()
	}()
	return func(_ context.Context, source string) (Document, error) {
		if err != nil {
			return Document{}, fmt.Errorf("document %s: %w", source, err)
		}
		d, ok := found[source]
		if !ok {
			return Document{}, fmt.Errorf("document %s: %w", source, ErrNotFound)
		}
		return d, nil
	}
}
