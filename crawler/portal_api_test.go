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
