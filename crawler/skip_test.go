package crawler

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestNotReportReason(t *testing.T) {
	for title, want := range map[string]string{
		"某县2023年政府信息公开工作年度报告":       "",
		"关于2014年政府信息公开工作要点落实情况的函":   "a notice",
		"关于报送2023年度政府信息公开工作年度报告的通知": "a notice",
		"政府信息公开年报":                  "no year",
		"2023年政府工作报告":               "names no annual report",
		"2022年国民经济和社会发展统计公报":        "", // no 报告 or 年报: not worth a line
		"首页":  "",
		"下一页": "",
	} {
		got := notReportReason(title)
		if want == "" && got != "" || want != "" && !strings.Contains(got, want) {
			t.Errorf("notReportReason(%q) = %q, want %q", title, got, want)
		}
	}
}

// discoverySink is a memSink that keeps what discovery reports.
type discoverySink struct {
	*memSink
	mu    sync.Mutex
	skips []SkipLog
	sites map[string]SiteStats
	calls int // LogSites calls
}

func (d *discoverySink) LogSkip(_ context.Context, s *SkipLog) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.skips = append(d.skips, *s)
	return nil
}

func (d *discoverySink) LogSites(_ context.Context, sites map[string]SiteStats) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.sites, d.calls = sites, d.calls+1
	return nil
}

// A run tells a DiscoverySink, per site, the listing pages read and the
// reports found, and each link of a listing that speaks of a report but
// was not taken for one, once, with the reason.
func TestRunLogsSkippedLinks(t *testing.T) {
	notice := [2]string{"./201412/t20141215_1.htm", "关于2014年政府信息公开工作要点落实情况的函"}
	srv, _ := serve(t, replies(map[string]reply{
		"/nb/": {body: listingHTML(
			[2]string{"./202402/t20240201_1.htm", "某县2023年政府信息公开工作年度报告"},
			[2]string{"./201602/t20160201_1.htm", "某县2015年政府信息公开工作年度报告"},
			notice,
			[2]string{"/zwgk/nb/", "政府信息公开年报"},
			[2]string{"/zwgk/gzbg/2023.htm", "2023年政府工作报告"},
			[2]string{"/", "首页"},
			[2]string{"index_1.htm", "下一页"},
		)},
		"/nb/index_1.htm": {body: listingHTML(
			[2]string{"./202302/t20230201_1.htm", "某县2022年政府信息公开工作年度报告"},
			notice,
		)},
		"/nb/202402/t20240201_1.htm": {body: reportHTML("某县2023年政府信息公开工作年度报告")},
		"/nb/202302/t20230201_1.htm": {body: reportHTML("某县2022年政府信息公开工作年度报告")},
	}))
	sink := &discoverySink{memSink: newMemSink()}
	site := testSite("county", srv.URL+"/nb/")
	site.FromYear = 2019
	other := testSite("quiet", srv.URL+"/none/")
	if _, err := newTestCrawler(t, sink, nil).Run(context.Background(), []Site{site, other}); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range sink.skips {
		if s.Site != "county" || s.Time.IsZero() {
			t.Errorf("skip %+v", s)
		}
		if _, dup := got[s.URL]; dup {
			t.Errorf("%s logged twice", s.URL)
		}
		got[s.URL] = s.Title + " | " + s.Reason + " | " + strings.TrimPrefix(s.Referrer, srv.URL)
	}
	want := map[string]string{
		srv.URL + "/nb/201602/t20160201_1.htm": "某县2015年政府信息公开工作年度报告 | year 2015 outside the site's years (from_year 2019, to_year 0) | /nb/",
		srv.URL + "/nb/201412/t20141215_1.htm": "关于2014年政府信息公开工作要点落实情况的函 | not a report: a work plan or its follow-up (工作要点) | /nb/",
		srv.URL + "/zwgk/nb/":                  "政府信息公开年报 | no year in the title | /nb/",
		srv.URL + "/zwgk/gzbg/2023.htm":        "2023年政府工作报告 | the title names no annual report (年度报告, 信息公开年报, 工作年报, 信息公开报告) | /nb/",
	}
	for u, w := range want {
		if got[u] != w {
			t.Errorf("%s: got %q, want %q", u, got[u], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d links logged, want %d: %v", len(got), len(want), slices.Sorted(func(yield func(string) bool) {
			for u := range got {
				if !yield(u) {
					return
				}
			}
		}))
	}
	if sink.calls != 1 {
		t.Errorf("LogSites called %d times", sink.calls)
	}
	if c := sink.sites["county"]; c != (SiteStats{Listings: 2, Reports: 2, NotReports: 4}) {
		t.Errorf("county: %+v, want 2 listings, 2 reports, 4 not reports", c)
	}
	if q, ok := sink.sites["quiet"]; !ok || q != (SiteStats{}) {
		t.Errorf("quiet: %+v, %v: want a line of zeros", q, ok)
	}
}
