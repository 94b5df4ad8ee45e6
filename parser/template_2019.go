package parser

import "nianbao"

// template2019 is the form of 国办公开办函〔2019〕60号, printed in the
// reports for 2019 and 2020.
var template2019 = &template{
	id:     nianbao.TemplateNational2019,
	name:   "2019",
	from:   2019,
	series: "national",
	modern: &modernDef{
		t2Columns: []colSpec{
			{key: "本年新制作数量", label: "本年新制作数量", dim: "made", unit: "件"},
			{key: "本年新公开数量", label: "本年新公开数量", dim: "published", unit: "件"},
			{key: "对外公开总数量", label: "对外公开总数量", dim: "public_total", unit: "件"},
			{key: "上一年项目数量", label: "上一年项目数量", dim: "previous_year", unit: "项"},
			{key: "本年增减", label: "本年增/减", dim: "change", unit: "项"},
			{key: "处理决定数量", label: "处理决定数量", dim: "decisions", unit: "件"},
			{key: "采购项目数量", label: "采购项目数量", dim: "projects", unit: "项"},
			{key: "采购总金额", label: "采购总金额", dim: "amount", unit: "万元"},
		},
		t2Defaults: map[string][]string{"一": {"made", "published", "public_total"}, "五": {"previous_year", "change", "decisions"},
			"六": {"previous_year", "change", "decisions"}, "八": {"previous_year", "change"}, "九": {"projects", "amount"}},
		t2Rows: []modernRow{
			rowRegulations,
			{key: "规范性文件", code: "proactive.normative_docs", label: "规范性文件", caption: "一"},
			rowLicensing,
			{key: "其他对外管理服务事项", code: "proactive.services", label: "其他对外管理服务事项", caption: "五"},
			rowPenalties,
			rowCoercion,
			rowAdminFees,
			{key: "政府集中采购", code: "proactive.procurement", label: "政府集中采购", caption: "九"},
		},
		t3Rows: t3RowsWith(
			modernRow{key: "其他处理", code: "requests.other", label: "（六）其他处理"},
		),
		rules: modernRules,
	},
}
