package crawler

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"nianbao/crawler/demosite"
)

// TestCrawlPortal crawls the demo portal (real Pingtan pages, TRS URLs)
// twice: the first run finds everything through the paginated listing;
// before the second, one report is edited and one deleted.
func TestCrawlPortal(t *testing.T) {
	mirror, mirrorHits := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := os.ReadFile("../fixtures/html/pingtan_2023.html")
		w.Write(b)
	}))
	mirrorURL := mirror.URL + "/zwgk/zfxxgk/zfxxgknb/202302/t20230220_80629.htm"
	portal, err := demosite.New(demosite.Options{MirrorURL: mirrorURL})
	if err != nil {
		t.Fatal(err)
	}
	srv, hits := serve(t, portal)
	base := srv.URL
	entries := demosite.Entries(mirrorURL)
	url := func(path string) string { return base + path }
	report := func(year string) string {
		for _, e := range entries {
			if strings.Contains(e.Title, year+"年度") && e.Path != "" {
				return url(e.Path)
			}
		}
		t.Fatalf("no entry for %s", year)
		return ""
	}
	// The site allows the portal's host only; the mirror is another
	// host of the fake network.
	site := Site{Name: "pingtan", Agency: "平潭综合实验区", Listings: []string{url(demosite.ColumnPath)}, AllowedHosts: []string{strings.TrimPrefix(base, "http://")}}
	sink := newMemSink()
	c := newTestCrawler(t, sink, nil)

	stats, err := c.Run(context.Background(), []Site{site})
	if err != nil {
		t.Fatal(err)
	}

	// robots.txt first, once.
	all := hits.all()
	if len(all) == 0 || all[0].path != demosite.RobotsPath {
		t.Fatalf("first request is not robots.txt: %v", all)
	}
	if n := len(hits.requests(demosite.RobotsPath)); n != 1 {
		t.Errorf("robots.txt fetched %d times", n)
	}
	// Every request names the tool and the contact.
	for _, h := range all {
		if ua := h.header.Get("User-Agent"); ua != testOptions().UserAgent {
			t.Errorf("%s: User-Agent %q", h.path, ua)
		}
	}
	// Pagination: the TRS pager's pages, each once.
	for _, p := range []string{demosite.ColumnPath, demosite.ColumnPath + "index_1.htm", demosite.ColumnPath + "index_2.htm"} {
		if n := len(hits.requests(p)); n != 1 {
			t.Errorf("%s requested %d times, want 1", p, n)
		}
	}
	// index.htm is the column directory itself: not fetched twice.
	if n := len(hits.requests(demosite.ListingPath)); n != 0 {
		t.Errorf("index.htm fetched %d times besides the column URL", n)
	}
	// The notice in the column is not a report: never requested.
	for _, e := range entries {
		if !e.Report && e.Path != "" && len(hits.requests(e.Path)) > 0 {
			t.Errorf("notice %s was fetched", e.Title)
		}
	}
	// The mirror is never contacted, and the skip is logged.
	if n := len(mirrorHits.all()); n != 0 {
		t.Errorf("mirror got %d requests", n)
	}
	if logs := sink.fetchLogs(mirrorURL); len(logs) != 1 || logs[0].Result != ResultSkipped || !strings.Contains(logs[0].ErrText(), "host not allowed") {
		t.Errorf("mirror fetch log: %+v", logs)
	}

	// Four reports (links ./, /-rooted and ../), saved as served.
	for _, year := range []string{"2024", "2023", "2019", "2015"} {
		u := report(year)
		docs := sink.saved(u)
		if len(docs) != 1 {
			t.Fatalf("%s: %d documents saved, want 1", year, len(docs))
		}
		d := docs[0]
		served, _, _ := portal.Get(strings.TrimPrefix(u, base))
		if d.Kind != Report || d.Change != NewDoc || d.Status != 200 || !bytes.Equal(d.Body, served) {
			t.Errorf("%s: kind %s change %s status %d, body equal %v", year, d.Kind, d.Change, d.Status, bytes.Equal(d.Body, served))
		}
		if !strings.HasPrefix(d.Title, "平潭综合实验区"+year) || strconv.Itoa(d.Year) != year || d.Agency != "平潭综合实验区" || d.Site != "pingtan" {
			t.Errorf("%s: title %q year %d agency %q site %q", year, d.Title, d.Year, d.Agency, d.Site)
		}
		if d.ETag == "" || d.LastModified == "" || d.SHA256 == "" {
			t.Errorf("%s: missing ETag %q, Last-Modified %q or SHA256 %q", year, d.ETag, d.LastModified, d.SHA256)
		}
	}
	// The report pages of 2019 and 2024 are the fixtures' bytes (2023's
	// has its DOCX added to the attachment list).
	for year, file := range map[string]string{"2024": "pingtan_2024.html", "2019": "pingtan_2019.html"} {
		want, err := os.ReadFile("../fixtures/html/" + file)
		if err != nil {
			t.Fatal(err)
		}
		if got := sink.saved(report(year))[0].Body; !bytes.Equal(got, want) {
			t.Errorf("%s: saved body differs from fixtures/html/%s", year, file)
		}
	}
	// The GBK page labelled gb2312 (no charset in the header) is kept
	// as GBK bytes, read as GB18030: its attachment link text decodes.
	gbk := sink.saved(report("2015"))[0]
	if gbk.Charset != "gb18030" {
		t.Errorf("2015 page charset %q, want gb18030", gbk.Charset)
	}
	if bytes.Contains(gbk.Body, []byte("平潭")) || !bytes.Contains(gbk.Body, []byte(`charset="gb2312"`)) {
		t.Errorf("2015 page body is not the GBK bytes served")
	}
	att := sink.saved(url(demosite.AttachmentPath))
	if len(att) != 1 {
		t.Fatalf("attachment: %d documents saved", len(att))
	}
	if a := att[0]; a.Kind != Attachment || a.Referrer != report("2015") || a.Title != "平潭综合实验区2015年度政府信息公开工作年度报告.pdf" || a.Year != 2015 || !bytes.HasPrefix(a.Body, []byte("%PDF-")) {
		t.Errorf("attachment: kind %s referrer %s title %q year %d", a.Kind, a.Referrer, a.Title, a.Year)
	}

	docx := sink.saved(url(demosite.WordAttachmentPath))
	if len(docx) != 1 {
		t.Fatalf("DOCX attachment: %d documents saved", len(docx))
	}
	if a := docx[0]; a.Kind != Attachment || a.Referrer != report("2023") || a.Year != 2023 || !bytes.HasPrefix(a.Body, []byte("PK")) {
		t.Errorf("DOCX attachment: kind %s referrer %s title %q year %d", a.Kind, a.Referrer, a.Title, a.Year)
	}

	want := RunStats{Pages: 9, Reports: 4, Attachments: 2, New: 9, Skipped: 2}
	if got := counts(stats); got != want {
		t.Errorf("first run stats:\ngot  %+v\nwant %+v", got, want)
	}
	if stats.Requests != 10 || stats.End.Before(stats.Start) {
		t.Errorf("requests %d (want 10 with robots.txt), start %v end %v", stats.Requests, stats.Start, stats.End)
	}

	// Between runs, the portal edits the 2024 report and deletes the
	// 2019 one (which also leaves the listing).
	p2024 := strings.TrimPrefix(report("2024"), base)
	p2019 := strings.TrimPrefix(report("2019"), base)
	old2024, ct, _ := portal.Get(p2024)
	edited := bytes.Replace(old2024, []byte("全年办理政府信息公开申请218件"), []byte("全年办理政府信息公开申请219件"), 1)
	if bytes.Equal(edited, old2024) {
		t.Fatal("edit did not apply")
	}
	portal.Set(p2024, ct, edited)
	portal.Remove(p2019)
	hits.reset()
	sink.reset()

	stats, err = c.Run(context.Background(), []Site{site})
	if err != nil {
		t.Fatal(err)
	}
	// Reports and attachments are asked for conditionally.
	for _, h := range hits.all() {
		if strings.Contains(h.path, "/t20") || strings.HasSuffix(h.path, ".pdf") || strings.HasSuffix(h.path, ".docx") {
			if h.header.Get("If-None-Match") == "" || h.header.Get("If-Modified-Since") == "" {
				t.Errorf("%s: not a conditional GET", h.path)
			}
		}
	}
	if d := sink.saved(report("2024")); len(d) != 1 || d[0].Change != Changed || !bytes.Equal(d[0].Body, edited) {
		t.Errorf("edited 2024 report: %+v", d)
	}
	// The deleted report is no longer listed but is checked, and gone.
	if d := sink.saved(report("2019")); len(d) != 1 || d[0].Change != Gone || d[0].Status != 404 || d[0].Fetched.IsZero() || d[0].Body != nil {
		t.Errorf("deleted 2019 report: %+v", d)
	}
	for _, year := range []string{"2023", "2015"} {
		d := sink.saved(report(year))
		if len(d) != 1 || d[0].Change != Unchanged || d[0].Status != 304 || d[0].Body != nil || d[0].SHA256 == "" {
			t.Errorf("%s: %+v", year, d)
		}
	}
	if d := sink.saved(url(demosite.AttachmentPath)); len(d) != 1 || d[0].Change != Unchanged {
		t.Errorf("attachment on the second run: %+v", d)
	}
	// index_1.htm lost the 2019 entry; the other listing pages are the
	// same bytes.
	want = RunStats{Pages: 9, Reports: 4, Attachments: 2, Changed: 2, Unchanged: 6, Gone: 1, Skipped: 2}
	if got := counts(stats); got != want {
		t.Errorf("second run stats:\ngot  %+v\nwant %+v", got, want)
	}

	// A third run: the gone report stays gone without being recorded
	// again.
	sink.reset()
	stats, err = c.Run(context.Background(), []Site{site})
	if err != nil {
		t.Fatal(err)
	}
	if d := sink.saved(report("2019")); len(d) != 0 {
		t.Errorf("gone report recorded again: %+v", d)
	}
	if stats.Gone != 0 || stats.New != 0 || stats.Changed != 0 {
		t.Errorf("third run: %+v", counts(stats))
	}
}

// counts is s without the times, requests and bytes.
func counts(s RunStats) RunStats {
	s.Start, s.End = time.Time{}, time.Time{}
	s.Requests, s.Bytes = 0, 0
	return s
}
