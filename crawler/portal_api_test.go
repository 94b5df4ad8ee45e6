package crawler

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"nianbao/crawler/demosite"
)

// The demo portal's list-interface column: the 2019 report, listed by
// no page, is found through dataproxy.jsp (one POST, logged as
// listing-api), with its year; the 2024 report, listed by both columns,
// is fetched once.
func TestCrawlPortalListAPI(t *testing.T) {
	portal, err := demosite.New(demosite.Options{ListAPI: true})
	if err != nil {
		t.Fatal(err)
	}
	srv, hits := serve(t, portal)
	site := Site{Name: "pingtan", Agency: "平潭综合实验区", Listings: []string{srv.URL + demosite.ListingPath, srv.URL + demosite.APIColumnPath}}
	sink := newMemSink()
	c := newTestCrawler(t, sink, nil)
	stats, err := c.Run(context.Background(), []Site{site})
	if err != nil {
		t.Fatal(err)
	}
	e := portal.Entries()
	d := sink.saved(srv.URL + e[4].Path)
	if len(d) != 1 || d[0].Year != 2019 || d[0].Kind != Report || !strings.Contains(d[0].Referrer, demosite.DataproxyPath) {
		t.Fatalf("2019 report: %+v", d)
	}
	if n := len(hits.requests(e[0].Path)); n != 1 {
		t.Errorf("2024 report requested %d times", n)
	}
	var api []FetchLog
	for _, f := range sink.logs {
		if f.Kind == ListingAPI {
			api = append(api, f)
		}
	}
	if len(api) != 1 || api[0].Result != ResultOK || api[0].Status != http.StatusOK || !strings.Contains(api[0].URL, "startrecord=2&endrecord=2&perpage=1") || !strings.Contains(api[0].URL, "#") {
		t.Errorf("listing-api fetches: %+v", api)
	}
	if stats.Reports != 4 || stats.Errors != 0 {
		t.Errorf("stats %+v", counts(stats))
	}
}

// A second run asks the list interface again, by POST, from the column
// page (not as a document known from the first run), and finds nothing
// new; a retried attempt of a list request is logged with its kind.
func TestCrawlPortalListAPIAgain(t *testing.T) {
	portal, err := demosite.New(demosite.Options{ListAPI: true})
	if err != nil {
		t.Fatal(err)
	}
	fail := 1
	srv, hits := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == demosite.DataproxyPath && fail > 0 {
			fail--
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		portal.ServeHTTP(w, r)
	}))
	site := Site{Name: "pingtan", Agency: "平潭综合实验区", Listings: []string{srv.URL + demosite.APIColumnPath}}
	sink := newMemSink()
	c := newTestCrawler(t, sink, nil)
	for run := 1; run <= 2; run++ {
		if _, err := c.Run(context.Background(), []Site{site}); err != nil {
			t.Fatal(err)
		}
	}
	var posts, others int
	for _, h := range hits.all() {
		if strings.HasPrefix(h.path, demosite.DataproxyPath) {
			if h.header.Get("Content-Type") == "application/x-www-form-urlencoded; charset=UTF-8" {
				posts++
			} else {
				others++
			}
		}
	}
	if posts != 3 || others != 0 {
		t.Errorf("dataproxy: %d POSTs (want 3: a retry and one a run), %d other requests", posts, others)
	}
	var retry []FetchLog
	for _, f := range sink.logs {
		if f.Result == ResultRetry {
			retry = append(retry, f)
		}
	}
	if len(retry) != 1 || retry[0].Kind != ListingAPI || !strings.Contains(retry[0].URL, "#") {
		t.Errorf("retry log: %+v", retry)
	}
	e := portal.Entries()
	if d := sink.saved(srv.URL + e[4].Path); len(d) != 2 || d[0].Change != NewDoc || d[1].Change != Unchanged {
		t.Errorf("2019 report over two runs: %+v", d)
	}
}
