package crawler

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"strings"
	"testing"
)

// trsPage is a page shaped like a TRS column page of a district portal:
// the site's navigation, a breadcrumb, the column's side menu (sub-
// columns of the whole tree, siblings included), the content and a
// footer.
func trsPage(title, content string) string {
	return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>` + title + ` - 某区人民政府</title>
<meta name="ColumnName" content="` + title + `"></head><body>
<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/zwgk/zfxxgk/">政府信息公开</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zwfw/">政务服务</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/zfxxgk/zfxxgknb/">政府信息公开年报</a> &gt; ` + title + `</div>
<div class="side"><h3><a href="/zwgk/zfxxgk/zfxxgknb/"><span>政府信息<br>公开年报</span></a></h3>
<ul><li><a href="/zwgk/zfxxgk/zfxxgkzn/">政府信息公开指南</a></li><li><a href="/zwgk/zfxxgk/zfxxgkzd/">政府信息公开制度</a></li>
<li><a href="/zwgk/zfxxgk/fdzdgknr/">法定主动公开内容</a></li></ul></div>
<div class="main">` + content + `</div>
<div class="footer"><a href="/wzdt/">网站地图</a> <a href="/lxwm/">联系我们</a> 主办：某区人民政府办公室 ICP备案号 京ICP备05060933号</div>
</body></html>`
}

// trsList is the list of a TRS column page: one <li> per link, with a
// date, and the TRS pager script when count > 1.
func trsList(links [][2]string, count, current int) string {
	var b strings.Builder
	b.WriteString(`<ul class="list">`)
	for i, l := range links {
		fmt.Fprintf(&b, `<li><a href="%s" target="_blank" title="%s">%s</a><span>2025-0%d-1%d</span></li>`, l[0], l[1], l[1], 1+i%9, i%10)
	}
	b.WriteString(`</ul>`)
	if count > 1 {
		fmt.Fprintf(&b, `<div class="page"><script>createPageHTML(%d, %d, "index", "shtml");</script></div>`, count, current)
	}
	return b.String()
}

// subColumns is a column page's menu of sub-columns.
func subColumns(links [][2]string) string {
	var b strings.Builder
	b.WriteString(`<div class="lmlist"><ul>`)
	for _, l := range links {
		fmt.Fprintf(&b, `<li><a href="%s">%s</a></li>`, l[0], l[1])
	}
	b.WriteString(`</ul></div>`)
	return b.String()
}

// statsReport is a report page with its statistics table and the
// links a TRS article page has to its neighbours.
func statsReport(title string) string {
	return trsPage(title, `<div class="article"><h1>`+title+`</h1><div class="TRS_Editor">
<p>本报告根据《中华人民共和国政府信息公开条例》编制。</p>
<table><tr><td>收到申请数</td><td>12</td></tr><tr><td>行政复议</td><td>0</td></tr><tr><td>行政诉讼</td><td>0</td></tr></table></div>
<div class="pre">上一篇：<a href="../202401/t20240110_1.shtml">某区2022年度政府信息公开工作年度报告</a></div>
<div class="next">下一篇：<a href="../202601/t20260110_1.shtml">某区2024年度政府信息公开工作年度报告</a></div></div>`)
}

// treeSite serves pages (path → HTML) on testNet and crawls the site
// whose listing is seed, with testOptions changed by mod.
func treeSite(t *testing.T, pages map[string]string, seed string, mod func(*Options)) (*memSink, *recorder, string, RunStats) {
	t.Helper()
	m := map[string]reply{}
	for p, body := range pages {
		ct := "text/html; charset=utf-8"
		if strings.HasSuffix(p, ".pdf") {
			ct = "application/pdf"
		}
		m[p] = reply{header: http.Header{"Content-Type": {ct}}, body: body}
	}
	srv, rec := serve(t, replies(m))
	sink := newMemSink()
	c := newTestCrawler(t, sink, mod)
	stats, err := c.Run(context.Background(), []Site{testSite("tree", srv.URL+seed)})
	if err != nil {
		t.Fatal(err)
	}
	return sink, rec, srv.URL, stats
}

// savedKinds returns the path and kind of every document saved, and
// the year of each report and correction.
func savedKinds(sink *memSink, base string) (kinds map[string]Kind, years map[string]int) {
	sink.mu.Lock()
	defer sink.mu.Unlock()
	kinds, years = map[string]Kind{}, map[string]int{}
	for _, d := range sink.docs {
		p := strings.TrimPrefix(d.URL, base)
		kinds[p] = d.Kind
		if d.Kind != Listing {
			years[p] = d.Year
		}
	}
	return kinds, years
}

// wantReports checks that the reports saved are exactly want (path →
// year) and that nothing else was saved as a report.
func wantReports(t *testing.T, sink *memSink, base string, want map[string]int) {
	t.Helper()
	kinds, years := savedKinds(sink, base)
	got := map[string]int{}
	for p, k := range kinds {
		if k == Report {
			got[p] = years[p]
		}
	}
	if !maps.Equal(got, want) {
		t.Errorf("reports saved (path → year)\ngot  %v\nwant %v", got, want)
	}
}

// A column of year sub-columns, one of them split by issuer: every
// report is found with its year, through 2024年 → 乡镇街道 → a
// township's column, and the sub-columns are read as listings.
func TestYearTree(t *testing.T) {
	const col = "/zwgk/zfxxgk/zfxxgknb/"
	years := [][2]string{{"./2024n78/index.shtml", "2024年"}, {"./nb_2023n/", "2023年"}, {"./gknb2022/", "2022年度"}}
	pages := map[string]string{
		col: trsPage("政府信息公开年报", subColumns(years)+`<p>请选择年份查看各单位年度报告。</p>`),
		col + "2024n78/index.shtml": trsPage("2024年", subColumns([][2]string{{"../nb_2023n/", "2023年"}, {"./xzjd/", "乡镇街道"}})+trsList([][2]string{
			{"./202501/t20250120_101.shtml", "某区人民政府2024年度政府信息公开工作年度报告"},
			{"./202501/t20250121_102.shtml", "某区财政局2024年度政府信息公开工作年度报告"},
		}, 1, 0)),
		col + "2024n78/xzjd/": trsPage("乡镇街道", subColumns([][2]string{{"./1878845233519169536/index.shtml", "永顺镇"}, {"./1878845233519169537/index.shtml", "梨园镇"}})),
		col + "2024n78/xzjd/1878845233519169536/index.shtml": trsPage("永顺镇", trsList([][2]string{
			{"./202501/t20250122_201.shtml", "永顺镇2024年政府信息公开工作年度报告"},
		}, 1, 0)),
		col + "2024n78/xzjd/1878845233519169537/index.shtml": trsPage("梨园镇", trsList([][2]string{
			{"./202501/t20250123_202.shtml", "梨园镇2024年政府信息公开工作年度报告"},
		}, 1, 0)),
		col + "nb_2023n/": trsPage("2023年", trsList([][2]string{
			{"./202401/t20240120_301.shtml", "某区人民政府2023年度政府信息公开工作年度报告"},
			{"./202401/t20240122_302.shtml", "某区教育委员会2023年政府信息公开工作年度报告"},
		}, 2, 0)),
		col + "nb_2023n/index_1.shtml": trsPage("2023年", trsList([][2]string{
			{"./202401/t20240125_303.shtml", "永顺镇2023年政府信息公开工作年度报告"},
		}, 2, 1)),
		col + "gknb2022/": trsPage("2022年度", trsList([][2]string{
			{"./202301/t20230120_401.shtml", "某区人民政府2022年度政府信息公开工作年度报告"},
		}, 1, 0)),
	}
	want := map[string]int{}
	for p, page := range maps.Clone(pages) {
		for _, l := range pageLinks("http://x"+p, []byte(page)) {
			if isReportTitle(l.title) && strings.Contains(l.url, "/t20") && !strings.Contains(l.url, "t20240110") && !strings.Contains(l.url, "t20260110") {
				rp := strings.TrimPrefix(l.url, "http://x")
				pages[rp] = statsReport(l.title)
				want[rp] = titleYear(l.title)
			}
		}
	}
	if len(want) != 8 {
		t.Fatalf("test column has %d reports, want 8", len(want))
	}
	sink, rec, base, _ := treeSite(t, pages, col, nil)
	wantReports(t, sink, base, want)
	kinds, _ := savedKinds(sink, base)
	for _, p := range []string{col + "2024n78/index.shtml", col + "2024n78/xzjd/", col + "2024n78/xzjd/1878845233519169536/index.shtml", col + "2024n78/xzjd/1878845233519169537/index.shtml", col + "nb_2023n/", col + "nb_2023n/index_1.shtml", col + "gknb2022/"} {
		if kinds[p] != Listing {
			t.Errorf("%s saved as %q, want a listing", p, kinds[p])
		}
	}
	// The site's navigation and the side menu are not sub-columns.
	for _, p := range []string{"/zwgk/", "/zwgk/zfxxgk/zfxxgkzn/", "/wzdt/"} {
		if n := len(rec.requests(p)); n != 0 {
			t.Errorf("%s requested %d times", p, n)
		}
	}
}

// A column split by issuer: 区政府, 区级部门 and 乡镇街道 sub-columns,
// and a department column reached through its URL name (xzbm/2020nb/)
// behind a "more" link.
func TestIssuerTree(t *testing.T) {
	const col = "/xxgk/xxgknb/"
	pages := map[string]string{
		col + "index.html": trsPage("政府信息公开年报", subColumns([][2]string{{"./qzf/", "区政府"}, {"./qjbm/", "区级部门"}, {"./xzjd/", "乡镇街道"}})+
			`<div class="more"><a href="./xzbm/2020nb/">更多&gt;&gt;</a></div>`),
		col + "qzf/": trsPage("区政府", trsList([][2]string{{"./202401/t20240115_1.html", "某区人民政府2023年政府信息公开工作年度报告"}}, 1, 0)),
		col + "qjbm/": trsPage("区级部门", trsList([][2]string{
			{"./202401/t20240116_2.html", "某区发展和改革局2023年政府信息公开工作年度报告"},
			{"./202401/t20240117_3.html", "某区卫生健康局2023年政府信息公开工作年度报告"},
		}, 1, 0)),
		col + "xzjd/":        trsPage("乡镇街道", trsList([][2]string{{"./202401/t20240118_4.html", "城关街道办事处2023年政府信息公开工作年度报告"}}, 1, 0)),
		col + "xzbm/2020nb/": trsPage("2020年", trsList([][2]string{{"./202101/t20210118_5.html", "某区司法局2020年政府信息公开工作年度报告"}}, 1, 0)),
	}
	want := map[string]int{
		col + "qzf/202401/t20240115_1.html":         2023,
		col + "qjbm/202401/t20240116_2.html":        2023,
		col + "qjbm/202401/t20240117_3.html":        2023,
		col + "xzjd/202401/t20240118_4.html":        2023,
		col + "xzbm/2020nb/202101/t20210118_5.html": 2020,
	}
	for p := range want {
		pages[p] = statsReport("report")
	}
	sink, _, base, _ := treeSite(t, pages, col+"index.html", nil)
	wantReports(t, sink, base, want)
}

// A sub-column titled like a report is a column of many agencies'
// reports: read as a listing, its reports found, and not kept as a
// report, on the first run and on the next (when it is fetched whole
// again, not conditionally). A sub-column whose page is the report
// stays a report.
func TestSubColumnTitledLikeReport(t *testing.T) {
	const col = "/zwgk/zfxxgknb/"
	agencies := []string{"某市人民政府办公室", "某市发展和改革委员会", "某市教育局", "某市公安局", "某市民政局"}
	var rows strings.Builder
	want := map[string]int{}
	for i, a := range agencies {
		p := fmt.Sprintf("./202301/t2023012%d_%d.html", i, i)
		fmt.Fprintf(&rows, `<tr><td><a href="%s">%s2022年度政府信息公开工作年度报告</a></td><td>2023-01-2%d</td></tr>`, p, a, i)
		want[col+"nb_2022n/"+p[2:]] = 2022
	}
	pages := map[string]string{
		col:               trsPage("政府信息公开年报", trsList([][2]string{{"./nb_2022n/", "2022年度政府信息公开工作年度报告"}, {"./zfb2023n/", "2023年度政府信息公开工作年度报告"}}, 1, 0)),
		col + "nb_2022n/": trsPage("2022年度政府信息公开工作年度报告", `<table class="list"><tr><th>标题</th><th>发布日期</th></tr>`+rows.String()+`</table>`),
		col + "zfb2023n/": statsReport("某市人民政府2023年度政府信息公开工作年度报告"),
	}
	for p := range want {
		pages[p] = statsReport("report")
	}
	want[col+"zfb2023n/"] = 2023
	sink, rec, base, stats := treeSite(t, pages, col, nil)
	wantReports(t, sink, base, want)
	if kinds, _ := savedKinds(sink, base); kinds[col+"nb_2022n/"] != Listing {
		t.Errorf("nb_2022n/ saved as %q, want a listing", kinds[col+"nb_2022n/"])
	}
	if stats.Reports != len(want) {
		t.Errorf("%d reports counted, want %d", stats.Reports, len(want))
	}

	// The next run reads the sub-column again, whole.
	rec.reset()
	sink.reset()
	c := newTestCrawler(t, sink, nil)
	if _, err := c.Run(context.Background(), []Site{testSite("tree", base+col)}); err != nil {
		t.Fatal(err)
	}
	hits := rec.requests(col + "nb_2022n/")
	if len(hits) != 1 || hits[0].header.Get("If-None-Match") != "" || hits[0].header.Get("If-Modified-Since") != "" {
		t.Errorf("second run: nb_2022n/ requested %d times %v, want once and not conditionally", len(hits), hits)
	}
	for p := range want {
		if n := len(rec.requests(p)); n != 1 {
			t.Errorf("second run: %s requested %d times", p, n)
		}
	}
}

// Sub-columns deeper than MaxDepth are not read, and the fetch log
// says why; MaxDepth 0 reads none.
func TestTreeDepthLimit(t *testing.T) {
	const col = "/zfxxgknb/"
	pages := map[string]string{
		col:                                    trsPage("政府信息公开年报", subColumns([][2]string{{"./2024n/", "2024年"}})),
		col + "2024n/":                         trsPage("2024年", subColumns([][2]string{{"./xzjd/", "乡镇街道"}})+trsList([][2]string{{"./202501/t20250120_1.shtml", "某区2024年政府信息公开工作年度报告"}}, 1, 0)),
		col + "2024n/xzjd/":                    trsPage("乡镇街道", trsList([][2]string{{"./202501/t20250121_2.shtml", "某镇2024年政府信息公开工作年度报告"}}, 1, 0)),
		col + "2024n/202501/t20250120_1.shtml": statsReport("某区2024年政府信息公开工作年度报告"),
		col + "2024n/xzjd/202501/t20250121_2.shtml": statsReport("某镇2024年政府信息公开工作年度报告"),
	}
	for _, tt := range []struct {
		depth   int
		reports map[string]int
		skipped string // the sub-column logged as too deep
	}{
		{0, map[string]int{}, col + "2024n/"},
		{1, map[string]int{col + "2024n/202501/t20250120_1.shtml": 2024}, col + "2024n/xzjd/"},
		{2, map[string]int{col + "2024n/202501/t20250120_1.shtml": 2024, col + "2024n/xzjd/202501/t20250121_2.shtml": 2024}, ""},
	} {
		t.Run(fmt.Sprint("MaxDepth", tt.depth), func(t *testing.T) {
			sink, rec, base, _ := treeSite(t, pages, col, func(o *Options) { o.MaxDepth = tt.depth })
			wantReports(t, sink, base, tt.reports)
			if tt.skipped == "" {
				return
			}
			if n := len(rec.requests(tt.skipped)); n != 0 {
				t.Errorf("%s requested %d times", tt.skipped, n)
			}
			logs := sink.fetchLogs(base + tt.skipped)
			if len(logs) != 1 || logs[0].Result != ResultSkipped || !errors.Is(logs[0].Err, errTooDeep) {
				t.Errorf("fetch log of %s: %+v", tt.skipped, logs)
			}
		})
	}
}

// Corrections are kept as corrections, each linked to the report it
// corrects: by the issuer its title names (the report on the next
// listing page), by the link on its page, or as the only report of its
// year on its listing page. None is taken for a report.
func TestCorrectionNotice(t *testing.T) {
	const col = "/zfxxgknb/"
	pages := map[string]string{
		col + "index.shtml": trsPage("政府信息公开年报", trsList([][2]string{
			{"./202105/t20210510_9.shtml", "关于某区财政局2020年度政府信息公开工作年度报告的更正说明"},
			{"./202203/t20220301_8.shtml", "关于2021年度政府信息公开工作年度报告的更正说明"},
			{"./202104/t20210401_7.shtml", "某区民政局2020年政府信息公开工作年度报告勘误"},
			{"./202106/P020210601.pdf", "关于某区财政局2021年政府信息公开工作年度报告的更正声明"},
			{"./202101/t20210120_1.shtml", "某区民政局2020年政府信息公开工作年度报告"},
			{"./202201/t20220120_2.shtml", "某区财政局2021年政府信息公开工作年度报告"},
			{"./202201/t20220121_3.shtml", "某区民政局2021年政府信息公开工作年度报告"},
		}, 2, 0)),
		col + "index_1.shtml": trsPage("政府信息公开年报", trsList([][2]string{
			{"./202101/t20210121_4.shtml", "某区财政局2020年度政府信息公开工作年度报告"},
			{"./202101/t20210122_5.shtml", "某区教育局2020年度政府信息公开工作年度报告（更正版）"},
		}, 2, 1)),
		col + "202105/t20210510_9.shtml": trsPage("更正说明", `<div class="TRS_Editor"><p>我局2020年度政府信息公开工作年度报告第五部分“政府信息公开行政复议、行政诉讼情况”数据有误，现予更正。</p></div>`),
		col + "202203/t20220301_8.shtml": trsPage("更正说明", `<div class="TRS_Editor"><p>《<a href="../202201/t20220121_3.shtml">某区民政局2021年政府信息公开工作年度报告</a>》中收到申请数应为15件，特此更正。</p></div>`),
		col + "202104/t20210401_7.shtml": trsPage("勘误", `<div class="TRS_Editor"><p>第三部分表格第2行应为3件。</p></div>`),
	}
	reports := map[string]int{
		col + "202101/t20210120_1.shtml": 2020, col + "202201/t20220120_2.shtml": 2021, col + "202201/t20220121_3.shtml": 2021,
		col + "202101/t20210121_4.shtml": 2020, col + "202101/t20210122_5.shtml": 2020,
	}
	for p := range reports {
		pages[p] = statsReport("report")
	}
	pages[col+"202106/P020210601.pdf"] = "%PDF-1.4 更正声明"
	sink, _, base, _ := treeSite(t, pages, col+"index.shtml", nil)
	wantReports(t, sink, base, reports)
	for p, want := range map[string]string{
		col + "202105/t20210510_9.shtml": col + "202101/t20210121_4.shtml", // 某区财政局, on the next page
		col + "202203/t20220301_8.shtml": col + "202201/t20220121_3.shtml", // linked from its page
		col + "202104/t20210401_7.shtml": col + "202101/t20210120_1.shtml", // 某区民政局 2020
		col + "202106/P020210601.pdf":    col + "202201/t20220120_2.shtml", // a file: by its title
	} {
		d := sink.saved(base + p)
		if len(d) != 1 || d[0].Kind != Correction || d[0].Body == nil || d[0].Corrects != base+want || d[0].Year == 0 {
			t.Errorf("%s: %+v, want a correction of %s", p, d, want)
		}
	}
}

// Work plans in a report column are not fetched; the fetch log names
// each with the reason, once.
func TestWorkPlanSkipped(t *testing.T) {
	const col = "/zfxxgknb/"
	plans := []string{"./202403/t20240301_1.shtml", "./201412/t20141215_2.shtml", "./202302/t20230201_3.shtml"}
	pages := map[string]string{
		col: trsPage("政府信息公开年报", trsList([][2]string{
			{plans[0], "某区2024年政务公开工作要点"},
			{plans[1], "关于2014年政府信息公开工作要点落实情况的函"},
			{"./202401/t20240120_4.shtml", "某区2023年政府信息公开工作年度报告"},
			{plans[2], "某区2023年政府信息公开工作计划"},
		}, 2, 0)),
		col + "index_1.shtml":            trsPage("政府信息公开年报", trsList([][2]string{{plans[0], "某区2024年政务公开工作要点"}}, 2, 1)),
		col + "202401/t20240120_4.shtml": statsReport("某区2023年政府信息公开工作年度报告"),
	}
	sink, rec, base, _ := treeSite(t, pages, col, nil)
	wantReports(t, sink, base, map[string]int{col + "202401/t20240120_4.shtml": 2023})
	for _, p := range plans {
		p = col + p[2:]
		if n := len(rec.requests(p)); n != 0 {
			t.Errorf("%s requested %d times", p, n)
		}
		logs := sink.fetchLogs(base + p)
		if len(logs) != 1 || logs[0].Result != ResultSkipped || !errors.Is(logs[0].Err, errWorkPlan) {
			t.Errorf("fetch log of %s: %+v", p, logs)
		}
	}
}

func TestNoticeKind(t *testing.T) {
	for title, want := range map[string]string{
		"关于2020年度政府信息公开工作年度报告的更正说明":    "correction",
		"关于某区财政局2020年度政府信息公开工作年度报告的更正": "correction",
		"某区民政局2020年政府信息公开工作年度报告勘误":     "correction",
		"某区2020年政府信息公开工作年度报告（更正版）":     "",
		"某区2024年政务公开工作要点":              "work plan",
		"关于2014年政府信息公开工作要点落实情况的函":      "work plan",
		"某区2023年政府信息公开工作计划":            "work plan",
		"某区2023年政府信息公开工作年度报告":          "",
	} {
		k, err := noticeKind(title)
		got := string(k)
		if errors.Is(err, errWorkPlan) {
			got = "work plan"
		}
		if got != want {
			t.Errorf("noticeKind(%q) = %q, %v; want %q", title, k, err, want)
		}
		if isReportTitle(title) != (want == "") {
			t.Errorf("isReportTitle(%q) = %v", title, !(want == ""))
		}
	}
	if s := correctedSubject("关于《某区财政局2020年度政府信息公开工作年度报告》的更正说明"); s != "某区财政局" {
		t.Errorf("subject %q", s)
	}
}

func TestSubColumnNames(t *testing.T) {
	var got []string
	for _, p := range []string{
		"/zfxxgknb/2024n78/index.shtml", "/zfxxgknb/nb_2022n/", "/zfxxgknb/2022n_5930973/", "/zfxxgknb/zfxxgknb_2023/",
		"/gknb/gknb2018/", "/zfxxgknb/2018n/", "/gknb/2018nb/", "/jaxrmzf/2023nianbao/", "/xxgknb/xzbm/", "/zfxxgknb/2024n78/xzjd/",
		"/zfxxgknb/202403/t20240308_1.htm", "/zfxxgknb/index_1.htm", "/zfxxgkzn/", "/2024/a.pdf",
	} {
		if isSubColumnName(p) {
			got = append(got, p)
		}
	}
	if want := 10; len(got) != want {
		t.Errorf("%d sub-column names, want %d: %q", len(got), want, got)
	}
	for title, want := range map[string]bool{
		"2024年": true, "2023年度": true, "二〇二二年": true, "区政府": true, "区级部门": true, "乡镇街道": true, "县直部门": true,
		"街道办事处": true, "2022年度政府信息公开工作年度报告": true,
		"政府信息公开年报": false, "首页": false, "2023年政府工作报告": false, "政府信息公开指南": false,
	} {
		if isSubColumnTitle(title) != want {
			t.Errorf("isSubColumnTitle(%q) = %v", title, !want)
		}
	}
	listing := []byte(trsPage("x", trsList([][2]string{{"1.htm", "A2022年度政府信息公开工作年度报告"}, {"2.htm", "B2022年度政府信息公开工作年度报告"},
		{"3.htm", "C2022年度政府信息公开工作年度报告"}, {"4.htm", "D2022年度政府信息公开工作年度报告"}}, 1, 0)))
	if !isListingPage("http://a/nb/nb_2022n/", listing) || isListingPage("http://a/nb/zfb2023n/", []byte(statsReport("某区2023年度政府信息公开工作年度报告"))) {
		t.Error("isListingPage is wrong")
	}
	// An article whose report is an attachment, beside a list of the
	// column's latest reports, is a report.
	if isListingPage("http://a/nb/202301/t20230120_1.html", listing) {
		t.Error("an article page with a side list of 4 reports is taken for a listing")
	}
}

// A correction an earlier run stored as a report is checked again as a
// correction.
func TestKnownCorrectionReclassified(t *testing.T) {
	const p = "/zfxxgknb/202105/t20210510_9.shtml"
	pages := map[string]string{
		"/zfxxgknb/": trsPage("政府信息公开年报", trsList(nil, 1, 0)),
		p:            trsPage("更正说明", `<p>数据有误，现予更正。</p>`),
	}
	m := map[string]reply{}
	for path, body := range pages {
		m[path] = reply{header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, body: body}
	}
	srv, _ := serve(t, replies(m))
	sink := newMemSink()
	sink.latest[srv.URL+p] = &Previous{URL: srv.URL + p, Site: "tree", Kind: Report, Title: "关于2020年度政府信息公开工作年度报告的更正说明", Status: 200, SHA256: "00"}
	c := newTestCrawler(t, sink, nil)
	if _, err := c.Run(context.Background(), []Site{testSite("tree", srv.URL+"/zfxxgknb/")}); err != nil {
		t.Fatal(err)
	}
	if d := sink.saved(srv.URL + p); len(d) != 1 || d[0].Kind != Correction || d[0].Year != 2020 {
		t.Errorf("known correction: %+v", d)
	}
}

// Below a column page that is not a directory, the directory holds
// other columns: only sub-columns titled or named so are read.
func TestSubColumnOfPageColumn(t *testing.T) {
	sc := &scan{pageURL: "https://www.bjxch.gov.cn/zt/xxgkzl/zfxxgknb.html"}
	for abs, want := range map[string]bool{
		"https://www.bjxch.gov.cn/zt/xxgkzl/zcwj/":         false, // 政策文件, another column
		"https://www.bjxch.gov.cn/zt/xxgkzl/gknb2022/":     true,
		"https://www.bjxch.gov.cn/zt/xxgkzl/qt/2023年/":     true,
		"https://www.bjxch.gov.cn/zt/xxgkzl/zfxxgknb.html": false, // itself
		"https://other.gov.cn/zt/xxgkzl/gknb2022/":         false,
	} {
		title := "更多"
		if strings.Contains(abs, "2023年") {
			title = "2023年"
		}
		if _, ok := sc.subColumn(abs, title); ok != want {
			t.Errorf("subColumn(%s, %q) = %v", abs, title, ok)
		}
	}
}
