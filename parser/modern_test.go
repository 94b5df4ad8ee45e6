package parser

import (
	"strings"
	"testing"

	"nianbao"
)

func statMap(r *nianbao.Report) map[statKey]nianbao.Stat {
	m := map[statKey]nianbao.Stat{}
	for _, s := range r.Stats {
		m[statKey{s.Code, s.Dim}] = s
	}
	return m
}

func findingRules(r *nianbao.Report) map[string]nianbao.Finding {
	m := map[string]nianbao.Finding{}
	for _, f := range r.Findings {
		m[f.Rule] = f
	}
	return m
}

// TestModernFacts pins figures of the real pages that a careless -update
// of the goldens must not change (see fixtures/README.md).
func TestModernFacts(t *testing.T) {
	for _, tc := range []struct {
		name string
		tmpl nianbao.Template
		want map[statKey]float64
	}{
		{"html/pingtan_2024.html", nianbao.TemplateNational2021, map[statKey]float64{
			{"requests.received", "natural_person"}: 217, {"requests.received", "business"}: 1, {"requests.received", ""}: 218,
			{"requests.disclosed", ""}: 71, {"review.upheld", ""}: 2, {"review.corrected", ""}: 1, {"review.other", ""}: 3,
			{"review.pending", ""}: 1, {"review.total", ""}: 7, {"litigation.after_review.upheld", ""}: 13,
			{"litigation.after_review.total", ""}: 19, {"litigation.total", ""}: 19, {"proactive.admin_fees", "amount"}: 18651.06,
			{"proactive.licensing", "decisions"}: 4529, {"requests.other.other", ""}: 2, {"requests.other", ""}: 3, {"fees.collected", ""}: 0,
		}},
		{"html/pingtan_2023.html", nianbao.TemplateNational2021, map[statKey]float64{
			{"requests.received", ""}: 81, {"requests.received", "natural_person"}: 80, {"requests.disclosed", ""}: 22,
			{"review.total", ""}: 2, {"litigation.total", ""}: 7,
		}},
		{"html/pingtan_2019.html", nianbao.TemplateNational2019, map[statKey]float64{
			{"proactive.normative_docs", "made"}: 89, {"proactive.licensing", "previous_year"}: 396, {"proactive.licensing", "change"}: 0,
			{"proactive.licensing", "decisions"}: 181, {"proactive.procurement", "projects"}: 135, {"proactive.procurement", "amount"}: 7539.443252,
			{"requests.received", ""}: 23,
		}},
		{"renderings/024_cqcs-yuntaizhen_2020_excerpt.txt", nianbao.TemplateNational2019, map[statKey]float64{
			{"proactive.procurement", "projects"}: 15, {"proactive.procurement", "amount"}: 11.876,
		}},
		{"text/shuyang-xian_2025_markdown.txt", nianbao.TemplateNational2021, map[statKey]float64{
			{"requests.received", ""}: 713, {"requests.answered", ""}: 718, {"review.total", ""}: 61, {"litigation.total", ""}: 13,
			{"proactive.admin_fees", "amount"}: 4068.208, {"fees.collected", ""}: 0.038,
		}},
	} {
		r := parseFixture(t, tc.name)
		if r.Template != tc.tmpl {
			t.Errorf("%s: template %q, want %q", tc.name, r.Template, tc.tmpl)
		}
		got := statMap(r)
		for k, v := range tc.want {
			if s, ok := got[k]; !ok || s.Value == nil || *s.Value != v {
				t.Errorf("%s: %v = %v, want %v", tc.name, k, s.Value, v)
			}
		}
	}
	r := parseFixture(t, "html/pingtan_2019.html")
	if s := statMap(r)[statKey{"proactive.procurement", "amount"}]; s.Raw != "75394432.52元" || s.Unit != "万元" {
		t.Errorf("procurement amount %+v", s)
	}
	if s := statMap(r)[statKey{"litigation.total", ""}]; !s.Derived {
		t.Error("litigation.total not marked derived")
	}
	r = parseFixture(t, "renderings/030_shidz-gxq-shfzj_2022_excerpt.txt")
	f := findingRules(r)
	if _, ok := f["old-labels"]; !ok || r.Template != nianbao.TemplateNational2021 {
		t.Errorf("030: template %s, findings %v", r.Template, f)
	}
	if s := statMap(r)[statKey{"proactive.penalties", "decisions"}]; s.Value == nil || *s.Value != 3 {
		t.Errorf("030: 行政处罚 %v", s.Value)
	}
	r = parseFixture(t, "renderings/022_chibi-pufang-gyyq_2020_excerpt.txt")
	if f := findingRules(r); f["truncated"].Severity != nianbao.SeverityWarning || f["missing-rows"].Severity != nianbao.SeverityWarning {
		t.Errorf("022: cut-off rendering not reported: %v", f)
	}
	r = parseFixture(t, "renderings/026_qianjiang-zhouji-jd_2020_excerpt.txt")
	if s := statMap(r)[statKey{"", "made"}]; s.Row != "其他主动公开文件" || s.Value == nil || *s.Value != 9 {
		t.Errorf("026: agency's own row %+v", s)
	}
}

// A 2019-format table as a Shanghai-style page: signed values, a money
// cell with its unit, blank 总计 cells, and a text that contradicts it.
func TestModernArithmetic(t *testing.T) {
	src := `上海市某局2021年政府信息公开工作年度报告
一、总体情况
全年共收到政府信息公开申请10件，予以公开3件，无法提供265件。
二、主动公开政府信息情况
第二十条第（一）项 | | | |
信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |
规章 | 0 | 0 | 0 |
规范性文件 | 5 | 5 | 12 |
第二十条第（五）项 | | | |
信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |
行政许可 | 30 | +2 | 40 |
其他对外管理服务事项 | 10 | -18 | 5 |
第二十条第（九）项 | | | |
信息内容 | 采购项目数量 | 采购总金额 | |
政府集中采购 | 3 | 251000元 | |
三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 | | | | | | |
自然人 | 法人或其他组织 | 总计 | | | | | |
商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | | | |
一、本年新收政府信息公开申请数量 | 8 | 2 | 0 | 0 | 0 | 0 | 10 |
二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | |
三、本年度办理结果 | （一）予以公开 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |
（二）部分公开（区分处理的，只计这一情形，不计其他情形） | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
（三）不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
（四）无法提供 | 1.本机关不掌握相关政府信息 | 337 | 0 | 0 | 0 | 0 | 0 | 337 |
2.没有现成信息需要另行制作 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
3.补正后申请内容仍不明确 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
（六）其他处理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
（七）总计 | 9 | 2 | 0 | 0 | 0 | 0 | 12 |
四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
四、政府信息公开行政复议、行政诉讼情况
行政复议 | 行政诉讼 |
结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |
结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
1 | 0 | 0 | 0 | 2 | 0 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 1 |
`
	r, err := Parse([]byte(src), Options{Source: "t"})
	if err != nil {
		t.Fatal(err)
	}
	got := statMap(r)
	for k, v := range map[statKey]float64{
		{"proactive.licensing", "change"}: 2, {"proactive.services", "change"}: -18, {"proactive.procurement", "amount"}: 25.1,
		{"requests.unavailable.not_held", ""}: 337, {"litigation.total", ""}: 1, {"review.upheld", ""}: 1,
	} {
		if s := got[k]; s.Value == nil || *s.Value != v {
			t.Errorf("%v = %v, want %v", k, s.Value, v)
		}
	}
	if s := got[statKey{"requests.carried_over", ""}]; s.Value != nil {
		t.Errorf("blank 总计 read as %v", *s.Value)
	}
	f := findingRules(r)
	for rule, want := range map[string]string{
		"old-format":      "2021",
		"blank-total":     "二、上年结转政府信息公开申请数量",
		"review-outcomes": "1+0+0+0 = 1, but review.total (行政复议) is 2",
		"results-total":   "",
		"applicant-total": "",
		"prose-vs-table":  "",
		"missing-rows":    "requests.refused.prohibited",
		"request-balance": "",
	} {
		if _, ok := f[rule]; !ok || !strings.Contains(f[rule].Message, want) {
			t.Errorf("finding %s: %+v", rule, f[rule])
		}
	}
	// the text's 无法提供 265 against the table's 337; 收到 10 and 予以公开 3 agree
	var prose []string
	for _, x := range r.Findings {
		if x.Rule == "prose-vs-table" {
			prose = append(prose, x.Message)
		}
	}
	if len(prose) != 1 || !strings.Contains(prose[0], "265") || !strings.Contains(prose[0], "337") {
		t.Errorf("prose findings %q", prose)
	}
}

// matchRowsLinear is the row match as it was first written: every row
// read in order.
func matchRowsLinear(rows []modernRow, k, group string) int {
	if k == "" {
		return -1
	}
	best, bestLen := -1, 0
	for i, row := range rows {
		if row.after != "" && row.after != group {
			continue
		}
		if row.key == k {
			return i
		}
		if row.long && strings.HasPrefix(k, row.key) && len(row.key) > bestLen {
			best, bestLen = i, len(row.key)
		}
	}
	return best
}

// TestModernRowIndexAsLinear holds the indexed row match of tables 二 and
// 三 to the linear one, for every row's key, its beginnings, its key with
// a note after it, and under every heading a row can be read under.
func TestModernRowIndexAsLinear(t *testing.T) {
	f := loaded()
	x := modernIndexesOf(f)
	groups := []string{""}
	for g := range f.afterGroups {
		groups = append(groups, g)
	}
	for _, tc := range []struct {
		name string
		rows []modernRow
		ix   *modernRowIndex
	}{{"二", f.t2Rows, x.t2}, {"三", f.t3Rows, x.t3}} {
		var keys []string
		for _, row := range tc.rows {
			keys = append(keys, row.key, row.key+"区分处理的只计这一情形", row.key+"其他", "其中"+row.key)
			rs := []rune(row.key)
			for n := 1; n < len(rs); n++ {
				keys = append(keys, string(rs[:n]), string(rs[:n])+"其他")
			}
		}
		keys = append(keys, "", "a", "ab", "总计", "其他", "其他处理", "信息内容")
		for _, g := range groups {
			for _, k := range keys {
				if got, want := tc.ix.match(tc.rows, k, g), matchRowsLinear(tc.rows, k, g); got != want {
					t.Errorf("table %s: match(%q, group %q) = %d, linear %d", tc.name, k, g, got, want)
				}
			}
		}
	}
}

// TestReadValueAsReadNumber holds readValue's reading of plain counts to
// readNumber's.
func TestReadValueAsReadNumber(t *testing.T) {
	cells := []string{"", "0", "00", "01", "7", "12", "640", "9999999999", "10000000000", "99999999999", "1234567890",
		"12 ", " 12", "1,234", "12.5", "-3", "+3", "12件", "１２", "12元", "无", "-", "0.5", "1e3", "12a", "a12", "٣"}
	for n := 1; n <= 12; n++ {
		cells = append(cells, strings.Repeat("9", n), "1"+strings.Repeat("0", n-1), strings.Repeat("0", n))
	}
	for _, s := range cells {
		if got, want := readValue(s), readNumber(s); got != want {
			t.Errorf("readValue(%q) = %+v, readNumber %+v", s, got, want)
		}
	}
}

// TestStructFactsFiltered holds newStructFacts with the registry's filter
// of header words to what it works out reading every word: over the
// templates' words, the markdown fixture's own header and label cells,
// and keys holding a header word inside other text.
func TestStructFactsFiltered(t *testing.T) {
	f := loaded()
	ix := modernIndexesOf(f)
	all := keyFilter{all: true} // lets every key through: the full work
	texts := []string{"类别", "数据1", "(数据项目)", "项目", "数量", "8. 属于行政查询事项", "本年新收件数", "申请人情况", "第二十条第(一)项",
		"第二十条第（五）项", "信息内容", "总计", "其他", "行政复议", "结果维持", "a", "", "12", "勾稽关系", "本列数据的勾稽关系", "其中：本年新制作数量",
		"自然人个人", "法人或其他组织", "上一年项目数量（个）", "采购总金额（万元）", "社会公益组织", "X本年增/减"}
	for w := range ix.words {
		texts = append(texts, w, "其中"+w, w+"(个)")
	}
	for _, h := range t3Header {
		texts = append(texts, h, "A"+h, h+"等")
	}
	for h := range t4Header {
		texts = append(texts, h, "A"+h, h+"等", "（"+h+"）")
	}
	for _, s := range texts {
		text := Clean(s)
		k := key(text)
		got, want := newStructFacts(f, &ix.heads, text, k), newStructFacts(f, &all, text, k)
		if got != want {
			t.Errorf("newStructFacts(%q) = %+v, reading every word %+v", s, got, want)
		}
		if got.t4Head != t4Header[k] {
			t.Errorf("newStructFacts(%q).t4Head = %v, t4Header %v", s, got.t4Head, t4Header[k])
		}
	}
	if ix.heads.all || ix.heads.mayHold("数据1") {
		t.Errorf("the filter lets 数据1 through: it filters nothing")
	}
}

// TestTokenASCII: no template word is all ASCII, so an ASCII cell is a
// value without its look-up (token, labelCell).
func TestTokenASCII(t *testing.T) {
	ix := modernIndexesOf(loaded())
	if ix.asciiWord {
		t.Fatal("a template word is all ASCII: the value cells are looked up")
	}
	for w := range ix.words {
		if isASCII(w) {
			t.Errorf("%q is all ASCII", w)
		}
	}
	for _, s := range []string{"12", "0", "-", "1,234", "(1)", "a b"} {
		if labelCell(s) {
			t.Errorf("labelCell(%q): an ASCII label", s)
		}
	}
}

// TestWordFactsMatch holds the matches kept with the templates' words to
// the row indexes' own, under every heading.
func TestWordFactsMatch(t *testing.T) {
	f := loaded()
	ix := modernIndexesOf(f)
	groups := []string{""}
	for g := range f.afterGroups {
		groups = append(groups, g)
	}
	found := 0
	for w, facts := range ix.words {
		if got, want := facts.t2, ix.t2.match(f.t2Rows, facts.rowKey, ""); got != want {
			t.Errorf("%q: t2 %d, match %d", w, got, want)
		}
		for _, g := range groups {
			got, want := matchIn(f.t3Rows, facts.rowKey, g, facts.t3Exact, facts.t3Long), ix.t3.match(f.t3Rows, facts.rowKey, g)
			if got != want {
				t.Errorf("%q under %q: matchIn %d, match %d", w, g, got, want)
			}
			if got >= 0 {
				found++
			}
		}
	}
	if found == 0 {
		t.Fatal("no word matched a row of table 三: the test tells nothing")
	}
}
