package crawler

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// logBuffer collects a crawler's log lines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// limitCrawler returns a crawler with testOptions changed by mod,
// logging into the returned buffer.
func limitCrawler(t *testing.T, sink Sink, mod func(*Options)) (*Crawler, *logBuffer) {
	t.Helper()
	o := testOptions()
	if mod != nil {
		mod(&o)
	}
	lb := &logBuffer{}
	c, err := New(slog.New(slog.NewTextHandler(lb, &slog.HandlerOptions{Level: slog.LevelDebug})), sink, o)
	if err != nil {
		t.Fatal(err)
	}
	return c, lb
}

// A robots.txt asking for a day between requests skips the host at
// once, saying why, where honouring it stalled the run for a day.
func TestCrawlDelayOverLimit(t *testing.T) {
	for _, delay := range []string{"86400", "61", "1e20"} {
		t.Run(delay, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				base, rec := column(t, "User-agent: *\nCrawl-delay: "+delay+"\n", []string{"/r/1.htm"},
					map[string]http.HandlerFunc{"/r/1.htm": okReport("r1")})
				sink := newMemSink()
				c, lb := limitCrawler(t, sink, nil)
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				start := time.Now()
				stats, err := c.Run(ctx, []Site{testSite("test", base+"/zfxxgknb/index.htm")})
				if took := time.Since(start); err != nil || took > time.Second {
					t.Fatalf("run took %s: %v", took, err)
				}
				for _, h := range rec.all() {
					if h.path != "/robots.txt" {
						t.Errorf("requested %s", h.path)
					}
				}
				logs := sink.fetchLogs(base + "/zfxxgknb/index.htm")
				if len(logs) != 1 || logs[0].Result != ResultSkipped || !strings.Contains(logs[0].ErrText(), "Crawl-delay") || !strings.Contains(logs[0].ErrText(), "over the limit of 1m0s") {
					t.Errorf("fetch log %+v", logs)
				}
				if stats.Skipped != 1 || stats.Pages != 0 {
					t.Errorf("stats %+v", counts(stats))
				}
				if !strings.Contains(lb.String(), "crawl-delay over the limit, host skipped") {
					t.Errorf("no log line:\n%s", lb)
				}
			})
		})
	}
}

// A Crawl-delay of the limit itself is honoured, not skipped.
func TestCrawlDelayAtLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		base, rec := column(t, "User-agent: *\nCrawl-delay: 0.2\n", []string{"/r/1.htm"},
			map[string]http.HandlerFunc{"/r/1.htm": okReport("r1")})
		sink := newMemSink()
		c, _ := limitCrawler(t, sink, func(o *Options) { o.MaxCrawlDelay = 200 * time.Millisecond })
		stats, err := c.Run(context.Background(), []Site{testSite("test", base+"/zfxxgknb/index.htm")})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(rec.requests("/r/1.htm")); n != 1 || stats.Skipped != 0 {
			t.Errorf("report requested %d times, stats %+v", n, counts(stats))
		}
	})
}

// hugeListing serves a listing page linking n reports, and the reports.
func hugeListing(t *testing.T, n int) (string, *recorder) {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><ul>`)
	for i := range n {
		fmt.Fprintf(&b, `<li><a href="/r/%d.htm">测试局%d年度政府信息公开工作年度报告</a></li>`, i, 2000+i%25)
	}
	b.WriteString(`</ul></body></html>`)
	page := b.String()
	mux := http.NewServeMux()
	mux.HandleFunc("/zfxxgknb/index.htm", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	})
	mux.HandleFunc("/r/", okReport("r"))
	srv, rec := serve(t, mux)
	return srv.URL, rec
}

// reportHits counts the requests for report pages.
func reportHits(rec *recorder) int {
	n := 0
	for _, h := range rec.all() {
		if strings.HasPrefix(h.path, "/r/") {
			n++
		}
	}
	return n
}

// A listing with 100,000 report links has its first MaxLinks (500 by
// default) queued and the rest dropped, with a log line and a skipped
// fetch-log line naming the listing and the number dropped.
func TestMaxLinksPerListing(t *testing.T) {
	base, rec := hugeListing(t, 100_000)
	sink := newMemSink()
	c, lb := limitCrawler(t, sink, nil)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	listing := base + "/zfxxgknb/index.htm"
	stats, err := c.Run(ctx, []Site{testSite("test", listing)})
	if err != nil {
		t.Fatal(err)
	}
	if n := reportHits(rec); n != 500 {
		t.Errorf("%d reports requested, want 500", n)
	}
	if n := len(rec.requests("/r/499.htm")); n != 1 {
		t.Errorf("the 500th report was requested %d times", n)
	}
	var skipped []FetchLog
	for _, f := range sink.fetchLogs(listing) {
		if f.Result == ResultSkipped {
			skipped = append(skipped, f)
		}
	}
	if len(skipped) != 1 || !strings.Contains(skipped[0].ErrText(), "99500 links dropped") || !strings.Contains(skipped[0].ErrText(), "limit of 500") {
		t.Errorf("fetch log of the listing: %+v", skipped)
	}
	if want := `msg="links cut" site=test url=` + listing + ` kept=500 dropped=99500`; !strings.Contains(lb.String(), want) {
		t.Errorf("no log line %s", want)
	}
	if stats.Reports != 500 || stats.Skipped != 99_500 {
		t.Errorf("stats %+v", counts(stats))
	}
}

// capLinks keeps pagination whatever the number of documents.
func TestCapLinks(t *testing.T) {
	links := []link{{url: "r1", kind: Report}, {url: "p2", kind: Listing}, {url: "r2", kind: Report}, {url: "r3", kind: Report}, {url: "p3", kind: Listing}}
	kept, cut := capLinks(links, 2)
	var got []string
	for _, l := range kept {
		got = append(got, l.url)
	}
	if strings.Join(got, " ") != "r1 p2 r2 p3" || cut != 1 {
		t.Errorf("kept %v, cut %d", got, cut)
	}
	if kept, cut := capLinks(links, 3); len(kept) != 5 || cut != 0 {
		t.Errorf("kept %d, cut %d", len(kept), cut)
	}
}

// A site reaching MaxPages in a run has the rest of its URLs dropped:
// the links of a listing with one line for the listing, a start URL of
// the sites file with a line of its own.
func TestMaxPagesPerSite(t *testing.T) {
	base, rec := hugeListing(t, 100)
	sink := newMemSink()
	c, lb := limitCrawler(t, sink, func(o *Options) { o.MaxPages = 50 })
	listing := base + "/zfxxgknb/index.htm"
	site := testSite("test", listing, base+"/other/index.htm")
	site.Reports = []string{base + "/r/start.htm"}
	stats, err := c.Run(context.Background(), []Site{site})
	if err != nil {
		t.Fatal(err)
	}
	// Listing, other listing and start report: 3; 47 of the 100 links.
	if n := len(rec.all()) - 1; n != 50 { // robots.txt not counted
		t.Errorf("%d pages requested, want 50", n)
	}
	if n := reportHits(rec); n != 48 {
		t.Errorf("%d reports requested, want 48", n)
	}
	var skipped []FetchLog
	for _, f := range sink.fetchLogs(listing) {
		if f.Result == ResultSkipped {
			skipped = append(skipped, f)
		}
	}
	if len(skipped) != 1 || skipped[0].ErrText() != "53 links dropped: the site reached the limit of 50 pages in one run" {
		t.Errorf("fetch log of the listing: %+v", skipped)
	}
	if want := `msg="site page limit reached" site=test url=` + listing + ` dropped=53 limit=50`; !strings.Contains(lb.String(), want) {
		t.Errorf("no log line %s", want)
	}
	if stats.Skipped != 53 {
		t.Errorf("stats %+v", counts(stats))
	}

	// With a limit of 2, the start report is the one dropped.
	sink.reset()
	c, _ = limitCrawler(t, sink, func(o *Options) { o.MaxPages = 2; o.MaxLinks = 1 })
	if _, err := c.Run(context.Background(), []Site{site}); err != nil {
		t.Fatal(err)
	}
	logs := sink.fetchLogs(base + "/r/start.htm")
	if len(logs) != 1 || logs[0].Result != ResultSkipped || logs[0].ErrText() != "the site reached the limit of 2 pages in one run" {
		t.Errorf("fetch log of the start report: %+v", logs)
	}
}

func TestNewRefusesBadLimits(t *testing.T) {
	for name, mod := range map[string]func(*Options){
		"max links":       func(o *Options) { o.MaxLinks = 0 },
		"max pages":       func(o *Options) { o.MaxPages = 0 },
		"max crawl-delay": func(o *Options) { o.MaxCrawlDelay = -time.Second },
	} {
		o := testOptions()
		mod(&o)
		if _, err := New(nil, newMemSink(), o); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: error %v", name, err)
		}
	}
}
