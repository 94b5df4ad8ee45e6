package parser

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"nianbao"
	"nianbao/internal/testutil"
)

// goldenDocs are the real documents whose every record is checked against
// a golden file. The goldens were read against the documents by a person:
// regenerate them with go test ./parser -run TestGolden -update
// (testutil.Update) only after reading the diff.
var goldenDocs = []string{
	"seed/000_d451e8e22817c643.txt",
	"html/pingtan_2015.html",
	"text/001_pingtan-zhqsyq_2011.txt",
	"text/005_pingtan-zhqsyq_2012.txt",
	"html/pingtan_2019.html",
	"html/pingtan_2023.html",
	"html/pingtan_2024.html",
	"renderings/022_chibi-pufang-gyyq_2020_excerpt.txt",
	"renderings/024_cqcs-yuntaizhen_2020_excerpt.txt",
	"renderings/026_qianjiang-zhouji-jd_2020_excerpt.txt",
	"renderings/028_yangling-sjj_2022_excerpt.txt",
	"renderings/030_shidz-gxq-shfzj_2022_excerpt.txt",
	"text/shuyang-xian_2025_markdown.txt",
	"text/003_pingtan-zhqsyq_2019.txt",
	"text/012_pingtan-zhqsyq_2020.txt",
	"text/013_pingtan-zhqsyq_2021.txt",
	"text/015_pingtan-zhqsyq_2023.txt",
}

func parseFixture(t testing.TB, name string) *nianbao.Report {
	t.Helper()
	src := testutil.ReadFixture(t, name)
	r, err := Parse(src, Options{Source: name})
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return r
}

func TestGolden(t *testing.T) {
	for _, name := range goldenDocs {
		t.Run(name, func(t *testing.T) {
			r := parseFixture(t, name)
			got, err := json.MarshalIndent(r, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			testutil.Golden(t, filepath.Join("testdata", "golden", strings.ReplaceAll(name, "/", "_")+".json"), got)
		})
	}
}

// TestSeedFacts states in code what the seed's golden holds, so that a
// careless -update cannot bless a wrong figure.
func TestSeedFacts(t *testing.T) {
	r := parseFixture(t, "seed/000_d451e8e22817c643.txt")
	if r.Template != nianbao.TemplateNational2014 || r.Agency != "赣州市商务局" || r.Year != 2017 || r.Published != "2017-02-05" || r.Form != "pipe" {
		t.Fatalf("metadata: template %q agency %q year %d published %q form %q", r.Template, r.Agency, r.Year, r.Published, r.Form)
	}
	if c := r.Contact; c == nil || c.Postcode != "341000" || c.Phone != "8196163" || c.Website != "http://www.gzdofcom.gov.cn/" ||
		c.Address != "赣州市章贡区长征大道市政中心北区南楼1405房" {
		t.Errorf("contact: %+v", r.Contact)
	}
	want := map[string]float64{
		"proactive.total": 806, "proactive.normative_docs": 4, "proactive.channel.website": 662, "proactive.channel.wechat": 142,
		"response.press_conferences": 4, "requests.received": 0, "requests.disclosed": 0, "requests.partially_disclosed": 0,
		"review.total": 0, "litigation.total": 0, "fees.collected": 0, "capacity.offices": 1, "capacity.reading_rooms": 1,
		"staff.total": 4, "staff.full_time": 0, "staff.part_time": 4, "capacity.budget": 5, "training.meetings": 2, "training.courses": 0,
	}
	got := map[string]nianbao.Stat{}
	for _, s := range r.Stats {
		got[s.Code] = s
	}
	if len(r.Stats) != 58 {
		t.Errorf("%d stats, want 58 (57 values and the cut-off row)", len(r.Stats))
	}
	for code, v := range want {
		s, ok := got[code]
		if !ok || s.Value == nil || *s.Value != v {
			t.Errorf("%s = %v, want %v", code, s.Value, v)
		}
	}
	if s := got["proactive.total"]; s.Section != "一、主动公开情况" || s.Row != "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）" || s.Column != "统计数" || s.Unit != "条" || s.Raw != "806" {
		t.Errorf("proactive.total labels: %+v", s)
	}
	if s := got["proactive.channel.website"]; s.Section != "（二）通过不同渠道和方式公开政府信息的情况" {
		t.Errorf("channel section %q", s.Section)
	}
	if s := got["review.upheld"]; s.Section != "四、行政复议数量" {
		t.Errorf("review.upheld section %q", s.Section)
	}
	if s := got["training.trainees"]; s.Value != nil || s.Raw != "" {
		t.Errorf("cut-off row: %+v", s)
	}
	rules := map[string]nianbao.Finding{}
	for _, f := range r.Findings {
		rules[f.Rule] = f
	}
	if f := rules["proactive-channels"]; f.Severity != nianbao.SeverityWarning || !strings.Contains(f.Message, "0+662+0+142+0 = 804") || !strings.Contains(f.Message, "806") {
		t.Errorf("channels finding: %+v", f)
	}
	if f := rules["truncated"]; !strings.Contains(f.Message, "training.trainees") {
		t.Errorf("truncated finding: %+v", f)
	}
	if _, ok := rules["published-before-year-end"]; !ok {
		t.Error("no finding for a report signed before its year ended")
	}
	if len(r.Findings) != 3 {
		t.Errorf("%d findings, want 3: %+v", len(r.Findings), r.Findings)
	}
}

func TestProvincialFacts(t *testing.T) {
	r := parseFixture(t, "html/pingtan_2015.html")
	if r.Template != nianbao.TemplateProvincial || r.Year != 2015 || r.Agency != "平潭综合实验区" || r.Form != "html" {
		t.Fatalf("metadata: %q %d %q %q", r.Template, r.Year, r.Agency, r.Form)
	}
	type k struct{ code, dim string }
	got := map[k]nianbao.Stat{}
	for _, s := range r.Stats {
		got[k{s.Code, s.Dim}] = s
	}
	for kk, v := range map[k]float64{
		{"proactive.total", ""}: 2949, {"proactive.total", "cumulative"}: 81916,
		{"requests.received", "cumulative"}: 1, {"requests.channel.letter_fax", "cumulative"}: 1,
		{"requests.disclosed", "cumulative"}: 1, {"fees.waived", ""}: 0,
	} {
		if s := got[kk]; s.Value == nil || *s.Value != v {
			t.Errorf("%v = %v, want %v", kk, s.Value, v)
		}
	}
	if s := got[k{"proactive.total", ""}]; s.Column != "2015年度" {
		t.Errorf("year column %q", s.Column)
	}
	if s := got[k{"fees.waived", ""}]; s.Unit != "元" {
		t.Errorf("fees.waived unit %q", s.Unit)
	}
	if len(r.Stats) != 32 {
		t.Errorf("%d stats, want 16 rows × 2", len(r.Stats))
	}
}
