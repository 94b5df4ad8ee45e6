package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"nianbao/internal/testutil"
)

// BenchmarkCrawlPipeline measures what a user waits for: `nianbao crawl
// -parallel 8 -delay 0` of N real report pages (the four report pages of
// fixtures/html in turn, each naming an agency of its own, so that its
// bytes and its report are distinct) from 8 loopback hosts, parse and store into a new SQLite file
// included, against a bare loop of 8 workers that downloads the same
// URLs and reads each with goquery.NewDocumentFromReader, nothing else.
// Each iteration is one pair, run one after the other, the order
// alternating. Each host serves a column: listing pages of 25 report
// links with a TRS pager, fetched by both sides.
//
// The crawl and the bare loop each run as a child process (the test
// binary as nianbao, and TestBareLoopChild) beside the servers, which
// stay in this one: both get the same share of a machine that other jobs
// load, their peak RSS (getrusage) and CPU times are their own, and
// cpu-ratio is the bare loop's CPU time over the crawl's. The WAL is
// sampled every 2 ms. NIANBAO_BENCH_PAGES sets N (default 1000);
// NIANBAO_BENCH_INPROCESS=1 runs both in this process instead, for
// go test -cpuprofile (RSS and CPU times are then not reported).
//
//	go test ./cmd/nianbao -run XXX -bench CrawlPipeline -benchtime 3x
func BenchmarkCrawlPipeline(b *testing.B) {
	pages := 1000
	if s := os.Getenv("NIANBAO_BENCH_PAGES"); s != "" {
		var err error
		if pages, err = strconv.Atoi(s); err != nil || pages < benchHosts {
			b.Fatalf("NIANBAO_BENCH_PAGES=%q: want a number of pages, at least %d", s, benchHosts)
		}
	}
	inProcess := os.Getenv("NIANBAO_BENCH_INPROCESS") == "1"
	col := newBenchColumns(b, pages)
	dir := b.TempDir()
	sites := filepath.Join(dir, "sites.toml")
	if err := os.WriteFile(sites, col.sitesFile(), 0o644); err != nil {
		b.Fatal(err)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2}}
	urls := filepath.Join(dir, "urls.txt")
	if err := os.WriteFile(urls, []byte(strings.Join(col.urls, "\n")), 0o644); err != nil {
		b.Fatal(err)
	}
	var crawls, bares, ratios, cpus, rss, wal []float64
	i := 0
	for b.Loop() {
		db := filepath.Join(dir, fmt.Sprintf("crawl%d.db", i))
		var c, bare crawlMeasure
		crawl := func() { runtime.GC(); c = benchCrawl(b, db, sites, col, inProcess) }
		loop := func() {
			runtime.GC()
			if inProcess {
				bare = crawlMeasure{wall: bareLoop(client, col.urls)}
				if n := bareFailed.Load(); n > 0 {
					b.Fatalf("%d bare fetches failed", n)
				}
			} else {
				bare = bareChild(b, urls)
			}
		}
		if i%2 == 0 {
			crawl()
			loop()
		} else {
			loop()
			crawl()
		}
		cr := float64(len(col.urls)) / c.wall.Seconds()
		br := float64(len(col.urls)) / bare.wall.Seconds()
		crawls, bares, ratios = append(crawls, cr), append(bares, br), append(ratios, cr/br)
		rss, wal = append(rss, c.rssMB), append(wal, c.walMB)
		if cpu := c.user + c.sys; cpu > 0 {
			cpus = append(cpus, float64(bare.user+bare.sys)/float64(cpu))
		}
		b.Logf("pair %d: crawl %.0f pages/s (%s, user %s, sys %s, peak RSS %.0f MB, WAL at most %.1f MB), bare loop %.0f pages/s (%s, user %s, sys %s, peak RSS %.0f MB): ratio %.3f",
			i+1, cr, c.wall.Round(time.Millisecond), c.user.Round(time.Millisecond), c.sys.Round(time.Millisecond), c.rssMB, c.walMB,
			br, bare.wall.Round(time.Millisecond), bare.user.Round(time.Millisecond), bare.sys.Round(time.Millisecond), bare.rssMB, cr/br)
		os.Remove(db)
		os.Remove(db + "-wal")
		os.Remove(db + "-shm")
		i++
	}
	b.ReportMetric(float64(len(col.urls)), "pages")
	b.ReportMetric(median(crawls), "crawl-pages/s")
	b.ReportMetric(median(bares), "bare-pages/s")
	b.ReportMetric(slices.Min(ratios), "ratio-min")
	b.ReportMetric(median(ratios), "ratio-median")
	b.ReportMetric(slices.Max(ratios), "ratio-max")
	if !inProcess {
		b.ReportMetric(slices.Max(rss), "peak-RSS-MB")
		b.ReportMetric(median(cpus), "cpu-ratio-median")
	}
	b.ReportMetric(slices.Max(wal), "WAL-max-MB")
	b.ReportMetric(0, "ns/op")
}

const (
	benchHosts      = 8
	benchPerListing = 25
)

// benchColumns are the 8 hosts of the benchmark and every URL they
// serve, listings first.
type benchColumns struct {
	servers []*httptest.Server
	urls    []string
}

// newBenchColumns serves pages report pages, spread over benchHosts
// hosts, each with its listing pages.
func newBenchColumns(b *testing.B, pages int) *benchColumns {
	var bodies [][]byte
	for _, name := range []string{"pingtan_2015.html", "pingtan_2019.html", "pingtan_2023.html", "pingtan_2024.html"} {
		bodies = append(bodies, testutil.ReadFixture(b, "html/"+name))
	}
	col := &benchColumns{}
	var reports []string
	for h := range benchHosts {
		n := pages / benchHosts
		if h < pages%benchHosts {
			n++
		}
		listings := (n + benchPerListing - 1) / benchPerListing
		srv := httptest.NewServer(benchHost(bodies, h, n, listings))
		b.Cleanup(srv.Close)
		col.servers = append(col.servers, srv)
		for l := range listings {
			col.urls = append(col.urls, srv.URL+listingPath(l))
		}
		for id := range n {
			reports = append(reports, srv.URL+reportPath(h, id))
		}
	}
	col.urls = append(col.urls, reports...)
	return col
}

func listingPath(n int) string {
	if n == 0 {
		return "/nb/index.htm"
	}
	return fmt.Sprintf("/nb/index_%d.htm", n)
}

func reportPath(host, id int) string {
	return fmt.Sprintf("/nb/2024%02d/t2024_%d_%d.htm", id%12+1, host, id)
}

// pingtan is the agency of the fixture pages, which each page served
// names differently: each is a report of an agency of its own, as in a
// real crawl, and none is a version of another.
var pingtan = []byte("平潭综合实验区")

var benchReport = regexp.MustCompile(`^/nb/2024\d\d/t2024_(\d+)_(\d+)\.htm$`)

// benchHost serves host h: n report pages listed by listings pages.
// Pages are made per request, as in the crawler's benchmark, so that
// the server holds nothing that grows with n.
func benchHost(bodies [][]byte, h, n, listings int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		var page []byte
		switch m := benchReport.FindStringSubmatch(p); {
		case p == "/nb/index.htm" || strings.HasPrefix(p, "/nb/index_"):
			l := 0
			if s, ok := strings.CutPrefix(p, "/nb/index_"); ok {
				l, _ = strconv.Atoi(strings.TrimSuffix(s, ".htm"))
			}
			var sb strings.Builder
			sb.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body><ul class="list">`)
			for id := l * benchPerListing; id < min(n, (l+1)*benchPerListing); id++ {
				fmt.Fprintf(&sb, `<li><a href="%s" title="某局%d年度政府信息公开工作年度报告（%d）">某局%d年度政府信息公开工作年度报告（%d）</a><span>2024-03-01</span></li>`,
					reportPath(h, id), 2000+id%25, id, 2000+id%25, id)
			}
			fmt.Fprintf(&sb, `</ul><script>createPageHTML(%d, %d, "index", "htm");</script></body></html>`, listings, l)
			page = []byte(sb.String())
		case m != nil:
			id, _ := strconv.Atoi(m[2])
			page = bytes.ReplaceAll(bodies[(h+id)%len(bodies)], pingtan, fmt.Appendf(nil, "平潭综合实验区%d号", h*1_000_000+id))
		default:
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(page)))
		w.Write(page)
	})
}

// sitesFile names each host as a site whose column starts at its first
// listing page.
func (col *benchColumns) sitesFile() []byte {
	var b strings.Builder
	b.WriteString("contact = \"mailto:bench@example.org\"\n")
	for i, s := range col.servers {
		fmt.Fprintf(&b, "\n[[site]]\nname = \"bench%d\"\nagency = \"某局%d\"\nlistings = [%q]\n", i, i, s.URL+listingPath(0))
	}
	return []byte(b.String())
}

// crawlMeasure is what one crawl took.
type crawlMeasure struct {
	wall, user, sys time.Duration
	rssMB, walMB    float64
}

var fetchedLine = regexp.MustCompile(`: (\d+) pages fetched \((\d+) new`)

// benchCrawl runs nianbao crawl into db and checks that it fetched
// every page of col, each new.
func benchCrawl(b *testing.B, db, sites string, col *benchColumns, inProcess bool) crawlMeasure {
	args := []string{"crawl", "-db", db, "-sites", sites, "-allow-private", "-parallel", strconv.Itoa(benchHosts),
		"-delay", "0", "-progress", "off", "-max-pages", "1000000", "-log", "text"}
	var m crawlMeasure
	stop := make(chan struct{})
	var walMax atomic.Int64
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			if fi, err := os.Stat(db + "-wal"); err == nil && fi.Size() > walMax.Load() {
				walMax.Store(fi.Size())
			}
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	})
	var out bytes.Buffer
	start := time.Now()
	if inProcess {
		mm := &Main{Stdout: &out, Stderr: io.Discard}
		if code := mm.Run(context.Background(), args); code != 0 {
			b.Fatalf("crawl: exit %d\n%s", code, out.String())
		}
		m.wall = time.Since(start)
	} else {
		cmd := exec.Command(os.Args[0], args...)
		cmd.Env = append(os.Environ(), "NIANBAO_RUN_MAIN=1")
		cmd.Stdout = &out
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			b.Fatalf("crawl: %v\n%s\n%s", err, out.String(), tail(stderr.String(), 2000))
		}
		m.wall = time.Since(start)
		m.user, m.sys = cmd.ProcessState.UserTime(), cmd.ProcessState.SystemTime()
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			m.rssMB = float64(ru.Maxrss) / 1024 // kB on Linux
		}
	}
	close(stop)
	wg.Wait()
	m.walMB = float64(walMax.Load()) / (1 << 20)
	mt := fetchedLine.FindStringSubmatch(out.String())
	if mt == nil || mt[1] != strconv.Itoa(len(col.urls)) || mt[2] != strconv.Itoa(len(col.urls)) {
		b.Fatalf("crawl fetched other than the %d pages, all new:\n%s", len(col.urls), out.String())
	}
	return m
}

// bareChild runs bareLoop over the URLs of file urls in a child
// process, as the crawl runs: each side is a process of its own beside
// the servers, so that both get the same share of a busy machine, and
// their CPU times compare.
func bareChild(b *testing.B, urls string) crawlMeasure {
	cmd := exec.Command(os.Args[0], "-test.run=^TestBareLoopChild$")
	cmd.Env = append(os.Environ(), "NIANBAO_BARE_URLS="+urls)
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil || !bytes.Contains(out, []byte("bare loop done")) {
		b.Fatalf("bare loop: %v\n%s", err, out)
	}
	m := crawlMeasure{wall: time.Since(start), user: cmd.ProcessState.UserTime(), sys: cmd.ProcessState.SystemTime()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.rssMB = float64(ru.Maxrss) / 1024
	}
	return m
}

// TestBareLoopChild is the child process of bareChild; it does nothing
// unless NIANBAO_BARE_URLS names the file of URLs to fetch.
func TestBareLoopChild(t *testing.T) {
	file := os.Getenv("NIANBAO_BARE_URLS")
	if file == "" {
		t.Skip("the bare loop of BenchmarkCrawlPipeline, run by it")
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2}}
	bareLoop(client, strings.Split(string(b), "\n"))
	if n := bareFailed.Load(); n > 0 {
		t.Fatalf("%d bare fetches failed", n)
	}
	fmt.Println("bare loop done")
}

// bareFailed counts the bare loop's failed fetches.
var bareFailed atomic.Int64

// bareLoop is the baseline: benchHosts workers GET the URLs and read
// each body with goquery, nothing else.
func bareLoop(client *http.Client, urls []string) time.Duration {
	start := time.Now()
	ch := make(chan string)
	var wg sync.WaitGroup
	var failed atomic.Int64
	for range benchHosts {
		wg.Go(func() {
			for u := range ch {
				resp, err := client.Get(u)
				if err != nil {
					failed.Add(1)
					continue
				}
				_, err = goquery.NewDocumentFromReader(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK {
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
	bareFailed.Add(failed.Load())
	return time.Since(start)
}

func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}
