package crawler

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/gocolly/colly/v2"
)

// Column entry pages often only send the browser elsewhere: a <meta
// http-equiv="refresh" content="0;url=…"> or a one-line script
// (location.href = "…", window.location = "…", location.replace("…")).
// The target is followed as a listing page, on the site's allowed hosts
// like any link (enqueue checks them).

var (
	refreshRE = regexp.MustCompile(`(?i)^\s*[\d.]*\s*[;,]?\s*url\s*=\s*['"]?([^'"\s]+)`)
	// The whole script is the redirect, in an optional <!-- … //-->.
	locationRE = regexp.MustCompile(`^(?:<!--)?\s*(?:(?:window|self|top|parent|document)\.)?location(?:\.href)?\s*=\s*["']([^"']+)["']\s*;?\s*(?://\s*-->|-->)?$`)
	replaceRE  = regexp.MustCompile(`^(?:<!--)?\s*(?:(?:window|self|top|parent|document)\.)?location\.(?:replace|assign)\(\s*["']([^"']+)["']\s*\)\s*;?\s*(?://\s*-->|-->)?$`)
)

// onMeta follows a listing page's meta refresh.
func (d *discoverer) onMeta(e *colly.HTMLElement) {
	sc := e.Request.Ctx.GetAny("scan").(*scan)
	if sc.kind != Listing || !strings.EqualFold(strings.TrimSpace(e.Attr("http-equiv")), "refresh") {
		return
	}
	m := refreshRE.FindStringSubmatch(e.Attr("content"))
	if m == nil {
		return
	}
	if u := entryTarget(sc.pageURL, m[1]); u != "" {
		sc.add(link{url: u, kind: Listing})
	}
}

// scriptRedirect returns the target of a script that is only a
// redirect, or "".
func scriptRedirect(script, pageURL string) string {
	s := strings.TrimSpace(script)
	if len(s) > 300 || strings.Count(s, "\n") > 2 {
		return "" // a one-line script, not a function that may redirect
	}
	s = strings.Join(strings.Fields(s), " ")
	m := locationRE.FindStringSubmatch(s)
	if m == nil {
		m = replaceRE.FindStringSubmatch(s)
	}
	if m == nil {
		return ""
	}
	return entryTarget(pageURL, m[1])
}

// entryTarget resolves a redirect's target against the page, keeping
// its fragment (a gkmlpt column is named there): "" when it is not an
// http(s) URL or is the page itself.
func entryTarget(pageURL, href string) string {
	base, err := url.Parse(pageURL)
	if err != nil {
		return ""
	}
	u, err := base.Parse(strings.TrimSpace(href))
	if err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return ""
	}
	page := *base
	page.Fragment, page.RawFragment = "", ""
	if strings.SplitN(u.String(), "#", 2)[0] == page.String() {
		return ""
	}
	return u.String()
}
