package crawler

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestExpandYears(t *testing.T) {
	got := ExpandYears([]string{
		"http://a.gov.cn/nb/",
		"http://a.gov.cn/public/column/7731?type=3&timeFrame={year}&hasContent=true",
		"http://a.gov.cn/nb/{year}n/{year}.html",
	}, 2021, 2023)
	want := []string{
		"http://a.gov.cn/nb/",
		"http://a.gov.cn/public/column/7731?type=3&timeFrame=2021&hasContent=true",
		"http://a.gov.cn/public/column/7731?type=3&timeFrame=2022&hasContent=true",
		"http://a.gov.cn/public/column/7731?type=3&timeFrame=2023&hasContent=true",
		"http://a.gov.cn/nb/2021n/2021.html",
		"http://a.gov.cn/nb/2022n/2022.html",
		"http://a.gov.cn/nb/2023n/2023.html",
	}
	if !slices.Equal(got, want) {
		t.Errorf("ExpandYears:\n got %q\nwant %q", got, want)
	}
}

// A sites file names each site's family and region, and a {year} URL
// becomes one listing per year: from from_year (2008 when unset) to
// to_year (this year when unset).
func TestParseConfigFamilyRegionYear(t *testing.T) {
	src := `
[[site]]
name = "yanting"
family = "other"
region = "四川省绵阳市盐亭县"
listings = ["http://www.yanting.gov.cn/public/column/7731?type=3&timeFrame={year}&hasContent=true"]

[[site]]
name = "lishui"
family = "hanweb"
region = "浙江省丽水市"
from_year = 2017
to_year = 2019
reports = ["http://www.lishui.gov.cn/col/col1229286043/index.html?fbtime={year}"]

[[site]]
name = "plain"
listings = ["http://c.gov.cn/nb/"]
`
	cfg, err := ParseConfig([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	y := cfg.Site("yanting")
	if y.Family != "other" || y.Region != "四川省绵阳市盐亭县" {
		t.Errorf("yanting: family %q region %q", y.Family, y.Region)
	}
	this := time.Now().Year()
	if n := len(y.Listings); n != this-FirstYear+1 {
		t.Errorf("yanting: %d listings, want %d (2008–%d)", n, this-FirstYear+1, this)
	}
	if first, last := y.Listings[0], y.Listings[len(y.Listings)-1]; !strings.Contains(first, "timeFrame=2008&") || !strings.Contains(last, "timeFrame="+strconv.Itoa(this)+"&") {
		t.Errorf("yanting: listings from %s to %s", first, last)
	}
	if got := y.AllowedHosts; !slices.Equal(got, slices.Repeat([]string{"www.yanting.gov.cn"}, len(y.Listings))) {
		t.Errorf("yanting: allowed hosts %v", got)
	}
	l := cfg.Site("lishui")
	if want := []string{
		"http://www.lishui.gov.cn/col/col1229286043/index.html?fbtime=2017",
		"http://www.lishui.gov.cn/col/col1229286043/index.html?fbtime=2018",
		"http://www.lishui.gov.cn/col/col1229286043/index.html?fbtime=2019",
	}; !slices.Equal(l.Reports, want) || l.Family != "hanweb" {
		t.Errorf("lishui: family %q reports %q", l.Family, l.Reports)
	}
	if p := cfg.Site("plain"); p.Family != "" || len(p.Listings) != 1 {
		t.Errorf("plain: %+v", p)
	}
	// A second check (Run checks again) changes nothing.
	again := *y
	if err := again.Check(); err != nil || !slices.Equal(again.Listings, y.Listings) {
		t.Errorf("second check: %v, %d listings", err, len(again.Listings))
	}

	for _, tt := range []struct{ name, src, err string }{
		{"Family", "[[site]]\nname = \"a\"\nfamily = \"wordpress\"\nlistings = [\"http://a.gov.cn/\"]", `family "wordpress": want one of trs, hanweb, gkmlpt, aspnet, plain, other`},
		{"YearRange", "[[site]]\nname = \"a\"\nfrom_year = 1\nlistings = [\"http://a.gov.cn/{year}/\"]", "{year}: years 1–"},
		{"YearAfterNow", "[[site]]\nname = \"a\"\nfrom_year = 2099\nlistings = [\"http://a.gov.cn/{year}/\"]", "want a range within 1980–2099"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig([]byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("error %v, want one containing %q", err, tt.err)
			}
		})
	}
}
