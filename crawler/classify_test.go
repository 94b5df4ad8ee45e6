package crawler

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
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
