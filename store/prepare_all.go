package store

import (
	"context"
	"iter"
	"runtime"
	"runtime/pprof"
	"sync"
	"sync/atomic"

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
// yields on GOMAXPROCS goroutines; ready yields them in the order docs
// yields them, so that what is stored and reported is what one goroutine
// would have done. It stops reading docs when ctx is cancelled. At most
// lookahead documents are held ahead of the writer, without their
// bodies (stored compressed). stop ends it all and waits for its
// goroutines; call it once ready is no longer read.
//
// The writer is the stage that runs on one core, so the preparers keep
// out of its way: one fewer than GOMAXPROCS prepares all the time, and a
// spare one only while the writer waits for its next document (as the
// crawl's writer has it). With a preparer on every core the writer was
// one of three goroutines for two cores, preempted to share them; and
// it reads the results itself, not through a goroutine handing each one
// on. go tool trace of an import of 1,000 documents on 2 cores, the
// writer's time runnable but not running and waiting for a document:
// 159 and 36 ms with a preparer on every core, 75 and 31 ms so.
func (db *DB) prepareAll(ctx context.Context, docs iter.Seq[Document], parse func(Document) (*nianbao.Report, error)) (ready iter.Seq[*prepared], stop func()) {
	workers := runtime.GOMAXPROCS(0)
	type job struct {
		doc    Document
		out    chan *prepared // one result, buffered: a worker never waits
		latest func(context.Context, string) (Document, error)
	}
	ahead := max(lookahead, 2*workers)
	slots := make(chan chan *prepared, ahead) // the results in order
	// jobs holds at most the documents whose slots are queued, and the
	// few the writer waits for: sending never blocks for long.
	jobs := make(chan job, ahead+workers)
	done := make(chan struct{})
	var wg sync.WaitGroup

	// Where a statement is a round trip (dialect.setWise), the sources'
	// latest versions are looked up lookupDocs documents at a time.
	chunk := 1
	if db.dia.setWise() {
		chunk = lookupDocs
	}
	wg.Go(func() {
		pprof.Do(ctx, readLabels, func(context.Context) {
			defer close(jobs)
			defer close(slots)
			// On SQLite, a source the archive had no document of when
			// the import started is not looked up (HashSet). When the
			// set cannot be read or is too large, every source is looked
			// up: the set only spares look-ups.
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
					case <-done:
						return false
					}
					select {
					case jobs <- j:
					case <-done:
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
	})
	// One preparer fewer than cores works all the time, and a spare one
	// only while the writer waits (prepareSpare's doc).
	var spare *spareWork
	if workers > 1 {
		spare = &spareWork{hungry: newSpareWake()}
		workers--
	}
	prepareOne := func(ctx context.Context, j job) {
		select {
		case <-done:
			return // stopped: what is queued is not wanted
		default:
		}
		p := db.prepareWith(ctx, j.doc, parse, j.latest)
		p.doc.Body = nil
		j.out <- p
		if spare != nil {
			spare.ahead.Add(1)
		}
	}
	for range workers {
		wg.Go(func() {
			pprof.Do(ctx, prepareLabels, func(ctx context.Context) {
				for j := range jobs {
					prepareOne(ctx, j)
				}
			})
		})
	}
	if spare != nil {
		wg.Go(func() {
			pprof.Do(ctx, prepareLabels, func(ctx context.Context) {
				for {
					select {
					case <-spare.hungry:
					case <-done:
						return
					}
					for spare.ahead.Load() < spareBelow {
						j, ok := <-jobs
						if !ok {
							return
						}
						prepareOne(ctx, j)
					}
				}
			})
		})
	}
	ready = func(yield func(*prepared) bool) {
		for out := range slots {
			var p *prepared
			select {
			case p = <-out:
			default:
				if spare != nil {
					spare.hungry.wake()
				}
				select {
				case p = <-out:
				case <-done:
					return
				}
			}
			if spare != nil {
				spare.ahead.Add(-1)
			}
			if !yield(p) {
				return
			}
		}
	}
	var once sync.Once
	stop = func() {
		once.Do(func() {
			close(done)
			wg.Wait()
		})
	}
	return ready, stop
}

// spareWork is what the writer and prepareAll's spare preparer share.
type spareWork struct {
	hungry spareWake    // the writer waits for its next document
	ahead  atomic.Int64 // documents prepared and not yet taken
}
