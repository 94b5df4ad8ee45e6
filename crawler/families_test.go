package crawler

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Columns shaped like each CMS family's (from the page fragments and
// interface answers quoted in the issue-12 survey), crawled through the
// fake network: every report is found with its year, no other link is
// fetched as a report, and list-interface requests are logged as
// listing-api.

// familyCase is one column: its pages (path with query → body), the
// site crawling it, and what the crawl must find.
type familyCase struct {
	name  string
	pages map[string]string
	// api answers the list-interface requests (nil: none expected).
	api http.HandlerFunc
	// site returns the site for the server at base.
	site func(base string) Site
	// reports are the report paths and their years.
	reports map[string]int
	// apiCalls is the number of listing-api requests expected.
	apiCalls int
	// never are paths that must not be requested (notices, dynamic pages,
	// pages past the end of a list).
	never []string
}

func reportLink(href, title string) [2]string { return [2]string{href, title} }

// nb is a report title of year y.
func nb(who string, y int) string {
	return fmt.Sprintf("%s%d年政府信息公开工作年度报告", who, y)
}

func TestFamilies(t *testing.T) {
	for _, tc := range familyCases() {
		t.Run(tc.name, func(t *testing.T) {
			mux := http.NewServeMux()
			pages := map[string]reply{}
			for p, body := range tc.pages {
				pages[p] = reply{header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, body: body}
			}
			for p, y := range tc.reports {
				if _, ok := pages[p]; !ok {
					pages[p] = reply{header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, body: reportHTML(nb("某地", y))}
				}
			}
			static := replies(pages)
			mux.Handle("/", static)
			if tc.api != nil {
				mux.HandleFunc("/module/web/jpage/dataproxy.jsp", tc.api)
				mux.HandleFunc("/gkmlpt/api/", tc.api)
				mux.HandleFunc("/api/", tc.api)
			}
			srv, hits := serve(t, mux)
			sink := newMemSink()
			c := newTestCrawler(t, sink, nil)
			site := tc.site(srv.URL)
			if _, err := c.Run(context.Background(), []Site{site}); err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, d := range sink.docs {
				if d.Kind == Report {
					got[strings.TrimPrefix(d.URL, srv.URL)] = d.Year
					if !strings.Contains(d.Title, strconv.Itoa(d.Year)+"年") || strings.ContainsAny(d.Title, "<>&") {
						t.Errorf("%s: title %q", d.URL, d.Title)
					}
				}
			}
			if !maps.Equal(got, tc.reports) {
				t.Errorf("reports found\ngot  %v\nwant %v", got, tc.reports)
			}
			for _, p := range tc.never {
				if n := len(hits.requests(p)); n > 0 {
					t.Errorf("%s requested %d times", p, n)
				}
			}
			var api []FetchLog
			for _, f := range sink.logs {
				if f.Kind == ListingAPI {
					api = append(api, f)
				}
				if f.Result != ResultOK {
					t.Errorf("fetch %s (%s): %s %v", f.URL, f.Kind, f.Result, f.Err)
				}
				if f.Kind == "" && !strings.HasSuffix(f.URL, "/robots.txt") {
					t.Errorf("fetch %s logged without its kind", f.URL)
				}
			}
			if len(api) != tc.apiCalls {
				t.Errorf("%d listing-api requests logged, want %d: %+v", len(api), tc.apiCalls, api)
			}
			for _, d := range sink.docs {
				if d.Kind == ListingAPI && d.Change != NewDoc {
					t.Errorf("list answer %s: %s", d.URL, d.Change)
				}
			}
		})
	}
}

func familyCases() []familyCase {
	site := func(paths ...string) func(string) Site {
		return func(base string) Site {
			var l []string
			for _, p := range paths {
				l = append(l, base+p)
			}
			return testSite("family", l...)
		}
	}
	trs6 := func(page int, links ...[2]string) string {
		return strings.Replace(listingHTML(links...), "</ul>", fmt.Sprintf(`</ul><div class="page"><script>createPageHTML('page_div',3, %d,'list','shtml',7);</script></div>`, page), 1)
	}
	inline := func(current int, links ...[2]string) string {
		return strings.Replace(listingHTML(links...), "</ul>", `</ul><div class="fy"><script type="text/javascript">
var currentPage=`+strconv.Itoa(current)+`;
var prevPage=currentPage-1;
var nextPage=currentPage+1;
var countPage=3;
var endPage=countPage-1;
if(countPage>1){
document.write("<a href=\"index.html\" target=\"_self\" class='index'>首页</a>&nbsp;");
}
if(countPage>1&&currentPage!=0&&currentPage!=1)
document.write("<a href=\"index"+"_"+prevPage+"."+"html\" target=\"_self\">上一页</a>&nbsp;");
if(currentPage<countPage-1)
document.write("<a href=\"index"+"_"+nextPage+"."+"html\" target=\"_self\">下一页</a>&nbsp;");
</script></div>`, 1)
	}
	listModel := func(links ...[2]string) string {
		return strings.Replace(listingHTML(links...), "</ul>", `</ul><script>
listModel({
    quickMode: "动静结合",
    maxStaticIndex: 2,
    listArgs: { channelid: SiteInfo.searchId, classsql: "chnlid=1813", sortfield: "-docorderpri,-docreltime" },
    pagebar: { prepage: 2, recordCount: '6', pgTemp: "pgBar_xxgk.html" }
});
</script>`, 1)
	}
	aspx := func(links ...[2]string) string {
		return strings.Replace(listingHTML(links...), "</ul>", `</ul><div class="pager">共3页 <a href="javascript:__doPostBack('pager','2')">下一页</a></div>`, 1)
	}
	window := func(links ...[2]string) string {
		return strings.Replace(listingHTML(links...), "</ul>", `</ul><div class="pager"><a href="List.aspx?cid=12">1</a> <a href="List.aspx?cid=12&amp;page=2">2</a> <a href="List.aspx?cid=12&amp;page=3">3</a> … <a href="List.aspx?cid=12&amp;page=5">尾页</a></div>`, 1)
	}
	return []familyCase{{
		name: "TRSPager6Args",
		pages: map[string]string{
			"/zwgk/zfxxgknb/list.shtml":   trs6(1, reportLink("./202403/t20240301_1.shtml", nb("甲市", 2023)), reportLink("./202303/t20230301_2.shtml", nb("甲市", 2022))),
			"/zwgk/zfxxgknb/list_2.shtml": trs6(2, reportLink("./202203/t20220301_3.shtml", nb("甲市", 2021)), reportLink("./202112/t20211201_9.shtml", "关于报送2021年度政府信息公开工作年度报告的通知")),
			"/zwgk/zfxxgknb/list_3.shtml": trs6(3, reportLink("./202103/t20210301_4.shtml", nb("甲市", 2020))),
		},
		site: site("/zwgk/zfxxgknb/list.shtml"),
		reports: map[string]int{
			"/zwgk/zfxxgknb/202403/t20240301_1.shtml": 2023, "/zwgk/zfxxgknb/202303/t20230301_2.shtml": 2022,
			"/zwgk/zfxxgknb/202203/t20220301_3.shtml": 2021, "/zwgk/zfxxgknb/202103/t20210301_4.shtml": 2020,
		},
		never: []string{"/zwgk/zfxxgknb/202112/t20211201_9.shtml", "/zwgk/zfxxgknb/list_1.shtml"},
	}, {
		name: "TRSInlineCountPage",
		pages: map[string]string{
			"/xxgk/zfxxgknb/index.html":   inline(0, reportLink("./202401/t20240120_11.html", nb("乙县", 2023))),
			"/xxgk/zfxxgknb/index_1.html": inline(1, reportLink("./202301/t20230118_12.html", nb("乙县", 2022))),
			"/xxgk/zfxxgknb/index_2.html": inline(2, reportLink("./202201/t20220119_13.html", nb("乙县", 2021))),
		},
		site: site("/xxgk/zfxxgknb/index.html"),
		reports: map[string]int{
			"/xxgk/zfxxgknb/202401/t20240120_11.html": 2023, "/xxgk/zfxxgknb/202301/t20230118_12.html": 2022, "/xxgk/zfxxgknb/202201/t20220119_13.html": 2021,
		},
		never: []string{"/xxgk/zfxxgknb/index_3.html"},
	}, {
		name: "TRSListModel",
		pages: map[string]string{
			"/zwgk/zfxxgk/zfxxgknb/index.htm":   listModel(reportLink("./202503/t20250310_1.htm", nb("丙区", 2024)), reportLink("./202403/t20240308_2.htm", nb("丙区", 2023))),
			"/zwgk/zfxxgk/zfxxgknb/index_1.htm": listModel(reportLink("./202302/t20230220_3.htm", nb("丙区", 2022)), reportLink("./202202/t20220208_4.htm", nb("丙区", 2021))),
		},
		site: site("/zwgk/zfxxgk/zfxxgknb/index.htm"),
		reports: map[string]int{
			"/zwgk/zfxxgk/zfxxgknb/202503/t20250310_1.htm": 2024, "/zwgk/zfxxgk/zfxxgknb/202403/t20240308_2.htm": 2023,
			"/zwgk/zfxxgk/zfxxgknb/202302/t20230220_3.htm": 2022, "/zwgk/zfxxgk/zfxxgknb/202202/t20220208_4.htm": 2021,
		},
		// maxStaticIndex 2 of 3 pages: the third is dynamic only.
		never: []string{"/zwgk/zfxxgk/zfxxgknb/index_2.htm"},
	}, {
		name: "HanwebDataproxy",
		pages: map[string]string{
			"/col/col49295/index.html": hanwebColumn(),
		},
		api:  hanwebProxy,
		site: site("/col/col49295/index.html"),
		reports: map[string]int{
			"/art/2025/1/20/art_49295_6.html": 2024, "/art/2024/1/19/art_49295_5.html": 2023,
			"/art/2023/1/18/art_49295_4.html": 2022, "/art/2022/1/20/art_49295_3.html": 2021,
			"/art/2021/1/22/art_49295_2.html": 2020, "/art/2020/1/21/art_49295_1.html": 2019,
		},
		apiCalls: 2,
		never:    []string{"/art/2023/3/1/art_49295_90.html"},
	}, {
		// A side list (its own unit, column, form and total, all its
		// records embedded) before the column's list.
		name: "HanwebTwoLists",
		pages: map[string]string{
			"/col/col49295/index.html": strings.Replace(hanwebColumn(), `<div id="434779">`, `<div id="7001"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=5&columnid=1500&unitid=7001"></a>]]></nextgroup>
<recordset><record><![CDATA[<li><a href="/art/2025/2/1/art_1500_1.html">通知公告</a></li>]]></record></recordset></datastore></script></div>
<script>var param_7001 = {col:1,appid:1,webid:5,path:'/',columnid:1500,unitid:7001,webname:'庚市人民政府',permissiontype:0};
$('#7001').jpage({ dataStore: dataStore, perPage: 5, totalRecord: 1, groupSize: 1, ajaxParam: param_7001 });</script>
<div id="434779">`, 1),
		},
		api:  hanwebProxy,
		site: site("/col/col49295/index.html"),
		reports: map[string]int{
			"/art/2025/1/20/art_49295_6.html": 2024, "/art/2024/1/19/art_49295_5.html": 2023,
			"/art/2023/1/18/art_49295_4.html": 2022, "/art/2022/1/20/art_49295_3.html": 2021,
			"/art/2021/1/22/art_49295_2.html": 2020, "/art/2020/1/21/art_49295_1.html": 2019,
		},
		apiCalls: 2,
	}, {
		name: "Gkmlpt",
		pages: map[string]string{
			"/gkmlpt/annualreport": `<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title>
<script>window._CONFIG = {"SID": "175", "DOMAIN": "", "TREE": {"id":2629,"name":"政府信息公开年报"}};</script></head>
<body><div id="app"></div><script src="/gkmlpt/static/js/app.js"></script></body></html>`,
		},
		api: gkmlptAPI,
		site: func(base string) Site {
			return testSite("family", base+"/gkmlpt/annualreport#2629")
		},
		reports: map[string]int{
			"/gkmlpt/content/4/4688/post_4688997.html": 2024, "/gkmlpt/content/4/4100/post_4100001.html": 2023,
			"/gkmlpt/content/3/3900/post_3900002.html": 2022,
		},
		apiCalls: 2,
		never:    []string{"/gkmlpt/api/all/2629?page=3&sid=175", "/gkmlpt/content/3/3800/post_3800003.html"},
	}, {
		name: "SiteAPI",
		api:  siteAPI,
		site: func(base string) Site {
			start := 1
			return Site{Name: "family", Agency: "测试局", API: &APIConfig{
				URL: base + "/api/getFileListByCodeId", Method: "POST", Form: "channelId=61eaab3127b040d4950fff177f09e561&page={page}&size=2",
				StartPage: &start, List: "results.data.results", Title: "titleHtml", Href: "url", Total: "results.data.total",
			}}
		},
		reports: map[string]int{
			"/chinatax/n810214/c102384r/c5230001/content.html": 2025, "/chinatax/n810214/c102384r/c5180002/content.html": 2024,
			"/chinatax/n810214/c102384r/c5120004/content.html": 2023,
		},
		apiCalls: 2,
		never:    []string{"/chinatax/n810214/c102384r/c5150003/content.html"},
	}, {
		// A GET interface numbered from 0, without a total: paging stops
		// at the empty page.
		name: "SiteAPIGet",
		api: func(w http.ResponseWriter, r *http.Request) {
			item := func(id, title string) string {
				return fmt.Sprintf(`{"manuscriptId":%q,"title":%q,"staticUrl":"/lsszfxxgk/zfxxgknb/202501/%s.shtml","publishedTime":"2025-01-20 12:00:32"}`, id, title, id)
			}
			var items []string
			switch r.URL.Query().Get("pageNo") {
			case "0":
				items = []string{item("9d7b3f715f6048a8a97b019f84a6bd53", "拉萨市2024年政府信息公开工作年度报告"), item("1a2b3f715f6048a8a97b019f84a6bd53", "拉萨市政府信息公开指南")}
			case "1":
				items = []string{item("2c3d3f715f6048a8a97b019f84a6bd53", "拉萨市2023年政府信息公开工作年度报告")}
			case "2":
			default:
				http.NotFound(w, r)
				return
			}
			fmt.Fprintf(w, `{"status":true,"msg":"接口访问成功!","data":{"list":[%s]}}`, strings.Join(items, ","))
		},
		site: func(base string) Site {
			start := 0
			return Site{Name: "family", API: &APIConfig{URL: base + "/api/list?channelId=699a02e7ab5942dbb63a0994a3cedc2a&pageNo={page}", StartPage: &start, List: "data.list", Title: "title", Href: "staticUrl"}}
		},
		reports: map[string]int{
			"/lsszfxxgk/zfxxgknb/202501/9d7b3f715f6048a8a97b019f84a6bd53.shtml": 2024,
			"/lsszfxxgk/zfxxgknb/202501/2c3d3f715f6048a8a97b019f84a6bd53.shtml": 2023,
		},
		apiCalls: 3,
		never:    []string{"/lsszfxxgk/zfxxgknb/202501/1a2b3f715f6048a8a97b019f84a6bd53.shtml"},
	}, {
		name: "ASPNETPageParam",
		pages: map[string]string{
			"/InfoPublic.aspx?cid=1019&pid=971&page=1&kw=": aspx(reportLink("InfoDetail.aspx?id=31", nb("丁厅", 2024))),
			"/InfoPublic.aspx?cid=1019&pid=971&page=2&kw=": aspx(reportLink("InfoDetail.aspx?id=21", nb("丁厅", 2023))),
			"/InfoPublic.aspx?cid=1019&pid=971&page=3&kw=": aspx(reportLink("InfoDetail.aspx?id=11", nb("丁厅", 2022)), reportLink("InfoDetail.aspx?id=5", "关于报送2022年度政府信息公开工作年度报告的通知")),
		},
		site:    site("/InfoPublic.aspx?cid=1019&pid=971&page=1&kw="),
		reports: map[string]int{"/InfoDetail.aspx?id=31": 2024, "/InfoDetail.aspx?id=21": 2023, "/InfoDetail.aspx?id=11": 2022},
		never:   []string{"/InfoPublic.aspx?cid=1019&pid=971&page=4&kw=", "/InfoDetail.aspx?id=5"},
	}, {
		// Page-number links show a window (1 2 3) and 尾页 the last page.
		name: "ASPNETLastPageLink",
		pages: map[string]string{
			"/News/List.aspx?cid=12":        window(reportLink("Show.aspx?id=60", nb("辛局", 2025))),
			"/News/List.aspx?cid=12&page=2": window(reportLink("Show.aspx?id=50", nb("辛局", 2024))),
			"/News/List.aspx?cid=12&page=3": window(reportLink("Show.aspx?id=40", nb("辛局", 2023))),
			"/News/List.aspx?cid=12&page=4": window(reportLink("Show.aspx?id=30", nb("辛局", 2022))),
			"/News/List.aspx?cid=12&page=5": window(reportLink("Show.aspx?id=20", nb("辛局", 2021))),
		},
		site: site("/News/List.aspx?cid=12"),
		reports: map[string]int{"/News/Show.aspx?id=60": 2025, "/News/Show.aspx?id=50": 2024, "/News/Show.aspx?id=40": 2023,
			"/News/Show.aspx?id=30": 2022, "/News/Show.aspx?id=20": 2021},
		never: []string{"/News/List.aspx?cid=12&page=6", "/News/List.aspx?cid=12&page=1"},
	}, {
		name: "MetaRefreshEntry",
		pages: map[string]string{
			"/zwgk/zfxxgknb/":            `<html><head><meta http-equiv="Refresh" content="0; URL=./nblist.html"></head><body></body></html>`,
			"/zwgk/zfxxgknb/nblist.html": listingHTML(reportLink("./202401/t20240131_5.html", nb("戊市", 2023))),
		},
		site:    site("/zwgk/zfxxgknb/"),
		reports: map[string]int{"/zwgk/zfxxgknb/202401/t20240131_5.html": 2023},
	}, {
		name: "LocationHrefEntry",
		pages: map[string]string{
			"/xxgk/nb/index.html": `<html><head><script type="text/javascript">
	window.location.href = "/xxgk/zfxxgk/zfxxgknb/index.shtml";
</script><script>function go(u){ location.href = "/search/" + u; }</script></head><body></body></html>`,
			"/xxgk/zfxxgk/zfxxgknb/index.shtml": listingHTML(reportLink("./202402/t20240201_7.shtml", nb("己县", 2023))),
		},
		site:    site("/xxgk/nb/index.html"),
		reports: map[string]int{"/xxgk/zfxxgk/zfxxgknb/202402/t20240201_7.shtml": 2023},
		never:   []string{"/search/"},
	}, {
		name: "LocationReplaceEntry",
		pages: map[string]string{
			"/gkml/":               `<html><head><script>location.replace('/gkmlpt/annualreport#2629')</script></head></html>`,
			"/gkmlpt/annualreport": `<html><head><script>window._CONFIG = {SID:'175'};</script></head><body><div id="app"></div></body></html>`,
		},
		api:  gkmlptAPI,
		site: site("/gkml/"),
		reports: map[string]int{
			"/gkmlpt/content/4/4688/post_4688997.html": 2024, "/gkmlpt/content/4/4100/post_4100001.html": 2023,
			"/gkmlpt/content/3/3900/post_3900002.html": 2022,
		},
		apiCalls: 2,
	}}
}

// hanwebColumn is a jcms column page: two records embedded, six in all,
// shown 1 per page in groups of 2.
func hanwebColumn() string {
	return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title>
<script language="javascript" src="/module/jslib/jquery/jpage/jquery.jpage.js"></script></head><body>
<div id="434779"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=5&columnid=49295&unitid=434779"></a>]]></nextgroup>
<recordset><ul id="information-list"></ul>
<record><![CDATA[
<li><a href="/art/2025/1/20/art_49295_6.html" target="_blank" title="` + nb("庚市", 2024) + `">庚市2024年政府信息…</a><span>2025-01-20</span></li>]]></record>
<record><![CDATA[
<li><a href="/art/2024/1/19/art_49295_5.html" target="_blank">` + nb("庚市", 2023) + `</a><span>2024-01-19</span></li>]]></record>
</recordset></datastore></script></div>
<script>
var param_434779 = {col:1,appid:1,webid:5,path:'/',columnid:49295,sourceContentType:1,unitid:434779,webname:'庚市人民政府',permissiontype:0};
</script>
<script>
$(document).ready(function(){ $('#434779').jpage({ dataStore: dataStore, perPage: 1, totalRecord: 6, groupSize: 2, ajaxParam: param_434779 }); });
</script></body></html>`
}

// hanwebRecords are the column's records, newest first, and one notice.
var hanwebRecords = []string{
	`<li><a href="/art/2025/1/20/art_49295_6.html" target="_blank">` + nb("庚市", 2024) + `</a></li>`,
	`<li><a href="/art/2024/1/19/art_49295_5.html" target="_blank">` + nb("庚市", 2023) + `</a></li>`,
	`<li><a href="/art/2023/1/18/art_49295_4.html" target="_blank">` + nb("庚市", 2022) + `</a></li>` +
		`<li><a href="/art/2023/3/1/art_49295_90.html" target="_blank">关于报送2022年度政府信息公开工作年度报告的通知</a></li>`,
	`<li><a href="/art/2022/1/20/art_49295_3.html" target="_blank">` + nb("庚市", 2021) + `</a></li>`,
	`<li><a href="/art/2021/1/22/art_49295_2.html" target="_blank">` + nb("庚市", 2020) + `</a></li>`,
	`<li><a href="/art/2020/1/21/art_49295_1.html" target="_blank">` + nb("庚市", 2019) + `</a></li>`,
}

// hanwebProxy answers dataproxy.jsp: records startrecord … endrecord,
// with the previous group's last record first (the look-ahead row
// public scrapers report), to a POST carrying the column's form.
func hanwebProxy(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if r.PostForm.Get("columnid") != "49295" || r.PostForm.Get("unitid") != "434779" || r.PostForm.Get("webid") != "5" || r.PostForm.Get("col") != "1" || r.PostForm.Get("path") != "/" || r.PostForm.Get("webname") != "庚市人民政府" || r.PostForm.Get("sourceContentType") != "1" {
		http.Error(w, "bad form "+r.PostForm.Encode(), http.StatusBadRequest)
		return
	}
	start, err1 := strconv.Atoi(r.URL.Query().Get("startrecord"))
	end, err2 := strconv.Atoi(r.URL.Query().Get("endrecord"))
	if err1 != nil || err2 != nil || start < 1 || end < start || r.URL.Query().Get("perpage") != "1" {
		http.Error(w, "bad paging", http.StatusBadRequest)
		return
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?><datastore><totalrecord>6</totalrecord><totalpage>6</totalpage><recordset>`)
	from := max(start-1, 1)
	if start == 3 {
		from = 3
	}
	for i := from; i <= min(end, len(hanwebRecords)); i++ {
		b.WriteString("<record><![CDATA[" + hanwebRecords[i-1] + "]]></record>\n")
	}
	b.WriteString(`</recordset></datastore>`)
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	fmt.Fprint(w, b.String())
}

// gkmlptAPI answers /gkmlpt/api/all/2629?page=N&sid=175: two articles a
// page, three reports and a notice, 404 past the end.
func gkmlptAPI(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/gkmlpt/api/all/2629" || r.URL.Query().Get("sid") != "175" {
		http.NotFound(w, r)
		return
	}
	host := "http://" + r.Host
	article := func(id int, dir, title string) string {
		return fmt.Sprintf(`{"id":%d,"title":%q,"date":1706745600,"publisher":"广东省文化和旅游厅","url":"%s/gkmlpt/content/%s/post_%d.html","identifier":"006940116/2026-00001"}`, id, title, host, dir, id)
	}
	var arts []string
	switch r.URL.Query().Get("page") {
	case "0", "1":
		arts = []string{article(4688997, "4/4688", "广东省文化和旅游厅2024年政府信息公开工作年度报告"), article(4100001, "4/4100", "广东省文化和旅游厅2023年政府信息公开工作年度报告")}
	case "2":
		arts = []string{article(3900002, "3/3900", "广东省文化和旅游厅2022年政府信息公开工作年度报告"), article(3800003, "3/3800", "广东省文化和旅游厅2023年政府信息公开工作要点")}
	default:
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"classify":{"id":2629,"name":"政府信息公开年报","post_count":4},"articles":[%s],"total":4}`, strings.Join(arts, ","))
}

// siteAPI answers a chinatax-style POST list (getFileListByCodeId).
func siteAPI(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/api/getFileListByCodeId" {
		http.NotFound(w, r)
		return
	}
	if err := r.ParseForm(); err != nil || r.PostForm.Get("channelId") != "61eaab3127b040d4950fff177f09e561" || r.PostForm.Get("size") != "2" {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	item := func(id int, title string) string {
		return fmt.Sprintf(`{"titleHtml":%q,"url":"/chinatax/n810214/c102384r/c%d/content.html","publishedTimeStr":"2026-01-20 10:00:00"}`, title, id)
	}
	var items []string
	switch r.PostForm.Get("page") {
	case "1":
		items = []string{item(5230001, "国家税务总局<em>2025年</em>政府信息公开工作年度报告"), item(5180002, "国家税务总局&nbsp;2024年政府信息公开工作年度报告")}
	case "2":
		items = []string{item(5150003, "国家税务总局2024年政府信息公开工作要点"), item(5120004, "国家税务总局2023年政府信息公开工作年度报告")}
	case "3":
		items = nil
	default:
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	fmt.Fprintf(w, `{"code":200,"results":{"data":{"results":[%s],"total":4}}}`, strings.Join(items, ","))
}

func TestAPIConfig(t *testing.T) {
	good := `contact = "mailto:a@b.org"
[[site]]
name = "chinatax"
agency = "国家税务总局"
listings = ["https://www.chinatax.gov.cn/chinatax/n810214/c102384r/index.html"]
[site.api]
url = "https://www.chinatax.gov.cn/getFileListByCodeId"
method = "POST"
form = "channelId=61eaab3127b040d4950fff177f09e561&page={page}&size=20&relateSubChannels=true"
list = "results.data.results"
title = "titleHtml"
href = "url"
total = "results.data.total"
`
	cfg, err := ParseConfig([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if a := cfg.Sites[0].API; a == nil || a.List != "results.data.results" || a.StartPage != nil {
		t.Fatalf("api: %+v", a)
	}
	for _, tt := range []struct{ name, old, new, want string }{
		{"NoPage", "page={page}&", "", "neither url nor form has {page}"},
		{"NoList", `list = "results.data.results"`, "", "list, title and href are required"},
		{"BadMethod", `method = "POST"`, `method = "PUT"`, `method "PUT"`},
		{"GETAndForm", `method = "POST"`, `method = "GET"`, `form needs method = "POST"`},
		{"NotHTTP", `url = "https://www.chinatax.gov.cn/getFileListByCodeId"`, `url = "ftp://www.chinatax.gov.cn/{page}"`, "not an http or https URL"},
		{"Negative", `total = "results.data.total"`, "start_page = -1", "start_page -1"},
		{"OtherHost", "[site.api]\nurl = \"https://www.chinatax.gov.cn/", "allowed_hosts = [\"www.chinatax.gov.cn\"]\n[site.api]\nurl = \"https://list.example.com/", "list.example.com/getFileListByCodeId is not on an allowed host"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig([]byte(strings.Replace(good, tt.old, tt.new, 1)))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err %v, want %q", err, tt.want)
			}
		})
	}
	// A site with a list interface only needs no listing.
	only := strings.Replace(good, `listings = ["https://www.chinatax.gov.cn/chinatax/n810214/c102384r/index.html"]`, "", 1)
	if cfg, err := ParseConfig([]byte(only)); err != nil || !cfg.Sites[0].Allows("www.chinatax.gov.cn") {
		t.Errorf("api-only site: %v", err)
	}
}

func TestQueryPager(t *testing.T) {
	for _, tt := range []struct {
		url, page string
		want      []string
	}{
		{"https://hrss.yn.gov.cn/InfoPublic.aspx?cid=1019&pid=971&page=1&kw=", "<span>共3页</span>", []string{
			"https://hrss.yn.gov.cn/InfoPublic.aspx?cid=1019&pid=971&page=1&kw=",
			"https://hrss.yn.gov.cn/InfoPublic.aspx?cid=1019&pid=971&page=2&kw=",
			"https://hrss.yn.gov.cn/InfoPublic.aspx?cid=1019&pid=971&page=3&kw="}},
		{"http://a.gov.cn/list.jsp?pageNo=0", "第1/2页", []string{"http://a.gov.cn/list.jsp?pageNo=0", "http://a.gov.cn/list.jsp?pageNo=1"}},
		// No parameter in the URL: the links name it; the highest is the last.
		{"http://a.gov.cn/News/List.aspx?cid=12", `<a href="List.aspx?cid=12&amp;page=2">2</a><a href="List.aspx?page=6&cid=12">尾页</a><a href="List.aspx?cid=13&page=9">9</a><a href="/other/List.aspx?cid=12&page=8">8</a>`, []string{
			"http://a.gov.cn/News/List.aspx?cid=12&page=2", "http://a.gov.cn/News/List.aspx?cid=12&page=3",
			"http://a.gov.cn/News/List.aspx?cid=12&page=4", "http://a.gov.cn/News/List.aspx?cid=12&page=5",
			"http://a.gov.cn/News/List.aspx?cid=12&page=6"}},
		{"http://a.gov.cn/list.jsp?id=3", "共3页", nil},     // no page parameter
		{"http://a.gov.cn/list.jsp?page=1", "共3条记录", nil}, // no page count
	} {
		if got := queryPager(tt.url, []byte(tt.page)); !slices.Equal(got, tt.want) {
			t.Errorf("queryPager(%s)\ngot  %q\nwant %q", tt.url, got, tt.want)
		}
	}
}

func TestScriptRedirect(t *testing.T) {
	const page = "http://www.a.gov.cn/xxgk/nb/index.html"
	for script, want := range map[string]string{
		`location.href="list.html";`:                             "http://www.a.gov.cn/xxgk/nb/list.html",
		` window.location = 'https://www.a.gov.cn/nb/' `:         "https://www.a.gov.cn/nb/",
		"<!--\nlocation.replace(\"/gkmlpt/index#2629\");\n//-->": "http://www.a.gov.cn/gkmlpt/index#2629",
		`top.location.href = "javascript:void(0)"`:               "",
		`if (mobile) location.href = "m/index.html";`:            "", // a condition, not an entry page
		`location.href = "index.html"`:                           "", // the page itself
		`function go(u){ location.href = "/s/" + u; }`:           "",
	} {
		if got := scriptRedirect(script, page); got != want {
			t.Errorf("scriptRedirect(%q) = %q, want %q", script, got, want)
		}
	}
}

// A list-interface request obeys robots.txt, the allowed hosts, the
// listing-page limit and the site's page limit like a listing page: the
// dataproxy is never asked, a skip is logged as listing-api, and the
// embedded records are still found (with MaxPages 3: the column page and
// its two reports fill the site's quota).
func TestListAPIPoliteness(t *testing.T) {
	for _, tt := range []struct {
		name   string
		robots string
		mod    func(*Options)
		result Result
		page   string
	}{
		{"Robots", "User-agent: *\nDisallow: /module/\n", nil, ResultSkipped, hanwebColumn()},
		{"ListingPageLimit", "", func(o *Options) { o.MaxListingPages = 1 }, "", hanwebColumn()},
		{"OtherHost", "", nil, ResultSkipped, strings.Replace(hanwebColumn(), "perPage: 1,", "perPage: 1, proxyUrl: 'http://jpage.example.com/module/web/jpage/dataproxy.jsp',", 1)},
		{"PageLimit", "", func(o *Options) { o.MaxPages = 3 }, "", hanwebColumn()},
	} {
		t.Run(tt.name, func(t *testing.T) {
			mux := http.NewServeMux()
			mux.HandleFunc("/module/web/jpage/dataproxy.jsp", hanwebProxy)
			pages := map[string]reply{"/col/col49295/index.html": {body: tt.page}}
			if tt.robots != "" {
				pages["/robots.txt"] = reply{body: tt.robots}
			}
			for _, p := range []string{"/art/2025/1/20/art_49295_6.html", "/art/2024/1/19/art_49295_5.html"} {
				pages[p] = reply{body: reportHTML("x")}
			}
			mux.Handle("/", replies(pages))
			srv, hits := serve(t, mux)
			sink := newMemSink()
			c := newTestCrawler(t, sink, tt.mod)
			if _, err := c.Run(context.Background(), []Site{testSite("hanweb", srv.URL+"/col/col49295/index.html")}); err != nil {
				t.Fatal(err)
			}
			for _, h := range hits.all() {
				if strings.HasPrefix(h.path, "/module/") {
					t.Errorf("dataproxy requested: %s", h.path)
				}
			}
			var api []FetchLog
			for _, f := range sink.logs {
				if f.Kind == ListingAPI {
					api = append(api, f)
				}
			}
			if tt.result == "" && len(api) != 0 || tt.result != "" && (len(api) != 1 || api[0].Result != tt.result || !strings.Contains(api[0].URL, "startrecord=3")) {
				t.Errorf("listing-api log: %+v", api)
			}
			n := 0
			for _, d := range sink.docs {
				if d.Kind == Report {
					n++
				}
			}
			if n != 2 {
				t.Errorf("%d reports, want the 2 embedded", n)
			}
			if tt.name == "OtherHost" && !strings.Contains(api[0].ErrText(), "host not allowed: jpage.example.com") {
				t.Errorf("other host: %v", api[0].Err)
			}
		})
	}
}

// A listModel column with more pages than maxStaticIndex says so in the
// log, once per page, unless the site has a [site.api] (then it says the
// interface lists them) or the page has a static pager too.
func TestListModelSaysDynamic(t *testing.T) {
	const pageURL = "http://www.a.gov.cn/zwgk/zfxxgknb/index.htm"
	script := `<script>listModel({quickMode: "动静结合", maxStaticIndex: 2, pagebar: {prepage: 10, recordCount: '45'}});</script>`
	for _, tt := range []struct {
		name, extra string
		site        Site
		want        string
	}{
		{"NoAPI", "", Site{Name: "a"}, `level=WARN msg="listing pages after maxStaticIndex are dynamic only: not crawled (describe the list interface in [site.api])" site=a url=` + pageURL + ` static=2 pages=5`},
		{"SiteAPI", "", Site{Name: "a", API: &APIConfig{}}, `level=INFO msg="listing pages after maxStaticIndex are dynamic; the site's [site.api] lists them"`},
		{"StaticPager", `<script>createPageHTML(5, 0, "index", "htm");</script>`, Site{Name: "a"}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf strings.Builder
			d := newDiscoverer()
			d.lg = slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
				if a.Key == slog.TimeKey {
					return slog.Attr{}
				}
				return a
			}}))
			sel, _ := compileSelectors(Selectors{})
			links, err := d.extract(pageURL, []byte(listingHTML()+script+tt.extra), Listing, &tt.site, sel, 0)
			if err != nil {
				t.Fatal(err)
			}
			if got := urls(links, Listing); !slices.Contains(got, "http://www.a.gov.cn/zwgk/zfxxgknb/index_1.htm") || slices.Contains(got, "http://www.a.gov.cn/zwgk/zfxxgknb/index_2.htm") != (tt.extra != "") {
				t.Errorf("listing pages %q", got)
			}
			if log := buf.String(); tt.want == "" && log != "" || !strings.Contains(log, tt.want) {
				t.Errorf("log %q, want %q", log, tt.want)
			}
		})
	}
}
