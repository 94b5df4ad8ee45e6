package crawler

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// ListingAPI is the kind of a request to a column's list interface (a
// Hanweb dataproxy, a gkmlpt JSON list, a site's [site.api]): fetched
// and limited like a listing page, its answer read for report links.
const ListingAPI Kind = "listing-api"

// isListing reports whether documents of kind k are pages of a
// column's list (listing pages and list-interface answers): fetched
// whole every run, counted against MaxListingPages, and read for links.
func (k Kind) isListing() bool { return k == Listing || k == ListingAPI }

// An apiCall is one request to a list interface and how to read its
// answer. A chain of calls pages through one list: read returns the
// report links of an answer and the next call, nil at the end.
type apiCall struct {
	family string     // hanweb, gkmlpt or site-api, for logs
	url    string     // the request URL
	method string     // GET or POST
	form   url.Values // the POST body; nil for GET
	read   func(body []byte) ([]link, *apiCall, error)
}

// logURL is the URL a task is recorded under: its URL, and for a POST
// the body after a #, since one interface URL may answer every page of
// a list (the page number in the body).
func (t *task) logURL() string {
	if t.api == nil || t.api.form == nil {
		return t.url
	}
	return t.url + "#" + t.api.form.Encode()
}

// maxAPICalls caps the calls of one chain, as maxPager caps a pager.
const maxAPICalls = maxPager

// apiLink is the link that queues call.
func apiLink(call *apiCall) link {
	return link{url: call.url, kind: ListingAPI, api: call}
}

// readAPI reads the answer of a list-interface request.
func (r *run) readAPI(t *task, resp *response) []link {
	if t.api == nil {
		return nil
	}
	links, next, err := t.api.read(resp.body)
	if err != nil {
		r.c.lg.Warn("list interface answer", "site", t.site.Name, "family", t.api.family, "url", t.url, "err", err)
		return nil
	}
	if next != nil {
		links = append(links, apiLink(next))
	}
	return links
}

// reportItem is the link for a list item with a title and a URL (relative
// to base), when the title reads like a report of a year the site wants.
func reportItem(base *url.URL, site *Site, title, href string) (link, bool) {
	title = collapse(html.UnescapeString(tagRE.ReplaceAllString(title, "")))
	href = strings.TrimSpace(href)
	if href == "" || !isReportTitle(title) {
		return link{}, false
	}
	u, err := base.Parse(href)
	if err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return link{}, false
	}
	u.Fragment, u.RawFragment = "", ""
	y := titleYear(title)
	if !site.yearOK(y) {
		return link{}, false
	}
	return link{url: u.String(), kind: Report, title: title, year: y}, true
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// APIConfig describes a JSON list interface of a column, for a site
// whose list the crawler cannot find in its pages ([site.api] in
// sites.toml). Paths are dotted JSON paths ("data.list", "items.0.url").
type APIConfig struct {
	// URL is the request URL, with {page} where the page number goes.
	URL string `toml:"url"`
	// Method is GET (the default) or POST.
	Method string `toml:"method"`
	// Form is the POST body (application/x-www-form-urlencoded), with
	// {page} where the page number goes when URL has none.
	Form string `toml:"form"`
	// StartPage is the number of the first page; 1 when absent.
	StartPage *int `toml:"start_page"`
	// List is the path of the array of items in an answer.
	List string `toml:"list"`
	// Title and Href are paths inside an item: its title (HTML tags are
	// removed) and its URL (relative to the request URL). The report's
	// year is read from the title, as on a listing page.
	Title string `toml:"title"`
	Href  string `toml:"href"`
	// Total is the path of the number of items of the whole list, when
	// the answer has one; paging stops when that many were read, at an
	// empty page, or at a page with nothing new.
	Total string `toml:"total"`
}

// check reports whether a is usable; a nil a is.
func (a *APIConfig) check() error {
	if a == nil {
		return nil
	}
	u, err := url.Parse(strings.ReplaceAll(a.URL, "{page}", "1"))
	if err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("api: url %q is not an http or https URL", a.URL)
	}
	if u.User != nil {
		return fmt.Errorf("api: %s: %w", redactURL(a.URL), ErrCredentials)
	}
	switch strings.ToUpper(a.Method) {
	case "", "GET":
		if a.Form != "" {
			return errors.New("api: form needs method = \"POST\"")
		}
		if !strings.Contains(a.URL, "{page}") {
			return errors.New("api: url has no {page}")
		}
	case "POST":
		if !strings.Contains(a.URL, "{page}") && !strings.Contains(a.Form, "{page}") {
			return errors.New("api: neither url nor form has {page}")
		}
		if _, err := url.ParseQuery(strings.ReplaceAll(a.Form, "{page}", "1")); err != nil {
			return fmt.Errorf("api: form: %w", err)
		}
	default:
		return fmt.Errorf("api: method %q, want GET or POST", a.Method)
	}
	if a.List == "" || a.Title == "" || a.Href == "" {
		return errors.New("api: list, title and href are required")
	}
	if a.StartPage != nil && *a.StartPage < 0 {
		return fmt.Errorf("api: start_page %d", *a.StartPage)
	}
	return nil
}

// host is the host of the interface's URL.
func (a *APIConfig) host() string {
	u, err := url.Parse(strings.ReplaceAll(a.URL, "{page}", "1"))
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Host)
}

// siteAPICall is the first call of a site's [site.api] list.
func siteAPICall(s *Site) *apiCall {
	a := s.API
	page := 1
	if a.StartPage != nil {
		page = *a.StartPage
	}
	seen := map[string]bool{}
	var call func(page, n int) *apiCall
	call = func(page, n int) *apiCall {
		p := strconv.Itoa(page)
		c := &apiCall{family: "site-api", url: strings.ReplaceAll(a.URL, "{page}", p), method: "GET"}
		if strings.EqualFold(a.Method, "POST") {
			c.method = "POST"
			c.form, _ = url.ParseQuery(strings.ReplaceAll(a.Form, "{page}", p)) // checked
			if c.form == nil {
				c.form = url.Values{}
			}
		}
		c.read = func(body []byte) ([]link, *apiCall, error) {
			base, err := url.Parse(c.url)
			if err != nil {
				return nil, nil, err
			}
			doc, err := decodeJSON(body)
			if err != nil {
				return nil, nil, err
			}
			v, ok := jsonPath(doc, a.List)
			if !ok {
				return nil, nil, fmt.Errorf("no %s in the answer", a.List)
			}
			items, ok := v.([]any)
			if !ok {
				return nil, nil, fmt.Errorf("%s is not a list", a.List)
			}
			var links []link
			fresh := 0
			for i, it := range items {
				title := jsonString(it, a.Title)
				href := jsonString(it, a.Href)
				if href == "" {
					return nil, nil, fmt.Errorf("%s[%d]: no %s", a.List, i, a.Href)
				}
				key := href
				if !seen[key] {
					seen[key] = true
					fresh++
				}
				if l, ok := reportItem(base, s, title, href); ok {
					links = append(links, l)
				}
			}
			total := -1
			if a.Total != "" {
				if t, ok := jsonPath(doc, a.Total); ok {
					total = jsonInt(t)
				}
			}
			if len(items) == 0 || fresh == 0 || total >= 0 && len(seen) >= total || n+1 >= maxAPICalls {
				return links, nil, nil
			}
			return links, call(page+1, n+1), nil
		}
		return c
	}
	return call(page, 0)
}

// decodeJSON decodes a JSON answer, keeping numbers as json.Number.
func decodeJSON(body []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, fmt.Errorf("json answer: %w", err)
	}
	return v, nil
}

// jsonPath follows a dotted path (object keys, array indexes) in v.
func jsonPath(v any, path string) (any, bool) {
	if path == "" {
		return v, true
	}
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[k]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// jsonString is the value at path in v as text ("" when absent).
func jsonString(v any, path string) string {
	x, ok := jsonPath(v, path)
	if !ok || x == nil {
		return ""
	}
	switch s := x.(type) {
	case string:
		return s
	case json.Number:
		return s.String()
	}
	return ""
}

// jsonInt is a JSON number or numeric string as an int, -1 otherwise.
func jsonInt(v any) int {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = strings.TrimSpace(x)
	default:
		return -1
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return -1
	}
	return n
}
