package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// siteRow is the frontier_sites row of site in f's frontier.
func siteRow(t *testing.T, f *Frontier, site string) (pages, listings, refused int) {
	t.Helper()
	err := f.db.db.QueryRow(`SELECT pages, listings, refused FROM frontier_sites WHERE frontier_id = ? AND site = ?`, f.id, site).
		Scan(&pages, &listings, &refused)
	if err != nil {
		t.Fatal(err)
	}
	return pages, listings, refused
}

// Workers adding at once, each its own URLs and some of the others',
// let into the frontier exactly the limit of a site, however they
// interleave; a URL found by several is counted once.
func TestFrontierLimitsConcurrentAdds(t *testing.T) {
	db := openFrontierDB(t)
	ctx := context.Background()
	const workers, each, limit = 4, 60, 100
	fs := make([]*Frontier, workers)
	for i := range fs {
		fs[i] = joinFrontier(t, db, fmt.Sprint("w", i), time.Minute)
	}
	var wg sync.WaitGroup
	refused := make([]int, workers)
	errs := make([]error, workers)
	for w, f := range fs {
		wg.Go(func() {
			// Worker w finds URLs w*each/2 … w*each/2+each: half of them
			// another worker finds too. Ten at a time, as pages would.
			var es []FrontierEntry
			for i := w * each / 2; i < w*each/2+each; i++ {
				u := fmt.Sprintf("http://h%d.test/r%d.html", i%3, i)
				es = append(es, FrontierEntry{Key: u, URL: u, Site: "a", Kind: "report"})
			}
			for len(es) > 0 {
				n := min(10, len(es))
				r, err := f.AddWithin(ctx, es[:n], FrontierLimits{Pages: limit})
				if err != nil {
					errs[w] = err
					return
				}
				refused[w] += len(r)
				es = es[n:]
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	distinct := (workers-1)*each/2 + each // 150
	var rows int
	db.db.QueryRow(`SELECT count(*) FROM frontier WHERE frontier_id = ?`, fs[0].id).Scan(&rows)
	if rows != limit {
		t.Errorf("%d URLs let in, limit %d", rows, limit)
	}
	total := 0
	for _, n := range refused {
		total += n
	}
	// A URL refused to one worker may be refused to another too: each
	// refusal counts.
	pages, _, ref := siteRow(t, fs[0], "a")
	if pages != limit || ref != total || total < distinct-limit {
		t.Errorf("frontier_sites: pages %d, refused %d; want %d, and %d as returned (at least %d)", pages, ref, limit, total, distinct-limit)
	}
}

// Listing pages stop at the listing limit, and count as pages; a site's
// limit leaves another site's room alone; an entry given twice in one
// call is one.
func TestFrontierLimitsListings(t *testing.T) {
	db := openFrontierDB(t)
	ctx := context.Background()
	f := joinFrontier(t, db, "w", time.Minute)
	var es []FrontierEntry
	for i := range 5 {
		u := fmt.Sprintf("http://h.test/index_%d.htm", i)
		es = append(es, FrontierEntry{Key: u, URL: u, Site: "a", Kind: "listing", Priority: 1})
	}
	es = append(es, es[0])
	for i := range 5 {
		u := fmt.Sprintf("http://h.test/r%d.htm", i)
		es = append(es, FrontierEntry{Key: u, URL: u, Site: "a", Kind: "report"}, FrontierEntry{Key: "b" + u, URL: u + "?b", Site: "b", Kind: "report"})
	}
	r, err := f.AddWithin(ctx, es, FrontierLimits{Pages: 4, Listings: 2})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range r {
		got = append(got, fmt.Sprintf("%d %v", x.Index, x.Listings))
	}
	// Listings 2, 3, 4 over the listing limit; reports r2… of site a
	// over the page limit (2 listings + r0, r1); site b's first four
	// let in, whatever site a spent.
	want := "[2 true 3 true 4 true 10 false 12 false 14 false 15 false]"
	if fmt.Sprint(got) != want {
		t.Errorf("refused %v, want %s", got, want)
	}
	if p, l, ref := siteRow(t, f, "a"); p != 4 || l != 2 || ref != 6 {
		t.Errorf("site a: pages %d listings %d refused %d, want 4 2 6", p, l, ref)
	}
	if p, l, ref := siteRow(t, f, "b"); p != 4 || l != 0 || ref != 1 {
		t.Errorf("site b: pages %d listings %d refused %d, want 4 0 1", p, l, ref)
	}
}

// A URL is counted once, when it is first let in: a worker that dies
// holding leases, whose URLs another worker leases and fetches again,
// finding the same links, spends none of the crawl's limit again. A
// held list-interface page found again is let in again, uncounted,
// even when the limit is spent.
func TestFrontierLimitsLeaseExpires(t *testing.T) {
	db := openFrontierDB(t)
	ctx := context.Background()
	lim := FrontierLimits{Pages: 6}
	dead := joinFrontier(t, db, "dead", 300*time.Millisecond)
	live := joinFrontier(t, db, "live", time.Minute)
	listing := FrontierEntry{Key: "http://h.test/", URL: "http://h.test/", Site: "a", Kind: "listing", Priority: 1}
	if r, err := dead.AddWithin(ctx, []FrontierEntry{listing}, lim); err != nil || len(r) != 0 {
		t.Fatalf("seed: refused %v, %v", r, err)
	}
	es, err := dead.Lease(ctx, 1)
	if err != nil || len(es) != 1 {
		t.Fatalf("lease: %v, %v", es, err)
	}
	// What the listing links to: three reports and the second page of
	// its list interface, which stays with the worker holding it.
	found := func(f *Frontier) []FrontierRefusal {
		t.Helper()
		links := []FrontierEntry{
			{Key: "http://h.test/api?page=2", URL: "http://h.test/api?page=2", Site: "a", Kind: "listing-api", Priority: 1, Held: true},
		}
		for i := range 3 {
			u := fmt.Sprintf("http://r%d.test/r.htm", i)
			links = append(links, FrontierEntry{Key: u, URL: u, Site: "a", Kind: "report"})
		}
		r, err := f.AddWithin(ctx, links, lim)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := found(dead); len(r) != 0 {
		t.Fatalf("refused %v under the limit", r)
	}
	close(dead.stop) // killed: no renewal, nothing given back
	dead.beat.Wait()
	time.Sleep(400 * time.Millisecond)
	again, err := live.Lease(ctx, 10)
	if err != nil || len(again) != 4 || again[3].ID != es[0].ID || again[3].Leases != 2 {
		t.Fatalf("after the lease expired: %v, %v; want the three reports and the listing leased again", again, err)
	}
	if r := found(live); len(r) != 0 {
		t.Fatalf("found again: refused %v", r)
	}
	if p, _, _ := siteRow(t, live, "a"); p != 5 {
		t.Fatalf("pages %d after the listing was fetched again, want 5 (counted once)", p)
	}
	// One page of room left: one more report of two.
	more := []FrontierEntry{
		{Key: "http://h.test/r8.htm", URL: "http://h.test/r8.htm", Site: "a", Kind: "report"},
		{Key: "http://h.test/r9.htm", URL: "http://h.test/r9.htm", Site: "a", Kind: "report"},
	}
	if r, err := live.AddWithin(ctx, more, lim); err != nil || len(r) != 1 || r[0].Index != 1 {
		t.Fatalf("with one page left: refused %v, %v", r, err)
	}
	// The limit spent, the held page found a third time is let in.
	if r := found(live); len(r) != 0 {
		t.Fatalf("limit spent: refused %v, want the held page let in and the known reports ignored", r)
	}
	var held, heldDone int
	db.db.QueryRow(`SELECT count(*), count(done_at) FROM frontier WHERE kind = 'listing-api'`).Scan(&held, &heldDone)
	if held != 1 || heldDone != 1 {
		t.Errorf("list-interface rows %d, done %d; want 1 row, done when added", held, heldDone)
	}
	if n, err := live.Left(ctx); err != nil || n != 5 {
		t.Errorf("Left %d, %v; want 5 (the listing and four reports, not the held page)", n, err)
	}
}
