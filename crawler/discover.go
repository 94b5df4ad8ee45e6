package crawler

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
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
	"golang.org/x/net/html"
)

// A link is a URL found on a page, with what the crawler should do
// with it.
type link struct {
	url    string
	kind   Kind
	title  string
	year   int
	reason string   // why a link of a listing page is not a report; "" for links to follow
	sub    bool     // a sub-column of a column tree (tree.go)
	depth  int      // levels of sub-columns below a listing of the sites file
	skip   error    // why the link is logged as skipped, not fetched (notice.go)
	api    *apiCall // the request, for a ListingAPI link
}

// discoverer finds report links, pagination and attachments in pages
// the crawler has already fetched. Listing pages (and report pages of a
// site with a body selector) are replayed into a colly collector through
// an in-memory transport, so that colly's OnHTML callbacks, its <base
// href> handling and Request.AbsoluteURL resolve links exactly as in a
// live colly crawl. It is safe for concurrent use.
type discoverer struct {
	lg    *slog.Logger // for what a page says the crawler cannot follow; nil discards
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
	skips   []link   // links judged not to be reports, with the reason
	scripts []string // script texts that may hold another pager, a list interface or a redirect (keepScript)
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
	// One selector, one walk of the document per page.
	c.OnHTML("a[href], area[href], iframe[src], embed[src], script, meta[http-equiv]", func(e *colly.HTMLElement) {
		switch e.Name {
		case "script":
			d.onScript(e)
		case "meta":
			d.onMeta(e)
		default:
			d.onLink(e)
		}
	})
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
// crawler follows from a page of this kind. A report page without a
// body selector is only scanned for file links (scanAttachments);
// everything else goes through colly.
func (d *discoverer) extract(pageURL string, page []byte, kind Kind, site *Site, sel *selectors, year int) ([]link, error) {
	if kind == Report && sel.body == nil {
		return scanAttachments(pageURL, page, year), nil
	}
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
	sc.addSkips()
	if kind == Listing {
		d.familyLinks(sc, page)
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
	switch sc.kind {
	case Listing:
		title := linkTitle(e)
		if !sc.candidate(e.DOM, title) {
			return
		}
		if abs := absolute(e.Request, href); abs != "" {
			sc.listingLink(e.DOM, abs, title)
		}
	case Report:
		if !mayHaveAttachments([]byte(href)) {
			return
		}
		if sc.sel.body != nil && !inside(e.DOM, sc.sel.body) {
			return
		}
		if u := attachmentURL(absolute(e.Request, href)); u != "" {
			sc.add(link{url: u, kind: Attachment, title: collapse(e.Text), year: sc.year})
		}
	}
}

// candidate reports whether a link on a listing page may be a report or
// a page of the listing, before its URL is resolved (which costs more).
func (sc *scan) candidate(s *goquery.Selection, title string) bool {
	switch {
	case sc.sel.reports != nil && s.IsMatcher(sc.sel.reports),
		sc.sel.reports == nil && isReportTitle(title),
		sc.sel.next != nil && s.IsMatcher(sc.sel.next),
		sc.sel.next == nil && (isNextText(title) || isPageNumber(title)),
		sc.sel.reports == nil && notReportReason(title) != "",
		isNoticeTitle(title),
		maybeSubColumn(s.AttrOr("href", ""), title):
		return true
	}
	return false
}

// listingLink classifies a link on a listing page: a report, a page of
// the listing, or neither.
func (sc *scan) listingLink(s *goquery.Selection, abs, title string) {
	if l, ok := noticeLink(abs, title); ok {
		sc.add(l)
		return
	}
	report := false
	if sc.sel.reports != nil {
		report = s.IsMatcher(sc.sel.reports) && !noticeRE.MatchString(title)
	} else {
		report = isReportTitle(title)
	}
	if report {
		if y := titleYear(title); sc.site.yearOK(y) {
			sc.add(link{url: abs, kind: Report, title: title, year: y})
		} else {
			sc.skipLink(abs, title, sc.site.yearReason(y))
		}
		return
	}
	if sc.sel.next != nil {
		if s.IsMatcher(sc.sel.next) {
			sc.add(link{url: abs, kind: Listing})
			return
		}
	} else if isNextText(title) || isPageNumber(title) && sameDir(abs, sc.pageURL) {
		sc.add(link{url: abs, kind: Listing})
		return
	}
	if l, ok := sc.subColumn(abs, title); ok {
		sc.add(l)
		return
	}
	if why := notReportReason(title); why != "" {
		sc.skipLink(abs, title, why)
	}
}

func (d *discoverer) onScript(e *colly.HTMLElement) {
	sc := e.Request.Ctx.GetAny("scan").(*scan)
	if sc.kind != Listing {
		return
	}
	text := e.Text
	if keepScript(text) {
		sc.scripts = append(sc.scripts, text)
	}
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
// worth archiving (".pdf", ".DOCX", …): most report pages do not, and are
// not parsed at all.
func mayHaveAttachments(page []byte) bool {
	for i := 0; ; {
		j := bytes.IndexByte(page[i:], '.')
		if j < 0 {
			return false
		}
		i += j + 1
		var ext [5]byte
		n := 0
		for ; n < len(ext) && i+n < len(page); n++ {
			c := page[i+n]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c < 'a' || c > 'z' {
				break
			}
			ext[n] = c
		}
		if n >= 2 && n <= 4 && attachmentExt["."+string(ext[:n])] {
			return true
		}
	}
}

var (
	yearRE        = regexp.MustCompile(`(19[89]\d|20\d\d)`)
	hanYearRE     = regexp.MustCompile(`([〇○零一二三四五六七八九]{4})\s*年`)
	reportTitleRE = regexp.MustCompile(`年度报告|信息公开年报|工作年报|信息公开报告`)
	noticeRE      = regexp.MustCompile(`关于.*的(函|通知|通报|批复|意见|说明|公告|请示|决定)`)
)

// isReportTitle reports whether a link title reads like an annual report:
// a year and 政府信息公开(工作)年度报告, 信息公开年报 or 年度报告, and not a
// notice about one (关于…的函, a correction, a work plan: notice.go).
func isReportTitle(t string) bool {
	if !strings.Contains(t, "报") {
		return false // most links of a page: no regexp
	}
	t = strings.Join(strings.Fields(t), "")
	if titleYear(t) == 0 || !reportTitleRE.MatchString(t) {
		return false
	}
	if k, err := noticeKind(t); k != "" || err != nil {
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

// scanAttachments returns the file links of a report page, reading it
// with the HTML tokenizer rather than building its DOM: report pages
// are 100–350 kB of which only the links matter, and building the tree
// was the largest CPU cost of a crawl.
func scanAttachments(pageURL string, page []byte, year int) []link {
	base, err := url.Parse(pageURL)
	if err != nil {
		return nil
	}
	sc := &scan{seen: map[string]bool{pageURL: true}}
	z := html.NewTokenizer(bytes.NewReader(page))
	var open *link // the <a> being read, for its text
	var text strings.Builder
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if open != nil {
				open.title = collapse(text.String())
				sc.add(*open)
			}
			return sc.links
		case html.TextToken:
			if open != nil {
				text.Write(z.Text())
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); open != nil && string(name) == "a" {
				open.title = collapse(text.String())
				sc.add(*open)
				open = nil
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			var key string
			switch tag {
			case "base":
				key = "href"
			case "a", "area":
				key = "href"
			case "iframe", "embed":
				key = "src"
			default:
				continue
			}
			var val string
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if string(k) == key {
					val = strings.TrimSpace(string(v))
				}
			}
			if val == "" {
				continue
			}
			if tag == "base" {
				if b, err := base.Parse(val); err == nil {
					base = b
				}
				continue
			}
			if !mayHaveAttachments([]byte(val)) {
				continue
			}
			u, err := base.Parse(val)
			if err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
				continue
			}
			u.Fragment, u.RawFragment = "", ""
			abs := attachmentURL(u.String())
			if abs == "" {
				continue
			}
			l := link{url: abs, kind: Attachment, year: year}
			if tag == "a" && tt == html.StartTagToken {
				if open != nil {
					open.title = collapse(text.String())
					sc.add(*open)
				}
				open = &l
				text.Reset()
				continue
			}
			sc.add(l)
		}
	}
}
