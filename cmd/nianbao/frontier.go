package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"

	"nianbao/crawler"
	"nianbao/store"
)

// sharedFrontier is the crawler.Frontier of a crawl on a PostgreSQL
// archive: store.Frontier, with a URL marked done only once every
// document the crawler handed the sink before is committed. The sink's
// writer commits many documents a transaction, a quarter of a second
// after the fetch: a worker killed between its fetch and that commit
// has its URL fetched again by another, and loses nothing.
type sharedFrontier struct {
	*store.Frontier
	log *slog.Logger

	mu      sync.Mutex
	issued  int64          // saves handed to the writer
	open    map[int64]bool // of those, not committed yet
	failed  error          // the writer's first error: nothing is marked done after it
	waiting []doneAfter    // marks waiting for the saves before them
}

// A doneAfter is an entry done once saves up to after are committed.
type doneAfter struct {
	after int64
	id    int64
}

var _ crawler.Frontier = (*sharedFrontier)(nil)

func newSharedFrontier(f *store.Frontier, lg *slog.Logger) *sharedFrontier {
	return &sharedFrontier{Frontier: f, log: lg, open: map[int64]bool{}}
}

// saving records a save handed to the writer and returns what the writer
// calls once it is committed.
func (s *sharedFrontier) saving() func(error) {
	s.mu.Lock()
	s.issued++
	n := s.issued
	s.open[n] = true
	s.mu.Unlock()
	return func(err error) { s.committed(n, err) }
}

// committed is called by the writer's goroutine: save n is committed,
// or failed with err.
func (s *sharedFrontier) committed(n int64, err error) {
	s.mu.Lock()
	delete(s.open, n)
	if err != nil && s.failed == nil {
		s.failed = err
	}
	ids := s.ready()
	s.mu.Unlock()
	if len(ids) == 0 {
		return
	}
	if err := s.Frontier.Done(context.Background(), ids); err != nil {
		// The URLs stay leased; another worker fetches them again once
		// the lease expires, and the archive keeps the bytes once.
		s.log.Warn("frontier", "err", err)
	}
}

// ready removes and returns the marks whose saves are all committed;
// s.mu must be held.
func (s *sharedFrontier) ready() []int64 {
	if s.failed != nil {
		s.waiting = nil
		return nil
	}
	mark := s.issued // every save up to it is committed
	for n := range s.open {
		mark = min(mark, n-1)
	}
	var ids []int64
	kept := s.waiting[:0]
	for _, w := range s.waiting {
		if w.after <= mark {
			ids = append(ids, w.id)
		} else {
			kept = append(kept, w)
		}
	}
	s.waiting = kept
	return ids
}

// Done marks e done once what the sink was handed before is committed:
// at once when it is, else from the writer's goroutine. After a save
// failed it marks nothing and returns the save's error, so that the run
// ends and leaves its URLs to the other workers.
func (s *sharedFrontier) Done(ctx context.Context, e crawler.Entry) error {
	s.mu.Lock()
	if err := s.failed; err != nil {
		s.mu.Unlock()
		return fmt.Errorf("a save failed, nothing more is marked done: %w", err)
	}
	s.waiting = append(s.waiting, doneAfter{after: s.issued, id: e.ID})
	ids := s.ready()
	s.mu.Unlock()
	return s.Frontier.Done(ctx, ids)
}

// Left returns the URLs not done, or the error of a failed save: the
// URLs waiting for it would never be done, and the run must not wait
// for them.
func (s *sharedFrontier) Left(ctx context.Context) (int, error) {
	s.mu.Lock()
	err := s.failed
	s.mu.Unlock()
	if err != nil {
		return 0, fmt.Errorf("a save failed, nothing more is marked done: %w", err)
	}
	return s.Frontier.Left(ctx)
}

func (s *sharedFrontier) Add(ctx context.Context, es []crawler.Entry, lim crawler.Limits) ([]crawler.Refusal, error) {
	out := make([]store.FrontierEntry, len(es))
	for i, e := range es {
		out[i] = store.FrontierEntry{Key: e.Key, URL: e.URL, Site: e.Site, Kind: string(e.Kind), Priority: e.Priority, Title: e.Title,
			Year: e.Year, Referrer: e.Referrer, ReferrerTitle: e.ReferrerTitle, Depth: e.Depth, Held: e.Held}
	}
	rs, err := s.Frontier.AddWithin(ctx, out, store.FrontierLimits{Pages: lim.Pages, Listings: lim.Listings})
	if err != nil {
		return nil, err
	}
	refused := make([]crawler.Refusal, len(rs))
	for i, r := range rs {
		refused[i] = crawler.Refusal{Index: r.Index, Listings: r.Listings}
	}
	return refused, nil
}

func (s *sharedFrontier) Lease(ctx context.Context, n int) ([]crawler.Entry, error) {
	es, err := s.Frontier.Lease(ctx, n)
	if err != nil {
		return nil, err
	}
	out := make([]crawler.Entry, len(es))
	for i, e := range es {
		out[i] = crawler.Entry{ID: e.ID, Key: e.Key, URL: e.URL, Site: e.Site, Kind: crawler.Kind(e.Kind), Priority: e.Priority, Title: e.Title,
			Year: e.Year, Referrer: e.Referrer, ReferrerTitle: e.ReferrerTitle, Depth: e.Depth}
		if e.Leases > 1 {
			s.log.Info("frontier: leased again", "url", e.URL, "leases", e.Leases)
		}
	}
	return out, nil
}

// defaultWorker names a crawl process: hostname-pid.
func defaultWorker() string {
	h, err := os.Hostname()
	if err != nil || h == "" {
		h = "localhost"
	}
	return fmt.Sprintf("%s-%d", h, os.Getpid())
}
