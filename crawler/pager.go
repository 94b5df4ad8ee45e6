package crawler

import (
	"bytes"
	"fmt"
	"html"
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
// parameter (InfoPublic.aspx?cid=1019&page=1, list.jsp?pageNo=1), up to
// the last one the page shows: its text's page count (共5页, 第1/5页) or
// its highest link to the same path with the same other parameters
// (尾页 → page=9). Pagers drawn by script or posted back (ASP.NET
// __doPostBack) show no link to each page, and page-number links show a
// window of pages; the other parameters are kept. A listing URL without
// the parameter is page 1 (its links say which parameter pages it), and
// so is a link without it from a later page.
func queryPager(pageURL string, page []byte) []string {
	u, err := url.Parse(pageURL)
	if err != nil {
		return nil
	}
	q := u.Query()
	param, cur := pageParam(q)
	tmpl := u // the URL the page numbers are written into
	first := 1
	if param != "" && cur == 0 {
		first = 0 // numbered from 0
	}
	rest := func(q url.Values, p string) string {
		c := url.Values{}
		for k, v := range q {
			if k != p {
				c[k] = v
			}
		}
		return c.Encode()
	}
	last, bare := -1, false
	self := []byte(path.Base(u.Path))
	for _, href := range hrefs(page) {
		if !bytes.Contains(bytes.ToLower(href), []byte("page")) && (param == "" || !bytes.Contains(href, self)) {
			continue // neither a page link nor, maybe, the bare first page: most links of a page
		}
		l, err := u.Parse(html.UnescapeString(string(href)))
		if err != nil || !strings.EqualFold(l.Host, u.Host) || l.Path != u.Path {
			continue
		}
		lq := l.Query()
		lp, v := pageParam(lq)
		if lp == "" && param != "" && rest(lq, param) == rest(q, param) {
			bare = true // page 1 is the URL without the parameter
		}
		if lp == "" || param != "" && lp != param || rest(lq, lp) != rest(q, lp) {
			continue
		}
		if param == "" {
			param, tmpl, first = lp, l, 2 // the listing URL itself is page 1
		}
		last = max(last, v)
	}
	if param == "" {
		return nil
	}
	if bare && first == 1 {
		first = 2
	}
	if m := pageCountRE.FindSubmatch(page); m != nil {
		n, _ := strconv.Atoi(string(m[1]) + string(m[2]))
		if first == 0 {
			n-- // pages 0 … n-1
		}
		last = max(last, n)
	}
	parts := strings.Split(tmpl.RawQuery, "&")
	var out []string
	for i := first; i <= last && i < first+maxPager; i++ {
		for j, kv := range parts {
			if k, _, _ := strings.Cut(kv, "="); k == param {
				parts[j] = k + "=" + strconv.Itoa(i)
			}
		}
		p := *tmpl
		p.RawQuery, p.Fragment, p.RawFragment = strings.Join(parts, "&"), "", ""
		out = append(out, p.String())
	}
	return out
}

// hrefs returns the quoted values of the href attributes in page, read
// without a regexp (which cost more than the rest of a listing's
// extraction).
func hrefs(page []byte) [][]byte {
	var out [][]byte
	for i := 0; ; {
		j := bytes.Index(page[i:], []byte("ref"))
		if j < 0 {
			return out
		}
		k := i + j
		i = k + 3
		if k == 0 || page[k-1] != 'h' && page[k-1] != 'H' {
			continue
		}
		for i < len(page) && (page[i] == ' ' || page[i] == '\t' || page[i] == '\n' || page[i] == '\r') {
			i++
		}
		if i >= len(page) || page[i] != '=' {
			continue
		}
		i++
		for i < len(page) && (page[i] == ' ' || page[i] == '\t' || page[i] == '\n' || page[i] == '\r') {
			i++
		}
		if i >= len(page) || page[i] != '"' && page[i] != '\'' {
			continue
		}
		q := page[i]
		end := bytes.IndexByte(page[i+1:], q)
		if end < 0 {
			return out
		}
		if v := page[i+1 : i+1+end]; len(v) > 0 && bytes.IndexAny(v, "<>") < 0 {
			out = append(out, v)
		}
		i += 1 + end + 1
	}
}

// pageParam returns the query parameter of q that numbers pages and its
// value, or "".
func pageParam(q url.Values) (string, int) {
	for k, v := range q {
		for _, p := range pageParams {
			if strings.EqualFold(k, p) && len(v) == 1 {
				if n, err := strconv.Atoi(v[0]); err == nil && n >= 0 {
					return k, n
				}
			}
		}
	}
	return "", 0
}
