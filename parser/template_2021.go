package parser

import "nianbao"

// template2021 is the form of 国办公开办函〔2021〕30号, printed in the
// reports for 2021 on. Against 2019 it counts documents issued, repealed
// and in force, gives fees in 万元, drops 其他对外管理服务事项 and 政府集中
// 采购, and splits （六）其他处理 into three rows. Section 六 states the
// fees charged for disclosure in a sentence.
var template2021 = &template{
	id:     nianbao.TemplateNational2021,
	name:   "2021",
	from:   2021,
	series: "national",
	modern: &modernDef{
		t2Columns: []colSpec{
			{key: "本年制发件数", label: "本年制发件数", dim: "issued", unit: "件"},
			{key: "本年废止件数", label: "本年废止件数", dim: "repealed", unit: "件"},
			{key: "现行有效件数", label: "现行有效件数", dim: "in_force", unit: "件"},
			{key: "本年处理决定数量", label: "本年处理决定数量", dim: "decisions", unit: "件"},
			{key: "本年收费金额", label: "本年收费金额（单位：万元）", dim: "amount", unit: "万元"},
		},
		t2Defaults: map[string][]string{"一": {"issued", "repealed", "in_force"}, "五": {"decisions"}, "六": {"decisions"}, "八": {"amount"}},
		t2Rows: []modernRow{
			rowRegulations,
			// 规范性文件, the 2019 wording, is still printed in 2021 tables:
			// read as this row, no evidence of either revision.
			{key: "行政规范性文件", code: "proactive.normative_docs", label: "行政规范性文件", caption: "一", old: []string{"规范性文件"}},
			rowLicensing,
			rowPenalties,
			rowCoercion,
			rowAdminFees,
		},
		t3Rows: t3RowsWith(
			modernRow{key: "其他处理", label: "（六）其他处理", group: true, sum: "requests.other"},
			modernRow{key: "申请人无正当理由逾期不补正", code: "requests.other.no_amendment", label: "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", under: "其他处理"},
			modernRow{key: "申请人逾期未按收费通知要求缴纳费用", code: "requests.other.unpaid_fees", label: "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", under: "其他处理"},
			modernRow{key: "其他", code: "requests.other.other", label: "3.其他", under: "其他处理", after: "其他处理"},
		),
		rules: modernRules,
	},
	extras: []extraReader{feeSentence},
}
