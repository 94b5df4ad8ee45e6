package parser

import "nianbao"

// templateFujian is the statistics annex of Fujian's reports (Pingtan
// 2011–2018), read where its header 指标名称 is printed.
var templateFujian = &template{
	id:     nianbao.TemplateProvincial,
	name:   "Fujian annex",
	from:   2011,
	series: "fujian",
	table:  provincial,
}

// provincial is the Fujian annex 政府信息公开情况统计表 (Pingtan 2011–2018):
// 指标名称 / 计量单位 / the year / 历年累计. Its wording changed over the
// years; the aliases hold every wording seen.
var provincial = &tableDef{
	id:      nianbao.TemplateProvincial,
	name:    "政府信息公开情况统计表",
	header:  []string{"指标名称"},
	columns: []colDef{{label: "", dim: ""}, {label: "历年累计", dim: "cumulative"}},
	rows: []rowDef{
		{code: "proactive.total", label: "主动公开信息数", unit: "条", aliases: []string{"主动公开文件数"}},
		{code: "proactive.channel.website", label: "其中：1.网站公开", unit: "条", aliases: []string{"政府网站公开数", "网站公开数"}},
		{code: "proactive.channel.gazette", label: "2.政府公报公开", unit: "条", aliases: []string{"政府公报公开数"}},
		{code: "requests.received", label: "受理依申请公开信息总数", unit: "条", aliases: []string{"受理政府信息依申请公开总数"}},
		{code: "requests.channel.in_person", label: "其中：1.当面申请数", unit: "条"},
		{code: "requests.channel.fax", label: "2.传真申请数", unit: "条"},
		{code: "requests.channel.email", label: "3.电子邮件申请数", unit: "条"},
		{code: "requests.channel.online", label: "4.网上申请数", unit: "条"},
		{code: "requests.channel.letter", label: "5.信函申请数", unit: "条"},
		{code: "requests.channel.other", label: "6.其它形式申请数", unit: "条", aliases: []string{"其他形式申请数"}},
		{code: "requests.channel.letter_fax", label: "3.信函、传真申请数", unit: "条"},
		{code: "requests.answered", label: "对申请的答复数", unit: "条", aliases: []string{"对申请的答复总数"}},
		{code: "requests.disclosed", label: "其中：1.同意公开答复数", unit: "条"},
		{code: "requests.partially_disclosed", label: "2.同意部分公开答复数", unit: "条"},
		{code: "requests.refused", label: "3.否决公开答复数", unit: "条", aliases: []string{"不予公开答复数"}},
		{code: "requests.answered.other", label: "4.其他类型答复数", unit: "条"},
		{code: "fees.waived", label: "政府信息公开收费减免金额", unit: "元"},
		{code: "complaints.litigation_reports", label: "接受行政诉讼、举报数", unit: "件"},
		{code: "complaints.appeals_reports", label: "行政申诉、举报数", unit: "件"},
		{code: "review.total", label: "行政复议数", unit: "件"},
		{code: "litigation.total", label: "行政诉讼数", unit: "件"},
		{code: "appeals.total", label: "行政申诉数", unit: "件"},
	},
	rules: []sumRule{
		{rule: "proactive-channels", total: "proactive.total", le: true, what: "publication channels",
			parts: []string{"proactive.channel.website", "proactive.channel.gazette"}},
		{rule: "request-channels", total: "requests.received", what: "request channels",
			parts: []string{"requests.channel.in_person", "requests.channel.fax", "requests.channel.email", "requests.channel.online",
				"requests.channel.letter", "requests.channel.other", "requests.channel.letter_fax"}},
		{rule: "request-answers", total: "requests.answered", what: "kinds of answer",
			parts: []string{"requests.disclosed", "requests.partially_disclosed", "requests.refused", "requests.answered.other"}},
	},
}
