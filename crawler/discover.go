package crawler

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"github.com/gocolly/colly/v2"
)

// A link is a URL found on a page, with what the crawler should do
// with it.
type link struct {
	url   string
	kind  Kind
	title string
	year  int
}

// discoverer finds report links, pagination and attachments in pages
// the crawler has already fetched. Pages are replayed into a colly
// collector through an in-memory transport, so that colly's OnHTML
// callbacks, its <base href> handling and Request.AbsoluteURL resolve
// links exactly as in a live colly crawl.
type discoverer struct {
	col   *colly.Collector
	pages sync.Map // replay id → []byte
	next  atomic.Uint64
}

// scan is one page being read: the input and the links found.
type scan struct {
	pageURL string
	kind    Kind
	site    *Site
	year    int // the report's year, for its attachments
	sel     *selectors
	links   []link
	seen    map[string]bool
	pager   []string // script texts that may hold a TRS pager
}

// selectors are a site's compiled selectors; nil fields use the
// defaults.
type selectors struct {
	reports, next, body cascadia.Selector
}

const replayHeader = "X-Nianbao-Replay"

func newDiscoverer() *discoverer {
	d := &discoverer{}
	c := colly.NewCollector(colly.AllowURLRevisit(), colly.IgnoreRobotsTxt())
	c.MaxBodySize = 0 // the fetcher enforces the limit
	c.DisableCookies()
	c.WithTransport(d)
	c.OnHTML("a[href], area[href]", d.onLink)
	c.OnHTML("iframe[src], embed[src]", d.onLink)
	c.OnHTML("script", d.onScript)
	d.col = c
	return d
}

// RoundTrip serves a page stored by extract: the in-memory transport
// of the collector.
func (d *discoverer) RoundTrip(req *http.Request) (*http.Response, error) {
	v, ok := d.pages.Load(req.Header.Get(replayHeader))
	if !ok {
		return nil, fmt.Errorf("replay %s: no page", req.URL)
	}
	body := v.([]byte)
	return &http.Response{
		StatusCode:    http.StatusOK,
		Status:        "200 OK",
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": {"text/html; charset=utf-8"}},
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}, nil
}

// extract returns the links of page (UTF-8 HTML) at pageURL that the
// crawler follows from a page of this kind.
func (d *discoverer) extract(pageURL string, page []byte, kind Kind, site *Site, sel *selectors, year int) ([]link, error) {
	id := strconv.FormatUint(d.next.Add(1), 10)
	d.pages.Store(id, page)
	defer d.pages.Delete(id)
	sc := &scan{pageURL: pageURL, kind: kind, site: site, sel: sel, year: year, seen: map[string]bool{pageURL: true}}
	ctx := colly.NewContext()
	ctx.Put("scan", sc)
	err := d.col.Request(http.MethodGet, pageURL, nil, ctx, http.Header{replayHeader: {id}})
	if err != nil {
		return nil, fmt.Errorf("extract links: %w", err)
	}
	if kind == Listing && sel.next == nil {
		for _, s := range sc.pager {
			for _, u := range trsPager(s, pageURL) {
				sc.add(link{url: u, kind: Listing})
			}
		}
	}
	return sc.links, nil
}

func (sc *scan) add(l link) {
	if l.url == "" || sc.seen[l.url] {
		return
	}
	sc.seen[l.url] = true
	sc.links = append(sc.links, l)
}

func (d *discoverer) onLink(e *colly.HTMLElement) {
	sc := e.Request.Ctx.GetAny("scan").(*scan)
	href := e.Attr("href")
	if e.Name == "iframe" || e.Name == "embed" {
		href = e.Attr("src")
	}
	abs := absolute(e.Request, href)
	if abs == "" {
		return
	}
	switch sc.kind {
	case Listing:
		sc.listingLink(e.DOM, abs, linkTitle(e))
	case Report:
		if sc.sel.body != nil && !inside(e.DOM, sc.sel.body) {
			return
		}
		if u := attachmentURL(abs); u != "" {
			sc.add(link{url: u, kind: Attachment, title: collapse(e.Text), year: sc.year})
		}
	}
}

// listingLink classifies a link on a listing page: a report, a page of
// the listing, or neither.
func (sc *scan) listingLink(s *goquery.Selection, abs, title string) {
	report := false
	if sc.sel.reports != nil {
		report = s.IsMatcher(sc.sel.reports) && !noticeRE.MatchString(title)
	} else {
		report = isReportTitle(title)
	}
	if report {
		if y := titleYear(title); sc.site.yearOK(y) {
			sc.add(link{url: abs, kind: Report, title: title, year: y})
		}
		return
	}
	if sc.sel.next != nil {
		if s.IsMatcher(sc.sel.next) {
			sc.add(link{url: abs, kind: Listing})
		}
		return
	}
	if isNextText(title) || isPageNumber(title) && sameDir(abs, sc.pageURL) {
		sc.add(link{url: abs, kind: Listing})
	}
}

func (d *discoverer) onScript(e *colly.HTMLElement) {
	sc := e.Request.Ctx.GetAny("scan").(*scan)
	if sc.kind != Listing {
		return
	}
	text := e.Text
	if strings.Contains(text, "createPageHTML") {
		sc.pager = append(sc.pager, text)
	}
	// Hanweb: the list is a datastore of records, each a CDATA section
	// of HTML, inside <script type="text/xml">.
	if strings.Contains(text, "<datastore") || strings.Contains(text, "<recordset") {
		for _, rec := range cdataSections(text) {
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(rec))
			if err != nil {
				continue
			}
			doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
				abs := absolute(e.Request, a.AttrOr("href", ""))
				if abs == "" {
					return
				}
				title := a.AttrOr("title", "")
				if strings.TrimSpace(title) == "" {
					title = a.Text()
				}
				sc.listingLink(a, abs, collapse(title))
			})
		}
	}
}

var cdataRE = regexp.MustCompile(`(?s)<!\[CDATA\[(.*?)\]\]>`)

func cdataSections(s string) []string {
	var out []string
	for _, m := range cdataRE.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

// absolute resolves href against the page (and its <base>), without the
// fragment; "" for links that are not http(s).
func absolute(r *colly.Request, href string) string {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") {
		return ""
	}
	low := strings.ToLower(href)
	if strings.HasPrefix(low, "javascript:") || strings.HasPrefix(low, "mailto:") || strings.HasPrefix(low, "tel:") || strings.HasPrefix(low, "data:") {
		return ""
	}
	abs := r.AbsoluteURL(href)
	u, err := url.Parse(abs)
	if err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return ""
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String()
}

// linkTitle is a link's title attribute, or its text.
func linkTitle(e *colly.HTMLElement) string {
	if t := collapse(e.Attr("title")); t != "" {
		return t
	}
	return collapse(e.Text)
}

// collapse removes leading and trailing space and turns inner runs of
// space into one.
func collapse(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

func inside(s *goquery.Selection, m cascadia.Selector) bool {
	for n := s.Get(0); n != nil; n = n.Parent {
		if m.Match(n) {
			return true
		}
	}
	return false
}

// attachmentExt are the file types archived from report pages.
var attachmentExt = map[string]bool{
	".pdf": true, ".doc": true, ".docx": true, ".wps": true,
	".xls": true, ".xlsx": true, ".et": true, ".ofd": true,
}

// attachmentURL returns u when it names a file to archive, the file
// parameter of a document viewer (viewer.html?file=…pdf), or "".
func attachmentURL(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	if attachmentExt[strings.ToLower(path.Ext(p.Path))] {
		return u
	}
	if f := p.Query().Get("file"); f != "" {
		if fu, err := p.Parse(f); err == nil && attachmentExt[strings.ToLower(path.Ext(fu.Path))] {
			fu.Fragment = ""
			if fu.Scheme == "http" || fu.Scheme == "https" {
				return fu.String()
			}
		}
	}
	return ""
}

// mayHaveAttachments reports whether raw page bytes mention a file type
// worth archiving: most report pages do not, and are not parsed at all.
func mayHaveAttachments(page []byte) bool {
	low := bytes.ToLower(page)
	for ext := range attachmentExt {
		if bytes.Contains(low, []byte(ext)) {
			return true
		}
	}
	return false
}

var (
	yearRE        = regexp.MustCompile(`(19[89]\d|20\d\d)`)
	hanYearRE     = regexp.MustCompile(`([〇○零一二三四五六七八九]{4})\s*年`)
	reportTitleRE = regexp.MustCompile(`年度报告|信息公开年报|工作年报|信息公开报告`)
	noticeRE      = regexp.MustCompile(`关于.*的(函|通知|通报|批复|意见|说明|公告|请示|决定)`)
)

// isReportTitle reports whether a link title reads like an annual report:
// a year and 政府信息公开(工作)年度报告, 信息公开年报 or 年度报告, and not a
// notice about one (关于…的函).
func isReportTitle(t string) bool {
	t = strings.Join(strings.Fields(t), "")
	if titleYear(t) == 0 || !reportTitleRE.MatchString(t) {
		return false
	}
	return !noticeRE.MatchString(t)
}

// titleYear returns the first year named in a title, in Arabic or
// Chinese numerals, or 0.
func titleYear(t string) int {
	t = strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, t)
	if m := yearRE.FindString(t); m != "" {
		y, _ := strconv.Atoi(m)
		return y
	}
	if m := hanYearRE.FindStringSubmatch(t); m != nil {
		return hanYear(m[1])
	}
	return 0
}

// hanYear reads a year written digit by digit in Chinese numerals.
func hanYear(s string) int {
	y := 0
	for _, r := range s {
		d := 0
		switch r {
		case '〇', '○', '零':
			d = 0
		case '一':
			d = 1
		case '二':
			d = 2
		case '三':
			d = 3
		case '四':
			d = 4
		case '五':
			d = 5
		case '六':
			d = 6
		case '七':
			d = 7
		case '八':
			d = 8
		case '九':
			d = 9
		}
		y = y*10 + d
	}
	if y < 1980 || y > 2099 {
		return 0
	}
	return y
}

// isNextText reports whether a link's text means "next page".
func isNextText(t string) bool {
	switch strings.Trim(t, " []<>【】") {
	case "下一页", "下页", "后一页", "下一頁", "后页":
		return true
	}
	return false
}

// isPageNumber reports whether a link's text is a page number.
func isPageNumber(t string) bool {
	t = strings.Trim(t, " []【】")
	if t == "" || len(t) > 4 {
		return false
	}
	for _, r := range t {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// sameDir reports whether a and b are on the same host and directory:
// page-number links are only followed within the listing's directory.
func sameDir(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	if err1 != nil || err2 != nil || ua.Host != ub.Host {
		return false
	}
	return dir(ua.Path) == dir(ub.Path)
}

func dir(p string) string {
	if strings.HasSuffix(p, "/") {
		return p
	}
	return path.Dir(p) + "/"
}

var (
	pagerCallRE = regexp.MustCompile(`createPageHTML\(\s*([\w.]+)\s*,\s*([\w.]+)\s*,\s*["']([\w-]+)["']\s*,\s*["'](\w+)["']`)
	pagerVarRE  = regexp.MustCompile(`(?:var\s+)?(\w+)\s*=\s*(\d+)\s*;`)
)

// maxPager caps the pages a TRS pager may announce.
const maxPager = 500

// trsPager returns the listing pages announced by a TRS pager script,
// createPageHTML(countPage, currentPage, "index", "htm"): page 0 is
// index.htm, page n is index_n.htm, in the page's directory.
func trsPager(script, pageURL string) []string {
	m := pagerCallRE.FindStringSubmatch(script)
	if m == nil {
		return nil
	}
	vars := map[string]int{}
	for _, v := range pagerVarRE.FindAllStringSubmatch(script, -1) {
		n, _ := strconv.Atoi(v[2])
		vars[v[1]] = n
	}
	count, err := strconv.Atoi(m[1])
	if err != nil {
		c, ok := vars[m[1]]
		if !ok {
			return nil
		}
		count = c
	}
	if count > maxPager {
		count = maxPager
	}
	base, err := url.Parse(pageURL)
	if err != nil {
		return nil
	}
	var out []string
	for i := 0; i < count; i++ {
		name := m[3] + "." + m[4]
		if i > 0 {
			name = fmt.Sprintf("%s_%d.%s", m[3], i, m[4])
		}
		u, err := base.Parse(name)
		if err != nil {
			continue
		}
		u.RawQuery, u.Fragment = "", ""
		out = append(out, u.String())
	}
	return out
}

// compileSelectors compiles a site's selectors (checked by Site.Check).
func compileSelectors(s Selectors) (*selectors, error) {
	var out selectors
	for _, x := range []struct {
		src string
		dst *cascadia.Selector
	}{{s.Reports, &out.reports}, {s.Next, &out.next}, {s.Body, &out.body}} {
		if x.src == "" {
			continue
		}
		sel, err := cascadia.Compile(x.src)
		if err != nil {
			return nil, fmt.Errorf("selector %q: %w", x.src, err)
		}
		*x.dst = sel
	}
	return &out, nil
}
