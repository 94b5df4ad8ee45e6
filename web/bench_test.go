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
// (default 50) and reports the 50th and 95th percentile of the page
// time:
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
	h := srv.Config.Handler
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
				var times []time.Duration
				for range reqs {
					req := httptest.NewRequest(http.MethodGet, v.path, nil)
					w := httptest.NewRecorder()
					start := time.Now()
					h.ServeHTTP(w, req)
					times = append(times, time.Since(start))
					if w.Code != http.StatusOK {
						b.Fatalf("%s: status %d: %.300s", v.path, w.Code, w.Body.String())
					}
				}
				slices.Sort(times)
				b.ReportMetric(ms(times[len(times)*50/100]), "p50-ms")
				b.ReportMetric(ms(times[min(len(times)*95/100, len(times)-1)]), "p95-ms")
			}
		})
	}
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
