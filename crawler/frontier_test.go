package crawler

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"nianbao/crawler/demosite"
)

// memFrontier is an in-memory Frontier: what store.Frontier does in
// PostgreSQL, for the crawler's side of it. Hosts are held one request
// at a time; beforeDone, when set, is called with each entry marked done.
type memFrontier struct {
	mu         sync.Mutex
	entries    []*memEntry
	byKey      map[string]*memEntry
	held       map[string]bool
	requests   map[string]int // requests per host
	beforeDone func(Entry)

	pages, listings map[string]int // let in per site
}

type memEntry struct {
	e      Entry
	leases int
	leased bool
	done   bool
}

func newMemFrontier() *memFrontier {
	return &memFrontier{byKey: map[string]*memEntry{}, held: map[string]bool{}, requests: map[string]int{}}
}

func (m *memFrontier) Add(_ context.Context, es []Entry, lim Limits) ([]Refusal, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.pages == nil {
		m.pages, m.listings = map[string]int{}, map[string]int{}
	}
	var refused []Refusal
	for i, e := range es {
		if m.byKey[e.Key] != nil {
			continue
		}
		switch {
		case e.Kind.isListing() && m.listings[e.Site] >= lim.Listings:
			refused = append(refused, Refusal{Index: i, Listings: true})
			continue
		case m.pages[e.Site] >= lim.Pages:
			refused = append(refused, Refusal{Index: i})
			continue
		}
		m.pages[e.Site]++
		if e.Kind.isListing() {
			m.listings[e.Site]++
		}
		e.ID = int64(len(m.entries) + 1)
		me := &memEntry{e: e, done: e.Held}
		m.entries = append(m.entries, me)
		m.byKey[e.Key] = me
	}
	return refused, nil
}

func (m *memFrontier) Lease(_ context.Context, n int) ([]Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	free := slices.DeleteFunc(slices.Clone(m.entries), func(me *memEntry) bool { return me.leased || me.done })
	slices.SortFunc(free, func(a, b *memEntry) int {
		return cmp.Or(cmp.Compare(a.e.Priority, b.e.Priority), cmp.Compare(a.e.ID, b.e.ID))
	})
	var out []Entry
	for _, me := range free[:min(n, len(free))] {
		me.leased = true
		me.leases++
		out = append(out, me.e)
	}
	return out, nil
}

func (m *memFrontier) Done(_ context.Context, e Entry) error {
	if m.beforeDone != nil {
		m.beforeDone(e)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	me := m.entries[e.ID-1]
	me.done, me.leased = true, false
	return nil
}

func (m *memFrontier) Left(context.Context) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, me := range m.entries {
		if !me.done {
			n++
		}
	}
	return n, nil
}

func (m *memFrontier) TakeHost(_ context.Context, host string, _ time.Duration) (bool, time.Duration, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.held[host] {
		return false, time.Millisecond, nil
	}
	m.held[host] = true
	m.requests[host]++
	return true, 0, nil
}

func (m *memFrontier) FreeHost(_ context.Context, host string, _ time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.held[host] = false
	return nil
}

func (m *memFrontier) SlowHost(context.Context, string, time.Duration, time.Duration) error {
	return nil
}

// Two crawlers sharing a frontier crawl the demo portal's page and
// list-interface columns: every URL is fetched once, by one or the
// other, and done; each request took the host from the frontier; the
// column page that leads to the list interface is done only once the
// list's page is recorded (the list's pages stay with the crawler that
// read the column, added Held to be counted only).
func TestCrawlSharedFrontier(t *testing.T) {
	portal, err := demosite.New(demosite.Options{ListAPI: true})
	if err != nil {
		t.Fatal(err)
	}
	srv, hits := serve(t, portal)
	site := Site{Name: "pingtan", Agency: "平潭综合实验区", Listings: []string{srv.URL + demosite.ListingPath, srv.URL + demosite.APIColumnPath}}
	sink := newMemSink()
	f := newMemFrontier()
	f.beforeDone = func(e Entry) {
		if !strings.HasSuffix(e.URL, demosite.APIColumnPath) {
			return
		}
		sink.mu.Lock()
		defer sink.mu.Unlock()
		if !slices.ContainsFunc(sink.logs, func(l FetchLog) bool { return l.Kind == ListingAPI && l.Result == ResultOK }) {
			t.Errorf("the column page of the list interface was done before the list's page was read")
		}
	}
	var wg sync.WaitGroup
	stats := make([]RunStats, 2)
	for i := range stats {
		c := newTestCrawler(t, sink, func(o *Options) { o.Frontier = f; o.Parallel = 1; o.Delay = 50 * time.Millisecond })
		wg.Go(func() {
			var err error
			if stats[i], err = c.Run(context.Background(), []Site{site}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()

	for _, me := range f.entries {
		if leases := 1 - b2i(me.e.Held); !me.done || me.leases != leases {
			t.Errorf("%s: done %v, leased %d times, want %d", me.e.URL, me.done, me.leases, leases)
		}
		if n := len(hits.requests(strings.TrimPrefix(strings.SplitN(me.e.URL, "#", 2)[0], srv.URL))); n != 1 && me.e.Kind != ListingAPI {
			t.Errorf("%s requested %d times", me.e.URL, n)
		}
	}
	e := portal.Entries()
	if d := sink.saved(srv.URL + e[4].Path); len(d) != 1 || d[0].Year != 2019 {
		t.Errorf("the 2019 report, listed by the list interface only: %+v", d)
	}
	var kinds []Kind
	for _, me := range f.entries {
		kinds = append(kinds, me.e.Kind)
		if me.e.Kind == ListingAPI && !me.e.Held {
			t.Errorf("a list-interface page after a column page went to the frontier to be leased: %s", me.e.URL)
		}
	}
	if !slices.Contains(kinds, Listing) || !slices.Contains(kinds, Report) || !slices.Contains(kinds, Attachment) {
		t.Errorf("frontier kinds %v, want listings, reports and attachments", kinds)
	}
	requests := 0
	for _, n := range f.requests {
		requests += n
	}
	if got := stats[0].Requests + stats[1].Requests; requests != got {
		t.Errorf("%d requests took the host from the frontier, the crawlers sent %d", requests, got)
	}
	if got := stats[0].Reports + stats[1].Reports; got != 4 {
		t.Errorf("the crawlers took %d + %d report links, want 4 in all", stats[0].Reports, stats[1].Reports)
	}
	t.Logf("%d entries; crawler 1 fetched %d pages, crawler 2 %d", len(f.entries), stats[0].Pages, stats[1].Pages)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Two crawlers sharing a frontier with MaxPages 5 fetch 5 URLs of the
// site between them, list-interface pages included, not 5 each; the
// links left out are logged as skipped on the page that had them.
func TestCrawlSharedFrontierLimits(t *testing.T) {
	portal, err := demosite.New(demosite.Options{ListAPI: true})
	if err != nil {
		t.Fatal(err)
	}
	srv, hits := serve(t, portal)
	site := Site{Name: "pingtan", Agency: "平潭综合实验区", Listings: []string{srv.URL + demosite.ListingPath, srv.URL + demosite.APIColumnPath}}
	sink := newMemSink()
	f := newMemFrontier()
	const maxPages = 5
	var wg sync.WaitGroup
	for range 2 {
		c := newTestCrawler(t, sink, func(o *Options) { o.Frontier = f; o.Parallel = 1; o.MaxPages = maxPages })
		wg.Go(func() {
			if _, err := c.Run(context.Background(), []Site{site}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if len(f.entries) != maxPages {
		t.Errorf("%d entries let in, MaxPages %d", len(f.entries), maxPages)
	}
	requests := 0
	for _, h := range hits.all() {
		if h.path != "/robots.txt" {
			requests++
		}
	}
	if requests != maxPages {
		t.Errorf("%d requests, MaxPages %d", requests, maxPages)
	}
	sink.mu.Lock()
	defer sink.mu.Unlock()
	if !slices.ContainsFunc(sink.logs, func(l FetchLog) bool {
		return l.Result == ResultSkipped && l.Err != nil && strings.Contains(l.Err.Error(), "links dropped: the site reached the limit of 5 pages of the crawl")
	}) {
		t.Errorf("no skipped line for the links left out: %v", sink.logs)
	}
}
