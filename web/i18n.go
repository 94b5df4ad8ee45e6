package web

import (
	"net/http"
)

// lang is the language of a page: Chinese unless ?lang=en (or the cookie
// it sets) asks for English.
type lang struct{ EN bool }

// pickLang reads ?lang= (and keeps it in a cookie) or the cookie.
func pickLang(w http.ResponseWriter, r *http.Request) *lang {
	v := r.URL.Query().Get("lang")
	if v == "en" || v == "zh" {
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: v, Path: "/", SameSite: http.SameSiteStrictMode, HttpOnly: true})
	} else if c, err := r.Cookie("lang"); err == nil {
		v = c.Value
	}
	return &lang{EN: v == "en"}
}

// Code is the page's language code for <html lang>.
func (l *lang) Code() string {
	if l.EN {
		return "en"
	}
	return "zh-CN"
}

// T is the label key in the page's language, or key itself when the map
// has none.
func (l *lang) T(key string) string {
	p, ok := labels[key]
	if !ok {
		return key
	}
	if l.EN {
		return p[1]
	}
	return p[0]
}

// Pick is zh or en as the page's language says (en when zh is empty).
func (l *lang) Pick(zh, en string) string {
	if l.EN && en != "" || zh == "" {
		return en
	}
	return zh
}

// labels holds each label in Chinese and English.
var labels = map[string][2]string{
	"nianbao":        {"政府信息公开年报档案", "Government disclosure annual reports"},
	"overview":       {"概览", "Overview"},
	"indicator":      {"指标", "Indicator"},
	"findings":       {"问题", "Findings"},
	"search":         {"搜索", "Search"},
	"report":         {"报告", "Report"},
	"error":          {"错误", "Error"},
	"lang":           {"English", "中文"},
	"reports":        {"报告数", "Reports"},
	"region":         {"地区", "Region"},
	"province":       {"省份", "Province"},
	"unknown":        {"未知", "unknown"},
	"year":           {"年份", "Year"},
	"years":          {"年份", "Years"},
	"total":          {"合计", "Total"},
	"status":         {"解析状态", "Parse status"},
	"kind":           {"类别", "Kind"},
	"severity":       {"严重程度", "Severity"},
	"count":          {"数量", "Count"},
	"agency":         {"机关", "Agency"},
	"level":          {"层级", "Level"},
	"agency_kind":    {"机关类型", "Agency kind"},
	"all":            {"全部", "all"},
	"from":           {"起", "from"},
	"to":             {"止", "to"},
	"show":           {"显示", "Show"},
	"code":           {"指标代码", "Indicator code"},
	"dim":            {"维度", "Dimension"},
	"unit":           {"单位", "Unit"},
	"value":          {"数值", "Value"},
	"download":       {"下载", "Download"},
	"line_chart":     {"各机关历年数值", "Each agency over the years"},
	"bar_chart":      {"各机关数值", "Agencies compared"},
	"bar_year":       {"柱状图年份", "Year of the bars"},
	"no_values":      {"没有符合条件的数值。", "No value matches these filters."},
	"choose":         {"请选择指标（可输入中文、英文或代码）", "Choose an indicator (type Chinese, English or its code)"},
	"matches":        {"匹配的指标", "Matching indicators"},
	"agencies_shown": {"显示机关", "Agencies shown"},
	"of":             {"共", "of"},
	"prev":           {"上一页", "Previous"},
	"next":           {"下一页", "Next"},
	"title":          {"标题", "Title"},
	"template":       {"表格模板", "Template"},
	"published":      {"成文日期", "Published"},
	"parser":         {"解析器版本", "Parser version"},
	"provenance":     {"来源", "Provenance"},
	"source":         {"来源网址", "Source"},
	"final_url":      {"最终网址", "Final URL"},
	"fetched":        {"抓取时间", "Fetched"},
	"sha256":         {"SHA-256", "SHA-256"},
	"content_type":   {"内容类型", "Content-Type"},
	"original":       {"下载存档原件", "Download the archived original"},
	"versions":       {"版本与替代来源", "Versions and alternatives"},
	"version":        {"版本", "Version"},
	"role":           {"角色", "Role"},
	"current":        {"当前", "current"},
	"superseded":     {"已被更新", "superseded"},
	"alternative":    {"替代来源", "alternative"},
	"tables":         {"统计表", "Tables"},
	"rule":           {"规则", "Rule"},
	"message":        {"说明", "Message"},
	"codes":          {"涉及指标", "Codes"},
	"source_kind":    {"来源问题", "Source findings"},
	"reading":        {"读取问题", "Reading findings"},
	"metadata":       {"元数据问题", "Metadata findings"},
	"ranked":         {"按来源问题排序的报告", "Reports ranked by source findings"},
	"filter":         {"筛选", "Filter"},
	"query":          {"检索词", "Search for"},
	"results":        {"结果", "Results"},
	"no_results":     {"没有找到。", "Nothing found."},
	"like_fallback":  {"一至两个字的检索逐条比对（LIKE），不用全文索引。", "One- or two-character queries are matched row by row (LIKE), not through the full-text index."},
	"scan_search":    {"PostgreSQL 上的检索逐条比对（ILIKE，不区分大小写），不用全文索引。", "On PostgreSQL, queries are matched row by row (ILIKE, ignoring case), not through a full-text index."},
	"no_index":       {"此档案没有全文索引（report_text）：请用新版 nianbao 运行 nianbao reparse -db 文件 以建立。", "This archive has no full-text index (report_text): run nianbao reparse -db FILE with this nianbao to build it."},
	"indexed":        {"已索引报告", "Reports indexed"},
	"error_label":    {"错误", "error"},
	"warning":        {"警告", "warning"},
	"info":           {"提示", "info"},
	"derived":        {"由解析器计算", "computed by the parser"},
	"findings_here":  {"此处的问题", "findings at this cell"},
	"no_tables":      {"此报告没有统计表数值。", "This report has no table values."},
	"latest_note":    {"此版本不是当前版本。", "This version is not the current one."},
}
