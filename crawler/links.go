package crawler

import (
	"mime"
	"net/http"
	"strings"

	"nianbao/internal/charset"
)

// discover returns the links to follow from a fetched page and the
// charset it was decoded from: report links, sub-columns and pagination
// from a listing, attachments from a report page. A report page that
// proves to be a listing (tree.go) becomes one: t.kind changes. For a
// correction it sets t.corrects.
func (r *run) discover(t *task, resp *response) ([]link, string) {
	var attach bool // a report page may link to files
	switch t.kind {
	case Listing, Correction:
	case ListingAPI:
		return r.readAPI(t, resp), ""
	case Report:
		// One scan of the body: what follows asks again.
		attach = mayHaveAttachments(resp.body)
		if !attach && !mayBeListing(t.u) {
			return nil, ""
		}
	default:
		return nil, ""
	}
	ct := resp.header.Get("Content-Type")
	if !isHTML(ct, resp.body) {
		if t.kind == Correction { // a file: linked by its title alone
			t.corrects = r.corrected(t, t.url, nil)
		}
		return nil, ""
	}
	page, cs, err := charset.Decode(resp.body, ct)
	if err != nil {
		r.c.lg.Warn("decode", "url", t.url, "err", err)
		return nil, ""
	}
	base := resp.finalURL
	if base == "" {
		base = t.url
	}
	if t.fragment != "" && t.kind == Listing {
		base += "#" + t.fragment // a gkmlpt page names its column there
	}
	switch {
	case t.kind == Correction:
		t.corrects = r.corrected(t, base, page)
		return nil, cs
	case t.kind == Report && mayBeListing(t.u) && isListingPage(base, page):
		if err := r.asListing(t); err != nil {
			r.skipOnce(t, t.url, t.kind, err)
			return nil, cs
		}
	case t.kind == Report && !attach:
		return nil, ""
	}
	links, err := r.c.disc.extract(base, page, t.kind, t.site, t.sel, t.year)
	if err != nil {
		r.c.lg.Warn("extract links", "url", t.url, "err", err)
		return nil, cs
	}
	return links, cs
}

// isHTML reports whether a body is an HTML page, by its Content-Type or,
// without a useful one, by sniffing.
func isHTML(contentType string, body []byte) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err == nil {
		switch mt {
		case "text/html", "application/xhtml+xml":
			return true
		case "", "application/octet-stream", "text/plain":
		default:
			return false
		}
	}
	return strings.HasPrefix(http.DetectContentType(body), "text/html")
}
