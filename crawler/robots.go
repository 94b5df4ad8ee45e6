package crawler

import (
	"math"
	"net/url"
	"time"

	"github.com/temoto/robotstxt"
)

// robots is what a host's robots.txt says to this crawler.
type robots struct {
	data  *robotstxt.RobotsData
	delay time.Duration // Crawl-delay for our group
	note  string        // why everything is allowed or disallowed, for logs
}

// parseRobots reads a robots.txt response. Following RFC 9309, 4xx
// means no restrictions (5xx and a host that cannot be reached mean
// nothing may be crawled: unreachableRobots). A file that does not parse
// allows everything, with a note.
func parseRobots(status int, body []byte, agent string) *robots {
	data, err := robotstxt.FromStatusAndBytes(status, body)
	if err != nil {
		all, _ := robotstxt.FromStatusAndBytes(404, nil)
		return &robots{data: all, note: "robots.txt unreadable, treated as allow all: " + err.Error()}
	}
	r := &robots{data: data}
	if g := data.FindGroup(agent); g != nil {
		r.delay = g.CrawlDelay
		if r.delay < 0 {
			// Seconds past 292 years overflow to a negative
			// Duration: the host asked for longer than that.
			r.delay = math.MaxInt64
		}
	}
	return r
}

// unreachableRobots is the rule for a host whose robots.txt could not be
// fetched at all: crawl nothing.
func unreachableRobots(reason string) *robots {
	none, _ := robotstxt.FromStatusAndBytes(503, nil)
	return &robots{data: none, note: "robots.txt unreachable: " + reason}
}

// allows reports whether agent may fetch u.
func (r *robots) allows(u *url.URL, agent string) bool {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return r.data.TestAgent(p, agent)
}
