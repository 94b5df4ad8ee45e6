package crawler

import (
	"os"
	"strings"
	"testing"
)

// The repository's sites file lists at least 60 real annual-report
// columns across at least 20 provinces, each with its family, its region
// (central bodies have none) and the evidence for its URLs in a comment
// above it; every URL is on a real portal and, when portals.md is at
// hand, those cited from it are in it.
func TestSitesFile(t *testing.T) {
	cfg, err := LoadConfig("../sites.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Sites) < 60 {
		t.Errorf("%d sites, want at least 60", len(cfg.Sites))
	}
	raw, err := os.ReadFile("../sites.toml")
	if err != nil {
		t.Fatal(err)
	}
	evidence := siteEvidence(string(raw))
	research, err := os.ReadFile("../../shared/research/portals.md")
	if err != nil {
		t.Logf("portals.md not found (%v): URLs not checked against it", err)
	}
	agencies, listings := 0, 0
	provinces := map[string]bool{}
	for _, s := range cfg.Sites {
		if len(s.AllowedHosts) == 0 {
			t.Errorf("%s: no allowed hosts", s.Name)
		}
		if s.Family == "" {
			t.Errorf("%s: no family", s.Name)
		}
		if s.Agency != "" {
			agencies++
		}
		if len(s.Listings) > 0 {
			listings++
		}
		if p := province(s.Region); p != "" {
			provinces[p] = true
		}
		ev := evidence[s.Name]
		if !strings.HasPrefix(ev, "# evidence: ") {
			t.Errorf("%s: no # evidence: comment above the site", s.Name)
		}
		for _, u := range append(append([]string(nil), s.Listings...), s.Reports...) {
			if strings.Contains(u, ".invalid") || strings.Contains(u, "example.") {
				t.Errorf("%s: %s is not a real portal", s.Name, u)
			}
			// A {year} site's URLs are one per year now; portals.md has one.
			if research != nil && strings.HasPrefix(ev, "# evidence: portals.md") && !strings.Contains(ev, YearPlaceholder) && !strings.Contains(ev, "pages corpus") && !strings.Contains(ev, "code-index") &&
				!strings.Contains(string(research), strings.TrimPrefix(strings.TrimPrefix(u, "http://"), "https://")) && !inResearchAsPattern(string(research), u) {
				t.Errorf("%s: %s is not in portals.md", s.Name, u)
			}
		}
	}
	if len(provinces) < 20 {
		t.Errorf("%d provinces, want at least 20", len(provinces))
	}
	if agencies < 5 || listings < 30 {
		t.Errorf("%d sites name their agency, %d have a listing", agencies, listings)
	}
}

// siteEvidence maps each site of a sites file to the comment lines just
// above its [[site]] line, followed by its lines up to the next blank.
func siteEvidence(src string) map[string]string {
	out := map[string]string{}
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "name = ") || i == 0 || lines[i-1] != "[[site]]" {
			continue
		}
		name := strings.Trim(strings.TrimPrefix(l, "name = "), `"`)
		var c []string
		for j := i - 2; j >= 0 && strings.HasPrefix(lines[j], "#"); j-- {
			c = append([]string{lines[j]}, c...)
		}
		for j := i; j < len(lines) && lines[j] != ""; j++ {
			c = append(c, lines[j])
		}
		out[name] = strings.Join(c, "\n")
	}
	return out
}

// province is the province-level part of a region (湖北省武汉市 → 湖北省).
func province(region string) string {
	for _, end := range []string{"自治区", "省", "市"} {
		if i := strings.Index(region, end); i >= 0 {
			return region[:i+len(end)]
		}
	}
	return region
}

// inResearchAsPattern accepts a URL portals.md gives as a host and a
// path pattern in two columns of its table.
func inResearchAsPattern(research, u string) bool {
	i := strings.Index(u, "://")
	rest := u[i+3:]
	j := strings.Index(rest, "/")
	host, path := rest[:j], rest[j:]
	return strings.Contains(research, "| `"+path+"` | http://"+host+"/… |")
}

func TestParseConfig(t *testing.T) {
	good := `
contact = "mailto:someone@example.org"
[[site]]
name = "a"
agency = "某局"
listings = ["https://www.a.gov.cn/zfxxgknb/"]
from_year = 2019
to_year = 2024
[site.selectors]
reports = ".list a"
next = "a.next"
body = "#zoom"
[[site]]
name = "b"
reports = ["http://b.gov.cn/r.htm"]
`
	cfg, err := ParseConfig([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	a := cfg.Site("a")
	if a == nil || a.Agency != "某局" || a.FromYear != 2019 || a.Selectors.Body != "#zoom" || cfg.Contact == "" {
		t.Fatalf("parsed %+v", cfg)
	}
	if got := cfg.Site("b").AllowedHosts; len(got) != 1 || got[0] != "b.gov.cn" {
		t.Errorf("default allowed hosts: %v", got)
	}
	if cfg.Site("c") != nil {
		t.Error("found a site that is not there")
	}

	for _, tt := range []struct{ name, src, err string }{
		{"UnknownKey", "[[site]]\nname = \"a\"\nlisting = [\"http://a.gov.cn/\"]", "unknown key"},
		{"NoName", "[[site]]\nlistings = [\"http://a.gov.cn/\"]", "without a name"},
		{"NoStart", "[[site]]\nname = \"a\"", "no listings or reports"},
		{"Duplicate", "[[site]]\nname = \"a\"\nlistings = [\"http://a.gov.cn/\"]\n[[site]]\nname = \"a\"\nlistings = [\"http://a.gov.cn/\"]", "duplicate"},
		{"FTP", "[[site]]\nname = \"a\"\nlistings = [\"ftp://a.gov.cn/\"]", "not an http"},
		{"StartNotAllowed", "[[site]]\nname = \"a\"\nlistings = [\"http://a.gov.cn/\"]\nallowed_hosts = [\"b.gov.cn\"]", "not on an allowed host"},
		{"BadHost", "[[site]]\nname = \"a\"\nlistings = [\"http://a.gov.cn/\"]\nallowed_hosts = [\"*\"]", "bad allowed host"},
		{"BadSelector", "[[site]]\nname = \"a\"\nlistings = [\"http://a.gov.cn/\"]\n[site.selectors]\nnext = \"a[\"", "selector"},
		{"Years", "[[site]]\nname = \"a\"\nlistings = [\"http://a.gov.cn/\"]\nfrom_year = 2024\nto_year = 2019", "after to_year"},
		{"Syntax", "[[site]\nname = 1", "parse config"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig([]byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("error %v, want one containing %q", err, tt.err)
			}
		})
	}
}

func TestAllows(t *testing.T) {
	s := Site{AllowedHosts: []string{"www.a.gov.cn", "127.0.0.1:8080", "*.b.gov.cn"}}
	for host, want := range map[string]bool{
		"www.a.gov.cn":      true,
		"WWW.A.GOV.CN":      true,
		"www.a.gov.cn:8443": true, // a name without a port allows any port
		"a.gov.cn":          false,
		"www.a.gov.cn.evil": false,
		"127.0.0.1:8080":    true,
		"127.0.0.1:8081":    false, // another port is another host
		"127.0.0.1":         false,
		"x.b.gov.cn":        true,
		"x.y.b.gov.cn":      true,
		"b.gov.cn":          false,
		"evilb.gov.cn":      false,
		"zwinkt.com":        false,
	} {
		if got := s.Allows(host); got != want {
			t.Errorf("Allows(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestUserAgent(t *testing.T) {
	ua, err := UserAgent("1.2", "https://a.example/crawler")
	if err != nil || ua != "nianbao/1.2 (+https://a.example/crawler)" {
		t.Errorf("UserAgent = %q, %v", ua, err)
	}
	if _, err := UserAgent("1.2", " "); err == nil {
		t.Error("no error without a contact")
	}
}
