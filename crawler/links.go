package crawler

import (
	"mime"
	"net/http"
	"strings"

	"nianbao/internal/charset"
)

// discover returns the links to follow from a fetched page and the
// charset it was decoded from: report links and pagination from a
// listing, attachments from a report page.
func (r *run) discover(t *task, resp *response) ([]link, string) {
	switch t.kind {
	case Listing:
	case ListingAPI:
		return r.readAPI(t, resp), ""
	case Report:
		if !mayHaveAttachments(resp.body) {
			return nil, ""
		}
	default:
		return nil, ""
	}
	ct := resp.header.Get("Content-Type")
	if !isHTML(ct, resp.body) {
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
