package store

import (
	"context"
	"iter"
	"runtime"
	"runtime/pprof"

	"nianbao"
)

// The goroutines of SaveAll carry these profiler labels, so that a CPU
// profile tells the single writer's share of an import (the part that
// does not run on every core) from the preparing's:
//
//	go tool pprof -tags cpu.out
var (
	readLabels    = pprof.Labels("store", "read") // the documents' iterator
	prepareLabels = pprof.Labels("store", "prepare")
	writerLabels  = pprof.Labels("store", "writer")
)

// lookahead is how many documents prepareAll prepares ahead of the
// writer: enough that every core goes on preparing while the writer
// commits a batch (tens of milliseconds, a few documents' parsing each).
const lookahead = 64

// prepareAll prepares (hashes, compresses and parses) the documents docs
// yields on GOMAXPROCS goroutines and sends them on the returned channel
// in the order docs yields them, so that what is stored and reported is
// what one goroutine would have done. It stops reading docs when ctx is
// cancelled, and stops altogether when stop is closed; the channel is
// closed once it is done. At most lookahead documents are held ahead of
// the writer, without their bodies (stored compressed).
func (db *DB) prepareAll(ctx context.Context, docs iter.Seq[Document], parse func(Document) (*nianbao.Report, error), stop <-chan struct{}) <-chan *prepared {
	workers := runtime.GOMAXPROCS(0)
	type job struct {
		doc    Document
		out    chan *prepared // one result, buffered: a worker never waits
		latest func(context.Context, string) (Document, error)
	}
	jobs := make(chan job)
	slots := make(chan chan *prepared, max(lookahead, 2*workers)) // the results in order
	ready := make(chan *prepared)

	// Where a statement is a round trip (dialect.setWise), the sources'
	// latest versions are looked up lookupDocs documents at a time.
	chunk := 1
	if db.dia.setWise() {
		chunk = lookupDocs
	}
	go pprof.Do(ctx, readLabels, func(context.Context) {
		defer close(jobs)
		defer close(slots)
		// On SQLite, a source the archive had no document of when the
		// import started is not looked up (HashSet). When the set cannot
		// be read or is too large, every source is looked up: the set
		// only spares look-ups.
		var known *HashSet
		if chunk == 1 {
			known, _ = db.readSourceSet(ctx)
		}
		held := make([]job, 0, chunk)
		// send hands the held documents to the workers, in order.
		send := func() bool {
			if chunk > 1 && len(held) > 0 {
				sources := make([]string, len(held))
				for i, j := range held {
					sources[i] = j.doc.Source
				}
				latest := db.latestDocuments(ctx, sources)
				for i := range held {
					held[i].latest = latest
				}
			}
			for _, j := range held {
				select {
				case slots <- j.out:
				case <-stop:
					return false
				}
				select {
				case jobs <- j:
				case <-stop:
					return false
				}
			}
			clear(held)
			held = held[:0]
			return true
		}
		for doc := range docs {
			if ctx.Err() != nil {
				return
			}
			latest := db.LatestDocument
			if known != nil && !known.MayHave(doc.Source) {
				latest = notLookedUp
			}
			held = append(held, job{doc: doc, out: make(chan *prepared, 1), latest: latest})
			if len(held) >= chunk && !send() {
				return
			}
		}
		send()
	})
	for range workers {
		go pprof.Do(ctx, prepareLabels, func(ctx context.Context) {
			for j := range jobs {
				p := db.prepareWith(ctx, j.doc, parse, j.latest)
				p.doc.Body = nil
				j.out <- p
			}
		})
	}
	go func() {
		defer close(ready)
		for out := range slots {
			select {
			case p := <-out:
				select {
				case ready <- p:
				case <-stop:
					return
				}
			case <-stop:
				return
			}
		}
	}()
	return ready
}
