package crawler

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// A DiscoverySink is a Sink that also keeps what discovery did for each
// site, so that a researcher can audit it: the links of listing pages
// judged not to be reports, with the reason (LogSkip, once per site and
// URL in a run), and at the end of the run, however it ends, the counts
// of each site of the run (LogSites). A Sink without these methods loses
// only that audit trail.
type DiscoverySink interface {
	LogSkip(ctx context.Context, s *SkipLog) error
	LogSites(ctx context.Context, sites map[string]SiteStats) error
}

// SkipLog is a link of a listing page judged not to be a report.
type SkipLog struct {
	Site     string
	URL      string
	Title    string // link title or text
	Referrer string // the listing page
	Reason   string // why it is not taken for a report
	Time     time.Time
}

// SiteStats count what one run did for one site.
type SiteStats struct {
	Listings   int // listing pages read (fetched, or unchanged)
	APIPages   int // list-interface pages read (kind listing-api)
	Reports    int // report links found, and known reports checked
	NotReports int // links judged not to be reports (SkipLog)
}

var reportWordRE = regexp.MustCompile(`年报|报告`)

// notReportReason says why a link titled title is not a report, when
// the title speaks of a report (年报, 报告) or is a notice about
// information disclosure (关于…信息公开…的函), and so is worth a line in
// the discovery log; "" for other links (navigation, news) and for
// reports.
func notReportReason(title string) string {
	if !strings.Contains(title, "报") && !strings.Contains(title, "关于") {
		return ""
	}
	t := strings.Join(strings.Fields(title), "")
	report := reportWordRE.MatchString(t)
	switch {
	case noticeRE.MatchString(t) && (report || strings.Contains(t, "信息公开")):
		return "a notice about a report (关于…的函, 通知, 说明 …), not a report"
	case !report:
		return ""
	case !reportTitleRE.MatchString(t):
		return "the title names no annual report (年度报告, 信息公开年报, 工作年报, 信息公开报告)"
	case titleYear(t) == 0:
		return "no year in the title"
	}
	return ""
}

// yearReason says why a report of year y is not fetched.
func (s *Site) yearReason(y int) string {
	return fmt.Sprintf("year %d outside the site's years (from_year %d, to_year %d)", y, s.FromYear, s.ToYear)
}

// skipLink notes a link of the page judged not to be a report.
func (sc *scan) skipLink(abs, title, reason string) {
	sc.skips = append(sc.skips, link{url: abs, title: title, reason: reason})
}

// addSkips appends the links judged not to be reports that are not
// also followed from the page.
func (sc *scan) addSkips() {
	for _, l := range sc.skips {
		sc.add(l)
	}
}

// logSkips hands the links of t's page judged not to be reports to the
// sink, once per site and URL in the run, and returns the others.
func (r *run) logSkips(t *task, links []link) []link {
	kept := links[:0:0]
	for _, l := range links {
		if l.skip != nil {
			// also logged as a skipped fetch by descend
			kept = append(kept, l)
		}
		if l.reason == "" {
			if l.skip == nil {
				kept = append(kept, l)
			}
			continue
		}
		key := "skip " + t.site.Name + " " + l.url
		r.mu.Lock()
		first := !r.seen[key]
		r.seen[key] = true
		if first {
			r.siteStats(t.site.Name).NotReports++
		}
		r.mu.Unlock()
		if !first {
			continue
		}
		r.c.lg.Info("not a report", "site", t.site.Name, "url", l.url, "title", l.title, "reason", l.reason)
		ss, ok := r.c.sink.(DiscoverySink)
		if !ok {
			continue
		}
		err := ss.LogSkip(r.saveCx, &SkipLog{Site: t.site.Name, URL: l.url, Title: l.title, Referrer: t.url, Reason: l.reason, Time: time.Now()})
		if err != nil {
			r.fail(fmt.Errorf("log skip: %w", err))
			return kept
		}
	}
	return kept
}

// siteStats returns the counts of site name; r.mu must be held.
func (r *run) siteStats(name string) *SiteStats {
	s := r.sites[name]
	if s == nil {
		s = &SiteStats{}
		r.sites[name] = s
	}
	return s
}

// countRead counts a page of t's site read; r.mu must be held.
func (r *run) countRead(t *task) {
	switch t.kind {
	case Listing:
		r.siteStats(t.site.Name).Listings++
	case ListingAPI:
		r.siteStats(t.site.Name).APIPages++
	}
}

// logSites hands the counts of each site of the run to the sink, when
// the run is over. A sink failing here fails the run.
func (r *run) logSites() {
	ds, ok := r.c.sink.(DiscoverySink)
	if !ok {
		return
	}
	r.mu.Lock()
	out := make(map[string]SiteStats, len(r.sites))
	for name, s := range r.sites {
		out[name] = *s
	}
	r.mu.Unlock()
	if err := ds.LogSites(r.saveCx, out); err != nil {
		r.c.lg.Error("log site counts", "err", err)
		if r.ctx.Err() == nil {
			r.cancel(fmt.Errorf("log site counts: %w", err))
		}
	}
}
