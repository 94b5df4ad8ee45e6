package crawler

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"nianbao/internal/charset"
)

// Options configure a Crawler. Start from DefaultOptions.
type Options struct {
	// UserAgent is sent with every request and matched against
	// robots.txt groups; see UserAgent.
	UserAgent string
	// Parallel is how many hosts are fetched from at once; each host
	// gets one request at a time.
	Parallel int
	// Delay is the pause between two requests to one host, plus a random
	// part up to Jitter. A robots.txt Crawl-delay that is longer wins.
	Delay, Jitter time.Duration
	// MaxBody is the largest body read; a larger one is an error.
	MaxBody int64
	// Timeout bounds one request, body included.
	Timeout time.Duration
	// Retries is how many times a request that timed out, lost its
	// connection or got 429 or 5xx is tried again, after RetryBase,
	// 2×RetryBase, … or the server's Retry-After. A Retry-After longer
	// than MaxRetryWait ends the retries.
	Retries      int
	RetryBase    time.Duration
	MaxRetryWait time.Duration
	// MaxListingPages caps the listing pages followed per site.
	MaxListingPages int
	// MaxLinks caps the documents followed from one page: report links
	// on a listing page, attachments on a report page (pagination is
	// capped by MaxListingPages). The rest are dropped, with a log line
	// and a skipped line in the fetch log naming the page.
	MaxLinks int
	// MaxPages caps the URLs fetched per site in one run: listing pages,
	// reports, attachments and the documents of earlier runs.
	MaxPages int
	// MaxCrawlDelay is the longest robots.txt Crawl-delay honoured: a
	// host asking for more is skipped for the run, every URL on it
	// logged as skipped with the reason.
	MaxCrawlDelay time.Duration
	// AllowPrivate lets the crawler connect to private, loopback,
	// link-local and other special-purpose addresses (tests and the
	// demo).
	AllowPrivate bool
	// Progress, when set, is called after each document, never
	// concurrently.
	Progress func(Progress)
}

// DefaultOptions returns polite defaults: 4 hosts at once, 2 s between
// requests to a host plus up to 1 s of jitter, 50 MB bodies, 30 s
// timeouts, 3 retries. The input limits fit real columns with room to
// spare: a listing page links 10–50 reports and a column holds a few
// hundred, so 500 links per page and 2,000 URLs per site per run cut
// only what no portal serves; a Crawl-delay over 60 s would make a
// column of a few hundred pages take hours.
func DefaultOptions() Options {
	return Options{
		Parallel:        4,
		Delay:           2 * time.Second,
		Jitter:          time.Second,
		MaxBody:         50 << 20,
		Timeout:         30 * time.Second,
		Retries:         3,
		RetryBase:       2 * time.Second,
		MaxRetryWait:    5 * time.Minute,
		MaxListingPages: 200,
		MaxLinks:        500,
		MaxPages:        2000,
		MaxCrawlDelay:   time.Minute,
	}
}

// A Crawler fetches sites' annual-report columns into a Sink.
type Crawler struct {
	lg     *slog.Logger
	sink   Sink
	opts   Options
	client *http.Client
	disc   *discoverer
}

// New returns a crawler that logs to lg and saves into sink.
func New(lg *slog.Logger, sink Sink, opts Options) (*Crawler, error) {
	switch {
	case sink == nil:
		return nil, errors.New("new crawler: no sink")
	case opts.UserAgent == "":
		return nil, errors.New("new crawler: no user agent")
	case opts.Parallel < 1:
		return nil, fmt.Errorf("new crawler: parallel %d, want at least 1", opts.Parallel)
	case opts.MaxBody < 1:
		return nil, fmt.Errorf("new crawler: max body %d, want at least 1", opts.MaxBody)
	case opts.Timeout <= 0:
		return nil, fmt.Errorf("new crawler: timeout %s, want more than 0", opts.Timeout)
	case opts.Delay < 0 || opts.Jitter < 0 || opts.Retries < 0 || opts.RetryBase < 0:
		return nil, errors.New("new crawler: negative delay, jitter or retries")
	case opts.MaxListingPages < 1:
		return nil, fmt.Errorf("new crawler: max listing pages %d, want at least 1", opts.MaxListingPages)
	case opts.MaxLinks < 1:
		return nil, fmt.Errorf("new crawler: max links %d, want at least 1", opts.MaxLinks)
	case opts.MaxPages < 1:
		return nil, fmt.Errorf("new crawler: max pages %d, want at least 1", opts.MaxPages)
	case opts.MaxCrawlDelay < 0:
		return nil, fmt.Errorf("new crawler: max crawl-delay %s, want 0 or more", opts.MaxCrawlDelay)
	}
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	return &Crawler{lg: lg, sink: sink, opts: opts, client: newClient(&opts), disc: newDiscoverer()}, nil
}

// A run is the state of one Run.
type run struct {
	c      *Crawler
	ctx    context.Context
	cancel context.CancelCauseFunc
	saveCx context.Context // for the sink: not cancelled, so a fetched page is kept
	sem    chan struct{}   // Parallel request slots

	mu       sync.Mutex
	seen     map[string]bool
	hosts    map[string]*host
	listings map[string]int // listing pages queued per site
	pages    map[string]int // URLs queued per site
	pending  int            // tasks queued or being processed
	idle     chan struct{}  // closed when pending drops to 0
	stats    RunStats
	wg       sync.WaitGroup

	progressMu sync.Mutex
}

// A host is one host[:port]: its queues and politeness state. Only its
// worker goroutine touches robots, refused, next and blocked.
type host struct {
	key string
	// docs (reports, attachments) are fetched before listings, so that
	// the queue holds one listing page's reports at a time rather than a
	// whole column's: memory stays flat, and an interrupted run has whole
	// pages done.
	docs, listings []*task
	running        bool

	robots  *robots
	refused error     // why the host cannot be fetched from at all (a private address)
	skipped string    // why the host is skipped for this run (a Crawl-delay over the limit)
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
}

// Run crawls sites: their listing pages and pagination, the reports
// they link to, the reports' attachments, and the documents of each site
// saved by earlier runs. Each document goes to the sink as soon as it is
// fetched. Run returns when everything queued is done, or when ctx is
// cancelled (with ctx's error) or the sink fails (with its error); the
// stats count what was done either way.
func (c *Crawler) Run(ctx context.Context, sites []Site) (RunStats, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	r := &run{
		c:        c,
		ctx:      ctx,
		cancel:   cancel,
		saveCx:   context.WithoutCancel(ctx),
		sem:      make(chan struct{}, c.opts.Parallel),
		seen:     make(map[string]bool),
		hosts:    make(map[string]*host),
		listings: make(map[string]int),
		pages:    make(map[string]int),
		pending:  1, // the seeding below
		idle:     make(chan struct{}),
	}
	r.stats.Start = time.Now()
	// Check every site before the first request.
	sites = append([]Site(nil), sites...)
	sels := make([]*selectors, len(sites))
	known := make([][]Previous, len(sites))
	for i := range sites {
		s := &sites[i]
		if err := s.Check(); err != nil {
			return r.stats, fmt.Errorf("run: %w", err)
		}
		var err error
		if sels[i], err = compileSelectors(s.Selectors); err != nil {
			return r.stats, fmt.Errorf("run: site %s: %w", s.Name, err)
		}
		if known[i], err = c.sink.Known(ctx, s.Name); err != nil {
			return r.stats, fmt.Errorf("run: known documents of %s: %w", s.Name, err)
		}
	}
	for i := range sites {
		s, sel := &sites[i], sels[i]
		var seeds []*task
		for _, u := range s.Listings {
			seeds = append(seeds, &task{url: u, kind: Listing, site: s, sel: sel})
		}
		for _, u := range s.Reports {
			seeds = append(seeds, &task{url: u, kind: Report, site: s, sel: sel})
		}
		for _, p := range known[i] {
			kind := p.Kind
			if kind == "" {
				kind = Report
			}
			seeds = append(seeds, &task{url: p.URL, kind: kind, site: s, sel: sel, title: p.Title, year: titleYear(p.Title)})
		}
		for _, t := range seeds {
			if !r.enqueue(t) {
				// Seeds are few (the sites file, the archive): each
				// one over the limit has its own line.
				r.skip(t, r.pageLimitReason())
			}
		}
	}
	r.done()
	select {
	case <-r.idle:
	case <-ctx.Done():
	}
	r.wg.Wait()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stats.End = time.Now()
	if ctx.Err() != nil {
		return r.stats, context.Cause(ctx)
	}
	return r.stats, nil
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
	u.Fragment, u.RawFragment = "", ""
	if u.User != nil {
		u.User = nil
		t.u, t.url = u, u.String()
		if r.firstRefusal(t.u) {
			r.skip(t, ErrCredentials.Error()+" (credentials removed from this log)")
		}
		return true
	}
	t.u, t.url = u, u.String()
	reason, queued := r.add(t)
	if reason != "" {
		r.skip(t, reason)
	}
	return queued
}

// add queues t and starts its host's worker when needed. It returns why
// t is skipped, or "", and false when t was dropped by the site's page
// limit.
func (r *run) add(t *task) (string, bool) {
	key := seenKey(t.u)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen[key] {
		return "", true
	}
	r.seen[key] = true
	if !t.site.Allows(t.u.Host) {
		r.stats.Skipped++
		return "host not allowed: " + t.u.Host, true
	}
	if t.kind == Listing {
		r.listings[t.site.Name]++
		if n := r.listings[t.site.Name]; n > r.c.opts.MaxListingPages {
			if n == r.c.opts.MaxListingPages+1 {
				r.c.lg.Warn("listing page limit reached", "site", t.site.Name, "limit", r.c.opts.MaxListingPages)
			}
			return "", true
		}
	}
	if r.pages[t.site.Name] >= r.c.opts.MaxPages {
		r.stats.Skipped++
		return "", false
	}
	r.pages[t.site.Name]++
	switch t.kind {
	case Report:
		r.stats.Reports++
	case Attachment:
		r.stats.Attachments++
	}
	hk := strings.ToLower(t.u.Host) // http and https of one host are one host
	h := r.hosts[hk]
	if h == nil {
		h = &host{key: hk}
		r.hosts[hk] = h
	}
	if t.kind == Listing {
		h.listings = append(h.listings, t)
	} else {
		h.docs = append(h.docs, t)
	}
	r.pending++
	if !h.running && r.ctx.Err() == nil {
		h.running = true
		r.wg.Add(1)
		go r.work(h)
	}
	return "", true
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
			r.done()
		}
	}
}

// done marks a task finished and reports progress.
func (r *run) done() {
	r.mu.Lock()
	r.pending--
	if r.pending == 0 {
		close(r.idle)
	}
	p := Progress{RunStats: r.stats, Queued: r.pending}
	r.mu.Unlock()
	if f := r.c.opts.Progress; f != nil {
		r.progressMu.Lock()
		defer r.progressMu.Unlock()
		f(p)
	}
}

// fail stops the run because the sink failed.
func (r *run) fail(err error) {
	r.cancel(err)
}

// skip logs a URL that is not requested.
func (r *run) skip(t *task, reason string) {
	r.c.lg.Info("skip", "site", t.site.Name, "url", t.url, "reason", reason)
	err := r.c.sink.LogFetch(r.saveCx, &FetchLog{Site: t.site.Name, URL: t.url, Time: time.Now(), Result: ResultSkipped, Err: reason})
	if err != nil {
		r.fail(fmt.Errorf("log fetch: %w", err))
	}
}

// A result is a fetched task, to be recorded.
type result struct {
	t    *task
	prev *Previous
	a    attempt
}

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
		r.logFetch(&FetchLog{Site: t.site.Name, URL: t.url, Time: time.Now(), Attempt: 0, Result: ResultError, Err: h.refused.Error()})
		return nil
	}
	if h.skipped != "" {
		r.count(func(s *RunStats) { s.Skipped++ })
		r.skip(t, h.skipped)
		return nil
	}
	if h.blocked {
		r.count(func(s *RunStats) { s.Skipped++ })
		r.skip(t, "host answered with an anti-bot wall earlier in this run")
		return nil
	}
	if !h.robots.allows(t.u, ua) {
		r.count(func(s *RunStats) { s.Skipped++ })
		r.skip(t, "disallowed by robots.txt")
		return nil
	}
	prev, err := r.c.sink.Previous(r.ctx, t.url)
	if err != nil {
		if r.ctx.Err() == nil {
			r.fail(fmt.Errorf("previous %s: %w", t.url, err))
		}
		return nil
	}
	rq := request{url: t.url, site: t.site}
	if prev != nil && !prev.Gone && t.kind != Listing {
		// Listings are always fetched whole: their links are needed.
		rq.etag, rq.lastModified = prev.ETag, prev.LastModified
	}
	a := r.fetch(h, t.site, rq)
	if r.ctx.Err() != nil && a.resp == nil {
		return nil // interrupted: nothing fetched
	}
	if a.err == nil && blockedStatus(a.resp.status) {
		h.blocked = true
	}
	return &result{t: t, prev: prev, a: a}
}

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
		start := time.Now()
		resp, err := r.c.do(r.ctx, rq)
		dur := time.Since(start)
		<-r.sem
		h.next = time.Now().Add(r.delay(h))
		a := attempt{n: n, start: start, dur: dur, resp: resp, err: err}
		status, size := a.status(), a.size()
		r.count(func(s *RunStats) { s.Requests++; s.Bytes += size })
		if n > o.Retries || !retryable(r.ctx, status, err) {
			return a
		}
		wait := o.RetryBase << (n - 1)
		wait += time.Duration(rand.Int64N(int64(wait)/4 + 1))
		if resp != nil {
			if d, ok := retryAfter(resp.header, time.Now()); ok {
				if d > o.MaxRetryWait {
					if a.err == nil {
						a.err = fmt.Errorf("retry-after %s is over the limit %s", d, o.MaxRetryWait)
					}
					return a
				}
				wait = d
			}
		}
		reason := httpStatus(status)
		if err != nil {
			reason = err.Error()
		}
		r.c.lg.Debug("retry", "url", rq.url, "attempt", n, "reason", reason, "wait", wait)
		r.logFetch(&FetchLog{Site: siteName(site), URL: rq.url, Time: start, Status: status, Bytes: size, Duration: dur, Attempt: n, Result: ResultRetry, Err: reason})
		if next := time.Now().Add(wait); next.After(h.next) {
			h.next = next
		}
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
		fl.Result, fl.Err = ResultError, a.err.Error()
		h.refused = fmt.Errorf("robots.txt: %w", a.err)
		rb = unreachableRobots(a.err.Error())
	case a.resp.status == http.StatusTooManyRequests || a.resp.status >= 500:
		fl.Result, fl.Err = ResultError, httpStatus(a.resp.status)
		h.refused = fmt.Errorf("robots.txt answered %s: nothing may be crawled", httpStatus(a.resp.status))
		rb = unreachableRobots(httpStatus(a.resp.status))
	default:
		rb = parseRobots(a.resp.status, a.resp.body, r.c.opts.UserAgent)
	}
	r.logFetch(fl)
	if max := r.c.opts.MaxCrawlDelay; rb.delay > max {
		h.skipped = fmt.Sprintf("robots.txt asks for a Crawl-delay of %s, over the limit of %s: host skipped for this run", rb.delay, max)
		r.c.lg.Warn("crawl-delay over the limit, host skipped", "host", h.key, "delay", rb.delay, "limit", max)
		return rb
	}
	if rb.delay > 0 {
		r.c.lg.Info("crawl-delay", "host", h.key, "delay", rb.delay)
		if next := time.Now().Add(r.delay(&host{robots: rb})); next.After(h.next) {
			h.next = next
		}
	}
	return rb
}

// record classifies the outcome of fetching t, logs it, saves the
// document and queues the links found in it.
func (r *run) record(f *result) {
	t, prev, a := f.t, f.prev, f.a
	fl := &FetchLog{Site: t.site.Name, URL: t.url, Time: a.start, Status: a.status(), Bytes: a.size(), Duration: a.dur, Attempt: a.n}
	var doc *Document
	var links []link
	var stat func(*RunStats)
	resp := a.resp
	now := time.Now()
	newDoc := func(c Change) *Document {
		d := &Document{
			Site: t.site.Name, Agency: t.site.Agency, Region: t.site.Region, Kind: t.kind, URL: t.url, FinalURL: resp.finalURL,
			Referrer: t.referrer, Title: t.title, Year: t.year, Change: c, Status: resp.status, Fetched: now,
			ContentType: resp.header.Get("Content-Type"), ETag: resp.header.Get("ETag"), LastModified: resp.header.Get("Last-Modified"),
		}
		return d
	}
	switch {
	case a.err != nil:
		fl.Result, fl.Err = ResultError, a.err.Error()
		stat = func(s *RunStats) { s.Errors++ }
	case resp.status == http.StatusNotModified:
		if prev == nil {
			fl.Result, fl.Err = ResultError, "304 Not Modified for a URL never saved"
			stat = func(s *RunStats) { s.Errors++ }
			break
		}
		fl.Result = ResultNotModified
		doc = newDoc(Unchanged)
		doc.SHA256 = prev.SHA256
		if doc.ETag == "" {
			doc.ETag = prev.ETag
		}
		if doc.LastModified == "" {
			doc.LastModified = prev.LastModified
		}
		stat = func(s *RunStats) { s.Unchanged++ }
	case resp.status >= 200 && resp.status < 300:
		fl.Result = ResultOK
		sum := sha256.Sum256(resp.body)
		sha := hex.EncodeToString(sum[:])
		change := NewDoc
		switch {
		case prev == nil:
		case prev.Gone:
			change = Changed
		case prev.SHA256 == sha:
			change = Unchanged
		default:
			change = Changed
		}
		doc = newDoc(change)
		doc.SHA256 = sha
		if change != Unchanged {
			doc.Body = resp.body
		}
		switch change {
		case NewDoc:
			stat = func(s *RunStats) { s.New++ }
		case Changed:
			stat = func(s *RunStats) { s.Changed++ }
		default:
			stat = func(s *RunStats) { s.Unchanged++ }
		}
		links, doc.Charset = r.discover(t, resp)
	case resp.status == http.StatusNotFound || resp.status == http.StatusGone:
		switch {
		case prev != nil && !prev.Gone:
			fl.Result = ResultOK
			doc = newDoc(Gone)
			doc.SHA256 = prev.SHA256
			stat = func(s *RunStats) { s.Gone++ }
		case prev != nil:
			fl.Result = ResultOK // still gone
		default:
			fl.Result, fl.Err = ResultError, httpStatus(resp.status)
			stat = func(s *RunStats) { s.Errors++ }
		}
	case blockedStatus(resp.status):
		fl.Result, fl.Err = ResultBlocked, "anti-bot wall: "+httpStatus(resp.status)
		stat = func(s *RunStats) { s.Blocked++ }
	default:
		fl.Result, fl.Err = ResultError, httpStatus(resp.status)
		stat = func(s *RunStats) { s.Errors++ }
	}
	r.count(func(s *RunStats) {
		if resp != nil {
			s.Pages++
		}
		if stat != nil {
			stat(s)
		}
	})
	level := slog.LevelInfo
	if fl.Result == ResultError || fl.Result == ResultBlocked {
		level = slog.LevelWarn
	}
	if r.c.lg.Enabled(r.ctx, level) {
		args := []any{"site", t.site.Name, "kind", t.kind, "url", t.url, "status", fl.Status, "bytes", fl.Bytes, "dur", fl.Duration.Round(time.Millisecond)}
		switch {
		case level == slog.LevelWarn:
			args = append(args, "result", fl.Result, "err", fl.Err)
		case doc != nil:
			args = append(args, "change", doc.Change)
		default:
			args = append(args, "result", fl.Result)
		}
		r.c.lg.Log(r.ctx, level, "fetch", args...)
	}
	r.logFetch(fl)
	if doc != nil {
		if err := r.c.sink.Save(r.saveCx, doc); err != nil {
			r.fail(fmt.Errorf("save %s: %w", t.url, err))
			return
		}
	}
	r.follow(t, links)
}

// discover returns the links to follow from a fetched page and the
// charset it was decoded from: report links and pagination from a
// listing, attachments from a report page.
func (r *run) discover(t *task, resp *response) ([]link, string) {
	switch t.kind {
	case Listing:
	case Report:
		if !mayHaveAttachments(resp.body) {
			return nil, ""
		}
	default:
		return nil, ""
	}
	ct := resp.header.Get("Content-Type")
	if !isHTML(ct, resp.body) {
		return nil, ""
	}
	page, cs, err := charset.Decode(resp.body, ct)
	if err != nil {
		r.c.lg.Warn("decode", "url", t.url, "err", err)
		return nil, ""
	}
	base := resp.finalURL
	if base == "" {
		base = t.url
	}
	links, err := r.c.disc.extract(base, page, t.kind, t.site, t.sel, t.year)
	if err != nil {
		r.c.lg.Warn("extract links", "url", t.url, "err", err)
		return nil, cs
	}
	return links, cs
}

// isHTML reports whether a body is an HTML page, by its Content-Type or,
// without a useful one, by sniffing.
func isHTML(contentType string, body []byte) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err == nil {
		switch mt {
		case "text/html", "application/xhtml+xml":
			return true
		case "", "application/octet-stream", "text/plain":
		default:
			return false
		}
	}
	return strings.HasPrefix(http.DetectContentType(body), "text/html")
}

func (r *run) count(f func(*RunStats)) {
	r.mu.Lock()
	f(&r.stats)
	r.mu.Unlock()
}

func (r *run) logFetch(f *FetchLog) {
	if err := r.c.sink.LogFetch(r.saveCx, f); err != nil {
		r.fail(fmt.Errorf("log fetch: %w", err))
	}
}

func siteName(s *Site) string {
	if s == nil {
		return ""
	}
	return s.Name
}

func httpStatus(code int) string {
	if t := http.StatusText(code); t != "" {
		return strconv.Itoa(code) + " " + t
	}
	return strconv.Itoa(code)
}
