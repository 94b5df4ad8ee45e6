package crawler

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// column serves on testNet a listing at /zfxxgknb/index.htm linking to
// each path of reports (in order, each titled as a report of its own
// year), the reports' handlers, and robots (404 when empty).
func column(t *testing.T, robots string, paths []string, handlers map[string]http.HandlerFunc) (string, *recorder) {
	t.Helper()
	srv, rec := serve(t, columnMux(robots, paths, handlers))
	return srv.URL, rec
}

// columnLoopback is column on a loopback server.
func columnLoopback(t *testing.T, robots string, paths []string, handlers map[string]http.HandlerFunc) (string, *recorder) {
	t.Helper()
	srv, rec := serveLoopback(t, columnMux(robots, paths, handlers))
	return srv.URL, rec
}

func columnMux(robots string, paths []string, handlers map[string]http.HandlerFunc) http.Handler {
	mux := http.NewServeMux()
	var links [][2]string
	for i, p := range paths {
		links = append(links, [2]string{p, fmt.Sprintf("测试局%d年度政府信息公开工作年度报告", 2000+i)})
	}
	mux.HandleFunc("/zfxxgknb/index.htm", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, listingHTML(links...))
	})
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		if robots == "" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, robots)
	})
	for p, h := range handlers {
		mux.HandleFunc(p, h)
	}
	return mux
}

func okReport(title string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, reportHTML(title))
	}
}

// failFirst answers the first n requests with fail, then with ok.
func failFirst(n int32, fail, ok http.HandlerFunc) http.HandlerFunc {
	var calls atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= n {
			fail(w, r)
			return
		}
		ok(w, r)
	}
}

func crawlColumn(t *testing.T, base string, sink *memSink, mod func(*Options)) RunStats {
	t.Helper()
	c := newTestCrawler(t, sink, mod)
	stats, err := c.Run(context.Background(), []Site{testSite("test", base+"/zfxxgknb/index.htm")})
	if err != nil {
		t.Fatal(err)
	}
	return stats
}

// Retry-After, in seconds or as a date, wins over the 10 ms backoff.
// The synctest clock makes the wait exact.
func TestRetryAfter429(t *testing.T) {
	for _, tc := range []struct {
		name       string
		retryAfter func(now time.Time) string
		want       time.Duration
	}{
		{"seconds", func(time.Time) string { return "1" }, time.Second},
		{"date", func(now time.Time) string { return now.Add(30 * time.Second).UTC().Format(http.TimeFormat) }, 30 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				retryAfter429(t, tc.retryAfter, tc.want)
			})
		})
	}
}

func retryAfter429(t *testing.T, retryAfter func(now time.Time) string, want time.Duration) {
	base, rec := column(t, "", []string{"/r/1.htm"}, map[string]http.HandlerFunc{
		"/r/1.htm": failFirst(1, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", retryAfter(time.Now()))
			http.Error(w, "slow down", http.StatusTooManyRequests)
		}, okReport("r1")),
	})
	sink := newMemSink()
	stats := crawlColumn(t, base, sink, nil)
	hits := rec.requests("/r/1.htm")
	if len(hits) != 2 {
		t.Fatalf("%d requests, want 2", len(hits))
	}
	if gap := hits[1].at.Sub(hits[0].at); gap != want {
		t.Errorf("retried after %s, want %s", gap, want)
	}
	logs := sink.fetchLogs(base + "/r/1.htm")
	if len(logs) != 2 || logs[0].Status != 429 || logs[0].Result != ResultRetry || logs[0].Attempt != 1 || logs[1].Status != 200 || logs[1].Attempt != 2 || logs[1].Result != ResultOK {
		t.Errorf("fetch log: %+v", logs)
	}
	if stats.New != 2 || stats.Errors != 0 {
		t.Errorf("stats %+v", counts(stats))
	}
}

func TestRetry500ThenSuccess(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		base, rec := column(t, "", []string{"/r/1.htm"}, map[string]http.HandlerFunc{
			"/r/1.htm": failFirst(2, func(w http.ResponseWriter, r *http.Request) {
				http.Error(w, "oops", http.StatusInternalServerError)
			}, okReport("r1")),
		})
		sink := newMemSink()
		stats := crawlColumn(t, base, sink, nil)
		if n := len(rec.requests("/r/1.htm")); n != 3 {
			t.Errorf("%d requests, want 3", n)
		}
		if d := sink.saved(base + "/r/1.htm"); len(d) != 1 || d[0].Status != 200 || d[0].Change != NewDoc {
			t.Errorf("saved %+v", d)
		}
		if stats.Errors != 0 || stats.Requests != 5 {
			t.Errorf("stats %+v", stats)
		}
	})
}

func TestRetriesExhausted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		base, rec := column(t, "", []string{"/r/1.htm"}, map[string]http.HandlerFunc{
			"/r/1.htm": func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", http.StatusServiceUnavailable) },
		})
		sink := newMemSink()
		stats := crawlColumn(t, base, sink, nil)
		if n := len(rec.requests("/r/1.htm")); n != 3 { // Retries: 2
			t.Errorf("%d requests, want 3", n)
		}
		logs := sink.fetchLogs(base + "/r/1.htm")
		if last := logs[len(logs)-1]; last.Result != ResultError || last.Status != 503 {
			t.Errorf("last log %+v", last)
		}
		if len(sink.saved(base+"/r/1.htm")) != 0 || stats.Errors != 1 {
			t.Errorf("errors %d", stats.Errors)
		}
	})
}

func TestTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		base, rec := column(t, "", []string{"/slow.htm"}, map[string]http.HandlerFunc{
			"/slow.htm": func(w http.ResponseWriter, r *http.Request) {
				select {
				case <-time.After(10 * time.Second):
				case <-r.Context().Done():
				}
			},
		})
		sink := newMemSink()
		start := time.Now()
		stats := crawlColumn(t, base, sink, func(o *Options) { o.Timeout = 200 * time.Millisecond; o.Retries = 1 })
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("took %s", d)
		}
		if n := len(rec.requests("/slow.htm")); n != 2 {
			t.Errorf("%d requests, want 2 (one retry)", n)
		}
		logs := sink.fetchLogs(base + "/slow.htm")
		if len(logs) != 2 || logs[1].Result != ResultError || !strings.Contains(logs[1].ErrText(), "deadline exceeded") && !strings.Contains(logs[1].ErrText(), "timeout") {
			t.Errorf("fetch log: %+v", logs)
		}
		if stats.Errors != 1 {
			t.Errorf("stats %+v", counts(stats))
		}
	})
}

// resetMidBody sends headers and part of the body, then resets the
// connection.
func resetMidBody(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Length", "100000")
	w.WriteHeader(200)
	fmt.Fprint(w, "<html><body>partial")
	w.(http.Flusher).Flush()
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	conn.(*net.TCPConn).SetLinger(0)
	conn.Close()
}

func TestConnectionReset(t *testing.T) {
	base, rec := columnLoopback(t, "", []string{"/r/1.htm"}, map[string]http.HandlerFunc{
		"/r/1.htm": failFirst(1, resetMidBody, okReport("r1")),
	})
	sink := newMemSink()
	stats := crawlColumn(t, base, sink, loopbackOptions)
	if n := len(rec.requests("/r/1.htm")); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
	logs := sink.fetchLogs(base + "/r/1.htm")
	if len(logs) != 2 || logs[0].Result != ResultRetry || !strings.Contains(logs[0].ErrText(), "reset") && !strings.Contains(logs[0].ErrText(), "EOF") {
		t.Errorf("fetch log: %+v", logs)
	}
	// The partial body was never saved; the full one was.
	if d := sink.saved(base + "/r/1.htm"); len(d) != 1 || !strings.Contains(string(d[0].Body), "收到申请数") {
		t.Errorf("saved %+v", d)
	}
	if stats.Errors != 0 {
		t.Errorf("stats %+v", counts(stats))
	}
}

func TestRedirectLoop(t *testing.T) {
	base, rec := column(t, "", []string{"/loop/a.htm"}, map[string]http.HandlerFunc{
		"/loop/a.htm": func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop/b.htm", http.StatusFound) },
		"/loop/b.htm": func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop/a.htm", http.StatusFound) },
	})
	sink := newMemSink()
	stats := crawlColumn(t, base, sink, nil)
	// a, b, then the loop back to a is caught: no retry.
	if na, nb := len(rec.requests("/loop/a.htm")), len(rec.requests("/loop/b.htm")); na != 1 || nb != 1 {
		t.Errorf("requests a %d b %d, want 1 and 1", na, nb)
	}
	logs := sink.fetchLogs(base + "/loop/a.htm")
	if len(logs) != 1 || logs[0].Result != ResultError || !errors.Is(logs[0].Err, ErrRedirectLoop) {
		t.Errorf("fetch log: %+v", logs)
	}
	if stats.Errors != 1 {
		t.Errorf("stats %+v", counts(stats))
	}
}

func TestRedirectOffSite(t *testing.T) {
	mirror, mirrorHits := serve(t, okReport("mirror"))
	base, _ := column(t, "", []string{"/out.htm"}, map[string]http.HandlerFunc{
		"/out.htm": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, mirror.URL+"/copy.htm", http.StatusMovedPermanently)
		},
	})
	sink := newMemSink()
	c := newTestCrawler(t, sink, nil)
	site := testSite("test", base+"/zfxxgknb/index.htm")
	site.AllowedHosts = []string{strings.TrimPrefix(base, "http://")}
	stats, err := c.Run(context.Background(), []Site{site})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(mirrorHits.all()); n != 0 {
		t.Errorf("mirror got %d requests", n)
	}
	logs := sink.fetchLogs(base + "/out.htm")
	if len(logs) != 1 || !errors.Is(logs[0].Err, ErrHostNotAllowed) {
		t.Errorf("fetch log: %+v", logs)
	}
	if stats.Errors != 1 {
		t.Errorf("stats %+v", counts(stats))
	}
}

func TestOversizedBody(t *testing.T) {
	big := strings.Repeat("x", 20000)
	base, rec := column(t, "", []string{"/big-length.htm", "/big-chunked.htm", "/small.htm"}, map[string]http.HandlerFunc{
		"/big-length.htm": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", fmt.Sprint(len(big)))
			fmt.Fprint(w, big)
		},
		"/big-chunked.htm": func(w http.ResponseWriter, r *http.Request) {
			for i := 0; i < 20; i++ {
				fmt.Fprint(w, big[:1000])
				w.(http.Flusher).Flush()
			}
		},
		"/small.htm": okReport("small"),
	})
	sink := newMemSink()
	stats := crawlColumn(t, base, sink, func(o *Options) { o.MaxBody = 10000 })
	for _, p := range []string{"/big-length.htm", "/big-chunked.htm"} {
		if n := len(rec.requests(p)); n != 1 {
			t.Errorf("%s: %d requests, want 1 (no retry)", p, n)
		}
		logs := sink.fetchLogs(base + p)
		if len(logs) != 1 || logs[0].Result != ResultError || !errors.Is(logs[0].Err, ErrTooLarge) {
			t.Errorf("%s: fetch log %+v", p, logs)
		}
		if d := sink.saved(base + p); len(d) != 0 {
			t.Errorf("%s: saved a page over the limit", p)
		}
	}
	if len(sink.saved(base+"/small.htm")) != 1 || stats.Errors != 2 {
		t.Errorf("stats %+v", counts(stats))
	}
}

func TestAntiBotWall(t *testing.T) {
	base, rec := column(t, "", []string{"/r/1.htm", "/r/2.htm"}, map[string]http.HandlerFunc{
		"/r/1.htm": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusPreconditionFailed)
			fmt.Fprint(w, `<html><head><script>var _0x1=["cookie"];document[_0x1[0]]="__jsl_clearance=1";location.href=location.pathname;</script></head></html>`)
		},
		"/r/2.htm": okReport("r2"),
	})
	sink := newMemSink()
	stats := crawlColumn(t, base, sink, nil)
	if n := len(rec.requests("/r/1.htm")); n != 1 {
		t.Errorf("wall requested %d times, want 1", n)
	}
	if n := len(rec.requests("/r/2.htm")); n != 0 {
		t.Errorf("host requested again after the wall")
	}
	if logs := sink.fetchLogs(base + "/r/1.htm"); len(logs) != 1 || logs[0].Result != ResultBlocked || logs[0].Status != 412 ||
		!errors.Is(logs[0].Err, ErrBlocked) || logs[0].ErrText() != "anti-bot wall: 412 Precondition Failed" {
		t.Errorf("fetch log: %+v", logs)
	}
	if logs := sink.fetchLogs(base + "/r/2.htm"); len(logs) != 1 || logs[0].Result != ResultSkipped || !errors.Is(logs[0].Err, ErrBlocked) {
		t.Errorf("fetch log: %+v", logs)
	}
	if stats.Blocked != 1 || stats.Skipped != 1 || stats.Errors != 0 {
		t.Errorf("stats %+v", counts(stats))
	}
}

func TestPrivateAddressRefused(t *testing.T) {
	base, rec := columnLoopback(t, "", []string{"/r/1.htm"}, map[string]http.HandlerFunc{"/r/1.htm": okReport("r1")})
	sink := newMemSink()
	stats := crawlColumn(t, base, sink, func(o *Options) { loopbackOptions(o); o.AllowPrivate = false })
	if n := len(rec.all()); n != 0 {
		t.Errorf("server got %d requests", n)
	}
	logs := sink.fetchLogs(base + "/zfxxgknb/index.htm")
	if len(logs) != 1 || logs[0].Result != ResultError || !errors.Is(logs[0].Err, ErrPrivateAddress) {
		t.Errorf("fetch log: %+v", logs)
	}
	if stats.Errors != 1 || stats.Requests != 1 {
		t.Errorf("stats %+v", stats)
	}
}

func TestRetryAfterHeader(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"120":                           2 * time.Minute,
		"0":                             0,
		"Sun, 01 Mar 2026 12:00:30 GMT": 30 * time.Second,
		"Sun, 01 Mar 2026 11:00:00 GMT": 0,
	} {
		got, ok := retryAfter(http.Header{"Retry-After": {v}}, now)
		if !ok || got != want {
			t.Errorf("Retry-After %q: %s, %v; want %s", v, got, ok, want)
		}
	}
	if _, ok := retryAfter(http.Header{"Retry-After": {"soon"}}, now); ok {
		t.Error("Retry-After soon parsed")
	}
}

// A Retry-After past MaxRetryWait ends the retries at once.
func TestRetryAfterTooLong(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		base, rec := column(t, "", []string{"/r/1.htm"}, map[string]http.HandlerFunc{
			"/r/1.htm": func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Retry-After", "3600")
				w.WriteHeader(http.StatusServiceUnavailable)
			},
		})
		sink := newMemSink()
		crawlColumn(t, base, sink, func(o *Options) { o.MaxRetryWait = time.Minute })
		if n := len(rec.requests("/r/1.htm")); n != 1 {
			t.Errorf("%d requests, want 1", n)
		}
		if logs := sink.fetchLogs(base + "/r/1.htm"); len(logs) != 1 || !strings.Contains(logs[0].ErrText(), "retry-after") {
			t.Errorf("fetch log %+v", logs)
		}
	})
}

func TestRobots(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		robots := "User-agent: nianbao\nDisallow: /private/\nCrawl-delay: 1\n\nUser-agent: *\nDisallow: /\n"
		base, rec := column(t, robots, []string{"/r/1.htm", "/private/2.htm"}, map[string]http.HandlerFunc{
			"/r/1.htm":       okReport("r1"),
			"/private/2.htm": okReport("r2"),
		})
		sink := newMemSink()
		stats := crawlColumn(t, base, sink, nil)
		hits := rec.all()
		var paths []string
		for _, h := range hits {
			paths = append(paths, h.path)
		}
		if want := "/robots.txt /zfxxgknb/index.htm /r/1.htm"; strings.Join(paths, " ") != want {
			t.Errorf("requests %v, want %s", paths, want)
		}
		// Crawl-delay: 1 spaces every request to the host, robots.txt
		// included.
		for i := 1; i < len(hits); i++ {
			if gap := hits[i].at.Sub(hits[i-1].at); gap < 950*time.Millisecond {
				t.Errorf("%s came %s after %s", hits[i].path, gap, hits[i-1].path)
			}
		}
		logs := sink.fetchLogs(base + "/private/2.htm")
		if len(logs) != 1 || logs[0].Result != ResultSkipped || !errors.Is(logs[0].Err, ErrDisallowed) || logs[0].ErrText() != "disallowed by robots.txt" {
			t.Errorf("fetch log %+v", logs)
		}
		if stats.Skipped != 1 || stats.New != 2 {
			t.Errorf("stats %+v", counts(stats))
		}
	})
}

// A robots.txt answering 5xx (after retries) means nothing is crawled:
// each URL of the host is an error.
func TestRobotsServerError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mux := http.NewServeMux()
		mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", 500) })
		mux.HandleFunc("/zfxxgknb/index.htm", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, listingHTML()) })
		srv, rec := serve(t, mux)
		sink := newMemSink()
		stats := crawlColumn(t, srv.URL, sink, nil)
		for _, h := range rec.all() {
			if h.path != "/robots.txt" {
				t.Errorf("requested %s", h.path)
			}
		}
		logs := sink.fetchLogs(srv.URL + "/zfxxgknb/index.htm")
		if len(logs) != 1 || logs[0].Result != ResultError || !strings.Contains(logs[0].ErrText(), "robots.txt answered 500") {
			t.Errorf("fetch log %+v", logs)
		}
		if stats.Errors != 1 || stats.Pages != 0 {
			t.Errorf("stats %+v", counts(stats))
		}
	})
}

// A host that cannot be reached is an error for each of its URLs.
func TestUnreachableHost(t *testing.T) {
	srv, _ := serveLoopback(t, http.NotFoundHandler())
	base := srv.URL
	srv.Close() // nothing listens there now
	sink := newMemSink()
	stats := crawlColumn(t, base, sink, func(o *Options) { loopbackOptions(o); o.Retries = 1 })
	logs := sink.fetchLogs(base + "/zfxxgknb/index.htm")
	if len(logs) != 1 || logs[0].Result != ResultError || !strings.Contains(logs[0].ErrText(), "robots.txt") || !strings.Contains(logs[0].ErrText(), "refused") {
		t.Errorf("fetch log %+v", logs)
	}
	if stats.Errors != 1 || stats.Requests != 2 {
		t.Errorf("stats %+v", stats)
	}
}

// Ctrl-C mid-run keeps every document fetched; the next run asks for
// those conditionally and fetches the rest.
func TestCancelAndResume(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n = 12
		var paths []string
		handlers := map[string]http.HandlerFunc{}
		for i := range n {
			p := fmt.Sprintf("/r/%d.htm", i)
			paths = append(paths, p)
			handlers[p] = func(w http.ResponseWriter, r *http.Request) {
				etag := fmt.Sprintf(`"r%d"`, i)
				if r.Header.Get("If-None-Match") == etag {
					w.WriteHeader(http.StatusNotModified)
					return
				}
				w.Header().Set("ETag", etag)
				okReport(p)(w, r)
			}
		}
		base, rec := column(t, "", paths, handlers)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		sink := &cancelSink{memSink: newMemSink(), after: 5, cancel: cancel}
		c := newTestCrawler(t, sink, nil)
		site := testSite("test", base+"/zfxxgknb/index.htm")
		stats, err := c.Run(ctx, []Site{site})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Run error %v, want context.Canceled", err)
		}
		saved := map[string]bool{}
		for _, d := range sink.docs {
			saved[d.URL] = true
		}
		if len(saved) < 5 || len(saved) == n+1 {
			t.Fatalf("%d documents saved before the cancel took effect", len(saved))
		}
		if stats.New != len(sink.docs) {
			t.Errorf("stats count %d new, sink has %d", stats.New, len(sink.docs))
		}

		// The second run is told apart by its User-Agent: a request of the
		// first run cancelled in flight may still reach the server late.
		sink.cancel = nil
		c = newTestCrawler(t, sink, func(o *Options) { o.UserAgent = "nianbao/resumed (+http://127.0.0.1/contact)" })
		stats, err = c.Run(context.Background(), []Site{site})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			var hits []hit
			for _, h := range rec.requests(p) {
				if strings.Contains(h.header.Get("User-Agent"), "resumed") {
					hits = append(hits, h)
				}
			}
			if len(hits) != 1 {
				t.Errorf("%s: %d requests in the second run", p, len(hits))
				continue
			}
			if conditional := hits[0].header.Get("If-None-Match") != ""; conditional != saved[base+p] {
				t.Errorf("%s: conditional %v, saved in the first run %v", p, conditional, saved[base+p])
			}
		}
		if stats.Unchanged+stats.New != n+1 || stats.Errors != 0 {
			t.Errorf("second run %+v", counts(stats))
		}
	})
}

// cancelSink cancels the run after a number of saves.
type cancelSink struct {
	*memSink
	mu     sync.Mutex
	after  int
	cancel context.CancelFunc
}

func (s *cancelSink) Save(ctx context.Context, d *Document) error {
	if err := s.memSink.Save(ctx, d); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.after--
	if s.after == 0 && s.cancel != nil {
		s.cancel()
	}
	return nil
}

// A sink that fails stops the run with its error.
func TestSinkFailure(t *testing.T) {
	base, _ := column(t, "", []string{"/r/1.htm", "/r/2.htm"}, map[string]http.HandlerFunc{"/r/1.htm": okReport("1"), "/r/2.htm": okReport("2")})
	broken := errors.New("disk full")
	c := newTestCrawler(t, &failSink{memSink: newMemSink(), err: broken}, nil)
	_, err := c.Run(context.Background(), []Site{testSite("test", base+"/zfxxgknb/index.htm")})
	if !errors.Is(err, broken) {
		t.Errorf("Run error %v, want %v", err, broken)
	}
}

type failSink struct {
	*memSink
	err error
}

func (s *failSink) Save(context.Context, *Document) error { return s.err }

func TestProgress(t *testing.T) {
	base, _ := column(t, "", []string{"/r/1.htm", "/r/2.htm", "/r/3.htm"}, map[string]http.HandlerFunc{
		"/r/1.htm": okReport("1"), "/r/2.htm": okReport("2"), "/r/3.htm": func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) },
	})
	var got []Progress
	sink := newMemSink()
	stats := crawlColumn(t, base, sink, func(o *Options) {
		o.Progress = func(p Progress) { got = append(got, p) }
	})
	if len(got) == 0 {
		t.Fatal("no progress")
	}
	last := got[len(got)-1]
	if last.Queued != 0 || last.Pages != 4 || last.Reports != 3 || last.Errors != 1 || last.Pages != stats.Pages {
		t.Errorf("last progress %+v", last)
	}
	// A 404 of a URL never saved is an error that says so.
	if logs := sink.fetchLogs(base + "/r/3.htm"); len(logs) != 1 || !errors.Is(logs[0].Err, ErrGone) || logs[0].ErrText() != "404 Not Found" {
		t.Errorf("fetch log of the missing report: %+v", logs)
	}
	for i := 1; i < len(got); i++ {
		if got[i].Pages < got[i-1].Pages {
			t.Errorf("pages went back: %d then %d", got[i-1].Pages, got[i].Pages)
		}
	}
}

func TestNewOptions(t *testing.T) {
	o := testOptions()
	if _, err := New(nil, newMemSink(), o); err != nil {
		t.Errorf("New with a nil logger: %v", err)
	}
	for name, mod := range map[string]func(*Options){
		"NoUserAgent": func(o *Options) { o.UserAgent = "" },
		"NoParallel":  func(o *Options) { o.Parallel = 0 },
		"NoMaxBody":   func(o *Options) { o.MaxBody = 0 },
		"NoTimeout":   func(o *Options) { o.Timeout = 0 },
		"NegDelay":    func(o *Options) { o.Delay = -time.Second },
	} {
		o := testOptions()
		mod(&o)
		if _, err := New(nil, newMemSink(), o); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := New(nil, nil, testOptions()); err == nil {
		t.Error("no error without a sink")
	}
}

// A bad site, or a sink that cannot say what a site has, stops the run
// before any request, even after a good site.
func TestRunChecksSitesFirst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		base, rec := column(t, "", []string{"/r/1.htm"}, map[string]http.HandlerFunc{"/r/1.htm": okReport("1")})
		good := testSite("good", base+"/zfxxgknb/index.htm")
		c := newTestCrawler(t, newMemSink(), nil)
		bad := Site{Name: "bad", Listings: []string{"ftp://a.gov.cn/"}}
		if _, err := c.Run(context.Background(), []Site{good, bad}); err == nil || !strings.Contains(err.Error(), "not an http") {
			t.Errorf("Run error %v", err)
		}
		c = newTestCrawler(t, &slowKnownSink{memSink: newMemSink()}, nil)
		if _, err := c.Run(context.Background(), []Site{good, testSite("other", base+"/other/")}); err == nil || !strings.Contains(err.Error(), "known documents of other") {
			t.Errorf("Run error %v", err)
		}
		if n := len(rec.all()); n != 0 {
			t.Errorf("%d requests", n)
		}
	})
}

// slowKnownSink fails, slowly, to list the documents of site "other".
type slowKnownSink struct{ *memSink }

func (s *slowKnownSink) Known(ctx context.Context, site string) ([]Previous, error) {
	if site == "other" {
		time.Sleep(200 * time.Millisecond)
		return nil, errors.New("database locked")
	}
	return s.memSink.Known(ctx, site)
}

// inflight wraps a handler, counting requests in flight: now on this
// server, and across all servers sharing all.
type inflight struct {
	h        http.Handler
	now, max atomic.Int32
	all      *inflight
}

func (f *inflight) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	for _, c := range []*inflight{f, f.all} {
		if c == nil {
			continue
		}
		n := c.now.Add(1)
		for m := c.max.Load(); n > m && !c.max.CompareAndSwap(m, n); m = c.max.Load() {
		}
		defer c.now.Add(-1)
	}
	time.Sleep(30 * time.Millisecond)
	f.h.ServeHTTP(w, r)
}

// Delay spaces the requests to a host; hosts are fetched in parallel up
// to Parallel, one request at a time each.
func TestPoliteness(t *testing.T) {
	for _, parallel := range []int{1, 3} {
		t.Run(fmt.Sprintf("parallel=%d", parallel), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				all := &inflight{}
				var sites []Site
				var hosts []*inflight
				var recs []*recorder
				for i := range 3 {
					mux := http.NewServeMux()
					mux.HandleFunc("/zfxxgknb/index.htm", func(w http.ResponseWriter, r *http.Request) {
						fmt.Fprint(w, listingHTML([2]string{"r1.htm", "测试局2023年度政府信息公开工作年度报告"}, [2]string{"r2.htm", "测试局2024年度政府信息公开工作年度报告"}))
					})
					mux.HandleFunc("/zfxxgknb/", okReport("r"))
					h := &inflight{h: mux, all: all}
					srv, rec := serve(t, h)
					hosts, recs = append(hosts, h), append(recs, rec)
					sites = append(sites, testSite(fmt.Sprint("s", i), srv.URL+"/zfxxgknb/index.htm"))
				}
				sink := newMemSink()
				c := newTestCrawler(t, sink, func(o *Options) { o.Delay = 150 * time.Millisecond; o.Parallel = parallel })
				start := time.Now()
				stats, err := c.Run(context.Background(), sites)
				if err != nil {
					t.Fatal(err)
				}
				elapsed := time.Since(start)
				if stats.Pages != 9 || stats.Requests != 12 {
					t.Fatalf("stats %+v", stats)
				}
				for i, h := range hosts {
					if m := h.max.Load(); m != 1 {
						t.Errorf("host %d had %d requests at once", i, m)
					}
					hits := recs[i].all()
					for j := 1; j < len(hits); j++ {
						if gap := hits[j].at.Sub(hits[j-1].at); gap < 150*time.Millisecond {
							t.Errorf("host %d: %s came %s after %s", i, hits[j].path, gap, hits[j-1].path)
						}
					}
				}
				if m := all.max.Load(); int(m) > parallel {
					t.Errorf("%d requests at once, parallel %d", m, parallel)
				}
				// 4 requests a host, 3 delays of 150 ms: about 0.6 s when the
				// hosts overlap; one at a time, the 30 ms responses add up but
				// the delays still overlap.
				if parallel == 3 && elapsed > 1500*time.Millisecond {
					t.Errorf("took %s: hosts not in parallel", elapsed)
				}
			})
		})
	}
}
