package crawler

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// attempt is the last try of a fetch.
type attempt struct {
	n     int
	start time.Time
	dur   time.Duration
	resp  *response
	err   error
}

// fetch requests rq, trying again after timeouts, connection errors, 429
// and 5xx. Each retried attempt is logged here; the last is returned.
func (r *run) fetch(h *host, site *Site, rq request) attempt {
	o := &r.c.opts
	for n := 1; ; n++ {
		if err := r.wait(h); err != nil {
			return attempt{n: n, err: err}
		}
		select {
		case r.sem <- struct{}{}:
		case <-r.ctx.Done():
			return attempt{n: n, err: r.ctx.Err()}
		}
		if err := r.takeHost(h); err != nil {
			<-r.sem
			return attempt{n: n, err: err}
		}
		start := time.Now()
		resp, err := r.c.do(r.ctx, rq)
		dur := time.Since(start)
		<-r.sem
		h.next = time.Now().Add(r.delay(h))
		r.freeHost(h, time.Until(h.next))
		a := attempt{n: n, start: start, dur: dur, resp: resp, err: err}
		status, size := a.status(), a.size()
		r.count(func(s *RunStats) { s.Requests++; s.Bytes += size })
		if n > o.Retries || r.ctx.Err() != nil {
			return a
		}
		var v verdict
		if resp != nil {
			v = classify(resp.status, resp.header, time.Now())
		}
		if err != nil && !retryableError(err) || err == nil && v.outcome != outcomeRetry {
			return a
		}
		wait := o.RetryBase << (n - 1)
		wait += time.Duration(rand.Int64N(int64(wait)/4 + 1))
		if v.hasRetryAfter {
			if v.retryAfter > o.MaxRetryWait {
				if a.err == nil {
					a.err = fmt.Errorf("retry-after %s is over the limit %s", v.retryAfter, o.MaxRetryWait)
				}
				return a
			}
			wait = v.retryAfter
		}
		var reason error = &StatusError{Status: status}
		if err != nil {
			reason = err
		}
		r.c.lg.Debug("retry", "url", rq.url, "attempt", n, "reason", reason, "wait", wait)
		logURL := rq.url
		if rq.logURL != "" {
			logURL = rq.logURL
		}
		r.logFetch(&FetchLog{Site: siteName(site), Kind: rq.kind, URL: logURL, Time: start, Status: status, Bytes: size, Duration: dur, Attempt: n, Result: ResultRetry, Err: reason})
		if next := time.Now().Add(wait); next.After(h.next) {
			h.next = next
		}
		r.slowHost(h, wait, 0)
	}
}

func (a attempt) status() int {
	if a.resp == nil {
		return 0
	}
	return a.resp.status
}

func (a attempt) size() int64 {
	if a.resp == nil {
		return 0
	}
	return int64(len(a.resp.body))
}

func siteName(s *Site) string {
	if s == nil {
		return ""
	}
	return s.Name
}
