package parser

import (
	"reflect"
	"strings"
	"testing"

	"nianbao"
)

func TestT3WordOrder(t *testing.T) {
	for _, tc := range []struct {
		words string
		want  []int
	}{
		// the template: 法人或其他组织 over the five organisations, 总计 after them
		{"申请人情况 自然人 法人或其他组织 总计 商业企业 科研机构 社会公益组织 法律服务机构 其他", []int{0, 1, 2, 3, 4, 5, 6}},
		{"自然人 法人或其他组织 总计 法律服务机构 科研机构 社会公益组织 商业企业 其他", []int{0, 4, 2, 3, 1, 5, 6}},
		{"总计 自然人 法人或其他组织 商业企业 科研机构 社会公益组织 法律服务机构 其他", []int{6, 0, 1, 2, 3, 4, 5}},
		{"自然人 法人或其他组织 总计 商业企业 社会公益组织 法律服务机构 其他", []int{0, 1, 3, 4, 5, 6}},
		{"自然人个人 法人或其他组织 总计 商业企业 科研机构 社会公益组织 法律服务机构 其他", []int{0, 1, 2, 3, 4, 5, 6}},
		// a flat header: no 法人或其他组织, so 自然人 and 总计 must be there
		{"自然人 商业企业 科研机构 社会公益 法律服务机构 其他 总计", []int{0, 1, 2, 3, 4, 5, 6}},
		{"商业企业 科研机构 社会公益 法律服务机构 其他 总计", nil},
		{"自然人 自然人 法人或其他组织 总计", nil},
		{"", nil},
	} {
		if got := t3WordOrder(strings.Fields(tc.words)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.words, got, tc.want)
		}
	}
}

func TestT4WordOrder(t *testing.T) {
	for _, tc := range []struct {
		words string
		want  []int
	}{
		{"行政复议 行政诉讼 结果维持 总计 未经复议直接起诉 复议后起诉", []int{0, 1, 2}},
		{"行政复议 行政诉讼 结果维持 总计 复议后起诉 未经复议直接起诉", []int{0, 2, 1}},
		{"行政诉讼 行政复议 未经复议直接起诉 复议后起诉 结果维持", []int{1, 2, 0}},
		{"行政复议 行政诉讼 结果维持", nil},
	} {
		if got := t4WordOrder(strings.Fields(tc.words)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.words, got, tc.want)
		}
	}
}

func TestHeaderSlots(t *testing.T) {
	path := func(labels ...string) []headCell {
		var p []headCell
		for _, l := range labels {
			p = append(p, headCell{key: key(l), text: l})
		}
		return p
	}
	for _, tc := range []struct {
		table string
		path  []headCell
		slot  int
		text  string
	}{
		{"三", path("申请人情况", "法人或其他组织", "商业 企业"), 1, ""},
		{"三", path("申请人情况", "总计"), 6, ""},
		{"三", path("申请人情况", "自然人（个人）"), 0, ""},
		{"三", path("申请人情况", "其他组织"), 5, ""},
		{"三", path("申请人情况", "其他说明"), -1, "其他说明"},
		{"三", path("申请人情况", "法人或其他组织", "个体工商户"), -1, "个体工商户"},
		{"三", path("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"), -2, ""},
		{"四", path("行政诉讼", "复议后起诉", "结果 维持"), 10, ""},
		{"四", path("行政复议", "总计"), 4, ""},
		{"四", path("行政诉讼", "未经复议直接起诉", "撤诉"), -1, "行政诉讼/未经复议直接起诉/撤诉"},
	} {
		slotOf := t3Slot
		if tc.table == "四" {
			slotOf = t4Slot
		}
		if s, text := slotOf(tc.path); s != tc.slot || text != tc.text {
			t.Errorf("%s %v: %d %q, want %d %q", tc.table, tc.path, s, text, tc.slot, tc.text)
		}
	}
}

// A table 三 printed with no header: rows of seven values are read by
// position and said once; a row of another count is not read.
func TestColumnsByPosition(t *testing.T) {
	page := `<html><head><meta charset="utf-8"><title>2020年政府信息公开工作年度报告</title></head><body><div id="zoom">
<p>某区人民政府2020年政府信息公开工作年度报告</p>
<p>三、收到和处理政府信息公开申请情况</p>
<table border="1"><tbody>
<tr><td colspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>5</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>6</td></tr>
<tr><td colspan="3">二、上年结转政府信息公开申请数量</td><td>2</td><td>0</td><td>0</td><td>0</td><td>2</td></tr>
<tr><td colspan="3">四、结转下年度继续办理</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</tbody></table>
</div></body></html>`
	r, err := Parse([]byte(page), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := statMap(r)
	if v := got[statKey{"requests.received", "business"}].Value; v == nil || *v != 1 {
		t.Errorf("requests.received/business = %v, want 1", v)
	}
	for k := range got {
		if k.code == "requests.carried_over" {
			t.Errorf("%v read from a row of 5 values", k)
		}
	}
	var pos, unplaced []nianbao.Finding
	for _, f := range r.Findings {
		switch f.Rule {
		case "columns-by-position":
			pos = append(pos, f)
		case "unplaced-row":
			unplaced = append(unplaced, f)
		}
	}
	if len(pos) != 1 || pos[0].Severity != nianbao.SeverityInfo {
		t.Errorf("columns-by-position: %v, want one info finding", pos)
	}
	if len(unplaced) != 1 || !strings.Contains(unplaced[0].Message, `"2" "0" "0" "0" "2"`) {
		t.Errorf("unplaced-row: %v, want one naming the five values", unplaced)
	}
}
