package crawler

import (
	"fmt"
	"net/http"
	"testing"
	"testing/synctest"
	"time"
)

// gaps returns the time between consecutive requests of hits.
func gaps(hits []hit) []time.Duration {
	var out []time.Duration
	for i := 1; i < len(hits); i++ {
		out = append(out, hits[i].at.Sub(hits[i-1].at))
	}
	return out
}

// Retries wait RetryBase, then twice, four times as long, each plus up
// to a quarter more; the synctest clock makes the waits exact.
func TestBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		base, rec := column(t, "", []string{"/r/1.htm"}, map[string]http.HandlerFunc{
			"/r/1.htm": func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", http.StatusServiceUnavailable) },
		})
		sink := newMemSink()
		crawlColumn(t, base, sink, func(o *Options) { o.Retries = 3; o.RetryBase = time.Second })
		g := gaps(rec.requests("/r/1.htm"))
		if len(g) != 3 {
			t.Fatalf("%d requests, want 4", len(g)+1)
		}
		for i, d := range g {
			lo := time.Second << i
			if d < lo || d > lo+lo/4 {
				t.Errorf("wait %d: %s, want %s to %s", i+1, d, lo, lo+lo/4)
			}
		}
		logs := sink.fetchLogs(base + "/r/1.htm")
		if len(logs) != 4 || logs[3].Result != ResultError || logs[3].Attempt != 4 {
			t.Errorf("fetch log %+v", logs)
		}
	})
}

// Requests to one host are Delay plus up to Jitter apart, and the
// jitter varies.
func TestJitter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var paths []string
		handlers := map[string]http.HandlerFunc{}
		for i := range 8 {
			p := fmt.Sprintf("/r/%d.htm", i)
			paths = append(paths, p)
			handlers[p] = okReport(p)
		}
		base, rec := column(t, "", paths, handlers)
		const delay, jitter = 2 * time.Second, time.Second
		crawlColumn(t, base, newMemSink(), func(o *Options) { o.Delay, o.Jitter = delay, jitter })
		g := gaps(rec.all())
		if len(g) != 9 { // robots.txt, the listing, 8 reports
			t.Fatalf("%d requests, want 10", len(g)+1)
		}
		distinct := map[time.Duration]bool{}
		for i, d := range g {
			if d < delay || d >= delay+jitter {
				t.Errorf("gap %d: %s, want %s to %s", i+1, d, delay, delay+jitter)
			}
			distinct[d] = true
		}
		if len(distinct) < 2 {
			t.Errorf("every gap is %s: no jitter", g[0])
		}
	})
}
