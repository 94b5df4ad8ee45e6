package crawler

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// Guangdong's 政府信息公开目录管理平台 (gkmlpt) column page is an empty
// JavaScript app: …/gkmlpt/index#COLUMN or …/gkmlpt/annualreport#COLUMN,
// with the site id in its config (window._CONFIG = {SID: '175', …}).
// The list is JSON from …/gkmlpt/api/all/COLUMN?page=N&sid=SID,
// {"articles": [{"title", "url", "date", …}], "total": N}. Pages count
// from 1; page 0 repeats page 1 and pages past the end answer 404, so
// paging stops when total articles were read, at an empty page or at a
// page with nothing new.

var (
	gkmlptSIDRE    = regexp.MustCompile(`\bSID['"]?\s*[:=]\s*['"]?(\d+)`)
	gkmlptColumnRE = regexp.MustCompile(`^\d+$`)
)

// gkmlptCall returns the first list request of a gkmlpt column page,
// or nil.
func (d *discoverer) gkmlptCall(sc *scan) *apiCall {
	base, err := url.Parse(sc.pageURL)
	if err != nil {
		return nil
	}
	i := strings.Index(base.Path, "/gkmlpt/")
	if i < 0 {
		return nil
	}
	var sid string
	for _, s := range sc.scripts {
		if m := gkmlptSIDRE.FindStringSubmatch(s); m != nil {
			sid = m[1]
			break
		}
	}
	if sid == "" {
		return nil
	}
	column := base.Fragment
	if !gkmlptColumnRE.MatchString(column) {
		if d.lg != nil {
			d.lg.Warn("gkmlpt page without a column number (…/gkmlpt/index#2629): its list is not requested", "site", sc.site.Name, "url", sc.pageURL)
		}
		return nil
	}
	api := *base
	api.Path = base.Path[:i] + "/gkmlpt/api/all/" + column
	api.RawPath, api.Fragment, api.RawFragment = "", "", ""
	g := &gkmlptList{api: api, sid: sid, site: sc.site, seen: map[string]bool{}}
	return g.call(1)
}

// gkmlptList is the state of one gkmlpt column's paging.
type gkmlptList struct {
	api  url.URL
	sid  string
	site *Site
	seen map[string]bool
}

func (g *gkmlptList) call(page int) *apiCall {
	u := g.api
	u.RawQuery = "page=" + strconv.Itoa(page) + "&sid=" + url.QueryEscape(g.sid)
	c := &apiCall{family: "gkmlpt", url: u.String(), method: "GET"}
	c.read = func(body []byte) ([]link, *apiCall, error) {
		doc, err := decodeJSON(body)
		if err != nil {
			return nil, nil, err
		}
		v, ok := jsonPath(doc, "articles")
		items, isList := v.([]any)
		if !ok || !isList && v != nil {
			return nil, nil, fmt.Errorf("gkmlpt answer without an articles list")
		}
		var links []link
		fresh := 0
		for i, it := range items {
			href := jsonString(it, "url")
			if href == "" {
				return nil, nil, fmt.Errorf("articles[%d]: no url", i)
			}
			if !g.seen[href] {
				g.seen[href] = true
				fresh++
			}
			if l, ok := reportItem(&u, g.site, jsonString(it, "title"), href); ok {
				links = append(links, l)
			}
		}
		total := -1
		if t, ok := jsonPath(doc, "total"); ok {
			total = jsonInt(t)
		}
		if fresh == 0 || total >= 0 && len(g.seen) >= total || page >= maxAPICalls {
			return links, nil, nil
		}
		return links, g.call(page + 1), nil
	}
	return c
}
