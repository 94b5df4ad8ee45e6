package crawler

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

// FuzzLoadSites feeds bytes to the sites-file loader. Whatever it reads
// must not panic, and what it accepts must be what a run can use: named,
// unique sites whose start URLs are http(s), on an allowed host, without
// credentials, with selectors that compile; reading it again gives the
// same config.
//
//	go test ./crawler -run XXX -fuzz FuzzLoadSites -fuzztime 60s
func FuzzLoadSites(f *testing.F) {
	if b, err := os.ReadFile("../sites.toml"); err == nil {
		f.Add(b)
	} else {
		f.Logf("no seed from ../sites.toml: %v", err)
	}
	for _, s := range []string{
		``,
		`contact = "mailto:a@example.org"`,
		"[[site]]\nname = \"a\"\nlistings = [\"https://www.a.gov.cn/nb/\"]\n",
		"[[site]]\nname = \"a\"\nreports = [\"http://a.gov.cn:8080/1.htm\"]\nallowed_hosts = [\"a.gov.cn:8080\", \"*.gov.cn\"]\nfrom_year = 2019\nto_year = 2023\n",
		"[[site]]\nname = \"a\"\nlistings = [\"http://[::1]:8080/nb/\"]\nallowed_hosts = [\"[::1]:8080\"]\n",
		"[[site]]\nname = \"a\"\nlistings = [\"http://a.gov.cn/\"]\n[site.selectors]\nreports = \"ul.list a\"\nnext = \"a.next\"\nbody = \".TRS_Editor\"\n",
		"[[site]]\nname = \"a\"\nlistings = [\"http://user:pw@a.gov.cn/\"]\n",
		"[[site]]\nname = \"a\"\nfamily = \"trs\"\nfrom_year = 2020\nlistings = [\"http://a.gov.cn/nb/{year}n/\", \"http://a.gov.cn/nb/\"]\n",
		"[[site]]\nname = \"a\"\nfamily = \"cms\"\nlistings = [\"http://a.gov.cn/\"]\n",
		"[[site]]\nname = \"a\"\nlistings = [\"http://a.gov.cn/\"]\n[[site]]\nname = \"a\"\nlistings = [\"http://b.gov.cn/\"]\n",
		"[[site]]\nname = \"a\"\nlistings = [\"http://a.gov.cn/\"]\nallowed_hosts = [\"*\"]\n",
		"[[site]]\nname = \"a\"\nlistings = [\"http://a.gov.cn/\"]\nunknown = 1\n",
		"[[site]]\nname = \"a\"\nlistings = [\"http://a.gov.cn/\"]\n[site.selectors]\nreports = \"a[\"\n",
		"[[site]\nname = ",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := ParseConfig(data)
		if err != nil {
			if cfg != nil {
				t.Fatalf("config and error %v", err)
			}
			return
		}
		names := map[string]bool{}
		for i := range cfg.Sites {
			s := cfg.Sites[i] // a copy: Check must accept it as it is
			if s.Name == "" || names[s.Name] {
				t.Fatalf("site name %q empty or repeated", s.Name)
			}
			names[s.Name] = true
			if len(s.AllowedHosts) == 0 {
				t.Fatalf("site %s: no allowed hosts", s.Name)
			}
			if err := s.Check(); err != nil {
				t.Fatalf("site %s accepted, then refused: %v", s.Name, err)
			}
			if !reflect.DeepEqual(s, cfg.Sites[i]) {
				t.Fatalf("site %s changed by a second check", s.Name)
			}
			for _, raw := range append(append([]string(nil), s.Listings...), s.Reports...) {
				if strings.Contains(raw, "@") && redactURL(raw) != raw {
					t.Fatalf("site %s: %s has credentials", s.Name, raw)
				}
			}
			if _, err := compileSelectors(s.Selectors); err != nil {
				t.Fatalf("site %s: %v", s.Name, err)
			}
		}
		again, err := ParseConfig(data)
		if err != nil || !reflect.DeepEqual(cfg, again) {
			t.Fatalf("second read differs: %v", err)
		}
	})
}
