// Package demosite is a fake government portal for tests and demos: an
// http.Handler whose URLs look like a TRS portal's 政府信息公开年报 column
// (the Pingtan one) and which serves the real pages of fixtures/html.
//
// The column has three listing pages, index.htm, index_1.htm and
// index_2.htm, built from the real Pingtan listing page with a TRS
// createPageHTML pager. They link, with ./, ../ and /-rooted relative
// links, to four real report pages in three templates (provincial 2015,
// national 2019, national 2021 for 2023 and 2024), to a notice that is
// not a report (关于…的函), and to a copy of a report on a mirror host,
// like the spam mirrors of portals.md §5. The 2015 page is served the
// way legacy portals serve pages: GBK bytes labelled <meta
// charset="gb2312">, with no charset in the HTTP header, and a PDF
// attachment in its TRS attachment list: the same report printed to PDF
// (fixtures/pdf/pingtan_2015.pdf). The 2023 page lists its report as a
// DOCX (fixtures/word/pingtan_2023.docx). robots.txt disallows the site
// search. Pages answer conditional GETs (ETag, Last-Modified).
//
// The report pages are the fixtures' bytes (package fixtures embeds
// fixtures/html), except the 2015 one (re-encoded, its meta charset
// relabelled, the attachment added) and the 2023 one (the attachment
// added).
//
// With Options.ListAPI the portal has a second column, APIColumnPath,
// built the way Hanweb (大汉) jcms columns are: its page embeds the first
// record in a <script type="text/xml"><datastore> and the rest come from
// the list interface DataproxyPath, a POST answering datastore XML. The
// 2019 report then leaves the TRS listing and is listed by that column
// only, so a crawl finds it through the interface.
package demosite

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"

	"nianbao/fixtures"
)

// pages are the real portal pages the portal serves.
var pages = fixtures.HTML

// Paths of the portal.
const (
	ColumnPath  = "/zwgk/zfxxgk/zfxxgknb/"
	ListingPath = ColumnPath + "index.htm"
	RobotsPath  = "/robots.txt"
	// AttachmentPath is the PDF attached to the 2015 report: the 2015
	// page printed to PDF (fixtures/pdf/pingtan_2015.pdf).
	AttachmentPath = ColumnPath + "201601/P020160112384529174852.pdf"
	// WordAttachmentPath is the DOCX attached to the 2023 report: the
	// 2023 page saved as Word (fixtures/word/pingtan_2023.docx).
	WordAttachmentPath = ColumnPath + "202403/P020240308562870325421.docx"
	// APIColumnPath is the list-interface column (Options.ListAPI) and
	// DataproxyPath its interface.
	APIColumnPath = "/col/col1813/index.html"
	DataproxyPath = "/module/web/jpage/dataproxy.jsp"
)

// APIPage is the Page of an entry listed by the list-interface column
// only (Options.ListAPI).
const APIPage = -1

// DefaultMirrorURL is where the listing's mirror link points unless
// Options.MirrorURL says otherwise: a .invalid name, which never
// resolves.
const DefaultMirrorURL = "http://www-pingtan-gov-cn.mirror.invalid/zwgk/zfxxgk/zfxxgknb/202302/t20230220_80629.htm"

// An Entry is a link of the column's listing.
type Entry struct {
	Title string
	Date  string // as the listing shows it
	Href  string // as written in the listing
	Path  string // the path it resolves to on the portal; "" for the mirror
	Page  int    // listing page: 0 is index.htm
	// Report tells a report from the notice.
	Report bool
	// InAPI is set for the entries the list-interface column lists
	// (Options.ListAPI), in order.
	InAPI bool
	// Charset of the page as served.
	Charset string
}

// Entries returns the links of the column's listing pages, in order.
func Entries(mirrorURL string) []Entry {
	if mirrorURL == "" {
		mirrorURL = DefaultMirrorURL
	}
	return []Entry{
		{Title: "平潭综合实验区2024年度政府信息公开工作年度报告", Date: "2025-03-10", Href: "./202503/t20250310_97791.htm", Path: ColumnPath + "202503/t20250310_97791.htm", Page: 0, Report: true, Charset: "utf-8"},
		{Title: "平潭综合实验区2023年度政府信息公开工作年度报告", Date: "2024-03-08", Href: ColumnPath + "202403/t20240308_87885.htm", Path: ColumnPath + "202403/t20240308_87885.htm", Page: 0, Report: true, Charset: "utf-8"},
		{Title: "关于2014年政府信息公开工作要点落实情况的函", Date: "2014-12-15", Href: "./201412/t20141215_80431.htm", Path: ColumnPath + "201412/t20141215_80431.htm", Page: 0, Charset: "utf-8"},
		{Title: "平潭综合实验区2022年度政府信息公开工作年度报告", Date: "2023-02-20", Href: mirrorURL, Page: 1, Report: true},
		{Title: "平潭综合实验区2019年度政府信息公开工作年度报告", Date: "2020-01-20", Href: "./202001/t20200120_80576.htm", Path: ColumnPath + "202001/t20200120_80576.htm", Page: 1, Report: true, Charset: "utf-8"},
		{Title: "平潭综合实验区2015年度政府信息公开工作年度报告", Date: "2016-01-12", Href: "../zfxxgknb/201601/t20160112_80445.htm", Path: ColumnPath + "201601/t20160112_80445.htm", Page: 2, Report: true, Charset: "gb2312"},
	}
}

// listingPages is the number of listing pages.
const listingPages = 3

// Options configure a Portal.
type Options struct {
	// MirrorURL is the target of the listing's link to a mirror copy of
	// a report; DefaultMirrorURL when empty.
	MirrorURL string
	// ListAPI adds the list-interface column, which lists the 2024
	// report (in its page) and the 2019 one (through DataproxyPath); the
	// 2019 report leaves the TRS listing.
	ListAPI bool
}

// A Portal is the fake portal. It is safe for concurrent use; Set and
// Remove change it between crawls.
type Portal struct {
	mu      sync.RWMutex
	files   map[string]file
	entries []Entry
	listAPI bool
	listing []byte // the real listing page the listing pages are built from
}

type file struct {
	contentType string
	body        []byte
	etag        string
	modTime     time.Time
}

// published is the Last-Modified of the pages as built.
var published = time.Date(2026, 3, 13, 9, 0, 0, 0, time.UTC)

// New builds the portal.
func New(opts Options) (*Portal, error) {
	listing, err := pages.ReadFile("html/listing_index.html")
	if err != nil {
		return nil, err
	}
	entries := Entries(opts.MirrorURL)
	if opts.ListAPI {
		entries[0].InAPI = true
		entries[4].Page, entries[4].InAPI = APIPage, true
	}
	p := &Portal{files: make(map[string]file), entries: entries, listAPI: opts.ListAPI, listing: listing}
	if err := p.renderListings(published); err != nil {
		return nil, err
	}
	for _, r := range []struct{ file, path string }{
		{"pingtan_2024.html", entries[0].Path},
		{"pingtan_2023.html", entries[1].Path},
		{"pingtan_2019.html", entries[4].Path},
	} {
		b, err := pages.ReadFile("html/" + r.file)
		if err != nil {
			return nil, err
		}
		if r.file == "pingtan_2023.html" {
			if b, err = withAttachment(b, WordAttachmentPath, "平潭综合实验区2023年度政府信息公开工作年度报告.docx"); err != nil {
				return nil, err
			}
		}
		p.set(r.path, "text/html; charset=utf-8", b, published)
	}
	docx, err := fixtures.Word.ReadFile("word/pingtan_2023.docx")
	if err != nil {
		return nil, err
	}
	p.set(WordAttachmentPath, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx, published)
	pdf, err := fixtures.PDF.ReadFile("pdf/pingtan_2015.pdf")
	if err != nil {
		return nil, err
	}
	b, err := pages.ReadFile("html/pingtan_2015.html")
	if err != nil {
		return nil, err
	}
	gbk, err := legacyPage(b)
	if err != nil {
		return nil, err
	}
	p.set(entries[5].Path, "text/html", gbk, published)
	p.set(AttachmentPath, "application/pdf", pdf, published)
	p.set(entries[2].Path, "text/html; charset=utf-8", noticePage(entries[2].Title), published)
	p.set(RobotsPath, "text/plain; charset=utf-8", []byte("User-agent: *\nDisallow: /fjdzapp/\nDisallow: /search/\n"), published)
	p.set("/", "text/html; charset=utf-8", []byte(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>平潭综合实验区党工委管委会</title></head><body><a href="`+ColumnPath+`">政府信息公开年报</a></body></html>`), published)
	return p, nil
}

// Set replaces (or adds) the document at path, as a portal editor
// would: its ETag and Last-Modified change.
func (p *Portal) Set(path, contentType string, body []byte) {
	p.set(path, contentType, body, time.Now().UTC().Truncate(time.Second))
}

func (p *Portal) set(path, contentType string, body []byte, mod time.Time) {
	sum := sha256.Sum256(body)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.files[path] = file{contentType: contentType, body: body, etag: `"` + hex.EncodeToString(sum[:8]) + `"`, modTime: mod}
}

// Remove deletes the document at path: it answers 404 from then on, and
// its entry leaves the listing pages.
func (p *Portal) Remove(path string) {
	p.mu.Lock()
	delete(p.files, path)
	listed := slices.ContainsFunc(p.entries, func(e Entry) bool { return e.Path == path })
	p.entries = slices.DeleteFunc(p.entries, func(e Entry) bool { return e.Path == path })
	p.mu.Unlock()
	if listed {
		// The template rendered once in New; it cannot fail now.
		_ = p.renderListings(time.Now().UTC().Truncate(time.Second))
	}
}

// renderListings builds the listing pages from the entries.
func (p *Portal) renderListings(mod time.Time) error {
	p.mu.RLock()
	entries := slices.Clone(p.entries)
	p.mu.RUnlock()
	for i := range listingPages {
		page, err := listingPage(p.listing, entries, i)
		if err != nil {
			return err
		}
		name := "index.htm"
		if i > 0 {
			name = fmt.Sprintf("index_%d.htm", i)
		}
		if old, _, ok := p.Get(ColumnPath + name); ok && bytes.Equal(old, page) {
			continue
		}
		p.set(ColumnPath+name, "text/html; charset=utf-8", page, mod)
	}
	if p.listAPI {
		page := apiColumnPage(entries)
		if old, _, ok := p.Get(APIColumnPath); !ok || !bytes.Equal(old, page) {
			p.set(APIColumnPath, "text/html; charset=utf-8", page, mod)
		}
	}
	return nil
}

// Entries returns the portal's current entries.
func (p *Portal) Entries() []Entry {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return slices.Clone(p.entries)
}

// Get returns the document at path.
func (p *Portal) Get(path string) (body []byte, contentType string, ok bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	f, ok := p.files[path]
	return f.body, f.contentType, ok
}

// Paths returns the paths the portal serves, sorted.
func (p *Portal) Paths() []string {
	p.mu.RLock()
	defer p.mu.RUnlock()
	var out []string
	for k := range p.files {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// ServeHTTP serves the portal's documents, answering conditional GETs.
func (p *Portal) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if p.listAPI && r.URL.Path == DataproxyPath {
		p.dataproxy(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	path := r.URL.Path
	if strings.HasSuffix(path, "/") && path != "/" {
		path += "index.htm"
	}
	p.mu.RLock()
	f, ok := p.files[path]
	p.mu.RUnlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", f.contentType)
	w.Header().Set("ETag", f.etag)
	http.ServeContent(w, r, "", f.modTime, bytes.NewReader(f.body))
}

const (
	staticStart = `<div class="rules_tabs_01 rules_tabs_no_bg" ms-visible="showStatic">`
	dynamicPart = `<div class="rules_tabs_01 rules_tabs_no_bg" ms-visible="!showStatic"`
)

// listingPage returns listing page n: the real listing with its static
// list replaced by the entries of page n and a TRS pager.
func listingPage(tmpl []byte, entries []Entry, n int) ([]byte, error) {
	s := string(tmpl)
	i := strings.Index(s, staticStart)
	j := strings.Index(s, dynamicPart)
	if i < 0 || j < i {
		return nil, fmt.Errorf("listing template: static list not found")
	}
	var b strings.Builder
	b.WriteString(s[:i+len(staticStart)])
	b.WriteString("\n")
	for _, e := range entries {
		if e.Page != n {
			continue
		}
		fmt.Fprintf(&b, `                                        <dl>
                                            <dd class="trt-col-sm-24 slb-trt-col-24 text_align_left">
                                                <a href="%s" target="_blank" title="%s">%s</a>
                                            </dd>
                                            <dd class="trt-col-4 trt-col-sm-24 slb-trt-col-24 text_align_left">
                                                %s
                                            </dd>
                                        </dl>
`, e.Href, e.Title, e.Title, e.Date)
	}
	fmt.Fprintf(&b, `                                        <div class="page_base mar_t_base"><script language="JavaScript">createPageHTML(%d, %d, "index", "htm");</script></div>
                                </div>
                                `, listingPages, n)
	b.WriteString(s[j:])
	return []byte(b.String()), nil
}

// legacyPage turns a UTF-8 report page into what a legacy portal
// serves: labelled gb2312, encoded as GBK (characters GBK lacks, such as
// the zero-width space in the 2015 report, become character references,
// as a GBK editor saves them), with a PDF in the TRS attachment list.
func legacyPage(page []byte) ([]byte, error) {
	s := string(page)
	const meta = `<meta charset="utf-8"`
	if !strings.Contains(s, meta) {
		return nil, fmt.Errorf("legacy page: no %s", meta)
	}
	s = strings.Replace(s, meta, `<meta charset="gb2312"`, 1)
	b, err := withAttachment([]byte(s), AttachmentPath, "平潭综合实验区2015年度政府信息公开工作年度报告.pdf")
	if err != nil {
		return nil, fmt.Errorf("legacy page: %w", err)
	}
	s = string(b)
	enc := encoding.HTMLEscapeUnsupported(simplifiedchinese.GBK.NewEncoder())
	out, err := enc.Bytes([]byte(s))
	if err != nil {
		return nil, fmt.Errorf("legacy page: %w", err)
	}
	return out, nil
}

// noticePage is the page of the notice in the column.
func noticePage(title string) []byte {
	return []byte(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>` + title + `_政府信息公开年报_平潭综合实验区党工委管委会</title></head><body><div class="TRS_Editor"><p>` + title + `</p></div></body></html>`)
}

// withAttachment adds a link to the file at path, named name, to the
// TRS attachment list (<ul id="file_ul_fj">) of a report page.
func withAttachment(page []byte, path, name string) ([]byte, error) {
	s := string(page)
	const list = `<ul id="file_ul_fj">`
	if !strings.Contains(s, list) {
		return nil, fmt.Errorf("no attachment list")
	}
	file := path[strings.LastIndex(path, "/")+1:]
	s = strings.Replace(s, list, list+"\n"+`                                  <li><a href="./`+file+`" target="_blank">`+name+`</a></li>`, 1)
	return []byte(s), nil
}
