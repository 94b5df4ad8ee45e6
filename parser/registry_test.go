package parser

import (
	"slices"
	"strings"
	"testing"

	"nianbao"
)

// exampleVariant is a made-up provincial variant of the 2021 form, as a
// new revision would be written in its own template_*.go file: the 2021
// rows with 行政处罚 printed as 行政执法处罚 and one row of its own,
// 地方性法规, under 第二十条第（一）项.
func exampleVariant() *template {
	m := *template2021.modern
	m.t2Rows = nil
	for _, r := range template2021.modern.t2Rows {
		if r.code == "proactive.penalties" {
			r.key, r.label = "行政执法处罚", "行政执法处罚"
		}
		m.t2Rows = append(m.t2Rows, r)
		if r.code == "proactive.regulations" {
			m.t2Rows = append(m.t2Rows, modernRow{key: "地方性法规", code: "proactive.local_regulations", label: "地方性法规",
				caption: "一", en: "Local regulations (made-up provincial row)"})
		}
	}
	return &template{id: "example-2021", name: "Example province", from: 2021, series: "example", modern: &m, extras: template2021.extras}
}

// exampleReport is a report in the variant's form, as pipe text.
const exampleReport = `某省某局2022年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第（一）项 | | | |
信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
规章 | 1 | 0 | 4 |
地方性法规 | 2 | 0 | 7 |
行政规范性文件 | 3 | 1 | 12 |
第二十条第（五）项 | |
信息内容 | 本年处理决定数量 |
行政许可 | 40 |
第二十条第（六）项 | |
信息内容 | 本年处理决定数量 |
行政执法处罚 | 15 |
行政强制 | 2 |
第二十条第（八）项 | |
信息内容 | 本年收费金额（单位：万元） |
行政事业性收费 | 3.5 |
三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 | | | | | | |
自然人 | 法人或其他组织 | 总计 | | | | | |
商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | | | |
一、本年新收政府信息公开申请数量 | 8 | 2 | 0 | 0 | 0 | 0 | 10 |
二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
三、本年度办理结果 | （一）予以公开 | 5 | 2 | 0 | 0 | 0 | 0 | 7 |
（二）部分公开（区分处理的，只计这一情形，不计其他情形） | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
（三）不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
2.其他法律行政法规禁止公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
3.危及“三安全一稳定” | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
4.保护第三方合法权益 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
5.属于三类内部事务信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
6.属于四类过程性信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
7.属于行政执法案卷 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
8.属于行政查询事项 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
（四）无法提供 | 1.本机关不掌握相关政府信息 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |
2.没有现成信息需要另行制作 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
3.补正后申请内容仍不明确 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
（五）不予处理 | 1.信访举报投诉类申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
3.要求提供公开出版物 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
4.无正当理由大量反复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
5.要求行政机关确认或重新出具已获取信息 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
（六）其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
3.其他 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
（七）总计 | 8 | 2 | 0 | 0 | 0 | 0 | 10 |
四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
四、政府信息公开行政复议、行政诉讼情况
行政复议 | 行政诉讼 |
结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |
结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 1 |
六、其他需要报告的事项
本年度未收取信息处理费。
`

// A new revision is one value and one registration: the variant is read
// with its own rows, voted for by the labels only it prints, named in the
// data dictionary, and gone again once unregistered.
func TestRegisterVariant(t *testing.T) {
	unregister, err := register(exampleVariant())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(unregister)

	if got := loaded().distinctive("example-2021"); !slices.Contains(got, "地方性法规") || !slices.Contains(got, "行政执法处罚") {
		t.Errorf("labels telling example-2021 apart: %v", got)
	}
	r, err := Parse([]byte(exampleReport), Options{Source: "example"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Template != "example-2021" {
		t.Errorf("template %s, want example-2021", r.Template)
	}
	got := statMap(r)
	for k, v := range map[statKey]float64{
		{"proactive.local_regulations", "issued"}: 2, {"proactive.local_regulations", "in_force"}: 7,
		{"proactive.penalties", "decisions"}: 15, {"proactive.normative_docs", "in_force"}: 12,
		{"requests.received", ""}: 10, {"requests.other", ""}: 0, {"litigation.total", ""}: 1, {"fees.collected", ""}: 0,
	} {
		if s, ok := got[k]; !ok || s.Value == nil || *s.Value != v {
			t.Errorf("%v = %+v, want %v", k, s, v)
		}
	}
	if s := got[statKey{"proactive.penalties", "decisions"}]; s.Row != "行政执法处罚" {
		t.Errorf("renamed row read as %q", s.Row)
	}
	for _, f := range r.Findings {
		if f.Severity != nianbao.SeverityInfo || f.Rule == "unknown-row" || f.Rule == "mixed-labels" {
			t.Errorf("finding %s: %s", f.Rule, f.Message)
		}
	}

	var local *nianbao.Indicator
	for _, in := range Indicators() {
		if in.Code == "proactive.local_regulations" {
			local = &in
		}
		if in.Code == "proactive.penalties" && !slices.Contains(in.Templates, "example-2021") {
			t.Errorf("proactive.penalties templates %v", in.Templates)
		}
	}
	if local == nil {
		t.Fatal("proactive.local_regulations not in the data dictionary")
	}
	if local.ZH != "地方性法规" || local.EN == "" || !slices.Equal(local.Templates, []string{"example-2021"}) ||
		!slices.Equal(local.Dims, []string{"issued", "repealed", "in_force"}) {
		t.Errorf("proactive.local_regulations: %+v", *local)
	}

	// Unregistered, the same document is a 2021 report with two rows the
	// template does not know.
	unregister()
	r, err = Parse([]byte(exampleReport), Options{Source: "example"})
	if err != nil {
		t.Fatal(err)
	}
	var unknown []string
	for _, f := range r.Findings {
		if f.Rule == "unknown-row" {
			unknown = append(unknown, f.Message)
		}
	}
	if r.Template != nianbao.TemplateNational2021 || !strings.Contains(strings.Join(unknown, "\n"), "地方性法规") {
		t.Errorf("without the variant: template %s, unknown rows %q", r.Template, unknown)
	}
}

// The registry refuses a revision it could not tell from the others or
// whose rows contradict theirs.
func TestRegisterRefuses(t *testing.T) {
	dup := *template2021
	conflict := exampleVariant()
	conflict.modern.t2Rows = append(conflict.modern.t2Rows, modernRow{key: "行政许可", code: "proactive.other", label: "行政许可", caption: "五"})
	noTable := &template{id: "example-empty", name: "empty"}
	for _, tc := range []struct {
		t    *template
		want string
	}{
		{&dup, "listed twice"},
		{conflict, "row 行政许可 read as proactive.licensing and as proactive.other"},
		{noTable, "needs one of table and modern"},
	} {
		unregister, err := register(tc.t)
		if err == nil {
			unregister()
			t.Errorf("%s registered", tc.t.id)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.t.id, err, tc.want)
		}
	}
	if n := len(loaded().templates); n != len(registry) {
		t.Errorf("%d templates after refusals, want %d", n, len(registry))
	}
}

// Every revision of the 2019 layout has labels no other one prints, or
// voting could not tell it apart; every named code is one the registry
// prints or derives.
func TestRegistryDerived(t *testing.T) {
	f := loaded()
	for _, m := range f.modern {
		if len(f.distinctive(m.id)) == 0 {
			t.Errorf("%s: no label tells it apart", m.id)
		}
	}
	if got := f.distinctive(nianbao.TemplateNational2019); !slices.Contains(got, "其他对外管理服务事项") || !slices.Contains(got, "本年新制作数量") {
		t.Errorf("2019 distinctive labels %v", got)
	}
	known := map[string]bool{}
	for _, in := range Indicators() {
		known[in.Code] = true
	}
	for _, in := range indicatorNames {
		if !known[in.Code] {
			t.Errorf("%s is named but no template prints it", in.Code)
		}
	}
	if got := expectedCodes(template2021); slices.Contains(got, "proactive.services") || !slices.Contains(got, "requests.other.unpaid_fees") ||
		slices.Contains(got, "requests.other") {
		t.Errorf("2021 expected codes %v", got)
	}
}
