package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// A run's per-site counts and the links it judged not to be reports are
// read back by site; the URLs it did not fetch come with them, and the
// site summary has the last fetch and the reports found.
func TestDiscoveryRecords(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "d.db"), testOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	run, err := db.StartRun(ctx, []string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.LogSkip(ctx, run, Skip{Site: "a", URL: "http://a.gov.cn/n/1.htm", Title: "关于…的函", Referrer: "http://a.gov.cn/nb/", Reason: "a notice", SeenAt: at}))
	must(db.LogSkip(ctx, run, Skip{Site: "b", URL: "http://b.gov.cn/x.htm", Referrer: "http://b.gov.cn/", Reason: "no year in the title", SeenAt: at}))
	must(db.LogFetch(ctx, run, Fetch{Site: "a", URL: "http://mirror.example/r.htm", StartedAt: at.Add(time.Minute), Result: "skipped", Error: "host not allowed"}))
	must(db.LogFetch(ctx, run, Fetch{Site: "a", URL: "http://a.gov.cn/nb/", StartedAt: at, Status: 200, Result: "ok"}))
	_, err = db.SaveFetched(ctx, URL{URL: "http://a.gov.cn/r/1.htm", Site: "a", Kind: "report", FetchedAt: at}, nil)
	must(err)
	must(db.SaveRunSites(ctx, run, []RunSite{{Site: "a", Listings: 2, APIPages: 1, Reports: 3, NotReports: 1}, {Site: "b"}}))
	must(db.FinishRun(ctx, Run{ID: run, Status: "ok", EndedAt: at.Add(time.Hour)}))

	rs, err := db.RunSites(ctx, "a", 10)
	must(err)
	if len(rs) != 1 || rs[0].RunID != run || rs[0].Listings != 2 || rs[0].APIPages != 1 || rs[0].Reports != 3 || rs[0].NotReports != 1 || rs[0].Status != "ok" {
		t.Errorf("run sites of a: %+v", rs)
	}
	skips, err := db.Skips(ctx, "a", run)
	must(err)
	if len(skips) != 2 || skips[0].URL != "http://a.gov.cn/n/1.htm" || skips[0].Reason != "a notice" || skips[0].Referrer != "http://a.gov.cn/nb/" ||
		!skips[0].SeenAt.Equal(at) || skips[1].URL != "http://mirror.example/r.htm" || skips[1].Reason != "not fetched: host not allowed" {
		t.Errorf("skips of a: %+v", skips)
	}
	sum, err := db.SiteSummaries(ctx)
	must(err)
	if a := sum["a"]; !a.LastFetch.Equal(at.Add(time.Minute)) || a.Reports != 1 || a.Documents != 0 {
		t.Errorf("summary of a: %+v", a)
	}
	if _, ok := sum["b"]; ok {
		t.Errorf("summary of b, which fetched nothing: %+v", sum["b"])
	}
}
