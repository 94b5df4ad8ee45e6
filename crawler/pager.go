package crawler

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// keepScript reports whether a listing page's script may hold a pager
// other than the 4-argument createPageHTML, a list interface or an
// entry redirect: those scripts are read once the page is walked.
func keepScript(s string) bool {
	for _, k := range []string{"createPageHTML", "countPage", "listModel", "datastore", "dataproxy", "jpage", "param_", "totalRecord", "SID", "location"} {
		if strings.Contains(s, k) {
			return true
		}
	}
	return false
}

// familyLinks adds the listing pages and list-interface requests that
// the page's scripts announce: TRS pagers in all their forms, a Hanweb
// dataproxy, a gkmlpt JSON list, an entry redirect; and the pages of a
// ?page=N listing that states its page count.
func (d *discoverer) familyLinks(sc *scan, page []byte) {
	if sc.sel.next == nil {
		paged := len(sc.pager) > 0 // a 4-argument createPageHTML
		for _, s := range sc.scripts {
			for _, u := range append(trsPager6(s, sc.pageURL), inlinePager(s, sc.pageURL)...) {
				sc.add(link{url: u, kind: Listing})
				paged = true
			}
		}
		for _, s := range sc.scripts {
			for _, u := range d.listModelPager(sc, s, paged) {
				sc.add(link{url: u, kind: Listing})
			}
		}
		for _, u := range queryPager(sc.pageURL, page) {
			sc.add(link{url: u, kind: Listing})
		}
	}
	for _, c := range hanwebCalls(sc) {
		sc.add(apiLink(c))
	}
	if c := d.gkmlptCall(sc); c != nil {
		sc.add(apiLink(c))
	}
	for _, s := range sc.scripts {
		if u := scriptRedirect(s, sc.pageURL); u != "" {
			sc.add(link{url: u, kind: Listing})
		}
	}
}

var (
	// createPageHTML('page_div', totalPages, currentPage, 'list', 'shtml', totalRecords)
	pager6RE = regexp.MustCompile(`createPageHTML\(\s*['"][\w-]*['"]\s*,\s*(\d+)\s*,\s*\d+\s*,\s*['"]([\w-]+)['"]\s*,\s*['"](\w+)['"]`)
	// document.write("…index"+"_"+nextPage+"."+"html…"), "index"+"_"+(n-1)+".shtml"
	inlinePageRE = regexp.MustCompile(`["']([\w-]+)["']\s*\+\s*["']_["']\s*\+[^;"']*?\+\s*["'](?:\.["']\s*\+\s*["'])?\.?(s?html?)\b`)
	countPageRE  = regexp.MustCompile(`\bcountPage\s*=\s*(\d+)`)
	maxStaticRE  = regexp.MustCompile(`maxStaticIndex\s*:\s*['"]?(\d+)`)
	recordsRE    = regexp.MustCompile(`recordCount\s*:\s*['"]?(\d+)`)
	prepageRE    = regexp.MustCompile(`prepage\s*:\s*['"]?(\d+)`)
	pageSuffixRE = regexp.MustCompile(`_\d+$`) // index_2 is page 3 of index
)

// pageNames returns the URLs of a pager's pages first..last in the
// directory of pageURL: page i is name(i).
func pageNames(pageURL string, first, last int, name func(int) string) []string {
	base, err := url.Parse(pageURL)
	if err != nil {
		return nil
	}
	last = min(last, first+maxPager-1)
	var out []string
	for i := first; i <= last; i++ {
		u, err := base.Parse(name(i))
		if err != nil {
			continue
		}
		u.RawQuery, u.Fragment = "", ""
		out = append(out, u.String())
	}
	return out
}

// trsPager6 reads the 6-argument TRS pager, createPageHTML('page_div',
// totalPages, currentPage, 'list', 'shtml', totalRecords): pages are
// numbered from 1, page 1 is list.shtml and page n is list_n.shtml.
func trsPager6(script, pageURL string) []string {
	m := pager6RE.FindStringSubmatch(script)
	if m == nil {
		return nil
	}
	count, _ := strconv.Atoi(m[1])
	return pageNames(pageURL, 1, count, func(i int) string {
		if i == 1 {
			return m[2] + "." + m[3]
		}
		return fmt.Sprintf("%s_%d.%s", m[2], i, m[3])
	})
}

// inlinePager reads the pager a TRS template writes inline: var
// countPage = N and links built as "index"+"_"+nextPage+"."+"html".
// Pages are numbered from 0: index.html, index_1.html, …
// index_(N-1).html.
func inlinePager(script, pageURL string) []string {
	c := countPageRE.FindStringSubmatch(script)
	m := inlinePageRE.FindStringSubmatch(script)
	if c == nil || m == nil {
		return nil
	}
	count, _ := strconv.Atoi(c[1])
	return pageNames(pageURL, 0, count-1, func(i int) string {
		if i == 0 {
			return m[1] + "." + m[2]
		}
		return fmt.Sprintf("%s_%d.%s", m[1], i, m[2])
	})
}

// listModelPager reads a TRS "动静结合" list, listModel({maxStaticIndex,
// pagebar: {prepage, recordCount}}): pages up to maxStaticIndex are
// static (index.html, index_1.html, … named like the page itself);
// later ones exist only through the site's search interface, which the
// crawler cannot see, so it says so, unless the page also has a static
// pager (paged), whose pages are followed.
func (d *discoverer) listModelPager(sc *scan, script string, paged bool) []string {
	if !strings.Contains(script, "listModel") {
		return nil
	}
	ms := maxStaticRE.FindStringSubmatch(script)
	if ms == nil {
		return nil
	}
	static, _ := strconv.Atoi(ms[1])
	pages := -1
	rc, pp := recordsRE.FindStringSubmatch(script), prepageRE.FindStringSubmatch(script)
	if rc != nil && pp != nil {
		records, _ := strconv.Atoi(rc[1])
		per, _ := strconv.Atoi(pp[1])
		if per > 0 {
			pages = (records + per - 1) / per
		}
	}
	if pages >= 0 && static > pages {
		static = pages
	}
	if pages > static && d.lg != nil && !paged {
		args := []any{"site", sc.site.Name, "url", sc.pageURL, "static", static, "pages", pages}
		if sc.site.API != nil {
			d.lg.Info("listing pages after maxStaticIndex are dynamic; the site's [site.api] lists them", args...)
		} else {
			d.lg.Warn("listing pages after maxStaticIndex are dynamic only: not crawled (describe the list interface in [site.api])", args...)
		}
	}
	name, ext := "index", "html"
	if u, err := url.Parse(sc.pageURL); err == nil && !strings.HasSuffix(u.Path, "/") {
		b := path.Base(u.Path)
		if e := path.Ext(b); e != "" {
			name, ext = pageSuffixRE.ReplaceAllString(strings.TrimSuffix(b, e), ""), e[1:]
		}
	}
	return pageNames(sc.pageURL, 1, static-1, func(i int) string { return fmt.Sprintf("%s_%d.%s", name, i, ext) })
}

var (
	pageCountRE = regexp.MustCompile(`共\s*(\d{1,4})\s*页|第\s*\d{1,4}\s*/\s*(\d{1,4})\s*页`)
	pageParams  = []string{"page", "pageno", "pageindex", "curpage", "currentpage", "pagenum"}
)

// queryPager returns the pages of a listing numbered by a query
// parameter (InfoPublic.aspx?cid=1019&page=1, list.jsp?pageNo=1) whose
// text states the page count (共5页, 第1/5页): page=1 … page=5, the
// other parameters kept. Pagers drawn by script or posted back (ASP.NET
// __doPostBack) show no link to each page, but the count is there.
func queryPager(pageURL string, page []byte) []string {
	u, err := url.Parse(pageURL)
	if err != nil || u.RawQuery == "" {
		return nil
	}
	q := u.Query()
	param := ""
	for k, v := range q {
		for _, p := range pageParams {
			if strings.EqualFold(k, p) && len(v) == 1 {
				if _, err := strconv.Atoi(v[0]); err == nil {
					param = k
				}
			}
		}
	}
	if param == "" {
		return nil
	}
	m := pageCountRE.FindSubmatch(page)
	if m == nil {
		return nil
	}
	n, _ := strconv.Atoi(string(m[1]) + string(m[2]))
	first, last := 1, n // page=1 … page=n; a listing at page=0 counts from 0
	if q.Get(param) == "0" {
		first, last = 0, n-1
	}
	parts := strings.Split(u.RawQuery, "&")
	var out []string
	for i := first; i <= last && i < first+maxPager; i++ {
		for j, kv := range parts {
			if k, _, _ := strings.Cut(kv, "="); k == param {
				parts[j] = k + "=" + strconv.Itoa(i)
			}
		}
		p := *u
		p.RawQuery, p.Fragment = strings.Join(parts, "&"), ""
		out = append(out, p.String())
	}
	return out
}
