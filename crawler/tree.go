package crawler

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// Many annual-report columns are trees: the column page links one
// sub-column per year (2024年, zfxxgknb/2024n78/, nb_2022n/, gknb2018/,
// 2018nb/) or per issuer (区政府, 区级部门, 乡镇街道, xzbm/, xzjd/), each a
// listing of its own, sometimes nested (zfxxgknb/2024n78/xzjd/…/). The
// crawler follows such links as listings, up to Options.MaxDepth levels
// below a listing of the sites file, and tells a listing from a report
// by the page itself once fetched: a sub-column titled like a report
// (2022年度政府信息公开工作年度报告, a column of many agencies' reports)
// is read as a listing, not kept as a report.

var (
	// subColumnTitleRE matches link titles of year and issuer
	// sub-columns: a bare year (2024, 2024年, 2024年度, 二〇二四年), a
	// year's 年报, or an issuer category.
	subColumnTitleRE = regexp.MustCompile(`^(19[89]\d|20\d\d|[〇○零一二三四五六七八九]{4})(年|年度)?(政府)?(信息公开)?(工作)?(年报|年度报告)?$|` +
		`^(区政府|县政府|市政府|部门|乡镇|街道|镇街|单位)(信息公开)?年报$|` +
		`^(区|县|市|旗)?(人民)?政府(工作|组成)?(部门)?$|^(区|县|市|旗)(级|直|属)(部门|单位|机关)$|^(工作|组成|直属)部门$|` +
		`^(乡镇|镇|乡|街道|乡镇街道|镇街|街镇|街乡镇)(（街道）|\(街道\))?(人民政府|办事处)?$`)
	// subColumnNameRE matches the last path segment of year and issuer
	// sub-columns: 2024n, 2024n78, nb_2022n, 2022n_5930973, gknb2018,
	// 2018nb, 2023nianbao, zfxxgknb_2023, 2020nb; xzbm (乡镇部门), xzjd
	// (乡镇街道), bmnb, qzfbm, qzf, xzndbg.
	subColumnNameRE = regexp.MustCompile(`^([a-z]*_?)?(19[89]\d|20\d\d)(n|nb|nd|nian|nianbao|ndbg)?(\d{0,3})(_\d+)?$|^(nb|gknb|zfxxgknb|xxgknb|ndbg)_?(19[89]\d|20\d\d)(n|nb)?(_\d+)?$|^(xzbm|xzjd|jdxz|xzjdnb|bmnb|qzfbm|qzf|qzfnb|qzfxxgknb|qzfjg|bm|bmxxgknb|xzndbg|xz|jd|zsbm|qjbm|xjbm|zfbm|gqzf)(_\d+)?$`)
)

// isSubColumnTitle reports whether a link title names a year or issuer
// sub-column.
func isSubColumnTitle(title string) bool {
	t := strings.Join(strings.Fields(title), "")
	return t != "" && len(t) <= 60 && subColumnTitleRE.MatchString(t)
}

// isSubColumnName reports whether the last segment of a URL path names
// a year or issuer sub-column (…/2024n78/, …/xzjd/index.shtml).
func isSubColumnName(p string) bool {
	p = strings.ToLower(p)
	if base := path.Base(p); strings.HasPrefix(base, "index") || strings.HasPrefix(base, "default") {
		p = path.Dir(p)
	}
	seg := path.Base(strings.TrimSuffix(p, "/"))
	return subColumnNameRE.MatchString(seg)
}

// subColumn returns the link to a sub-column of the column being read,
// or false: a page on the same host, below the listing's directory,
// that is a directory (…/xzjd/, …/1878845233519169536/index.shtml) when
// the listing is one too, or is titled or named by a year or issuer,
// and is not a file.
func (sc *scan) subColumn(abs, title string) (link, bool) {
	u, err := url.Parse(abs)
	if err != nil {
		return link{}, false
	}
	base, err := url.Parse(sc.pageURL)
	if err != nil || !strings.EqualFold(u.Host, base.Host) {
		return link{}, false
	}
	under := dir(base.Path)
	if attachmentExt[strings.ToLower(path.Ext(u.Path))] || !strings.HasPrefix(u.Path, under) || dir(u.Path) == under {
		return link{}, false
	}
	// A directory below a column's own directory is a sub-column; below
	// a page that is not one (…/zt/xxgkzl/zfxxgknb.html), its directory
	// holds other columns: only a title or name says so.
	byDir := isDirectory(u.Path) && isDirectory(base.Path)
	if !byDir && !isSubColumnTitle(title) && !isSubColumnName(u.Path) {
		return link{}, false
	}
	return link{url: abs, kind: Listing, title: title, sub: true}, true
}

// isDirectory reports whether a URL path names a column's directory or
// its index page.
func isDirectory(p string) bool {
	base := strings.ToLower(path.Base(p))
	return strings.HasSuffix(p, "/") || strings.HasPrefix(base, "index.") || strings.HasPrefix(base, "default.")
}

// maybeSubColumn is the cheap test of candidate: a title or href that
// may name a sub-column.
func maybeSubColumn(href, title string) bool {
	if isSubColumnTitle(title) {
		return true
	}
	if u, err := url.Parse(strings.TrimSpace(href)); err == nil && u.Path != "" {
		return isDirectory(u.Path) || isSubColumnName(u.Path)
	}
	return false
}

// listingMinReports is how many distinct report links make a page at a
// column's address (…/nb_2022n/, …/index.shtml) a listing, without a
// statistics table: a report links itself, its predecessor and
// successor at most. A page at an article's address
// (…/t20230120_1.html) needs listingMinReportsArticle: an article whose
// report is an attachment may have a side list of the column's latest
// reports, and must not be taken for a listing.
const (
	listingMinReports        = 4
	listingMinReportsArticle = 10
)

// statsWords mark a statistics table: the rows every template prints,
// read outside links (a listing in a table prints report titles).
var statsWords = []string{"申请", "复议", "诉讼", "主动公开", "依申请"}

// articleRE matches the last path segment of an article: TRS
// t20240308_87885.htm, Hanweb art_1229_73271.html, post_4688997.html,
// content_184762, 32-hex ids.
var articleRE = regexp.MustCompile(`\d{5}|[0-9a-f]{16}`)

// mayBeListing reports whether a report link's address may be a
// column's: a directory or an index page, or a page not named like an
// article. Only those pages are read to tell a listing from a report
// (reading every report page cost a third of the crawl rate).
func mayBeListing(u *url.URL) bool {
	if u == nil {
		return false
	}
	if isDirectory(u.Path) {
		return true
	}
	return u.RawQuery == "" && !articleRE.MatchString(strings.ToLower(path.Base(u.Path)))
}

// isListingPage reports whether the HTML page (UTF-8) at pageURL is a
// listing of reports rather than a report.
func isListingPage(pageURL string, page []byte) bool {
	min := listingMinReportsArticle
	if u, err := url.Parse(pageURL); err == nil && isDirectory(u.Path) {
		min = listingMinReports
	}
	return looksLikeListing(page, min)
}

// looksLikeListing reports whether an HTML page (UTF-8) is a listing of
// reports rather than a report: at least min distinct links titled
// like reports, and no table with a statistics row (listing_scan.go).
func looksLikeListing(page []byte, min int) bool {
	s := scanListing(page)
	return len(s.titles) >= min && !s.stats
}

// errTooDeep is why a sub-column below Options.MaxDepth is not read.
var errTooDeep = errors.New("sub-column below the depth limit")

// descend prepares the links found on t's page for follow: it notes the
// reports found (to link corrections to them), logs the links that are
// only skipped (work plans) and the sub-columns too deep, and gives the
// others their depth in the column tree.
func (r *run) descend(t *task, links []link) []link {
	if t.kind == Report {
		r.noteReport(t.site.Name, t.url, t.title, t.year, t.referrer)
	}
	out := links[:0]
	for _, l := range links {
		switch {
		case l.skip != nil:
			r.skipOnce(t, l.url, l.kind, l.skip)
			continue
		case l.kind == Listing && l.sub:
			l.depth = t.depth + 1
			if l.depth > r.c.opts.MaxDepth {
				r.skipOnce(t, l.url, l.kind, fmt.Errorf("%w (%d)", errTooDeep, r.c.opts.MaxDepth))
				continue
			}
		case l.kind == Report:
			// A report link may prove to be a sub-column by its page.
			l.depth = t.depth + 1
			r.noteReport(t.site.Name, l.url, l.title, l.year, t.url)
		default:
			l.depth = t.depth
		}
		out = append(out, l)
	}
	return out
}

// skipOnce logs url (a link of kind k on t's page) as skipped for reason, once
// per run.
func (r *run) skipOnce(t *task, u string, k Kind, reason error) {
	key := "skip " + u
	r.mu.Lock()
	first := !r.seen[key]
	r.seen[key] = true
	if first {
		r.stats.Skipped++
	}
	r.mu.Unlock()
	if first {
		r.skip(&task{url: u, kind: k, site: t.site, referrer: t.url}, reason)
	}
}

// asListing turns a report task whose page proves to be a listing into
// a listing task. It returns an error when the listing is below the
// depth limit: its links are then not followed.
func (r *run) asListing(t *task) error {
	t.kind = Listing
	r.count(func(s *RunStats) { s.Reports-- })
	r.c.lg.Info("report link is a listing", "site", t.site.Name, "url", t.url, "title", t.title)
	if t.depth > r.c.opts.MaxDepth {
		return fmt.Errorf("%w (%d)", errTooDeep, r.c.opts.MaxDepth)
	}
	return nil
}

// A foundReport is a report link met in this run, for linking
// corrections.
type foundReport struct {
	url, title, referrer string
	year                 int
}

func (r *run) noteReport(site, u, title string, year int, referrer string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.found == nil {
		r.found = make(map[string]map[string]foundReport)
	}
	m := r.found[site]
	if m == nil {
		m = make(map[string]foundReport)
		r.found[site] = m
	}
	if _, ok := m[u]; !ok {
		m[u] = foundReport{url: u, title: title, referrer: referrer, year: year}
	}
}

// corrected returns the URL of the report a correction (task t, its page
// decoded at pageURL) corrects, or "" when it cannot tell: a link on the
// page titled like a report of the correction's year, else the report
// of that year found in this run whose title names the issuer the
// correction's title names, or that its listing page links, when only
// one does.
func (r *run) corrected(t *task, pageURL string, page []byte) string {
	r.mu.Lock()
	known := maps.Clone(r.found[t.site.Name])
	r.mu.Unlock()
	found := slices.SortedFunc(maps.Values(known), func(a, b foundReport) int { return strings.Compare(a.url, b.url) })
	var onPage []string
	for _, l := range pageLinks(pageURL, page) {
		f, ok := known[l.url]
		switch {
		case ok && (t.year == 0 || f.year == t.year):
			onPage = append(onPage, l.url)
		case !ok && isReportTitle(l.title) && (t.year == 0 || titleYear(l.title) == t.year):
			if k, _ := noticeKind(l.title); k == "" {
				onPage = append(onPage, l.url)
			}
		}
	}
	if u, ok := only(onPage); ok {
		return u
	}
	if t.year == 0 {
		return ""
	}
	var year, named, sibling []string
	subject := correctedSubject(t.title)
	for _, f := range found {
		if f.year != t.year {
			continue
		}
		year = append(year, f.url)
		if subject != "" && strings.Contains(f.title, subject) {
			named = append(named, f.url)
		}
		if f.referrer != "" && f.referrer == t.referrer {
			sibling = append(sibling, f.url)
		}
	}
	if subject != "" {
		u, _ := only(named)
		return u
	}
	if u, ok := only(sibling); ok {
		return u
	}
	u, _ := only(year)
	return u
}

func only(us []string) (string, bool) {
	if len(us) != 1 {
		return "", false
	}
	return us[0], true
}

// pageLinks returns the <a href> links of a page with their text.
func pageLinks(pageURL string, page []byte) []link {
	base, err := url.Parse(pageURL)
	if err != nil {
		return nil
	}
	var out []link
	z := html.NewTokenizer(bytes.NewReader(page))
	var open *link
	var text strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.TextToken:
			if open != nil {
				text.Write(z.Text())
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); open != nil && string(name) == "a" {
				open.title = collapse(text.String())
				out = append(out, *open)
				open = nil
			}
		case html.StartTagToken:
			name, hasAttr := z.TagName()
			if string(name) != "a" {
				continue
			}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if string(k) != "href" {
					continue
				}
				u, err := base.Parse(strings.TrimSpace(string(v)))
				if err != nil || u.Scheme != "http" && u.Scheme != "https" {
					continue
				}
				u.Fragment, u.RawFragment = "", ""
				open = &link{url: u.String()}
				text.Reset()
			}
		}
	}
}
