package crawler

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"time"
)

// process fetches one task, unless robots.txt, an anti-bot wall or a
// refused address rule it out (logged here). It returns nil when there
// is nothing to record.
func (r *run) process(h *host, t *task) *result {
	ua := r.c.opts.UserAgent
	if h.robots == nil {
		h.robots = r.loadRobots(h, t)
		if h.robots == nil { // cancelled
			return nil
		}
		if h.robots.note != "" {
			r.c.lg.Warn("robots.txt", "host", h.key, "note", h.robots.note)
		}
	}
	if h.refused != nil {
		r.count(func(s *RunStats) { s.Errors++ })
		r.c.lg.Warn("fetch", "site", t.site.Name, "kind", t.kind, "url", t.url, "err", h.refused)
		r.logFetch(&FetchLog{Site: t.site.Name, URL: t.url, Time: time.Now(), Attempt: 0, Result: ResultError, Err: h.refused})
		return nil
	}
	if h.skipped != nil {
		r.count(func(s *RunStats) { s.Skipped++ })
		r.skip(t, h.skipped)
		return nil
	}
	if h.blocked {
		r.count(func(s *RunStats) { s.Skipped++ })
		r.skip(t, fmt.Errorf("host answered with an %w earlier in this run", ErrBlocked))
		return nil
	}
	if !h.robots.allows(t.u, ua) {
		r.count(func(s *RunStats) { s.Skipped++ })
		r.skip(t, ErrDisallowed)
		return nil
	}
	prev, err := r.c.sink.Previous(r.ctx, t.logURL())
	if err != nil {
		if r.ctx.Err() == nil {
			r.fail(fmt.Errorf("previous %s: %w", t.url, err))
		}
		return nil
	}
	rq := request{url: t.url, site: t.site, kind: t.kind, logURL: t.logURL()}
	if t.api != nil {
		rq.method, rq.form = t.api.method, t.api.form
	}
	if prev != nil && !prev.Gone && !t.kind.isListing() && prev.Kind != Listing {
		// Listings (and report links found to be listings before) are
		// always fetched whole: their links are needed.
		rq.etag, rq.lastModified = prev.ETag, prev.LastModified
	}
	a := r.fetch(h, t.site, rq)
	if r.ctx.Err() != nil && a.resp == nil {
		return nil // interrupted: nothing fetched
	}
	if a.err == nil && classify(a.resp.status, a.resp.header, time.Now()).outcome == outcomeBlocked {
		h.blocked = true
	}
	return &result{t: t, prev: prev, a: a}
}

// wait sleeps until h may be sent the next request.
func (r *run) wait(h *host) error {
	d := time.Until(h.next)
	if d <= 0 {
		return r.ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-r.ctx.Done():
		return r.ctx.Err()
	}
}

// delay is the pause after a request to h.
func (r *run) delay(h *host) time.Duration {
	d := r.c.opts.Delay
	if h.robots != nil && h.robots.delay > d {
		d = h.robots.delay
	}
	if j := r.c.opts.Jitter; j > 0 {
		d += time.Duration(rand.Int64N(int64(j)))
	}
	return d
}

// loadRobots fetches h's robots.txt. It returns nil when the run was
// cancelled.
func (r *run) loadRobots(h *host, t *task) *robots {
	u := t.u.Scheme + "://" + h.key + "/robots.txt"
	a := r.fetch(h, t.site, request{url: u, site: t.site})
	if r.ctx.Err() != nil {
		return nil
	}
	fl := &FetchLog{Site: t.site.Name, URL: u, Time: a.start, Status: a.status(), Bytes: a.size(), Duration: a.dur, Attempt: a.n, Result: ResultOK}
	var rb *robots
	switch {
	case a.err != nil:
		// Unreachable: RFC 9309 says crawl nothing. Each URL of the host
		// is an error, so that a dead or refused host shows as one.
		fl.Result, fl.Err = ResultError, a.err
		h.refused = fmt.Errorf("robots.txt: %w", a.err)
		rb = unreachableRobots(a.err.Error())
	case a.resp.status == http.StatusTooManyRequests || a.resp.status >= 500:
		fl.Result, fl.Err = ResultError, &StatusError{Status: a.resp.status}
		h.refused = fmt.Errorf("robots.txt answered %w: nothing may be crawled", fl.Err)
		rb = unreachableRobots(httpStatus(a.resp.status))
	default:
		rb = parseRobots(a.resp.status, a.resp.body, r.c.opts.UserAgent)
	}
	r.logFetch(fl)
	if max := r.c.opts.MaxCrawlDelay; rb.delay > max {
		h.skipped = fmt.Errorf("robots.txt asks for a Crawl-delay of %s, over the limit of %s: host skipped for this run", rb.delay, max)
		r.c.lg.Warn("crawl-delay over the limit, host skipped", "host", h.key, "delay", rb.delay, "limit", max)
		return rb
	}
	if rb.delay > 0 {
		r.c.lg.Info("crawl-delay", "host", h.key, "delay", rb.delay)
		pause := r.delay(&host{robots: rb})
		if next := time.Now().Add(pause); next.After(h.next) {
			h.next = next
		}
		r.slowHost(h, pause, rb.delay)
	}
	return rb
}
