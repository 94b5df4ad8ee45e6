package crawler

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Benchmarks crawl generated columns on loopback, delays off: several
// test servers are several hosts. Each listing page links to 25 report
// pages (about 30 kB, like a report table with little page chrome), one
// of which has a PDF attachment, and announces the other listing pages
// with a TRS pager. Pages are generated per request, so the servers hold
// nothing that grows with the column.
//
//	go test ./crawler -run XXX -bench Crawl -benchtime 3x

const (
	benchHosts       = 4
	benchPerListing  = 25
	benchPagesPerLst = 1 + benchPerListing + 1 // the listing, its reports, one attachment
)

// benchColumn serves a column of listings listing pages.
func benchColumn(listings int) http.Handler {
	chrome := strings.Repeat(`<div class="nav"><a href="/zwgk/">政务公开</a><a href="/hdjl/">互动交流</a></div>`+"\n", 60)
	var table strings.Builder
	for i := range 120 {
		fmt.Fprintf(&table, `<tr><td><p>（%d）主动公开政府信息数</p></td><td><p>条</p></td><td><p>%d</p></td></tr>`+"\n", i, i*7)
	}
	reportBody := table.String()
	pdf := []byte("%PDF-1.4\n" + strings.Repeat("0123456789abcdef", 128) + "\n%%EOF\n")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		switch {
		case p == "/nb/index.htm" || strings.HasPrefix(p, "/nb/index_"):
			n := 0
			if s, ok := strings.CutPrefix(p, "/nb/index_"); ok {
				n, _ = strconv.Atoi(strings.TrimSuffix(s, ".htm"))
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			var b strings.Builder
			b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body>`)
			b.WriteString(chrome)
			b.WriteString(`<ul class="list">`)
			for i := range benchPerListing {
				id := n*benchPerListing + i
				fmt.Fprintf(&b, `<li><a href="./2024%02d/t202403%02d_%d.htm" title="某局%d年度政府信息公开工作年度报告（%d）">某局%d年度政府信息公开工作年度报告（%d）</a><span>2024-03-01</span></li>`,
					id%12+1, id%28+1, id, 2000+id%25, id, 2000+id%25, id)
			}
			fmt.Fprintf(&b, `</ul><script>createPageHTML(%d, %d, "index", "htm");</script></body></html>`, listings, n)
			writeStatic(w, b.String())
		case strings.HasSuffix(p, ".pdf"):
			w.Header().Set("Content-Type", "application/pdf")
			w.Write(pdf)
		case strings.HasPrefix(p, "/nb/2024"):
			id, _ := strconv.Atoi(p[strings.LastIndex(p, "_")+1 : len(p)-len(".htm")])
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			var b strings.Builder
			fmt.Fprintf(&b, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>某局年度报告 %d</title></head><body>`, id)
			b.WriteString(chrome)
			b.WriteString(`<div class="TRS_Editor"><table>`)
			b.WriteString(reportBody)
			b.WriteString(`</table></div>`)
			if id%benchPerListing == 0 {
				fmt.Fprintf(&b, `<ul id="file_ul_fj"><li><a href="./P0202403%d.pdf">附件</a></li></ul>`, id)
			}
			b.WriteString(`</body></html>`)
			writeStatic(w, b.String())
		default:
			http.NotFound(w, r)
		}
	})
}

// writeStatic writes a page with its Content-Length, as the web servers
// in front of TRS and Hanweb sites serve their static pages.
func writeStatic(w http.ResponseWriter, page string) {
	w.Header().Set("Content-Length", strconv.Itoa(len(page)))
	io.WriteString(w, page)
}

// countSink keeps nothing but counts.
type countSink struct{ saves, logs atomic.Int64 }

func (s *countSink) Previous(context.Context, string) (*Previous, error)     { return nil, nil }
func (s *countSink) Known(context.Context, string) ([]Previous, error)       { return nil, nil }
func (s *countSink) Save(context.Context, *Document) error                   { s.saves.Add(1); return nil }
func (s *countSink) LogFetch(context.Context, *FetchLog) error               { s.logs.Add(1); return nil }
func (s *recordingSink) Previous(context.Context, string) (*Previous, error) { return nil, nil }
func (s *recordingSink) Known(context.Context, string) ([]Previous, error)   { return nil, nil }
func (s *recordingSink) LogFetch(context.Context, *FetchLog) error           { return nil }

// recordingSink collects the URLs fetched, for the net/http loop.
type recordingSink struct {
	mu   sync.Mutex
	urls []string
}

func (s *recordingSink) Save(_ context.Context, d *Document) error {
	s.mu.Lock()
	s.urls = append(s.urls, d.URL)
	s.mu.Unlock()
	return nil
}

// benchSites starts benchHosts servers, each a column of listings
// listing pages, and returns the sites.
func benchSites(b *testing.B, listings int) []Site {
	var sites []Site
	for i := range benchHosts {
		s := httptest.NewServer(benchColumn(listings)) // no recorder: it keeps every request
		b.Cleanup(s.Close)
		sites = append(sites, Site{Name: fmt.Sprintf("bench%d", i), Listings: []string{s.URL + "/nb/index.htm"}})
	}
	return sites
}

// benchOptions are testOptions on real loopback sockets: the bench
// servers are httptest servers, which the fake network of testOptions
// does not know (every request to them failed).
func benchOptions() Options {
	o := testOptions()
	o.Transport = nil
	o.Parallel = benchHosts
	o.Timeout = 30 * time.Second
	return o
}

// crawlOnce crawls sites and returns the stats.
func crawlOnce(b *testing.B, sink Sink, sites []Site) RunStats {
	c, err := New(nil, sink, benchOptions())
	if err != nil {
		b.Fatal(err)
	}
	stats, err := c.Run(context.Background(), sites)
	if err != nil {
		b.Fatal(err)
	}
	if stats.Errors != 0 {
		b.Fatalf("%d errors", stats.Errors)
	}
	return stats
}

// fetchAll is the plain net/http loop: workers goroutines GET the URLs
// and read the bodies.
func fetchAll(b *testing.B, client *http.Client, urls []string, workers int) {
	ch := make(chan string)
	var wg sync.WaitGroup
	var failed atomic.Int64
	for range workers {
		wg.Go(func() {
			for u := range ch {
				resp, err := client.Get(u)
				if err != nil {
					failed.Add(1)
					continue
				}
				_, err = io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 {
					failed.Add(1)
				}
			}
		})
	}
	for _, u := range urls {
		ch <- u
	}
	close(ch)
	wg.Wait()
	if n := failed.Load(); n > 0 {
		b.Fatalf("%d plain fetches failed", n)
	}
}

// BenchmarkCrawl crawls 4 hosts × 47 listing pages (5,076 pages) and, in
// the same iteration, fetches the same URLs with a plain net/http loop at
// the same concurrency (4). It reports both rates and their ratio.
func BenchmarkCrawl(b *testing.B) {
	sites := benchSites(b, 47)
	rec := &recordingSink{}
	crawlOnce(b, rec, sites) // the URL list for the plain loop, and a warm-up
	urls := rec.urls
	if len(urls) < 5000 {
		b.Fatalf("only %d pages", len(urls))
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2}}
	var crawlTime, plainTime time.Duration
	pages := 0
	for b.Loop() {
		// Each side starts with a clean heap, so neither pays for the
		// other's garbage.
		runtime.GC()
		start := time.Now()
		stats := crawlOnce(b, &countSink{}, sites)
		crawlTime += time.Since(start)
		pages = stats.Pages
		runtime.GC()
		start = time.Now()
		fetchAll(b, client, urls, benchHosts)
		plainTime += time.Since(start)
	}
	crawlRate := float64(pages*b.N) / crawlTime.Seconds()
	plainRate := float64(len(urls)*b.N) / plainTime.Seconds()
	b.ReportMetric(float64(pages), "pages")
	b.ReportMetric(crawlRate, "crawler-pages/s")
	b.ReportMetric(plainRate, "nethttp-pages/s")
	b.ReportMetric(100*crawlRate/plainRate, "%-of-nethttp")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkCrawlMemory reports the peak heap in use while crawling
// about 1,000 and 5,000 pages (the test servers, in the same process,
// included).
func BenchmarkCrawlMemory(b *testing.B) {
	for _, listings := range []int{10, 47} {
		pages := benchHosts * listings * benchPagesPerLst
		b.Run(fmt.Sprintf("pages=%d", pages), func(b *testing.B) {
			sites := benchSites(b, listings)
			var peak uint64
			for b.Loop() {
				p, stats := peakHeap(func() RunStats { return crawlOnce(b, &countSink{}, sites) })
				if stats.Pages != pages {
					b.Fatalf("%d pages crawled, want %d", stats.Pages, pages)
				}
				peak = max(peak, p)
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// peakHeap runs f, sampling the heap in use every millisecond, and
// returns the largest sample.
func peakHeap(f func() RunStats) (uint64, RunStats) {
	runtime.GC()
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var ms runtime.MemStats
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	stats := f()
	close(done)
	wg.Wait()
	return peak.Load(), stats
}

// BenchmarkExtract reads the links of the real Pingtan listing page
// (45 kB, 10 reports among 90 other links) through colly, and of the
// 2015 report page (109 kB) with an attachment link, through the
// tokenizer.
func BenchmarkExtract(b *testing.B) {
	d := newDiscoverer()
	site := &Site{}
	sel := &selectors{}
	b.Run("listing", func(b *testing.B) {
		page := []byte(readFixture(b, "listing_index.html"))
		b.SetBytes(int64(len(page)))
		for b.Loop() {
			links, err := d.extract("https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/", page, Listing, site, sel, 0)
			if err != nil || len(links) != 10 {
				b.Fatal(len(links), err)
			}
		}
	})
	b.Run("report", func(b *testing.B) {
		page := []byte(strings.Replace(readFixture(b, "pingtan_2015.html"), `<ul id="file_ul_fj">`, `<ul id="file_ul_fj"><li><a href="./P020160112.pdf">附件</a></li>`, 1))
		b.SetBytes(int64(len(page)))
		for b.Loop() {
			links, err := d.extract("https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/201601/t20160112_80445.htm", page, Report, site, sel, 2015)
			if err != nil || len(links) != 1 {
				b.Fatal(len(links), err)
			}
		}
	})
}

// BenchmarkListingCheck tells a listing from a report on the real
// pages (isListingPage), as discover does for each report link whose
// address may be a column's.
func BenchmarkListingCheck(b *testing.B) {
	for _, name := range []string{"listing_index.html", "pingtan_2015.html", "pingtan_2019.html", "pingtan_2023.html", "pingtan_2024.html"} {
		page := []byte(readFixture(b, name))
		want := name == "listing_index.html"
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(page)))
			for b.Loop() {
				if isListingPage("https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/", page) != want {
					b.Fatal("wrong")
				}
			}
		})
	}
}
