package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

func TestClassify(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		status     int
		retryAfter string
		want       outcome
		wait       time.Duration // the Retry-After read, when there is one
	}{
		{200, "", outcomeOK, 0},
		{203, "", outcomeOK, 0},
		{206, "", outcomeOK, 0},
		{304, "", outcomeNotModified, 0},
		{404, "", outcomeGone, 0},
		{410, "", outcomeGone, 0},
		{412, "", outcomeBlocked, 0},
		{521, "", outcomeBlocked, 0},
		{408, "", outcomeRetry, 0},
		{429, "", outcomeRetry, 0},
		{429, "120", outcomeRetry, 2 * time.Minute},
		{429, "-5", outcomeRetry, 0},
		{500, "", outcomeRetry, 0},
		{502, "", outcomeRetry, 0},
		{503, "Sun, 01 Mar 2026 12:00:30 GMT", outcomeRetry, 30 * time.Second},
		{503, "Sun, 01 Mar 2026 11:00:00 GMT", outcomeRetry, 0}, // in the past: at once
		{503, "soon", outcomeRetry, 0},                          // unreadable: backoff
		{504, "", outcomeRetry, 0},
		{301, "", outcomeError, 0}, // a redirect the client did not follow
		{400, "", outcomeError, 0},
		{401, "", outcomeError, 0},
		{403, "", outcomeError, 0},
		{501, "", outcomeError, 0},
		{505, "", outcomeError, 0},
		{520, "", outcomeError, 0},
		{0, "", outcomeError, 0},
	} {
		t.Run(fmt.Sprintf("%d %s", tc.status, tc.retryAfter), func(t *testing.T) {
			h := http.Header{}
			if tc.retryAfter != "" {
				h.Set("Retry-After", tc.retryAfter)
			}
			v := classify(tc.status, h, now)
			if v.outcome != tc.want {
				t.Errorf("outcome %s, want %s", v.outcome, tc.want)
			}
			readable := tc.retryAfter != "" && tc.retryAfter != "soon"
			if v.hasRetryAfter != readable || v.retryAfter != tc.wait {
				t.Errorf("Retry-After %s (%v), want %s (%v)", v.retryAfter, v.hasRetryAfter, tc.wait, readable)
			}
		})
	}
}

// A status error reads as the status and matches the sentinel of its
// kind, wrapped or not.
func TestStatusError(t *testing.T) {
	for _, tc := range []struct {
		err           error
		text          string
		gone, blocked bool
	}{
		{&StatusError{Status: 404}, "404 Not Found", true, false},
		{&StatusError{Status: 410}, "410 Gone", true, false},
		{&StatusError{Status: 500}, "500 Internal Server Error", false, false},
		{&StatusError{Status: 521}, "521", false, true},
		{fmt.Errorf("%w: %w", ErrBlocked, &StatusError{Status: 412}), "anti-bot wall: 412 Precondition Failed", false, true},
		{fmt.Errorf("robots.txt answered %w: nothing may be crawled", &StatusError{Status: 503}), "robots.txt answered 503 Service Unavailable: nothing may be crawled", false, false},
	} {
		if got := tc.err.Error(); got != tc.text {
			t.Errorf("text %q, want %q", got, tc.text)
		}
		if errors.Is(tc.err, ErrGone) != tc.gone || errors.Is(tc.err, ErrBlocked) != tc.blocked {
			t.Errorf("%s: gone %v blocked %v, want %v %v", tc.text, errors.Is(tc.err, ErrGone), errors.Is(tc.err, ErrBlocked), tc.gone, tc.blocked)
		}
		var se *StatusError
		if !errors.As(tc.err, &se) {
			t.Errorf("%s: no *StatusError", tc.text)
		}
	}
}

// Each status, served to a report URL of its own host, ends in the
// fetch-log result and error the classification says, after the
// retries a retryable status gets.
func TestStatusOutcomes(t *testing.T) {
	html := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	for _, tc := range []struct {
		reply    reply
		requests int
		result   Result
		is       error // what the fetch log's error matches; nil: no error
		text     string
	}{
		{reply{200, html, reportHTML("r")}, 1, ResultOK, nil, ""},
		{reply{304, nil, ""}, 1, ResultError, errNotModifiedUnsaved, "304 Not Modified for a URL never saved"},
		{reply{404, nil, "no"}, 1, ResultError, ErrGone, "404 Not Found"},
		{reply{410, nil, "no"}, 1, ResultError, ErrGone, "410 Gone"},
		{reply{412, html, "<script></script>"}, 1, ResultBlocked, ErrBlocked, "anti-bot wall: 412 Precondition Failed"},
		{reply{521, html, "<script></script>"}, 1, ResultBlocked, ErrBlocked, "anti-bot wall: 521"},
		{reply{429, http.Header{"Retry-After": {"5"}}, ""}, 3, ResultError, nil, "429 Too Many Requests"},
		{reply{503, nil, ""}, 3, ResultError, nil, "503 Service Unavailable"},
		{reply{403, nil, ""}, 1, ResultError, nil, "403 Forbidden"},
	} {
		t.Run(fmt.Sprint(tc.reply.status), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv, rec := serve(t, replies(map[string]reply{"/r.htm": tc.reply}))
				sink := newMemSink()
				c := newTestCrawler(t, sink, nil)
				site := Site{Name: "s", Agency: "测试局", Reports: []string{srv.URL + "/r.htm"}}
				if _, err := c.Run(context.Background(), []Site{site}); err != nil {
					t.Fatal(err)
				}
				if n := len(rec.requests("/r.htm")); n != tc.requests {
					t.Errorf("%d requests, want %d", n, tc.requests)
				}
				logs := sink.fetchLogs(srv.URL + "/r.htm")
				if len(logs) == 0 {
					t.Fatal("no fetch log")
				}
				last := logs[len(logs)-1]
				if last.Result != tc.result || last.ErrText() != tc.text {
					t.Errorf("fetch log %s %q, want %s %q", last.Result, last.ErrText(), tc.result, tc.text)
				}
				if tc.is != nil && !errors.Is(last.Err, tc.is) {
					t.Errorf("fetch log error %v is not %v", last.Err, tc.is)
				}
				var se *StatusError
				if tc.text != "" && tc.reply.status != 304 && (!errors.As(last.Err, &se) || se.Status != tc.reply.status) {
					t.Errorf("fetch log error %v: no *StatusError of %d", last.Err, tc.reply.status)
				}
			})
		})
	}
}

// An injected transport gets every request, robots.txt included; the
// dial-time address check is the default transport's, so a host the
// transport serves is reached even without AllowPrivate. Redirects are
// still held to the site's hosts.
func TestTransportOption(t *testing.T) {
	srv, rec := serve(t, replies(map[string]reply{
		"/r.htm":    {200, nil, reportHTML("r")},
		"/away.htm": {302, http.Header{"Location": {"http://elsewhere.test/x.htm"}}, ""},
	}))
	sink := newMemSink()
	c := newTestCrawler(t, sink, func(o *Options) { o.AllowPrivate = false })
	site := Site{Name: "s", Agency: "测试局", Reports: []string{srv.URL + "/r.htm", srv.URL + "/away.htm"}}
	if _, err := c.Run(context.Background(), []Site{site}); err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, h := range rec.all() {
		paths = append(paths, h.path)
	}
	if got := strings.Join(paths, " "); got != "/robots.txt /r.htm /away.htm" {
		t.Errorf("requests %s", got)
	}
	if d := sink.saved(srv.URL + "/r.htm"); len(d) != 1 || d[0].Status != 200 {
		t.Errorf("saved %+v", d)
	}
	if logs := sink.fetchLogs(srv.URL + "/away.htm"); len(logs) != 1 || !errors.Is(logs[0].Err, ErrHostNotAllowed) {
		t.Errorf("fetch log of the redirect %+v", logs)
	}
}
