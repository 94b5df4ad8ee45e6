package crawler

import (
	"context"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"nianbao/internal/testutil"
)

// memSink is an in-memory Sink: every saved document and every fetch
// log line, and the latest record per URL.
type memSink struct {
	mu     sync.Mutex
	docs   []*Document
	latest map[string]*Previous
	logs   []FetchLog
}

func newMemSink() *memSink { return &memSink{latest: make(map[string]*Previous)} }

func (m *memSink) Previous(_ context.Context, url string) (*Previous, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.latest[url]
	if !ok {
		return nil, nil
	}
	c := *p
	return &c, nil
}

func (m *memSink) Known(_ context.Context, site string) ([]Previous, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Previous
	for _, p := range m.latest {
		if p.Site == site && !p.Gone {
			out = append(out, *p)
		}
	}
	slices.SortFunc(out, func(a, b Previous) int { return strings.Compare(a.URL, b.URL) })
	return out, nil
}

func (m *memSink) Save(_ context.Context, d *Document) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := *d
	m.docs = append(m.docs, &c)
	p := m.latest[d.URL]
	if p == nil {
		p = &Previous{URL: d.URL, Site: d.Site, Kind: d.Kind, Title: d.Title}
		m.latest[d.URL] = p
	}
	p.Status, p.Fetched = d.Status, d.Fetched
	if d.Change == Gone {
		p.Gone = true
		return nil
	}
	p.Gone = false
	p.ETag, p.LastModified, p.SHA256 = d.ETag, d.LastModified, d.SHA256
	return nil
}

func (m *memSink) LogFetch(_ context.Context, f *FetchLog) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.logs = append(m.logs, *f)
	return nil
}

// saved returns the documents saved for url, oldest first.
func (m *memSink) saved(url string) []*Document {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*Document
	for _, d := range m.docs {
		if d.URL == url {
			out = append(out, d)
		}
	}
	return out
}

// fetchLogs returns the log lines for url.
func (m *memSink) fetchLogs(url string) []FetchLog {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []FetchLog
	for _, f := range m.logs {
		if f.URL == url {
			out = append(out, f)
		}
	}
	return out
}

func (m *memSink) reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.docs, m.logs = nil, nil
}

// recorder wraps a handler and records the requests it gets.
type recorder struct {
	h    http.Handler
	mu   sync.Mutex
	hits []hit
}

type hit struct {
	path   string // with the query
	at     time.Time
	header http.Header
}

func (rc *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rc.mu.Lock()
	rc.hits = append(rc.hits, hit{path: r.URL.RequestURI(), at: time.Now(), header: r.Header.Clone()})
	rc.mu.Unlock()
	rc.h.ServeHTTP(w, r)
}

func (rc *recorder) requests(path string) []hit {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var out []hit
	for _, h := range rc.hits {
		if h.path == path {
			out = append(out, h)
		}
	}
	return out
}

func (rc *recorder) all() []hit {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return slices.Clone(rc.hits)
}

func (rc *recorder) reset() {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.hits = nil
}

// testOptions are fast options for tests: the fake network (testNet),
// no delays, short timeouts and backoff, private addresses allowed.
func testOptions() Options {
	o := DefaultOptions()
	o.UserAgent = "nianbao/test (+http://127.0.0.1/contact)"
	o.Delay, o.Jitter = 0, 0
	o.Timeout = 2 * time.Second
	o.Retries = 2
	o.RetryBase = 10 * time.Millisecond
	o.AllowPrivate = true
	o.Transport = testNet
	return o
}

// newTestCrawler returns a crawler logging to t, with testOptions
// changed by mod.
func newTestCrawler(t testing.TB, sink Sink, mod func(*Options)) *Crawler {
	t.Helper()
	o := testOptions()
	if mod != nil {
		mod(&o)
	}
	c, err := New(testutil.Logger(t), sink, o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// site returns a site for a test server.
func testSite(name string, listings ...string) Site {
	return Site{Name: name, Agency: "测试局", Listings: listings}
}

// listingHTML is a plain listing page linking to reports.
func listingHTML(links ...[2]string) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body><ul class="list">`)
	for _, l := range links {
		b.WriteString(`<li><a href="` + l[0] + `">` + l[1] + `</a></li>`)
	}
	b.WriteString(`</ul></body></html>`)
	return b.String()
}

// reportHTML is a small report page.
func reportHTML(title string) string {
	return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>` + title + `</title></head><body><div class="TRS_Editor"><p>` + title + `</p><table><tr><td>收到申请数</td><td>12</td></tr></table></div></body></html>`
}

func readFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("../fixtures/html/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
