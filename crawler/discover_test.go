package crawler

import (
	"slices"
	"strings"
	"testing"
)

func TestIsReportTitle(t *testing.T) {
	for title, want := range map[string]bool{
		"平潭综合实验区2019年度政府信息公开工作年度报告": true,
		"平潭综合实验区地方税务局2013年信息公开年度报告": true,
		"2020年信息公开年报": true,
		"2020年上海市人民政府办公厅政府信息公开工作年度报告":      true,
		"宿州市人民政府2019年政府信息公开工作年度报告（图片版）":    true,
		"上海市黄浦区人民政府2022年政府信息公开工作年度报告（超链版）": true,
		"蒲纺工业园区 2020 年政府信息公开工作年度报告":        true,
		"二〇一九年度政府信息公开工作年度报告":               true,
		"平潭综合实验区２０２１年度政府信息公开工作年度报告":        true,
		"关于2014年政府信息公开工作要点落实情况的函":          false, // a notice
		"关于报送2019年度政府信息公开工作年度报告的通知":        false,
		"乌海市工业和信息化局 政府信息公开工作年度报告":          false, // no year
		"政府信息公开年报":    false,
		"2023年政府工作报告": false,
		"下一页":         false,
	} {
		if got := isReportTitle(title); got != want {
			t.Errorf("isReportTitle(%q) = %v, want %v", title, got, want)
		}
	}
	for title, want := range map[string]int{
		"平潭综合实验区2019年度政府信息公开工作年度报告": 2019,
		"二〇一九年度政府信息公开工作年度报告":        2019,
		"二〇二三年政府信息公开工作年度报告":         2023,
		"２０２１年度": 2021,
		"年度报告":   0,
		"第1号":    0,
	} {
		if got := titleYear(title); got != want {
			t.Errorf("titleYear(%q) = %d, want %d", title, got, want)
		}
	}
}

// extractFrom runs the discoverer on page at pageURL.
func extractFrom(t *testing.T, pageURL, page string, kind Kind, site Site) []link {
	t.Helper()
	sel, err := compileSelectors(site.Selectors)
	if err != nil {
		t.Fatal(err)
	}
	links, err := newDiscoverer().extract(pageURL, []byte(page), kind, &site, sel, 2019)
	if err != nil {
		t.Fatal(err)
	}
	return links
}

func urls(links []link, kind Kind) []string {
	var out []string
	for _, l := range links {
		if l.kind == kind {
			out = append(out, l.url)
		}
	}
	return out
}

func TestExtractListing(t *testing.T) {
	for _, tt := range []struct {
		name     string
		pageURL  string
		page     string
		site     Site
		reports  []string
		listings []string
	}{{
		name:    "PlainNextAndPageNumbers",
		pageURL: "http://www.a.gov.cn/xxgk/nb/list.jsp?page=1",
		page: `<ul><li><a href="show.jsp?id=1" title="某县2023年政府信息公开工作年度报告">某县2023年政府信息...</a></li>
			<li><a href="/xxgk/tz/show.jsp?id=2">关于报送2023年度政府信息公开工作年度报告的通知</a></li></ul>
			<div class="page"><a href="list.jsp?page=1">1</a> <a href="list.jsp?page=2">2</a> <a href="list.jsp?page=3">3</a>
			<a href="list.jsp?page=2">下一页</a> <a href="/other/list.jsp?page=9">9</a><a href="#top">顶部</a></div>`,
		reports:  []string{"http://www.a.gov.cn/xxgk/nb/show.jsp?id=1"},
		listings: []string{"http://www.a.gov.cn/xxgk/nb/list.jsp?page=2", "http://www.a.gov.cn/xxgk/nb/list.jsp?page=3"},
	}, {
		name:    "TRSPagerWithVariables",
		pageURL: "https://www.b.gov.cn/zwgk/zfxxgknb/index_1.htm",
		page: `<a href="./202403/t20240308_1.htm">B市2023年度政府信息公开工作年度报告</a>
			<script>var countPage = 3;//共多少页
			var currentPage = 1;
			createPageHTML(countPage, currentPage, "index", "htm");</script>`,
		reports:  []string{"https://www.b.gov.cn/zwgk/zfxxgknb/202403/t20240308_1.htm"},
		listings: []string{"https://www.b.gov.cn/zwgk/zfxxgknb/index.htm", "https://www.b.gov.cn/zwgk/zfxxgknb/index_2.htm"},
	}, {
		name:    "HanwebDatastore",
		pageURL: "http://www.c.gov.cn/col/col1229214366/index.html",
		page: `<div id="4567"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/jpage/dataproxy.jsp?page=1"></a>]]></nextgroup><recordset>
			<record><![CDATA[<li><a href="/art/2024/1/20/art_1229214366_1.html" title="C区2023年政府信息公开工作年度报告" target="_blank">C区2023年政府信息公开工作年度报告</a><span>2024-01-20</span></li>]]></record>
			<record><![CDATA[<li><a href="/art/2023/1/18/art_1229214366_2.html" title="C区2022年政府信息公开工作年度报告">C区2022年政府…</a></li>]]></record>
			</recordset></datastore></script></div>`,
		reports: []string{"http://www.c.gov.cn/art/2024/1/20/art_1229214366_1.html", "http://www.c.gov.cn/art/2023/1/18/art_1229214366_2.html"},
	}, {
		name:     "BaseHref",
		pageURL:  "http://www.d.gov.cn/a/b/list.htm",
		page:     `<head><base href="http://www.d.gov.cn/root/"></head><a href="2021/r.htm">D2020年度报告</a>`,
		reports:  []string{"http://www.d.gov.cn/root/2021/r.htm"},
		listings: nil,
	}, {
		name:    "YearRange",
		pageURL: "http://www.e.gov.cn/nb/",
		page: `<a href="r2018.htm">E2018年政府信息公开工作年度报告</a><a href="r2019.htm">E2019年政府信息公开工作年度报告</a>
			<a href="r2024.htm">E2024年政府信息公开工作年度报告</a><a href="r2025.htm">E2025年政府信息公开工作年度报告</a>`,
		site:    Site{FromYear: 2019, ToYear: 2024},
		reports: []string{"http://www.e.gov.cn/nb/r2019.htm", "http://www.e.gov.cn/nb/r2024.htm"},
	}, {
		name:    "CustomSelectors",
		pageURL: "http://www.f.gov.cn/nb/index.htm",
		page: `<div class="list"><a href="1.htm">政府信息公开工作报告</a><a href="2.htm">关于2020年度年报的函</a></div>
			<a href="x.htm">F2022年政府信息公开工作年度报告</a><a class="pg" href="index_1.htm">更多</a><a href="index_9.htm">下一页</a>`,
		site:     Site{Selectors: Selectors{Reports: ".list a", Next: "a.pg"}},
		reports:  []string{"http://www.f.gov.cn/nb/1.htm"},
		listings: []string{"http://www.f.gov.cn/nb/index_1.htm"},
	}} {
		t.Run(tt.name, func(t *testing.T) {
			links := extractFrom(t, tt.pageURL, tt.page, Listing, tt.site)
			if got := urls(links, Report); !slices.Equal(got, tt.reports) {
				t.Errorf("reports\ngot  %q\nwant %q", got, tt.reports)
			}
			if got := urls(links, Listing); !slices.Equal(got, tt.listings) {
				t.Errorf("listings\ngot  %q\nwant %q", got, tt.listings)
			}
			if got := urls(links, Attachment); len(got) > 0 {
				t.Errorf("attachments on a listing: %q", got)
			}
		})
	}
}

func TestExtractAttachments(t *testing.T) {
	page := `<div id="nav"><a href="/download/guide.pdf">办事指南.pdf</a></div>
		<div id="zoom"><p>正文</p><a href="./P020240308.pdf">附件1：统计表.pdf</a><a href="P2.DOCX">附件2</a>
		<a href="files/P3.wps">附件3</a><a href="files/P4.xls#x">附件4</a><a href="t2.htm">另一篇</a>
		<a href="/generic2/web/viewer.html?file=/attach/P5.ofd">全真版</a><a href="mailto:a@b.gov.cn">a.pdf</a></div>`
	base := "http://www.g.gov.cn/nb/202403/t20240308_1.htm"
	links := extractFrom(t, base, page, Report, Site{})
	want := []string{
		"http://www.g.gov.cn/download/guide.pdf",
		"http://www.g.gov.cn/nb/202403/P020240308.pdf",
		"http://www.g.gov.cn/nb/202403/P2.DOCX",
		"http://www.g.gov.cn/nb/202403/files/P3.wps",
		"http://www.g.gov.cn/nb/202403/files/P4.xls",
		"http://www.g.gov.cn/attach/P5.ofd",
	}
	if got := urls(links, Attachment); !slices.Equal(got, want) {
		t.Errorf("attachments\ngot  %q\nwant %q", got, want)
	}
	if len(links) != len(want) {
		t.Errorf("links other than attachments on a report page: %+v", links)
	}
	if links[1].title != "附件1：统计表.pdf" || links[1].year != 2019 {
		t.Errorf("attachment title %q year %d", links[1].title, links[1].year)
	}
	// A body selector keeps the attachments of the article only.
	links = extractFrom(t, base, page, Report, Site{Selectors: Selectors{Body: "#zoom"}})
	if got := urls(links, Attachment); !slices.Equal(got, want[1:]) {
		t.Errorf("attachments in #zoom\ngot  %q\nwant %q", got, want[1:])
	}
	if !mayHaveAttachments([]byte(page)) || mayHaveAttachments([]byte(reportHTML("x"))) {
		t.Error("mayHaveAttachments is wrong")
	}
}

// The real Pingtan listing page: ten reports, none of its navigation
// links, no pagination without a pager.
func TestExtractRealListing(t *testing.T) {
	page := readFixture(t, "listing_index.html")
	links := extractFrom(t, "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/", page, Listing, Site{})
	// The page's menu links 政府工作报告 and the column itself: judged
	// not to be reports, with the reason, and not followed.
	var skips []string
	links = slices.DeleteFunc(links, func(l link) bool {
		if l.reason != "" {
			skips = append(skips, l.title+": "+l.reason)
		}
		return l.reason != ""
	})
	if want := []string{
		"政府工作报告: the title names no annual report (年度报告, 信息公开年报, 工作年报, 信息公开报告)",
		"政府信息公开年报: no year in the title",
	}; !slices.Equal(skips, want) {
		t.Errorf("links judged not reports:\n%q\nwant\n%q", skips, want)
	}
	reports := urls(links, Report)
	if len(reports) != 10 || len(links) != 10 {
		t.Fatalf("%d reports, %d links: %q", len(reports), len(links), urls(links, Listing))
	}
	if reports[1] != "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202503/t20250310_97791.htm" || links[1].year != 2024 || !strings.HasSuffix(links[1].title, "2024年度政府信息公开工作年度报告") {
		t.Errorf("second report %+v", links[1])
	}
}
