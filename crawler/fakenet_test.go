package crawler

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
)

// fakeNet is an in-memory network for the crawler's tests: an
// http.RoundTripper that answers each request from the handler of its
// host, with no socket. Without network I/O, a test can run in a
// testing/synctest bubble, where the clock moves only when every
// goroutine of the bubble waits: delays, backoff, Retry-After and
// timeouts take no wall time, and the times a recorder notes are exact.
type fakeNet struct {
	mu    sync.Mutex
	hosts map[string]http.Handler
}

// testNet is the network of testOptions. Each serve gives a host of its
// own, so tests never meet.
var testNet = &fakeNet{hosts: make(map[string]http.Handler)}

var fakeHosts atomic.Int64

// errNoHost is the dial error of a host nothing serves.
var errNoHost = errors.New("connection refused: no such host on the fake network")

// RoundTrip serves req with its host's handler. A request whose context
// ends while the handler runs fails with the context's error, as on a
// real connection.
func (n *fakeNet) RoundTrip(req *http.Request) (*http.Response, error) {
	n.mu.Lock()
	h := n.hosts[req.URL.Host]
	n.mu.Unlock()
	if h == nil {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errNoHost}
	}
	in := req.Clone(req.Context())
	in.Host, in.RequestURI = req.URL.Host, req.URL.RequestURI()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, in)
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	resp := w.Result()
	resp.Request = req
	return resp, nil
}

// add serves h as a new host and returns its name.
func (n *fakeNet) add(t testing.TB, h http.Handler) string {
	host := fmt.Sprintf("h%d.test", fakeHosts.Add(1))
	n.mu.Lock()
	n.hosts[host] = h
	n.mu.Unlock()
	t.Cleanup(func() {
		n.mu.Lock()
		delete(n.hosts, host)
		n.mu.Unlock()
	})
	return host
}

// fakeServer is a host on testNet.
type fakeServer struct {
	URL string // http://host, no trailing slash
}

// serve serves h as a new host of testNet, recording its requests.
func serve(t testing.TB, h http.Handler) (*fakeServer, *recorder) {
	t.Helper()
	rc := &recorder{h: h}
	return &fakeServer{URL: "http://" + testNet.add(t, rc)}, rc
}

// serveLoopback starts a real server on loopback, recording requests to
// h, for the tests that need a socket: connections reset or refused,
// the dial-time address check. Their crawler needs loopbackOptions.
func serveLoopback(t testing.TB, h http.Handler) (*httptest.Server, *recorder) {
	t.Helper()
	rc := &recorder{h: h}
	s := httptest.NewServer(rc)
	t.Cleanup(s.Close)
	return s, rc
}

// loopbackOptions changes testOptions for a loopback server: the
// default transport, and no backoff (a test outside a synctest bubble
// waits on the wall clock).
func loopbackOptions(o *Options) {
	o.Transport = nil
	o.RetryBase = 0
}

// A reply is a canned response.
type reply struct {
	status int
	header http.Header
	body   string
}

// replies serves canned responses by path (with the query); a path
// without one is 404.
func replies(m map[string]reply) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rp, ok := m[r.URL.RequestURI()]
		if !ok {
			http.NotFound(w, r)
			return
		}
		for k, v := range rp.header {
			w.Header()[k] = v
		}
		if rp.status != 0 {
			w.WriteHeader(rp.status)
		}
		fmt.Fprint(w, rp.body)
	})
}
