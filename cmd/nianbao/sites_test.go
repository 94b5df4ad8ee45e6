package main

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"nianbao/crawler/demosite"
)

// demoSites serves the demo portal and writes a sites file naming it and
// a second site, with families and regions.
func demoSites(t *testing.T) string {
	t.Helper()
	p, err := demosite.New(demosite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	conf := fmt.Sprintf(`contact = "mailto:test@example.org"

[[site]]
name = "pingtan"
family = "trs"
agency = "平潭综合实验区"
region = "福建省"
listings = [%q]

[[site]]
name = "yanting"
family = "other"
region = "四川省绵阳市盐亭县"
listings = ["http://www.yanting.gov.cn/public/column/7731?type=3&timeFrame={year}&hasContent=true"]
`, srv.URL+demosite.ListingPath)
	path := filepath.Join(t.TempDir(), "sites.toml")
	if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Without a database, sites lists the sites file with its families and
// regions, and says that last runs are unknown.
func TestSitesWithoutDatabase(t *testing.T) {
	sites := demoSites(t)
	missing := filepath.Join(t.TempDir(), "none.db")
	code, out, stderr := run(t, "sites", "-sites", sites, "-db", missing)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "name") || lines[3] != "2 sites" {
		t.Fatalf("output:\n%s", out)
	}
	if f := strings.Fields(lines[1]); strings.Join(f, " ") != "pingtan trs 平潭综合实验区 福建省 — —" {
		t.Errorf("pingtan line %q", lines[1])
	}
	if f := strings.Fields(lines[2]); strings.Join(f, " ") != "yanting other — 四川省绵阳市盐亭县 — —" {
		t.Errorf("yanting line %q", lines[2])
	}
	if !strings.Contains(stderr, "no database at "+missing) {
		t.Errorf("stderr %q", stderr)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("sites created the database")
	}

	code, out, stderr = run(t, "sites", "-sites", sites, "-db", missing, "-json")
	if code != 0 {
		t.Fatalf("-json: exit %d: %s", code, stderr)
	}
	var y siteLine
	if err := json.Unmarshal([]byte(strings.Split(out, "\n")[1]), &y); err != nil {
		t.Fatal(err)
	}
	if y.Name != "yanting" || y.Family != "other" || y.Region != "四川省绵阳市盐亭县" || y.Listings < 19 || y.LastFetch != nil || y.Found != nil {
		t.Errorf("yanting as JSON: %+v", y)
	}
}

// An unknown -site names the sites of the file, the closest first.
func TestCrawlUnknownSite(t *testing.T) {
	sites := demoSites(t)
	code, _, stderr := run(t, "crawl", "-sites", sites, "-db", filepath.Join(t.TempDir(), "c.db"), "-site", "yantin")
	if code != 2 || !strings.Contains(stderr, `no site "yantin" in `+sites+"; its sites, closest first: yanting, pingtan") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

// A crawl of the demo portal records per site the listing pages read and
// the reports found, and the links it did not take for reports with the
// reason; runs -site prints the counts, runs -site -skipped the links,
// and sites the last run and reports found.
func TestDiscoveryReport(t *testing.T) {
	sites := demoSites(t)
	dbPath := filepath.Join(t.TempDir(), "crawl.db")
	code, out, stderr := run(t, "crawl", "-db", dbPath, "-sites", sites, "-site", "pingtan", "-allow-private", "-delay", "0", "-progress", "off")
	if code != 0 {
		t.Fatalf("crawl: exit %d\n%s\n%s", code, out, stderr)
	}

	code, out, stderr = run(t, "runs", "-db", dbPath, "-site", "pingtan")
	if code != 0 {
		t.Fatalf("runs -site: exit %d: %s", code, stderr)
	}
	lines := strings.Split(out, "\n")
	if !strings.Contains(lines[0], "listings  api pages  reports  not reports") {
		t.Fatalf("runs -site header:\n%s", out)
	}
	// The demo column: three listing pages, four report links on the
	// portal, a work plan (工作要点…的函) and two menu links (政府工作报告,
	// the column itself) judged not reports.
	if f := strings.Fields(lines[1]); len(f) != 8 || f[0] != "1" || f[3] != "ok" || strings.Join(f[4:], " ") != "3 0 4 3" {
		t.Errorf("runs -site line %q, want run 1 ok with 3 listings, 0 api pages, 4 reports, 3 not reports", lines[1])
	}

	code, out, stderr = run(t, "runs", "-db", dbPath, "-site", "pingtan", "-skipped")
	if code != 0 {
		t.Fatalf("runs -site -skipped: exit %d: %s", code, stderr)
	}
	cells := regexp.MustCompile(` {2,}`).ReplaceAllString(out, " | ")
	for _, want := range []string{
		"run 1, site pingtan: 4 links not taken for reports or not fetched\n",
		"/zwgk/zfxxgk/zfxxgknb/201412/t20141215_80431.htm | 关于2014年政府信息公开工作要点落实情况的函 | not a report: a work plan or its follow-up (工作要点) | http://",
		"https://www.pingtan.gov.cn/zwgk/zfgzbg/ | 政府工作报告 | the title names no annual report",
		"https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/nlist.htm | 政府信息公开年报 | no year in the title | http://",
		demosite.DefaultMirrorURL + " | — | not fetched: host not allowed: www-pingtan-gov-cn.mirror.invalid | —",
	} {
		if !strings.Contains(cells, want) {
			t.Errorf("runs -skipped lacks %q:\n%s", want, out)
		}
	}

	code, out, stderr = run(t, "sites", "-db", dbPath, "-sites", sites)
	if code != 0 {
		t.Fatalf("sites: exit %d: %s", code, stderr)
	}
	lines = strings.Split(out, "\n")
	if f := strings.Fields(lines[1]); len(f) != 7 || f[0] != "pingtan" || f[6] != "4" || !strings.HasPrefix(f[4], "20") {
		t.Errorf("pingtan line %q, want a last run and 4 reports found", lines[1])
	}
	if f := strings.Fields(lines[2]); len(f) != 6 || f[4] != "—" || f[5] != "0" {
		t.Errorf("yanting line %q, want no last run and 0 reports found", lines[2])
	}
}
