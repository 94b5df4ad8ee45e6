package crawler

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// A Hanweb (大汉) jcms column page embeds its first records in
// <script type="text/xml"><datastore>…</datastore></script> and pages
// through the rest with /module/web/jpage/dataproxy.jsp: a POST with
// startrecord, endrecord and perpage in the query and the column's form
// (col=1&appid=1&webid=…&path=/&columnid=…&unitid=…) in the body, as
// the page's `var param_N = {…}` (or jpage ajaxParam) and <nextgroup>
// say; the jpage({totalRecord, perPage, groupSize}) call says how many
// records there are. The answer is the same datastore XML with a
// <totalrecord>; a group may repeat the previous group's last record,
// which the run's seen set drops.

var (
	hanwebParamRE   = regexp.MustCompile(`(?s)(?:var\s+param_\w+\s*=|ajaxParam\s*:)\s*\{([^{}]*)\}`)
	jsPairRE        = regexp.MustCompile(`(\w+)\s*:\s*(?:'([^']*)'|"([^"]*)"|([\w.-]+))`)
	hanwebTotalRE   = regexp.MustCompile(`totalRecord\s*:\s*['"]?(\d+)`)
	hanwebPerPageRE = regexp.MustCompile(`perPage\s*:\s*['"]?(\d+)`)
	hanwebGroupRE   = regexp.MustCompile(`groupSize\s*:\s*['"]?(\d+)`)
	hanwebProxyRE   = regexp.MustCompile(`proxyUrl\s*:\s*['"]([^'"]+)['"]`)
	nextgroupRE     = regexp.MustCompile(`(?s)<nextgroup>.*?href=["']([^"']+)["']`)
	recordTagRE     = regexp.MustCompile(`<record[\s>]`)
	totalrecordRE   = regexp.MustCompile(`<totalrecord>\s*(\d+)\s*</totalrecord>`)
)

// hanwebDataproxy is the jcms list interface's usual path.
const hanwebDataproxy = "/module/web/jpage/dataproxy.jsp"

// hanwebCall returns the first dataproxy request for the records a
// Hanweb column page does not embed, or nil.
func hanwebCall(sc *scan) *apiCall {
	all := strings.Join(sc.scripts, "\n")
	if !strings.Contains(all, "<datastore") && !strings.Contains(all, "dataproxy") {
		return nil
	}
	base, err := url.Parse(sc.pageURL)
	if err != nil {
		return nil
	}
	form := url.Values{}
	if m := hanwebParamRE.FindStringSubmatch(all); m != nil {
		for _, p := range jsPairRE.FindAllStringSubmatch(m[1], -1) {
			form.Set(p[1], p[2]+p[3]+p[4])
		}
	}
	proxy := hanwebDataproxy
	if m := nextgroupRE.FindStringSubmatch(all); m != nil {
		if ng, err := base.Parse(strings.ReplaceAll(m[1], "&amp;", "&")); err == nil {
			proxy = ng.Path
			if form.Get("columnid") == "" {
				for k, v := range ng.Query() {
					if k != "page" && len(v) > 0 {
						form.Set(k, v[0])
					}
				}
			}
		}
	}
	if m := hanwebProxyRE.FindStringSubmatch(all); m != nil {
		proxy = m[1]
	}
	if form.Get("columnid") == "" {
		return nil // not a jcms list, or one the page does not describe
	}
	for k, v := range map[string]string{"col": "1", "appid": "1", "path": "/"} {
		if form.Get(k) == "" {
			form.Set(k, v)
		}
	}
	endpoint, err := base.Parse(proxy)
	if err != nil {
		return nil
	}
	total := intMatch(hanwebTotalRE, all, -1)
	perPage := intMatch(hanwebPerPageRE, all, 15)
	group := intMatch(hanwebGroupRE, all, 3)
	if perPage < 1 || group < 1 {
		return nil
	}
	embedded := 0
	for _, s := range sc.scripts {
		if strings.Contains(s, "<datastore") {
			embedded += len(recordTagRE.FindAllStringIndex(s, -1))
		}
	}
	start := embedded + 1
	if total >= 0 && start > total {
		return nil // every record is in the page
	}
	h := &hanwebList{endpoint: endpoint, form: form, site: sc.site, sel: sc.sel, size: perPage * group, perPage: perPage, total: total, seen: map[string]bool{}}
	return h.call(start, 0)
}

// intMatch is the number re captures in s, or def.
func intMatch(re *regexp.Regexp, s string, def int) int {
	m := re.FindStringSubmatch(s)
	if m == nil {
		return def
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		return def
	}
	return n
}

// hanwebList is the state of one column's dataproxy paging.
type hanwebList struct {
	endpoint      *url.URL
	form          url.Values
	site          *Site
	sel           *selectors
	size, perPage int // records per request, per displayed page
	total         int // -1 until known
	seen          map[string]bool
}

// call is the request for records start … start+size-1.
func (h *hanwebList) call(start, n int) *apiCall {
	end := start + h.size - 1
	if h.total >= 0 && end > h.total {
		end = h.total
	}
	u := *h.endpoint
	u.RawQuery = fmt.Sprintf("startrecord=%d&endrecord=%d&perpage=%d", start, end, h.perPage)
	c := &apiCall{family: "hanweb", url: u.String(), method: "POST", form: h.form}
	c.read = func(body []byte) ([]link, *apiCall, error) {
		s := string(body)
		if !strings.Contains(s, "<datastore") && !strings.Contains(s, "<recordset") {
			return nil, nil, fmt.Errorf("dataproxy answer is not a datastore")
		}
		if t := intMatch(totalrecordRE, s, -1); t >= 0 {
			h.total = t
		}
		sc := &scan{pageURL: c.url, kind: Listing, site: h.site, sel: h.sel, seen: map[string]bool{}}
		fresh := 0
		for _, rec := range cdataSections(s) {
			for _, href := range recordLinks(sc, &u, rec) {
				if !h.seen[href] {
					h.seen[href] = true
					fresh++
				}
			}
		}
		var links []link
		for _, l := range sc.links {
			if l.kind == Report {
				links = append(links, l)
			}
		}
		next := end + 1
		if fresh == 0 || h.total >= 0 && next > h.total || h.total < 0 && fresh < h.size || n+1 >= maxAPICalls {
			return links, nil, nil
		}
		return links, h.call(next, n+1), nil
	}
	return c
}

// recordLinks adds the report links of one datastore record (HTML) to
// sc, as links of a listing page, and returns every URL it links to.
func recordLinks(sc *scan, base *url.URL, rec string) []string {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(rec))
	if err != nil {
		return nil
	}
	var all []string
	doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
		u, err := base.Parse(strings.TrimSpace(a.AttrOr("href", "")))
		if err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
			return
		}
		u.Fragment, u.RawFragment = "", ""
		abs := u.String()
		all = append(all, abs)
		title := a.AttrOr("title", "")
		if strings.TrimSpace(title) == "" {
			title = a.Text()
		}
		sc.listingLink(a, abs, collapse(title))
	})
	return all
}
