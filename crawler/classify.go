package crawler

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// An outcome is what a response's status means to the crawler.
type outcome int

// Outcomes of a response.
const (
	outcomeOK          outcome = iota // 2xx: a page to keep
	outcomeNotModified                // 304: the saved version still holds
	outcomeGone                       // 404, 410: gone, when it was seen before
	outcomeBlocked                    // 412, 521: an anti-bot wall, never bypassed
	outcomeRetry                      // 408, 429, 500, 502, 503, 504: try again later
	outcomeError                      // anything else: failed for good
)

var outcomeNames = [...]string{"ok", "not-modified", "gone", "blocked", "retry", "error"}

func (o outcome) String() string {
	if int(o) < len(outcomeNames) {
		return outcomeNames[o]
	}
	return "outcome(" + strconv.Itoa(int(o)) + ")"
}

// A verdict is the classification of one response.
type verdict struct {
	outcome outcome
	// retryAfter is the server's Retry-After, when hasRetryAfter.
	retryAfter    time.Duration
	hasRetryAfter bool
}

// classify says what a response with status and header means, at now
// (for a Retry-After given as a date). It reads nothing else: the
// caller decides what a 404 of a page never seen is, and how many
// retries are left.
func classify(status int, h http.Header, now time.Time) verdict {
	v := verdict{outcome: outcomeError}
	switch {
	case status >= 200 && status < 300:
		v.outcome = outcomeOK
	case status == http.StatusNotModified:
		v.outcome = outcomeNotModified
	case status == http.StatusNotFound, status == http.StatusGone:
		v.outcome = outcomeGone
	case blockedStatus(status):
		v.outcome = outcomeBlocked
	case status == http.StatusTooManyRequests, status == http.StatusRequestTimeout,
		status == http.StatusInternalServerError, status == http.StatusBadGateway,
		status == http.StatusServiceUnavailable, status == http.StatusGatewayTimeout:
		v.outcome = outcomeRetry
	}
	v.retryAfter, v.hasRetryAfter = retryAfter(h, now)
	return v
}

// blockedStatus reports whether status is an anti-bot wall: 412 and 521
// are what the JavaScript cookie challenges of Chinese government sites
// answer with.
func blockedStatus(status int) bool {
	return status == http.StatusPreconditionFailed || status == 521
}

// retryAfter parses a Retry-After header: seconds or an HTTP date. It
// returns false when there is none.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			s = 0
		}
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := t.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// Errors of the fetch log ([FetchLog.Err]) besides those of [ErrTooLarge]
// and its kin: match them with errors.Is.
var (
	// ErrBlocked is a response, or a host, behind an anti-bot wall.
	ErrBlocked = errors.New("anti-bot wall")
	// ErrGone is a 404 or 410 answer (a [StatusError]).
	ErrGone = errors.New("gone")
	// ErrDisallowed is a URL robots.txt rules out.
	ErrDisallowed = errors.New("disallowed by robots.txt")
)

// A StatusError is an HTTP status that ended a fetch. Its text is the
// status ("404 Not Found"); it matches [ErrGone] for 404 and 410 and
// [ErrBlocked] for the anti-bot walls.
type StatusError struct {
	Status int
}

func (e *StatusError) Error() string { return httpStatus(e.Status) }

// Is reports whether e is an instance of target.
func (e *StatusError) Is(target error) bool {
	switch target {
	case ErrGone:
		return e.Status == http.StatusNotFound || e.Status == http.StatusGone
	case ErrBlocked:
		return blockedStatus(e.Status)
	}
	return false
}

// httpStatus is code with its text: "404 Not Found".
func httpStatus(code int) string {
	if t := http.StatusText(code); t != "" {
		return strconv.Itoa(code) + " " + t
	}
	return strconv.Itoa(code)
}
