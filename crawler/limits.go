package crawler

import (
	"fmt"
	"net/url"
)

// follow queues the links found on the page of t, within the limits:
// MaxLinks documents from one page, MaxPages URLs per site. What a limit
// drops is said once per page, in the log and as a skipped line of the
// fetch log on the page's URL, with how many links were dropped.
func (r *run) follow(t *task, links []link) {
	o := &r.c.opts
	links, cut := capLinks(links, o.MaxLinks)
	if cut > 0 {
		r.count(func(s *RunStats) { s.Skipped += cut })
		r.c.lg.Warn("links cut", "site", t.site.Name, "url", t.url, "kept", o.MaxLinks, "dropped", cut)
		r.skip(t, fmt.Errorf("%d links dropped: more than the limit of %d documents linked from one page", cut, o.MaxLinks))
	}
	dropped := 0
	for _, l := range links {
		nt := &task{url: l.url, kind: l.kind, site: t.site, sel: t.sel, title: l.title, year: l.year, referrer: t.logURL(), depth: l.depth, api: l.api, row: t.row}
		if l.kind == Attachment {
			nt.referrerTitle = t.title
		}
		if !r.enqueue(nt) {
			dropped++
		}
	}
	if dropped > 0 {
		r.c.lg.Warn("site page limit reached", "site", t.site.Name, "url", t.url, "dropped", dropped, "limit", o.MaxPages)
		r.skip(t, fmt.Errorf("%d links dropped: %w", dropped, r.pageLimitReason()))
	}
}

// pageLimitReason says why a URL over MaxPages is not fetched.
func (r *run) pageLimitReason() error {
	return fmt.Errorf("the site reached the limit of %d pages in one run", r.c.opts.MaxPages)
}

// capLinks keeps the first max documents (reports, attachments) among a
// page's links, and all its pagination, which MaxListingPages caps. It
// returns the links kept and how many were dropped.
func capLinks(links []link, limit int) ([]link, int) {
	docs := 0
	for _, l := range links {
		if !l.kind.isListing() {
			docs++
		}
	}
	if docs <= limit {
		return links, 0
	}
	kept := make([]link, 0, limit)
	n := 0
	for _, l := range links {
		if !l.kind.isListing() {
			if n++; n > limit {
				continue
			}
		}
		kept = append(kept, l)
	}
	return kept, docs - limit
}

// firstRefusal reports whether a URL refused for its credentials (u,
// without them) is met for the first time in this run, so that a link
// repeated on every listing page is logged once.
func (r *run) firstRefusal(u *url.URL) bool {
	key := "userinfo " + seenKey(u)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen[key] {
		return false
	}
	r.seen[key] = true
	r.stats.Skipped++
	return true
}
