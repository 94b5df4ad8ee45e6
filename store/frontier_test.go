package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"nianbao/internal/testutil"
)

// openFrontierDB opens a new PostgreSQL schema, whatever backend the suite runs
// on: the frontier exists only there.
func openFrontierDB(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), testutil.Postgres(t), testOptions)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func joinFrontier(t *testing.T, db *DB, worker string, lease time.Duration) *Frontier {
	t.Helper()
	f, err := db.JoinFrontier(context.Background(), []string{"b", "a"}, worker, lease)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close(context.Background()) })
	return f
}

// entries are n reports spread over hosts hosts.
func entries(n, hosts int) []FrontierEntry {
	var es []FrontierEntry
	for i := range n {
		u := fmt.Sprintf("http://H%d.test/r%d.html", i%hosts, i)
		es = append(es, FrontierEntry{Key: u, URL: u, Site: "a", Kind: "report", Title: fmt.Sprint("报告 ", i), Year: 2020 + i%5})
	}
	return es
}

func TestFrontierNeedsPostgres(t *testing.T) {
	db, err := Open(context.Background(), t.TempDir()+"/f.db", testOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.JoinFrontier(context.Background(), []string{"a"}, "w", time.Minute); !errors.Is(err, ErrFrontierNeedsPostgres) {
		t.Fatalf("JoinFrontier on SQLite: %v, want ErrFrontierNeedsPostgres", err)
	}
}

// Workers leasing at once (and finishing what they lease) never get one
// URL twice, and between them get every URL once; a URL added twice is
// one row.
func TestFrontierLeaseOnce(t *testing.T) {
	db := openFrontierDB(t)
	ctx := context.Background()
	const n, workers = 300, 4
	fs := make([]*Frontier, workers)
	for i := range fs {
		fs[i] = joinFrontier(t, db, fmt.Sprint("w", i), time.Minute)
	}
	for _, f := range fs[1:] {
		if f.ID() != fs[0].ID() {
			t.Fatalf("workers of the same sites joined frontiers %d and %d", fs[0].ID(), f.ID())
		}
	}
	es := entries(n, 40)
	if err := fs[0].Add(ctx, es); err != nil {
		t.Fatal(err)
	}
	if err := fs[1].Add(ctx, es[:50]); err != nil { // found again by another worker
		t.Fatal(err)
	}
	var mu sync.Mutex
	got := map[string][]string{} // url → workers
	var wg sync.WaitGroup
	for _, f := range fs {
		wg.Go(func() {
			for {
				es, err := f.Lease(ctx, 7)
				if err != nil {
					t.Error(err)
					return
				}
				if len(es) == 0 {
					return
				}
				mu.Lock()
				var ids []int64
				for _, e := range es {
					got[e.URL] = append(got[e.URL], f.Worker())
					if e.Title == "" || e.Year == 0 || e.Site != "a" || e.Leases != 1 {
						t.Errorf("entry %+v lost its fields", e)
					}
					ids = append(ids, e.ID)
				}
				mu.Unlock()
				if err := f.Done(ctx, ids); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if len(got) != n {
		t.Errorf("%d URLs leased, want %d", len(got), n)
	}
	per := map[string]int{}
	for u, ws := range got {
		if len(ws) != 1 {
			t.Errorf("%s leased by %v", u, ws)
		}
		per[ws[0]]++
	}
	t.Logf("URLs per worker: %v", per)
	if left, err := fs[0].Left(ctx); err != nil || left != 0 {
		t.Errorf("Left = %d, %v; want 0", left, err)
	}
}

// Lease spreads over hosts: at most leasesPerHost URLs of one host are
// leased at once by all workers together, so that workers do not queue
// on one host while others wait.
func TestFrontierLeaseSpreadsHosts(t *testing.T) {
	db := openFrontierDB(t)
	ctx := context.Background()
	a := joinFrontier(t, db, "a", time.Minute)
	b := joinFrontier(t, db, "b", time.Minute)
	if err := a.Add(ctx, entries(30, 3)); err != nil {
		t.Fatal(err)
	}
	perHost := func(es []FrontierEntry) map[string]int {
		m := map[string]int{}
		for _, e := range es {
			m[hostOf(e.URL)]++
		}
		return m
	}
	first, err := a.Lease(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if got := perHost(first); len(first) != 3*leasesPerHost || len(got) != 3 || got["h0.test"] != leasesPerHost {
		t.Fatalf("first lease: %d URLs, per host %v; want %d of each of 3 hosts", len(first), got, leasesPerHost)
	}
	if more, err := b.Lease(ctx, 10); err != nil || len(more) != 0 {
		t.Fatalf("another worker leased %d URLs of hosts already leased %d times (%v)", len(more), leasesPerHost, err)
	}
	if err := a.Done(ctx, []int64{first[0].ID}); err != nil {
		t.Fatal(err)
	}
	more, err := b.Lease(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(more) != 1 || hostOf(more[0].URL) != hostOf(first[0].URL) {
		t.Fatalf("after one URL of %s was done, another worker leased %v", hostOf(first[0].URL), perHost(more))
	}
}

// A lease that expires is taken by another worker; a done URL is never
// leased again, and once none is left the frontier closes and the next
// worker opens a new one.
func TestFrontierLeaseExpires(t *testing.T) {
	db := openFrontierDB(t)
	ctx := context.Background()
	dead := joinFrontier(t, db, "dead", 300*time.Millisecond)
	live := joinFrontier(t, db, "live", time.Minute)
	if err := dead.Add(ctx, entries(4, 4)); err != nil {
		t.Fatal(err)
	}
	es, err := dead.Lease(ctx, 4)
	if err != nil || len(es) != 4 {
		t.Fatalf("lease: %d, %v", len(es), err)
	}
	if err := dead.Done(ctx, []int64{es[0].ID}); err != nil {
		t.Fatal(err)
	}
	// The dead worker stops renewing (as a SIGKILL would).
	close(dead.stop)
	dead.beat.Wait()
	if again, err := live.Lease(ctx, 10); err != nil || len(again) != 0 {
		t.Fatalf("leased %d URLs still held by another worker (%v)", len(again), err)
	}
	time.Sleep(400 * time.Millisecond)
	again, err := live.Lease(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, e := range again {
		ids = append(ids, e.ID)
		if e.Leases != 2 {
			t.Errorf("%s: leases %d, want 2", e.URL, e.Leases)
		}
	}
	want := []int64{es[1].ID, es[2].ID, es[3].ID}
	if !slices.Equal(ids, want) {
		t.Fatalf("after the lease expired: leased %v, want %v (not the done %d)", ids, want, es[0].ID)
	}
	// The live worker's leases are renewed past their first term.
	short := joinFrontier(t, db, "short", 300*time.Millisecond)
	if err := short.Add(ctx, []FrontierEntry{{Key: "k", URL: "http://h.test/k", Site: "a", Kind: "listing", Priority: 1}}); err != nil {
		t.Fatal(err)
	}
	mine, err := short.Lease(ctx, 1)
	if err != nil || len(mine) != 1 {
		t.Fatalf("lease: %v %v", mine, err)
	}
	time.Sleep(700 * time.Millisecond)
	if stolen, err := live.Lease(ctx, 10); err != nil || len(stolen) != 0 {
		t.Fatalf("a renewed lease was taken: %v %v", stolen, err)
	}
	if left, err := live.Left(ctx); err != nil || left != 4 {
		t.Fatalf("Left = %d, %v; want 4", left, err)
	}
	if err := live.Done(ctx, ids); err != nil {
		t.Fatal(err)
	}
	if err := short.Done(ctx, []int64{mine[0].ID}); err != nil {
		t.Fatal(err)
	}
	if left, err := live.Left(ctx); err != nil || left != 0 {
		t.Fatalf("Left = %d, %v; want 0", left, err)
	}
	next := joinFrontier(t, db, "next", time.Minute)
	if next.ID() == live.ID() {
		t.Error("a worker joined a frontier with nothing left instead of opening a new one")
	}
	var closed int
	db.db.QueryRow(`SELECT count(*) FROM frontiers WHERE closed_at IS NOT NULL`).Scan(&closed)
	if closed != 1 {
		t.Errorf("%d closed frontiers, want 1", closed)
	}
}

// Close gives a worker's unfinished URLs back at once.
func TestFrontierCloseReleases(t *testing.T) {
	db := openFrontierDB(t)
	ctx := context.Background()
	a := joinFrontier(t, db, "a", time.Hour)
	b := joinFrontier(t, db, "b", time.Hour)
	if err := a.Add(ctx, entries(3, 3)); err != nil {
		t.Fatal(err)
	}
	if es, err := a.Lease(ctx, 3); err != nil || len(es) != 3 {
		t.Fatalf("lease: %d %v", len(es), err)
	}
	if err := a.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if es, err := b.Lease(ctx, 3); err != nil || len(es) != 3 {
		t.Fatalf("after Close, another worker leased %d of 3 (%v)", len(es), err)
	}
}

// Workers taking one host at once are spaced by its delay: each request
// starts at least the delay after the previous one was freed, whatever
// the worker, and a longer delay recorded by one worker holds for all.
func TestFrontierHostSpacing(t *testing.T) {
	db := openFrontierDB(t)
	ctx := context.Background()
	const delay = 150 * time.Millisecond
	const workers, each = 3, 4
	type span struct{ start, end time.Time }
	var mu sync.Mutex
	var spans []span
	var wg sync.WaitGroup
	for i := range workers {
		f := joinFrontier(t, db, fmt.Sprint("w", i), time.Minute)
		wg.Go(func() {
			for range each {
				for {
					ok, wait, err := f.TakeHost(ctx, "h.test:80", delay)
					if err != nil {
						t.Error(err)
						return
					}
					if ok {
						break
					}
					if wait <= 0 || wait > time.Minute {
						t.Errorf("wait %s", wait)
					}
					time.Sleep(wait)
				}
				s := span{start: time.Now()}
				time.Sleep(10 * time.Millisecond) // the request
				s.end = time.Now()
				mu.Lock()
				spans = append(spans, s)
				mu.Unlock()
				if err := f.FreeHost(ctx, "h.test:80", delay); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	slices.SortFunc(spans, func(a, b span) int { return a.start.Compare(b.start) })
	if len(spans) != workers*each {
		t.Fatalf("%d requests, want %d", len(spans), workers*each)
	}
	minGap := time.Hour
	for i := 1; i < len(spans); i++ {
		minGap = min(minGap, spans[i].start.Sub(spans[i-1].end))
	}
	t.Logf("%d requests by %d workers, smallest pause %s, delay %s", len(spans), workers, minGap, delay)
	if minGap < delay {
		t.Errorf("two requests %s apart, want at least %s", minGap, delay)
	}

	// A Crawl-delay one worker read is every worker's.
	a := joinFrontier(t, db, "a", time.Minute)
	b := joinFrontier(t, db, "b", time.Minute)
	if ok, _, err := a.TakeHost(ctx, "slow.test", 0); err != nil || !ok {
		t.Fatalf("take a free host: %v %v", ok, err)
	}
	if err := a.SlowHost(ctx, "slow.test", time.Second, time.Second); err != nil {
		t.Fatal(err)
	}
	if err := a.FreeHost(ctx, "slow.test", 0); err != nil {
		t.Fatal(err)
	}
	ok, wait, err := b.TakeHost(ctx, "slow.test", 0)
	if err != nil || ok || wait < 900*time.Millisecond {
		t.Errorf("another worker took a host with a 1s Crawl-delay at once: %v, wait %s, %v", ok, wait, err)
	}
}
