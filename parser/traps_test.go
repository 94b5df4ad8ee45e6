package parser

import (
	"strings"
	"testing"

	"nianbao"
)

// Layout traps of real 2019/2021 pages in one Shanghai-style HTML page:
// headers broken by <br>, data colspans that differ from the header's,
// blanks as &nbsp;, "-" and "/", an extra-worded heading, the 行政法复议
// typo, and 四、结转下年度继续办理 right before the heading of section 四.
func TestLayoutTraps(t *testing.T) {
	page := `<html><head><meta charset="utf-8"><title>2020年政府信息公开工作年度报告</title></head><body><div id="zoom">
<p>某区人民政府2020年政府信息公开工作年度报告</p>
<p>二、行政机关主动公开政府信息情况</p>
<table border="1"><tbody>
<tr><td colspan="5" nowrap><p align="center">第二十条第（一）项</p></td></tr>
<tr><td>信息内容</td><td>本年新<br />制作数量</td><td colspan="2">本年新<br />公开数量</td><td>对外公开总数量</td></tr>
<tr><td>规章</td><td>0</td><td colspan="2">0</td><td>0</td></tr>
<tr><td>规范性文件</td><td>&nbsp;</td><td colspan="2">-</td><td>/</td></tr>
<tr><td colspan="5">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量（指2019年事项数）</td><td colspan="2">本年增/减（减用负值表示，如-8）</td><td>处理决定数量</td></tr>
<tr><td>行政许可</td><td>12</td><td>-1</td><td></td><td>30</td></tr>
</tbody></table>
<p>三、行政机关收到和处理政府信息公开申请情况</p>
<table border="1"><tbody>
<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业<br>企业</td><td>科研<br>机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>5</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>6</td></tr>
<tr><td colspan="3">二、上年结转政府信息公开申请数量</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td rowspan="3">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>5</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>6</td></tr>
<tr><td colspan="2">（七）总计</td><td>5</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>6</td></tr>
<tr><td colspan="2">（六）其他处理</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td colspan="3">四、结转下年度继续办理</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</tbody></table>
<p>四、政府信息公开行政法复议、行政诉讼情况</p>
<table border="1"><tbody>
<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr><td rowspan="2">结果<br>维持</td><td rowspan="2">结果<br>纠正</td><td rowspan="2">其他<br>结果</td><td rowspan="2">尚未<br>审结</td><td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
<tr><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>&nbsp;</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</tbody></table>
<p>五、政府信息公开工作存在的主要问题及改进情况</p><p>问题在于……</p>
<p>六、其他需要报告的事项</p><p>无。</p>
</div></body></html>`
	r, err := Parse([]byte(page), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Template != nianbao.TemplateNational2019 || r.Year != 2020 {
		t.Errorf("template %s year %d", r.Template, r.Year)
	}
	got := statMap(r)
	for k, v := range map[statKey]float64{
		{"proactive.regulations", "published"}: 0, {"proactive.licensing", "previous_year"}: 12,
		{"proactive.licensing", "change"}: -1, {"proactive.licensing", "decisions"}: 30,
		{"requests.received", "business"}: 1, {"requests.received", ""}: 6, {"requests.answered", ""}: 6,
		{"review.upheld", ""}: 1, {"review.total", ""}: 1,
	} {
		if s := got[k]; s.Value == nil || *s.Value != v {
			t.Errorf("%v = %v (raw %q), want %v", k, s.Value, s.Raw, v)
		}
	}
	for _, k := range []statKey{{"proactive.normative_docs", "made"}, {"proactive.normative_docs", "published"},
		{"proactive.normative_docs", "public_total"}, {"litigation.after_review.upheld", ""}} {
		if s, ok := got[k]; !ok || s.Value != nil {
			t.Errorf("%v: %+v, want a missing value", k, s)
		}
	}
	if s := got[statKey{"proactive.normative_docs", "published"}]; s.Raw != "-" {
		t.Errorf("dash kept as %q", s.Raw)
	}
	if s := got[statKey{"proactive.licensing", "change"}]; s.Column != "本年增/减" {
		t.Errorf("column label %q", s.Column)
	}
	f := findingRules(r)
	for _, rule := range []string{"blank-cells", "no-number"} {
		if _, ok := f[rule]; !ok {
			t.Errorf("no %s finding: %v", rule, r.Findings)
		}
	}
	if len(r.Sections) != 2 || !strings.HasPrefix(r.Sections[0].Heading, "五、") || r.Sections[1].Text != "无。" {
		t.Errorf("sections %+v", r.Sections)
	}
}
