package crawler

import (
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"
)

// A host is one host[:port]: its queues and politeness state. Only its
// worker goroutine touches robots, refused, next and blocked.
type host struct {
	key string
	// docs (reports, attachments) are fetched before listings, so that
	// the queue holds one listing page's reports at a time rather than a
	// whole column's: memory stays flat, and an interrupted run has whole
	// pages done.
	docs, listings []*task
	// later holds corrections, fetched when the host has no report or
	// listing left, so that the reports they correct are known.
	later   []*task
	running bool

	robots  *robots
	refused error     // why the host cannot be fetched from at all (a private address)
	skipped error     // why the host is skipped for this run (a Crawl-delay over the limit)
	next    time.Time // earliest start of the next request
	blocked bool
}

// A task is a URL to fetch.
type task struct {
	url      string
	u        *url.URL
	kind     Kind
	site     *Site
	sel      *selectors
	title    string
	year     int
	referrer string
	depth    int      // levels of sub-columns below a listing of the sites file
	corrects string   // for a correction: the report it corrects, once fetched
	fragment string   // the URL's fragment, which names a gkmlpt column (#2629)
	api      *apiCall // the request to a list interface, for ListingAPI

	// referrerTitle is, for an attachment, the title of the report page
	// linking to it.
	referrerTitle string

	row     *frontierRow // the frontier entry it is (part of), with Options.Frontier
	apiSeed bool         // the first page of a site's [site.api]
}

// enqueue queues t unless its URL was queued before in this run. A URL
// with credentials, or on a host the site does not allow, is logged as
// skipped (without its credentials). It returns false when t was
// dropped because its site reached MaxPages: the caller reports it.
func (r *run) enqueue(t *task) bool {
	u, err := url.Parse(t.url)
	if err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		r.c.lg.Debug("bad url", "site", t.site.Name, "url", redactURL(t.url))
		return true
	}
	t.fragment = u.Fragment
	u.Fragment, u.RawFragment = "", ""
	if u.User != nil {
		u.User = nil
		t.u, t.url = u, u.String()
		if r.firstRefusal(t.u) {
			r.skip(t, fmt.Errorf("%w (credentials removed from this log)", ErrCredentials))
		}
		return true
	}
	t.u, t.url = u, u.String()
	queued, reason := r.add(t)
	if reason != nil {
		r.skip(t, reason)
	}
	return queued
}

// add queues t and starts its host's worker when needed. It returns
// false when t was dropped by the site's page limit, and why t is
// skipped, or nil.
func (r *run) add(t *task) (bool, error) {
	key := seenKey(t.u)
	if t.api != nil && t.api.form != nil {
		key += " " + t.api.form.Encode() // a POST is its URL and its body
	}
	if t.fragment != "" && strings.Contains(t.u.Path, "/gkmlpt/") {
		key += "#" + t.fragment // gkmlpt/index#2629 and #2630 are two columns
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen[key] {
		return true, nil
	}
	r.seen[key] = true
	if !t.site.Allows(t.u.Host) {
		r.stats.Skipped++
		return true, fmt.Errorf("%w: %s", ErrHostNotAllowed, t.u.Host)
	}
	if r.fr == nil { // a shared frontier counts the crawl's (flush)
		if t.kind.isListing() {
			r.listings[t.site.Name]++
			if n := r.listings[t.site.Name]; n > r.c.opts.MaxListingPages {
				if n == r.c.opts.MaxListingPages+1 {
					r.c.lg.Warn("listing page limit reached", "site", t.site.Name, "limit", r.c.opts.MaxListingPages)
				}
				return true, nil
			}
		}
		if r.pages[t.site.Name] >= r.c.opts.MaxPages {
			r.stats.Skipped++
			return false, nil
		}
		r.pages[t.site.Name]++
	}
	switch t.kind {
	case Report:
		r.stats.Reports++
		r.siteStats(t.site.Name).Reports++
	case Attachment:
		r.stats.Attachments++
	}
	if r.fr != nil {
		r.share(t, key)
		return true, nil
	}
	r.queue(t)
	return true, nil
}

// queue puts t on its host's queue and starts the host's worker when
// needed. r.mu must be held.
func (r *run) queue(t *task) {
	hk := strings.ToLower(t.u.Host) // http and https of one host are one host
	h := r.hosts[hk]
	if h == nil {
		h = &host{key: hk}
		r.hosts[hk] = h
	}
	switch {
	case t.kind.isListing():
		h.listings = append(h.listings, t)
	case t.kind == Correction:
		h.later = append(h.later, t)
	default:
		h.docs = append(h.docs, t)
	}
	r.pending++
	if !h.running && r.ctx.Err() == nil {
		h.running = true
		r.wg.Add(1)
		go r.work(h)
	}
}

// seenKey is u as compared to tell URLs already queued: a directory and
// its index page (…/, …/index.htm) are one page.
func seenKey(u *url.URL) string {
	k := *u
	k.Host = strings.ToLower(k.Host)
	for _, name := range []string{"index.htm", "index.html", "index.shtml", "default.htm", "default.html"} {
		if strings.HasSuffix(k.Path, "/"+name) {
			k.Path = strings.TrimSuffix(k.Path, name)
			k.RawPath = ""
			break
		}
	}
	return k.String()
}

// work fetches h's queue, one request at a time. What was fetched is
// handed to a second goroutine that records it (hash, sink, links), so
// that the next request to h does not wait for that: the host still has
// one request at a time, and at most one fetched page waits.
func (r *run) work(h *host) {
	defer r.wg.Done()
	fetched := make(chan *result, 1)
	var recorder sync.WaitGroup
	recorder.Go(func() {
		for f := range fetched {
			r.record(f)
			r.finish(f.t, true)
			r.done()
		}
	})
	defer recorder.Wait()
	defer close(fetched)
	for {
		r.mu.Lock()
		q := &h.docs
		if len(*q) == 0 {
			q = &h.listings
		}
		if len(*q) == 0 {
			q = &h.later
		}
		if len(*q) == 0 || r.ctx.Err() != nil {
			h.running = false
			r.mu.Unlock()
			return
		}
		t := (*q)[0]
		(*q)[0] = nil
		*q = (*q)[1:]
		r.mu.Unlock()
		if f := r.process(h, t); f != nil {
			fetched <- f
		} else {
			r.finish(t, r.ctx.Err() == nil)
			r.done()
		}
	}
}
