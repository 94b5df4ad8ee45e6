package crawler

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/andybalholm/cascadia"
)

// Config is the contents of a sites file (sites.toml).
type Config struct {
	// Contact is a URL or mailto: address where a site's operators can
	// reach whoever runs the crawl; it goes into the User-Agent.
	Contact string `toml:"contact"`
	Sites   []Site `toml:"site"`
}

// A Site is one portal's annual-report column.
type Site struct {
	// Name identifies the site in the archive and in logs (required,
	// unique).
	Name string `toml:"name"`
	// Agency is the agency that publishes the column, when known.
	Agency string `toml:"agency"`
	// Family is the CMS family the column's pages come from (trs,
	// hanweb, gkmlpt, aspnet, plain, other; see Families), when known:
	// it says which list pages and interfaces to expect, and lets a
	// researcher group sites by platform.
	Family string `toml:"family"`
	// Region is where the agency sits (江苏省宿迁市沭阳县, or a GB/T 2260
	// code), when known: it is stored with each report and places an
	// agency whose name alone is ambiguous.
	Region string `toml:"region"`
	// Listings are the column's listing pages; pagination is followed
	// from them. A URL holding {year} stands for one URL per year (see
	// ExpandYears); Check replaces it with them.
	Listings []string `toml:"listings"`
	// Reports are report pages known without a listing; they are
	// fetched like reports found on a listing. {year} expands as in
	// Listings.
	Reports []string `toml:"reports"`
	// AllowedHosts are the hosts the crawl may fetch from for this site:
	// "host", "host:port" (that port only) or "*.domain" (any subdomain).
	// Empty means the hosts of Listings and Reports.
	AllowedHosts []string `toml:"allowed_hosts"`
	// FromYear and ToYear, when set, keep only reports whose title
	// names a year in that range (titles without a year are kept).
	FromYear int `toml:"from_year"`
	ToYear   int `toml:"to_year"`
	// Selectors override the defaults, which work on TRS, Hanweb and
	// plain CMS pages.
	Selectors Selectors `toml:"selectors"`
	// API is the column's JSON list interface, when its pages do not
	// show the list ([site.api]).
	API *APIConfig `toml:"api"`
}

// Selectors are CSS selectors for the parts of a site's pages. Each is
// optional.
type Selectors struct {
	// Reports selects report links on a listing page (elements with an
	// href). Default: every a[href] whose title or text names a year and
	// an annual report, including the records of a Hanweb datastore.
	Reports string `toml:"reports"`
	// Next selects pagination links on a listing page. Default: links
	// reading 下一页/下页, page-number links to the same directory, and
	// the pages of a TRS createPageHTML(…) pager (index_1.htm, …).
	Next string `toml:"next"`
	// Body selects the part of a report page whose links to pdf, doc,
	// docx, wps, xls, xlsx and ofd files are archived as attachments.
	// Default: the whole page (TRS puts attachment lists outside the
	// article body).
	Body string `toml:"body"`
}

// LoadConfig reads and checks a sites file.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load config: %w", err)
	}
	cfg, err := ParseConfig(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

// ParseConfig parses and checks the contents of a sites file.
func ParseConfig(data []byte) (*Config, error) {
	var cfg Config
	md, err := toml.Decode(string(data), &cfg)
	if err != nil {
		return nil, fmt.Errorf("parse config: %w", err)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		return nil, fmt.Errorf("parse config: unknown key %s", keys[0])
	}
	names := make(map[string]bool)
	for i := range cfg.Sites {
		s := &cfg.Sites[i]
		if err := s.Check(); err != nil {
			return nil, err
		}
		if names[s.Name] {
			return nil, fmt.Errorf("site %s: duplicate name", s.Name)
		}
		names[s.Name] = true
	}
	return &cfg, nil
}

// Site returns the site named name, or nil.
func (c *Config) Site(name string) *Site {
	for i := range c.Sites {
		if c.Sites[i].Name == name {
			return &c.Sites[i]
		}
	}
	return nil
}

// Check reports whether s is usable, and fills AllowedHosts from the
// start URLs when it is empty.
func (s *Site) Check() error {
	if s.Name == "" {
		return errors.New("site without a name")
	}
	if len(s.Listings)+len(s.Reports) == 0 && s.API == nil {
		return fmt.Errorf("site %s: no listings or reports", s.Name)
	}
	if s.FromYear != 0 && s.ToYear != 0 && s.FromYear > s.ToYear {
		return fmt.Errorf("site %s: from_year %d after to_year %d", s.Name, s.FromYear, s.ToYear)
	}
	if !validFamily(s.Family) {
		return fmt.Errorf("site %s: family %q: want one of %s", s.Name, s.Family, strings.Join(Families, ", "))
	}
	if err := s.expandYears(time.Now().Year()); err != nil {
		return fmt.Errorf("site %s: %w", s.Name, err)
	}
	starts := append(append([]string(nil), s.Listings...), s.Reports...)
	var hosts []string
	for _, raw := range starts {
		u, err := url.Parse(raw)
		if err != nil {
			// url.Error quotes the URL: with credentials, when it has some.
			return fmt.Errorf("site %s: %s: %w", s.Name, redactURL(raw), errors.Unwrap(err))
		}
		if u.User != nil {
			return fmt.Errorf("site %s: %s: %w", s.Name, redactURL(raw), ErrCredentials)
		}
		if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
			return fmt.Errorf("site %s: %s: not an http or https URL", s.Name, raw)
		}
		hosts = append(hosts, strings.ToLower(u.Host))
	}
	if err := s.API.check(); err != nil {
		return fmt.Errorf("site %s: %w", s.Name, err)
	}
	if s.API != nil {
		starts, hosts = append(starts, strings.ReplaceAll(s.API.URL, "{page}", "1")), append(hosts, s.API.host())
	}
	if len(s.AllowedHosts) == 0 {
		s.AllowedHosts = hosts
	}
	for _, h := range s.AllowedHosts {
		if h == "" || strings.ContainsAny(h, "/ ") || h == "*" || strings.HasPrefix(h, "*") && !strings.HasPrefix(h, "*.") {
			return fmt.Errorf("site %s: bad allowed host %q", s.Name, h)
		}
	}
	for i, u := range starts {
		if !s.Allows(hosts[i]) {
			return fmt.Errorf("site %s: %s is not on an allowed host", s.Name, u)
		}
	}
	for _, sel := range []string{s.Selectors.Reports, s.Selectors.Next, s.Selectors.Body} {
		if sel == "" {
			continue
		}
		if _, err := cascadia.Compile(sel); err != nil {
			return fmt.Errorf("site %s: selector %q: %w", s.Name, sel, err)
		}
	}
	return nil
}

// Allows reports whether host (a URL's host, with or without a port) is
// one the site may be crawled from.
func (s *Site) Allows(host string) bool {
	host = strings.ToLower(host)
	name := host
	if h, _, err := net.SplitHostPort(host); err == nil {
		name = h
	}
	for _, a := range s.AllowedHosts {
		a = strings.ToLower(a)
		switch {
		case strings.HasPrefix(a, "*."):
			if strings.HasSuffix(name, a[1:]) {
				return true
			}
		case strings.Contains(a, ":") && !strings.HasPrefix(a, "["):
			if host == a {
				return true
			}
		case strings.HasPrefix(a, "[") && strings.Contains(a, "]:"):
			if host == a {
				return true
			}
		default:
			if name == strings.Trim(a, "[]") {
				return true
			}
		}
	}
	return false
}

// yearOK reports whether a report of year y (0 when unknown) is in the
// site's range.
func (s *Site) yearOK(y int) bool {
	if y == 0 {
		return true
	}
	return (s.FromYear == 0 || y >= s.FromYear) && (s.ToYear == 0 || y <= s.ToYear)
}

// UserAgent returns the User-Agent the crawler sends: the tool, its
// version and the contact from the config. An empty contact is an error:
// site operators must be able to reach whoever crawls them.
func UserAgent(version, contact string) (string, error) {
	contact = strings.TrimSpace(contact)
	if contact == "" {
		return "", errors.New("no contact: set contact in the sites file to a URL or mailto: address")
	}
	if version == "" {
		version = "dev"
	}
	return fmt.Sprintf("nianbao/%s (+%s)", version, contact), nil
}
