package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"
)

// BenchmarkPages builds an archive of 10,000 reports (2,500 agencies ×
// the four year fixtures; NIANBAO_WEB_N to change, NIANBAO_WEB_DB to keep
// the file between runs), requests each view NIANBAO_WEB_REQUESTS times
// (default 50) with the page cache emptied before each request, and
// reports the 50th and 95th percentile of the page time, the 95th of the
// process's CPU time per request (wall time on a shared machine counts
// the waits for a core) and the 95th of the same requests served from
// the cache:
//
//	go test ./web -run '^$' -bench Pages -benchtime 1x
func BenchmarkPages(b *testing.B) {
	n := envInt(b, "NIANBAO_WEB_N", 10000)
	reqs := envInt(b, "NIANBAO_WEB_REQUESTS", 50)
	path := os.Getenv("NIANBAO_WEB_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "pages.db")
	}
	if _, err := os.Stat(path); err != nil {
		start := time.Now()
		buildArchive(b, path, n, testAgencies)
		b.Logf("built %d reports in %v", n, time.Since(start).Round(time.Millisecond))
	}
	srv, _, _ := serveArchive(b, path)
	h := srv.Config.Handler.(*Server)
	views := []struct{ name, path string }{
		{"overview", "/"},
		{"indicator", "/indicator?ind=requests.received"},
		{"indicator-page-50", "/indicator?ind=requests.received&page=50"},
		{"indicator-filtered", "/indicator?ind=requests.received&region=350000&kind=government&from=2020&to=2023"},
		{"indicator-dictionary-search", "/indicator?ind=" + url.QueryEscape("申请")},
		{"report", "/report/" + strconv.Itoa(n/2)},
		{"findings", "/findings"},
		{"findings-reading", "/findings?kind=reading&severity=info"},
		{"search", "/search?q=" + url.QueryEscape("政策解读形式不够丰富")},
		{"search-two-characters", "/search?q=" + url.QueryEscape("丰富")},
		{"indicator-xlsx", "/indicator?ind=requests.received&download=xlsx"},
	}
	for _, v := range views {
		b.Run(v.name, func(b *testing.B) {
			for b.Loop() {
				// Uncached: every request reads the archive, as the first
				// after a change does.
				var wall, cpu []time.Duration
				for range reqs {
					h.cache = &viewCache{path: path}
					c0 := cpuTime()
					wall = append(wall, timeRequest(b, h, v.path))
					cpu = append(cpu, cpuTime()-c0)
				}
				// Cached: the archive unchanged since the first request.
				var cached []time.Duration
				for range reqs {
					cached = append(cached, timeRequest(b, h, v.path))
				}
				b.ReportMetric(ms(pct(wall, 50)), "p50-ms")
				b.ReportMetric(ms(pct(wall, 95)), "p95-ms")
				b.ReportMetric(ms(pct(cpu, 95)), "p95-cpu-ms")
				b.ReportMetric(ms(pct(cached, 95)), "p95-cached-ms")
			}
		})
	}
}

// timeRequest answers one GET of path and returns how long it took.
func timeRequest(b *testing.B, h http.Handler, path string) time.Duration {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	w := httptest.NewRecorder()
	start := time.Now()
	h.ServeHTTP(w, req)
	d := time.Since(start)
	if w.Code != http.StatusOK {
		b.Fatalf("%s: status %d: %.300s", path, w.Code, w.Body.String())
	}
	return d
}

// pct is the p-th percentile of ds.
func pct(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)*p/100, len(s)-1)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func envInt(b *testing.B, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		b.Fatalf("%s: %v", name, err)
	}
	return n
}
