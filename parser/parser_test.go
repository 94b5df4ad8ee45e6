package parser

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao"
)

func TestClean(t *testing.T) {
	for _, tc := range []struct{ in, clean, label string }{
		{"统 计 指 标", "统 计 指 标", "统计指标"},
		{"（一）主动公开", "(一)主动公开", "（一）主动公开"},
		{"(一)主动公开", "(一)主动公开", "（一）主动公开"},
		{"８０６", "806", "806"},
		{"邮\u3000编：341000", "邮 编:341000", "邮编：341000"},
		{"商业\u200b企业\ufeff", "商业企业", "商业企业"},
		{"\u00a0\u00a0 规章 \n", "规章", "规章"},
		{"其中:主动公开规范性文件数", "其中:主动公开规范性文件数", "其中：主动公开规范性文件数"},
	} {
		if got := Clean(tc.in); got != tc.clean {
			t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.clean)
		}
		if got := Label(tc.in); got != tc.label {
			t.Errorf("Label(%q) = %q, want %q", tc.in, got, tc.label)
		}
	}
}

func TestStripEnum(t *testing.T) {
	for in, want := range map[string]string{
		"（一）主动公开政府信息数":  "主动公开政府信息数",
		"其中：1、政府网站公开数":  "政府网站公开数",
		"其中：涉及国家秘密":     "涉及国家秘密",
		"四、行政复议数量":      "行政复议数量",
		"2.政府网站公开政府信息数": "政府网站公开政府信息数",
		"制发规范性文件总数":     "制发规范性文件总数",
		"(三) 接受培训人员数":   "接受培训人员数",
		"一、":            "",
	} {
		if got := stripEnum(in); got != want {
			t.Errorf("stripEnum(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadNumber(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	for _, tc := range []struct {
		in      string
		want    *float64
		unit    string
		problem string
	}{
		{"806", f(806), "", ""},
		{"８０６", f(806), "", ""},
		{"+2", f(2), "", ""},
		{"-18", f(-18), "", ""},
		{"－18", f(-18), "", ""},
		{"1,234", f(1234), "", ""},
		{"75394432.52元", f(75394432.52), "元", ""},
		{"11.876", f(11.876), "", ""},
		{"5 万元", f(5), "万元", ""},
		{"", nil, "", "blank"},
		{"\u00a0", nil, "", "blank"},
		{"——", nil, "", "dash"},
		{"/", nil, "", "dash"},
		{"无", nil, "", "word"},
		{"12件3", nil, "", "unreadable"},
		{"1,23", nil, "", "unreadable"},
		{"0 0", nil, "", "unreadable"},
	} {
		got := readNumber(tc.in)
		if got.problem != tc.problem || got.unit != tc.unit || (got.ptr() == nil) != (tc.want == nil) || got.ptr() != nil && got.num != *tc.want {
			t.Errorf("readNumber(%q) = %v %q %q, want %v %q %q", tc.in, got.ptr(), got.unit, got.problem, tc.want, tc.unit, tc.problem)
		}
	}
}

func TestBadInput(t *testing.T) {
	listing, err := os.ReadFile(filepath.Join("..", "fixtures", "html", "listing_index.html"))
	if err != nil {
		t.Fatal(err)
	}
	// A listing page or a notice parses, finds no table and says so.
	for name, src := range map[string][]byte{
		"listing":     listing,
		"notice":      []byte("关于2014年政府信息公开工作要点落实情况的函\n各单位：现将有关事项函告如下。\n"),
		"pipes":       []byte("a | b |\n| | |\n||||\n"),
		"header only": []byte("统 计 指 标 |\n单位 |\n统计数 |\n"),
	} {
		r, err := Parse(src, Options{Source: name})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if r.Template != nianbao.TemplateNone || len(r.Findings) == 0 || r.Findings[0].Rule != "no-table" {
			t.Errorf("%s: template %q findings %+v", name, r.Template, r.Findings)
		}
		if name == "listing" && (r.Year != 0 || r.Agency != "" || r.Findings[len(r.Findings)-1].Rule != "listing-page") {
			t.Errorf("listing page read as a report: year %d agency %q findings %+v", r.Year, r.Agency, r.Findings)
		}
	}
	// What cannot be a report is a clear error.
	big := bytes.Repeat([]byte("政府信息公开 |\n"), MaxSize/10)
	for name, src := range map[string][]byte{
		"empty":  {},
		"blank":  []byte(" \n\t\n"),
		"binary": {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0},
		"pdf":    []byte("%PDF-1.7\n..."),
		"docx":   []byte("PK\x03\x04\x14\x00"),
		"large":  big,
	} {
		_, err := Parse(src, Options{Source: name})
		if err == nil || !errors.Is(err, ErrNotReport) {
			t.Errorf("%s: err %v, want ErrNotReport", name, err)
		}
	}
}

// A cell that is not a number is kept with its raw text, a nil value and
// a finding naming the row; nothing is guessed.
func TestUnreadableCells(t *testing.T) {
	src := "统计指标 | 单位 | 统计数 |\n" +
		"一、主动公开情况 | | |\n" +
		"（一）主动公开政府信息数 | 条 | 8O6 |\n" +
		"其中：主动公开规范性文件数 | 条 | |\n" +
		"制发规范性文件总数 | 件 | — |\n" +
		"四、行政复议数量 | 件 | 2 |\n" +
		"（一）维持具体行政行为数 | 件 | 1 |\n" +
		"（二）被依法纠错数 | 件 | 0 |\n" +
		"（三）其他情形数 | 件 | 0 |\n" +
		"七、依申请公开信息收取的费用 | 万元 | 300元 |\n" +
		"本单位自设指标 | 个 | 7 |\n"
	r, err := Parse([]byte(src), Options{Source: "t"})
	if err != nil {
		t.Fatal(err)
	}
	byCode := map[string]nianbao.Stat{}
	for _, s := range r.Stats {
		byCode[s.Code] = s
	}
	if s := byCode["proactive.total"]; s.Value != nil || s.Raw != "8O6" {
		t.Errorf("unreadable cell read as %v (raw %q)", s.Value, s.Raw)
	}
	if s := byCode["fees.collected"]; s.Value == nil || *s.Value != 0.03 || s.Unit != "万元" || s.Raw != "300元" {
		t.Errorf("fees: %+v", s)
	}
	if s := byCode[""]; s.Row != "本单位自设指标" || s.Value == nil || *s.Value != 7 {
		t.Errorf("agency's own row: %+v", s)
	}
	want := map[string]nianbao.Severity{"unreadable-cell": nianbao.SeverityError, "blank-cells": nianbao.SeverityInfo, "no-number": nianbao.SeverityWarning, "review-outcomes": nianbao.SeverityWarning, "unknown-row": nianbao.SeverityInfo, "missing-rows": nianbao.SeverityWarning}
	got := map[string]nianbao.Finding{}
	for _, f := range r.Findings {
		got[f.Rule] = f
	}
	for rule, sev := range want {
		if got[rule].Severity != sev {
			t.Errorf("finding %s: %+v", rule, got[rule])
		}
	}
	if m := got["unreadable-cell"].Message; !strings.Contains(m, "8O6") || !strings.Contains(m, "proactive.total") || !strings.Contains(m, "line 3") {
		t.Errorf("unreadable-cell message %q does not name the cell, code and line", m)
	}
	if m := got["review-outcomes"].Message; !strings.Contains(m, "1+0+0 = 1") || !strings.Contains(m, "is 2") {
		t.Errorf("review message %q", m)
	}
	if r.Status() != "partial" {
		t.Errorf("status %q", r.Status())
	}
}

func TestIndicatorsComplete(t *testing.T) {
	known := map[string]bool{}
	for _, in := range Indicators() {
		if in.ZH == "" || in.EN == "" || len(in.Templates) == 0 {
			t.Errorf("indicator %s is incomplete: %+v", in.Code, in)
		}
		known[in.Code] = true
	}
	for _, tmpl := range loaded().rowTables {
		td := tmpl.table
		for _, r := range td.rows {
			if r.code != "" && !known[r.code] {
				t.Errorf("%s row %s has code %s, not in the dictionary", td.id, r.label, r.code)
			}
		}
	}
	for _, c := range []string{"proactive.total", "requests.received", "requests.disclosed", "requests.partially_disclosed", "review.total", "litigation.total", "fees.collected"} {
		if !known[c] {
			t.Errorf("code %s missing", c)
		}
	}
}
