package crawler

import (
	"context"
	"fmt"
	"net/url"
	"sync"
	"sync/atomic"
	"time"
)

// A Frontier is a crawl queue and per-host politeness shared by
// crawlers in several processes, on several machines (store.Frontier,
// in PostgreSQL). With Options.Frontier set, a run puts the URLs it
// finds there instead of in its own queue, fetches the URLs it leases
// from there, whoever found them, and takes a host from there before
// each request, so that crawlers never hit one host at once or closer
// than its delay. A URL is done once its document and the links found
// in it are recorded; a crawler that dies leaves its URLs to the others
// when their leases expire. Methods are called from several goroutines
// at once.
//
// The pages of a list interface (Hanweb, gkmlpt, [site.api]) after the
// first are read with what the previous page said, so they stay with
// the crawler that leased the page leading to them: that URL is done
// when they are, and is fetched again whole by another crawler if this
// one dies first. The limits (MaxPages, MaxListingPages) are the
// crawl's: the frontier lets in a site's URLs, found by any crawler,
// until the crawl's count reaches them, and counts each URL once
// (those list-interface pages included, added Held only to be
// counted). A correction is linked to the reports its own crawler met.
type Frontier interface {
	// Add records entries to fetch within lim, counted per site over
	// every crawler of the frontier, and returns those a limit left out.
	// One whose Key is in the frontier already (free, leased or done) is
	// ignored and not counted again; a Held one is then let in. Crawlers
	// adding at once never let in more than lim together.
	Add(ctx context.Context, entries []Entry, lim Limits) ([]Refusal, error)
	// Lease takes up to n entries that no crawler holds, for this
	// crawler, until Done or until its lease expires.
	Lease(ctx context.Context, n int) ([]Entry, error)
	// Done marks a leased entry fetched and recorded: the frontier must
	// make sure that what the sink was handed before is kept first.
	Done(ctx context.Context, e Entry) error
	// Left returns how many entries are not done, held by any crawler
	// or free; the run ends when none are.
	Left(ctx context.Context) (int, error)
	// TakeHost takes host for one request when no crawler holds it and
	// its pause has passed; otherwise it says how long to wait before
	// asking again. delay is this crawler's pause for the host (Delay or
	// its Crawl-delay, without jitter).
	TakeHost(ctx context.Context, host string, delay time.Duration) (ok bool, wait time.Duration, err error)
	// FreeHost frees host after a request: the next may start pause
	// from now.
	FreeHost(ctx context.Context, host string, pause time.Duration) error
	// SlowHost puts the next request to host at least pause from now;
	// delay, when not 0, is the host's Crawl-delay.
	SlowHost(ctx context.Context, host string, pause, delay time.Duration) error
}

// An Entry is a URL of a shared frontier with what a crawler needs to
// fetch it.
type Entry struct {
	ID            int64  // the frontier's; 0 before Add
	Key           string // the URL as compared: a directory and its index page are one; a POST is its URL and body
	URL           string // with a gkmlpt column's fragment
	Site          string
	Kind          Kind
	Priority      int // 0 reports and attachments, 1 listings, 2 corrections: the order a host's queue keeps
	Title         string
	Year          int
	Referrer      string
	ReferrerTitle string
	Depth         int
	// Held marks a page of a list interface after the first: fetched by
	// the crawler that found it, never leased, added to be counted
	// against the limits only.
	Held bool
}

// Limits are a crawl's limits per site, over every crawler of its
// frontier: the URLs let in (MaxPages) and, of them, the listing and
// list-interface pages (MaxListingPages).
type Limits struct {
	Pages, Listings int
}

// A Refusal is an entry a limit left out of the frontier: the one at
// Index of those given to Add, over Limits.Listings when Listings, else
// over Limits.Pages.
type Refusal struct {
	Index    int
	Listings bool
}

// frontierPoll is how often a crawler with nothing to do asks the
// frontier again: other crawlers may add URLs, or die and leave theirs.
const frontierPoll = 200 * time.Millisecond

// frontierRun is a run's side of its frontier.
type frontierRun struct {
	f     Frontier
	sites map[string]*Site
	sels  map[string]*selectors
	room  int // entries leased and not done at most

	flushMu  sync.Mutex
	outbox   []Entry // found, not yet added; guarded by run.mu
	tasks    []*task // the outbox's tasks; guarded by run.mu
	inFlight int     // entries leased and not done; guarded by run.mu
	wake     chan struct{}

	listingsWarned map[string]bool // sites whose listing limit was logged; guarded by run.mu
}

// A frontierRow is an entry this crawler leased: done when its task and
// the list-interface pages it led to are.
type frontierRow struct {
	e    Entry
	left atomic.Int32
}

func newFrontierRun(f Frontier, sites []Site, sels []*selectors, parallel int) *frontierRun {
	fr := &frontierRun{f: f, sites: map[string]*Site{}, sels: map[string]*selectors{}, room: 2 * parallel, wake: make(chan struct{}, 1),
		listingsWarned: map[string]bool{}}
	for i := range sites {
		fr.sites[sites[i].Name], fr.sels[sites[i].Name] = &sites[i], sels[i]
	}
	return fr
}

// priority is the order of a kind in a host's queue (host).
func priority(k Kind) int {
	switch {
	case k.isListing():
		return 1
	case k == Correction:
		return 2
	}
	return 0
}

// share puts t in the outbox, to be added to the frontier within the
// crawl's limits. A page of a list interface after the first stays with
// this crawler, and holds its row open: it is added Held, to be
// counted, and queued here once let in (flush). r.mu must be held.
func (r *run) share(t *task, key string) {
	held := t.api != nil && !t.apiSeed
	if held && t.row != nil {
		t.row.left.Add(1)
	}
	u := t.url
	if t.fragment != "" {
		u += "#" + t.fragment
	}
	r.fr.outbox = append(r.fr.outbox, Entry{Key: key, URL: u, Site: t.site.Name, Kind: t.kind, Priority: priority(t.kind),
		Title: t.title, Year: t.year, Referrer: t.referrer, ReferrerTitle: t.referrerTitle, Depth: t.depth, Held: held})
	r.fr.tasks = append(r.fr.tasks, t)
	if !held {
		r.countTaken(t, -1) // add counted it; the crawler that takes it does
	}
}

// countTaken adds n to the report or attachment counts of t's kind: with
// a frontier, each crawler counts the links it takes, so that the runs
// of a crawl add up to its links. r.mu must be held.
func (r *run) countTaken(t *task, n int) {
	switch t.kind {
	case Report:
		r.stats.Reports += n
		r.siteStats(t.site.Name).Reports += n
	case Attachment:
		r.stats.Attachments += n
	}
}

// flush adds the outbox to the frontier, within the crawl's limits, and
// queues the list-interface pages let in. When it returns, everything
// put in the outbox before the call is in the frontier or refused.
func (r *run) flush() error {
	fr := r.fr
	fr.flushMu.Lock()
	defer fr.flushMu.Unlock()
	r.mu.Lock()
	out, tasks := fr.outbox, fr.tasks
	fr.outbox, fr.tasks = nil, nil
	r.mu.Unlock()
	if len(out) == 0 {
		return nil
	}
	refused, err := fr.f.Add(r.saveCx, out, Limits{Pages: r.c.opts.MaxPages, Listings: r.c.opts.MaxListingPages})
	if err != nil {
		return fmt.Errorf("frontier: %w", err)
	}
	left := make([]bool, len(out))
	for _, x := range refused {
		left[x.Index] = true
	}
	r.refuse(tasks, refused)
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, t := range tasks {
		if out[i].Held && !left[i] {
			r.queue(t)
		}
	}
	return nil
}

// startFeeding adds the seeds to the frontier and starts leasing from
// it; the run is pending until the frontier has nothing left.
func (r *run) startFeeding() {
	if err := r.flush(); err != nil {
		r.fail(err)
		return
	}
	r.mu.Lock()
	r.pending++
	r.mu.Unlock()
	go r.feed()
}

// feed leases entries into the hosts' queues, up to room at a time,
// until the frontier has none left (every crawler's work included) or
// the run is cancelled.
func (r *run) feed() {
	defer r.done()
	fr := r.fr
	for r.ctx.Err() == nil {
		r.mu.Lock()
		room := fr.room - fr.inFlight
		busy := r.pending > 1 || fr.inFlight > 0 // the feeder is one of pending
		r.mu.Unlock()
		if room > 0 {
			es, err := fr.f.Lease(r.ctx, room)
			if err != nil {
				if r.ctx.Err() == nil {
					r.fail(fmt.Errorf("frontier: %w", err))
				}
				return
			}
			for _, e := range es {
				r.take(e)
			}
			if len(es) > 0 {
				continue
			}
		}
		if !busy {
			left, err := fr.f.Left(r.ctx)
			if err != nil {
				if r.ctx.Err() == nil {
					r.fail(fmt.Errorf("frontier: %w", err))
				}
				return
			}
			if left == 0 {
				return
			}
		}
		t := time.NewTimer(frontierPoll)
		select {
		case <-fr.wake:
		case <-t.C:
		case <-r.ctx.Done():
		}
		t.Stop()
	}
}

// take queues a leased entry on its host.
func (r *run) take(e Entry) {
	row := &frontierRow{e: e}
	row.left.Store(1)
	t, err := r.fr.task(e)
	if err != nil {
		// Another crawler's sites file says otherwise: logged, done.
		s := r.fr.sites[e.Site]
		if s == nil {
			s = &Site{Name: e.Site}
		}
		r.skip(&task{url: e.URL, kind: e.Kind, site: s}, err)
		if err := r.fr.f.Done(r.saveCx, e); err != nil {
			r.fail(fmt.Errorf("frontier: %w", err))
		}
		return
	}
	t.row = row
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seen[e.Key] = true
	r.fr.inFlight++
	r.countTaken(t, 1)
	r.queue(t)
}

// task rebuilds the task of an entry.
func (fr *frontierRun) task(e Entry) (*task, error) {
	s := fr.sites[e.Site]
	if s == nil {
		return nil, fmt.Errorf("site %s is not in this crawler's sites", e.Site)
	}
	t := &task{url: e.URL, kind: e.Kind, site: s, sel: fr.sels[e.Site], title: e.Title, year: e.Year,
		referrer: e.Referrer, referrerTitle: e.ReferrerTitle, depth: e.Depth}
	if e.Kind == ListingAPI {
		// Only the first page of a site's [site.api] is shared.
		if s.API == nil {
			return nil, fmt.Errorf("site %s has no [site.api] in this crawler's sites file", e.Site)
		}
		t.api, t.apiSeed = siteAPICall(s), true
		t.url = t.api.url
	}
	u, err := url.Parse(t.url)
	if err != nil {
		return nil, fmt.Errorf("frontier entry %d: %w", e.ID, err)
	}
	t.fragment = u.Fragment
	u.Fragment, u.RawFragment = "", ""
	t.u, t.url = u, u.String()
	return t, nil
}

// finish ends t's part of its frontier row, when it has one: once the
// row's task and the list-interface pages it led to are finished, the
// links found are added to the frontier and the row is done. ok is
// false when t was cut short by the run's end: the row is then left to
// another crawler.
func (r *run) finish(t *task, ok bool) {
	if r.fr == nil {
		return
	}
	if err := r.flush(); err != nil {
		r.fail(err)
		return
	}
	row := t.row
	if row == nil || !ok || row.left.Add(-1) > 0 {
		return
	}
	if err := r.fr.f.Done(r.saveCx, row.e); err != nil {
		r.fail(fmt.Errorf("frontier: %w", err))
		return
	}
	r.mu.Lock()
	r.fr.inFlight--
	r.mu.Unlock()
	select {
	case r.fr.wake <- struct{}{}:
	default:
	}
}

// hostDelay is this crawler's pause after a request to h, before
// jitter.
func (r *run) hostDelay(h *host) time.Duration {
	d := r.c.opts.Delay
	if h.robots != nil && h.robots.delay > d {
		d = h.robots.delay
	}
	return d
}

// takeHost waits until the frontier gives h to this crawler for one
// request; without a frontier, h is this crawler's alone.
func (r *run) takeHost(h *host) error {
	if r.fr == nil {
		return nil
	}
	for {
		ok, wait, err := r.fr.f.TakeHost(r.ctx, h.key, r.hostDelay(h))
		if err != nil {
			if r.ctx.Err() == nil {
				r.fail(fmt.Errorf("frontier: %w", err))
			}
			return fmt.Errorf("take host %s: %w", h.key, err)
		}
		if ok {
			return nil
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-r.ctx.Done():
			t.Stop()
			return r.ctx.Err()
		}
	}
}

// freeHost gives h back to the frontier after a request.
func (r *run) freeHost(h *host, pause time.Duration) {
	if r.fr == nil {
		return
	}
	if err := r.fr.f.FreeHost(r.saveCx, h.key, pause); err != nil {
		r.fail(fmt.Errorf("frontier: %w", err))
	}
}

// slowHost tells the frontier that h's next request waits pause (a
// retry, a Crawl-delay).
func (r *run) slowHost(h *host, pause, delay time.Duration) {
	if r.fr == nil {
		return
	}
	if err := r.fr.f.SlowHost(r.saveCx, h.key, pause, delay); err != nil {
		r.fail(fmt.Errorf("frontier: %w", err))
	}
}
