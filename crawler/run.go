package crawler

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// A run is the state of one Run.
type run struct {
	c      *Crawler
	ctx    context.Context
	cancel context.CancelCauseFunc
	saveCx context.Context // for the sink: not cancelled, so a fetched page is kept
	sem    chan struct{}   // Parallel request slots

	mu       sync.Mutex
	seen     map[string]bool
	hosts    map[string]*host
	listings map[string]int // listing pages queued per site
	pages    map[string]int // URLs queued per site
	sites    map[string]*SiteStats
	pending  int           // tasks queued or being processed
	idle     chan struct{} // closed when pending drops to 0
	stats    RunStats
	wg       sync.WaitGroup

	progressMu sync.Mutex

	// found holds the report links met per site, for linking
	// corrections (tree.go); guarded by mu.
	found map[string]map[string]foundReport

	fr *frontierRun // with Options.Frontier; nil otherwise
}

// Run crawls sites: their listing pages and pagination, the reports
// they link to, the reports' attachments, and the documents of each site
// saved by earlier runs. Each document goes to the sink as soon as it is
// fetched. Run returns when everything queued is done, or when ctx is
// cancelled (with ctx's error) or the sink fails (with its error); the
// stats count what was done either way.
func (c *Crawler) Run(ctx context.Context, sites []Site) (RunStats, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	r := &run{
		c:        c,
		ctx:      ctx,
		cancel:   cancel,
		saveCx:   context.WithoutCancel(ctx),
		sem:      make(chan struct{}, c.opts.Parallel),
		seen:     make(map[string]bool),
		hosts:    make(map[string]*host),
		listings: make(map[string]int),
		pages:    make(map[string]int),
		sites:    make(map[string]*SiteStats),
		pending:  1, // the seeding below
		idle:     make(chan struct{}),
	}
	r.stats.Start = time.Now()
	// Check every site before the first request.
	sites = append([]Site(nil), sites...)
	sels := make([]*selectors, len(sites))
	known := make([][]Previous, len(sites))
	for i := range sites {
		s := &sites[i]
		if err := s.Check(); err != nil {
			return r.stats, fmt.Errorf("run: %w", err)
		}
		var err error
		if sels[i], err = compileSelectors(s.Selectors); err != nil {
			return r.stats, fmt.Errorf("run: site %s: %w", s.Name, err)
		}
		if known[i], err = c.sink.Known(ctx, s.Name); err != nil {
			return r.stats, fmt.Errorf("run: known documents of %s: %w", s.Name, err)
		}
		r.siteStats(s.Name) // every site has its line, even with nothing found
	}
	if c.opts.Frontier != nil {
		r.fr = newFrontierRun(c.opts.Frontier, sites, sels, c.opts.Parallel)
	}
	for i := range sites {
		s, sel := &sites[i], sels[i]
		var seeds []*task
		for _, u := range s.Listings {
			seeds = append(seeds, &task{url: u, kind: Listing, site: s, sel: sel})
		}
		for _, u := range s.Reports {
			seeds = append(seeds, &task{url: u, kind: Report, site: s, sel: sel})
		}
		if s.API != nil {
			call := siteAPICall(s)
			seeds = append(seeds, &task{url: call.url, kind: ListingAPI, site: s, sel: sel, api: call, apiSeed: true})
		}
		for _, p := range known[i] {
			kind := p.Kind
			if kind == ListingAPI {
				continue // requested again from its listing, with its body
			}
			if kind == "" {
				kind = Report
			}
			if k, _ := noticeKind(p.Title); kind == Report && k == Correction {
				kind = k // stored as a report before corrections were told apart
			}
			seeds = append(seeds, &task{url: p.URL, kind: kind, site: s, sel: sel, title: p.Title, year: titleYear(p.Title)})
		}
		for _, t := range seeds {
			if !r.enqueue(t) {
				// Seeds are few (the sites file, the archive): each
				// one over the limit has its own line.
				r.skip(t, r.pageLimitReason())
			}
		}
	}
	if r.fr != nil {
		r.startFeeding()
	}
	r.done()
	select {
	case <-r.idle:
	case <-ctx.Done():
	}
	r.wg.Wait()
	r.logSites()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stats.End = time.Now()
	if ctx.Err() != nil {
		return r.stats, context.Cause(ctx)
	}
	return r.stats, nil
}

// done marks a task finished and reports progress.
func (r *run) done() {
	r.mu.Lock()
	r.pending--
	if r.pending == 0 {
		close(r.idle)
	}
	p := Progress{RunStats: r.stats, Queued: r.pending}
	r.mu.Unlock()
	if f := r.c.opts.Progress; f != nil {
		r.progressMu.Lock()
		defer r.progressMu.Unlock()
		f(p)
	}
}

// fail stops the run because the sink failed.
func (r *run) fail(err error) {
	r.cancel(err)
}

func (r *run) count(f func(*RunStats)) {
	r.mu.Lock()
	f(&r.stats)
	r.mu.Unlock()
}

func (r *run) logFetch(f *FetchLog) {
	if err := r.c.sink.LogFetch(r.saveCx, f); err != nil {
		r.fail(fmt.Errorf("log fetch: %w", err))
	}
}
