package crawler

import "fmt"

// refuse reports what the crawl's limits left out of the frontier
// (tasks, the outbox flushed; refused, as Add returned), as follow does
// without a frontier: a page's links over MaxPages in one log line and
// one skipped line of the fetch log on the page's URL, with how many; a
// seed's on its own URL; the listing limit once per site, in the log. A
// list-interface page left out gives back its part of its row.
func (r *run) refuse(tasks []*task, refused []Refusal) {
	type page struct {
		site *Site
		url  string
	}
	dropped := map[page]int{}
	var pages []page
	for _, x := range refused {
		t := tasks[x.Index]
		if t.api != nil && !t.apiSeed && t.row != nil {
			t.row.left.Add(-1) // the page that found it is not finished: never 0 here
		}
		if x.Listings {
			r.mu.Lock()
			first := !r.fr.listingsWarned[t.site.Name]
			r.fr.listingsWarned[t.site.Name] = true
			r.mu.Unlock()
			if first {
				r.c.lg.Warn("listing page limit reached", "site", t.site.Name, "limit", r.c.opts.MaxListingPages, "counted", "crawl")
			}
			continue
		}
		r.count(func(s *RunStats) { s.Skipped++ })
		if t.referrer == "" {
			r.skip(t, r.crawlLimitReason())
			continue
		}
		p := page{t.site, t.referrer}
		if dropped[p] == 0 {
			pages = append(pages, p)
		}
		dropped[p]++
	}
	for _, p := range pages {
		r.c.lg.Warn("site page limit reached", "site", p.site.Name, "url", p.url, "dropped", dropped[p], "limit", r.c.opts.MaxPages, "counted", "crawl")
		r.skip(&task{url: p.url, site: p.site}, fmt.Errorf("%d links dropped: %w", dropped[p], r.crawlLimitReason()))
	}
}

// crawlLimitReason says why a URL over MaxPages is not let into a shared
// frontier.
func (r *run) crawlLimitReason() error {
	return fmt.Errorf("the site reached the limit of %d pages of the crawl, counted over every worker", r.c.opts.MaxPages)
}
