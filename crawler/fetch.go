package crawler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Errors a fetch can end with that are never retried.
var (
	ErrTooLarge        = errors.New("body over the size limit")
	ErrPrivateAddress  = errors.New("private or special-purpose address refused")
	ErrHostNotAllowed  = errors.New("host not allowed")
	ErrRedirectLoop    = errors.New("redirect loop")
	ErrTooManyRedirect = errors.New("too many redirects")
	ErrScheme          = errors.New("not http or https")
)

// siteKey carries a request's *Site to the redirect check.
type siteKey struct{}

// newClient returns the HTTP client of a crawler: redirects stay on the
// site's allowed hosts, through o.Transport when set, else through
// newTransport.
func newClient(o *Options) *http.Client {
	t := o.Transport
	if t == nil {
		t = newTransport(o)
	}
	return &http.Client{Transport: t, CheckRedirect: checkRedirect}
}

// newTransport returns the default transport of a crawler: addresses
// are checked when dialling (so DNS cannot point an allowed name at a
// private address) unless o.AllowPrivate, no proxy from the
// environment, response headers within o.Timeout.
func newTransport(o *Options) *http.Transport {
	d := &net.Dialer{
		Timeout:   o.Timeout,
		KeepAlive: 30 * time.Second,
		Control: func(network, address string, _ syscall.RawConn) error {
			if o.AllowPrivate {
				return nil
			}
			return checkAddr(address)
		},
	}
	return &http.Transport{
		Proxy:                 nil,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: o.Timeout,
		ExpectContinueTimeout: time.Second,
	}
}

// checkRedirect keeps redirects on http(s) and the site's allowed hosts,
// refuses a Location with credentials, and stops at a loop or after 10.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if req.URL.User != nil {
		return fmt.Errorf("redirect to %s: %w", redactURL(req.URL.String()), ErrCredentials)
	}
	if len(via) >= 10 {
		return ErrTooManyRedirect
	}
	for _, v := range via {
		if v.URL.String() == req.URL.String() {
			return fmt.Errorf("%w: back to %s", ErrRedirectLoop, req.URL)
		}
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return fmt.Errorf("redirect to %s: %w", req.URL, ErrScheme)
	}
	if s, ok := req.Context().Value(siteKey{}).(*Site); ok && !s.Allows(req.URL.Host) {
		return fmt.Errorf("redirect to %s: %w", req.URL, ErrHostNotAllowed)
	}
	return nil
}

// response is the outcome of one HTTP request.
type response struct {
	status   int
	header   http.Header
	body     []byte
	finalURL string
}

// request is what one HTTP request needs.
type request struct {
	url          string
	site         *Site
	etag         string     // If-None-Match when set
	lastModified string     // If-Modified-Since when set
	method       string     // GET when empty
	form         url.Values // the body of a POST
	kind         Kind       // for the fetch log of a retried attempt
	logURL       string     // the URL the fetch log names, when not url
}

// do sends one GET (or the POST of a list interface) and reads the
// body, up to o.MaxBody: a larger body is ErrTooLarge, never a cut page.
func (c *Crawler) do(ctx context.Context, rq request) (*response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	if rq.site != nil {
		ctx = context.WithValue(ctx, siteKey{}, rq.site)
	}
	method, body := http.MethodGet, io.Reader(nil)
	if rq.method == http.MethodPost {
		method, body = http.MethodPost, strings.NewReader(rq.form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, rq.url, body)
	if err != nil {
		return nil, err
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
	}
	if req.URL.User != nil {
		// enqueue refuses these; the client would send them as Basic auth.
		return nil, fmt.Errorf("get %s: %w", redactURL(rq.url), ErrCredentials)
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
	req.Header.Set("Accept-Language", "zh-CN,zh;q=0.9")
	if rq.etag != "" {
		req.Header.Set("If-None-Match", rq.etag)
	}
	if rq.lastModified != "" {
		req.Header.Set("If-Modified-Since", rq.lastModified)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		// A refused redirect's error names the raw Location.
		if ue := (*url.Error)(nil); errors.As(err, &ue) {
			ue.URL = redactURL(ue.URL)
		}
		return nil, err
	}
	defer resp.Body.Close()
	r := &response{status: resp.StatusCode, header: resp.Header, finalURL: resp.Request.URL.String()}
	if resp.ContentLength > c.opts.MaxBody {
		return r, fmt.Errorf("%w: Content-Length %d, limit %d", ErrTooLarge, resp.ContentLength, c.opts.MaxBody)
	}
	if resp.ContentLength >= 0 {
		// The size is known (and net/http reads no further): read into a
		// slice of that size. A body cut short is an error.
		body := make([]byte, resp.ContentLength)
		if _, err := io.ReadFull(resp.Body, body); err != nil {
			return r, fmt.Errorf("read body: %w", err)
		}
		r.body = body
		return r, nil
	}
	// Read into a pooled buffer and keep an exact-size copy: the sink
	// keeps the body, and growing a fresh buffer page by page costs more
	// than the copy.
	buf := bodyPool.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxPooled {
			buf.Reset()
			bodyPool.Put(buf)
		}
	}()
	n, err := buf.ReadFrom(io.LimitReader(resp.Body, c.opts.MaxBody+1))
	if err != nil {
		return r, fmt.Errorf("read body: %w", err)
	}
	if n > c.opts.MaxBody {
		return r, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, c.opts.MaxBody)
	}
	r.body = bytes.Clone(buf.Bytes())
	if r.body == nil {
		r.body = []byte{}
	}
	return r, nil
}

// bodyPool holds read buffers; one over maxPooled is left to the GC.
var bodyPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxPooled = 4 << 20

// retryableError reports whether a request that failed with err is
// worth trying again: timeouts and connection errors are; policy errors
// (a body too large, a refused address or redirect, credentials), a name
// that does not resolve and an unsupported scheme are not. Responses are
// judged by classify.
func retryableError(err error) bool {
	for _, e := range []error{ErrTooLarge, ErrPrivateAddress, ErrHostNotAllowed, ErrRedirectLoop, ErrTooManyRedirect, ErrScheme, ErrCredentials} {
		if errors.Is(err, e) {
			return false
		}
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return false
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) && strings.Contains(urlErr.Err.Error(), "unsupported protocol scheme") {
		return false
	}
	return true
}
