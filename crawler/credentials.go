package crawler

import (
	"errors"
	"net/url"
	"strings"
)

// ErrCredentials is the error of a URL that carries a user name or
// password (http://user:pw@host/). Such a URL is never requested: the
// client would send the credentials, and the archive would keep them.
var ErrCredentials = errors.New("URL with credentials (user:password@) refused")

// redactURL returns raw without its userinfo, for errors, logs and the
// fetch log: "http://user:pw@host/p" becomes "http://host/p". A string
// that does not parse as a URL loses everything between "//" and the
// last "@" of its authority.
func redactURL(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		if u.User == nil {
			return raw
		}
		u.User = nil
		return u.String()
	}
	i := strings.Index(raw, "//")
	if i < 0 {
		return raw
	}
	rest := raw[i+2:]
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	at := strings.LastIndex(rest[:end], "@")
	if at < 0 {
		return raw
	}
	return raw[:i+2] + rest[at+1:]
}
