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
	hanwebParamRE   = regexp.MustCompile(`(?s)(?:var\s+param_(\w+)\s*=|ajaxParam\s*:)\s*\{([^{}]*)\}`)
	jsPairRE        = regexp.MustCompile(`(\w+)\s*:\s*(?:'([^']*)'|"([^"]*)"|([\w.-]+))`)
	hanwebTotalRE   = regexp.MustCompile(`(?i)\btotalRecord\s*[:=]\s*['"]?(\d+)`)
	hanwebPerPageRE = regexp.MustCompile(`(?i)\bperPage\s*[:=]\s*['"]?(\d+)`)
	hanwebGroupRE   = regexp.MustCompile(`(?i)\bgroupSize\s*[:=]\s*['"]?(\d+)`)
	hanwebProxyRE   = regexp.MustCompile(`proxyUrl\s*:\s*['"]([^'"]+)['"]`)
	nextgroupRE     = regexp.MustCompile(`(?s)<nextgroup>.*?href=["']([^"']+)["']`)
	recordTagRE     = regexp.MustCompile(`<record[\s>]`)
	totalrecordRE   = regexp.MustCompile(`<totalrecord>\s*(\d+)\s*</totalrecord>`)
)

// hanwebDataproxy is the jcms list interface's usual path.
const hanwebDataproxy = "/module/web/jpage/dataproxy.jsp"

// A hanwebUnit is one list of a jcms page (a page may hold several: the
// column's list and side lists), keyed by its unitid.
type hanwebUnit struct {
	form     url.Values
	proxy    string
	embedded int // records in the page's datastore
}

// hanwebCalls returns the first dataproxy request of each list of a
// Hanweb column page whose records the page does not all embed.
func hanwebCalls(sc *scan) []*apiCall {
	all := strings.Join(sc.scripts, "\n")
	if !strings.Contains(all, "<datastore") && !strings.Contains(all, "dataproxy") {
		return nil
	}
	base, err := url.Parse(sc.pageURL)
	if err != nil {
		return nil
	}
	units := map[string]*hanwebUnit{}
	var order []string
	unit := func(id string) *hanwebUnit {
		u := units[id]
		if u == nil {
			u = &hanwebUnit{form: url.Values{}, proxy: hanwebDataproxy}
			units[id] = u
			order = append(order, id)
		}
		return u
	}
	// The declared forms: var param_UNIT = {…}, or a jpage ajaxParam.
	for _, m := range hanwebParamRE.FindAllStringSubmatch(all, -1) {
		form := url.Values{}
		for _, p := range jsPairRE.FindAllStringSubmatch(m[2], -1) {
			form.Set(p[1], p[2]+p[3]+p[4])
		}
		if form.Get("columnid") == "" {
			continue
		}
		id := form.Get("unitid")
		if id == "" {
			id = m[1]
		}
		if u := unit(id); len(u.form) == 0 {
			u.form = form
		}
	}
	// The datastores: their records, and the <nextgroup> link that
	// names the proxy and, without a declared form, the form.
	var stores []string
	for _, s := range sc.scripts {
		if strings.Contains(s, "<datastore") {
			stores = append(stores, s)
		}
	}
	for _, s := range stores {
		n := len(recordTagRE.FindAllStringIndex(s, -1))
		m := nextgroupRE.FindStringSubmatch(s)
		if m == nil {
			if len(stores) == 1 && len(order) == 1 {
				units[order[0]].embedded = n
			}
			continue
		}
		ng, err := base.Parse(strings.ReplaceAll(m[1], "&amp;", "&"))
		if err != nil {
			continue
		}
		q := ng.Query()
		id := q.Get("unitid")
		if id == "" && len(order) == 1 {
			id = order[0]
		}
		if id == "" {
			continue
		}
		u := unit(id)
		u.embedded, u.proxy = n, ng.Path
		if len(u.form) == 0 {
			for k, v := range q {
				if k != "page" && len(v) > 0 {
					u.form.Set(k, v[0])
				}
			}
		}
	}
	var calls []*apiCall
	for _, id := range order {
		u := units[id]
		if u.form.Get("columnid") == "" {
			continue // not a jcms list, or one the page does not describe
		}
		for k, v := range map[string]string{"col": "1", "appid": "1", "path": "/"} {
			if u.form.Get(k) == "" {
				u.form.Set(k, v)
			}
		}
		conf := jpageConfig(all, id, len(order) == 1)
		if m := hanwebProxyRE.FindStringSubmatch(conf); m != nil {
			u.proxy = m[1]
		}
		endpoint, err := base.Parse(u.proxy)
		if err != nil {
			continue
		}
		total := intMatch(hanwebTotalRE, conf, -1)
		perPage := intMatch(hanwebPerPageRE, conf, 15)
		group := intMatch(hanwebGroupRE, conf, 3)
		start := u.embedded + 1
		if perPage < 1 || group < 1 || total >= 0 && start > total {
			continue // every record is in the page
		}
		h := &hanwebList{endpoint: endpoint, form: u.form, site: sc.site, sel: sc.sel, size: perPage * group, perPage: perPage, total: total, seen: map[string]bool{}}
		calls = append(calls, h.call(start, 0))
	}
	return calls
}

// jpageConfig is the text of the jpage({…}) call of unit id: from a
// little before "jpage(" (where $('#UNIT') stands) to the next call.
// The only list of a page takes the whole text.
func jpageConfig(all, id string, only bool) string {
	if only {
		return all
	}
	var starts []int
	for i := 0; ; {
		j := strings.Index(all[i:], "jpage(")
		if j < 0 {
			break
		}
		starts = append(starts, i+j)
		i += j + len("jpage(")
	}
	for k, st := range starts {
		end := len(all)
		if k+1 < len(starts) {
			end = starts[k+1] - 60
		}
		seg := all[max(st-60, 0):max(end, st)]
		call := seg[min(st-max(st-60, 0), len(seg)):] // from "jpage(" on
		if strings.Contains(seg[:len(seg)-len(call)], "#"+id) || regexp.MustCompile(`ajaxParam\s*:\s*param_`+regexp.QuoteMeta(id)+`\b`).MatchString(call) {
			return seg
		}
	}
	return ""
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
