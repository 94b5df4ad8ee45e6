package crawler

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"
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
	// MaxDepth is how many levels of sub-columns (a column tree by year
	// or issuer) are read below a listing of the sites file; 0 reads
	// none. Deeper ones are logged as skipped.
	MaxDepth int
	// MaxLinks caps the documents followed from one page: report links
	// on a listing page, attachments on a report page (pagination is
	// capped by MaxListingPages). The rest are dropped, with a log line
	// and a skipped line in the fetch log naming the page.
	MaxLinks int
	// MaxPages caps the URLs fetched per site in one run: listing pages,
	// reports, attachments and the documents of earlier runs. With a
	// Frontier, it and MaxListingPages count the URLs of the whole
	// crawl, every crawler's.
	MaxPages int
	// MaxCrawlDelay is the longest robots.txt Crawl-delay honoured: a
	// host asking for more is skipped for the run, every URL on it
	// logged as skipped with the reason.
	MaxCrawlDelay time.Duration
	// AllowPrivate lets the crawler connect to private, loopback,
	// link-local and other special-purpose addresses (tests and the
	// demo).
	AllowPrivate bool
	// Transport, when set, sends the requests instead of the default
	// transport. The default refuses private and special-purpose
	// addresses when dialling (unless AllowPrivate), uses no proxy and
	// bounds the wait for response headers by Timeout; a Transport set
	// here does none of that: restricting addresses is then its owner's
	// job. Redirects stay on a site's allowed hosts either way, and
	// Timeout still bounds each request.
	Transport http.RoundTripper
	// Progress, when set, is called after each document, never
	// concurrently.
	Progress func(Progress)
	// Frontier, when set, is the queue and host politeness this crawler
	// shares with crawlers elsewhere (frontier.go); nil keeps both in
	// this process.
	Frontier Frontier
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
		MaxDepth:        3,
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
	case opts.MaxDepth < 0:
		return nil, fmt.Errorf("new crawler: max depth %d, want 0 or more", opts.MaxDepth)
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
	c := &Crawler{lg: lg, sink: sink, opts: opts, client: newClient(&opts), disc: newDiscoverer()}
	c.disc.lg = lg
	return c, nil
}
