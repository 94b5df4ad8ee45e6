package parser

import (
	"sync"

	"nianbao"
)

// A tableDef describes one pre-2019 statistics table: a label column, a
// unit column and one or more value columns, one indicator a row.
type tableDef struct {
	id   nianbao.Template // template id
	name string           // table name as printed above it
	// header holds label keys, one of which must appear in the header row.
	header []string
	// columns are the value columns after the label and unit columns.
	columns []colDef
	rows    []rowDef
	rules   []sumRule

	keysOnce sync.Once
	rowKeys  [][]string // see keys
}

type colDef struct {
	label string // column label; "" takes it from the header (the year column)
	dim   string
}

// A rowDef is one row of a template. A row without a code is a section
// row: it carries no value and becomes the section of the rows below it.
type rowDef struct {
	code    string
	label   string
	unit    string
	aliases []string
}

// A sumRule is arithmetic the table implies: total (or the sum of lhs)
// equals the sum of parts, or with le is at most that sum (the same item
// published on several channels counts once in the total).
type sumRule struct {
	rule  string
	total string
	lhs   []string // used when total is empty
	parts []string
	le    bool
	what  string // what the parts are, for the message
}

var national2014 = &tableDef{
	id:      nianbao.TemplateNational2014,
	name:    "政府信息公开情况统计表",
	header:  []string{"统计指标"},
	columns: []colDef{{label: "统计数", dim: ""}},
	rows: []rowDef{
		{label: "一、主动公开情况"},
		{code: "proactive.total", label: "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", unit: "条"},
		{code: "proactive.normative_docs", label: "其中：主动公开规范性文件数", unit: "条"},
		{code: "proactive.normative_docs_issued", label: "制发规范性文件总数", unit: "件"},
		{label: "（二）通过不同渠道和方式公开政府信息的情况"},
		{code: "proactive.channel.gazette", label: "1.政府公报公开政府信息数", unit: "条"},
		{code: "proactive.channel.website", label: "2.政府网站公开政府信息数", unit: "条"},
		{code: "proactive.channel.weibo", label: "3.政务微博公开政府信息数", unit: "条"},
		{code: "proactive.channel.wechat", label: "4.政务微信公开政府信息数", unit: "条"},
		{code: "proactive.channel.other", label: "5.其他方式公开政府信息数", unit: "条"},
		{label: "二、回应解读情况"},
		{code: "response.hot_topics", label: "（一）回应公众关注热点或重大舆情数", unit: "次", aliases: []string{"回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）"}},
		{label: "（二）通过不同渠道和方式回应解读的情况"},
		{code: "response.press_conferences", label: "1.参加或举办新闻发布会总次数", unit: "次"},
		{code: "response.press_conferences.leaders", label: "其中：主要负责同志参加新闻发布会次数", unit: "次"},
		{code: "response.online_interviews", label: "2.政府网站在线访谈次数", unit: "次"},
		{code: "response.online_interviews.leaders", label: "其中：主要负责同志参加政府网站在线访谈次数", unit: "次"},
		{code: "response.interpretations", label: "3.政策解读稿件发布数", unit: "篇"},
		{code: "response.social_media", label: "4.微博微信回应事件数", unit: "次"},
		{code: "response.other", label: "5.其他方式回应事件数", unit: "次"},
		{label: "三、依申请公开情况"},
		{code: "requests.received", label: "（一）收到申请数", unit: "件"},
		{code: "requests.channel.in_person", label: "1.当面申请数", unit: "件"},
		{code: "requests.channel.fax", label: "2.传真申请数", unit: "件"},
		{code: "requests.channel.online", label: "3.网络申请数", unit: "件"},
		{code: "requests.channel.letter", label: "4.信函申请数", unit: "件"},
		{code: "requests.closed", label: "（二）申请办结数", unit: "件"},
		{code: "requests.closed.on_time", label: "1.按时办结数", unit: "件"},
		{code: "requests.closed.extended", label: "2.延期办结数", unit: "件"},
		{code: "requests.answered", label: "（三）申请答复数", unit: "件"},
		{code: "requests.already_public", label: "1.属于已主动公开范围数", unit: "件"},
		{code: "requests.disclosed", label: "2.同意公开答复数", unit: "件"},
		{code: "requests.partially_disclosed", label: "3.同意部分公开答复数", unit: "件"},
		{code: "requests.refused", label: "4.不同意公开答复数", unit: "件"},
		{code: "requests.refused.state_secret", label: "其中：涉及国家秘密", unit: "件"},
		{code: "requests.refused.trade_secret", label: "涉及商业秘密", unit: "件"},
		{code: "requests.refused.privacy", label: "涉及个人隐私", unit: "件"},
		{code: "requests.refused.security", label: "危及国家安全、公共安全、经济安全和社会稳定", unit: "件"},
		{code: "requests.refused.not_government_info", label: "不是《条例》所指政府信息", unit: "件"},
		{code: "requests.refused.other_legal", label: "法律法规规定的其他情形", unit: "件"},
		{code: "requests.not_this_agency", label: "5.不属于本行政机关公开数", unit: "件"},
		{code: "requests.not_exist", label: "6.申请信息不存在数", unit: "件"},
		{code: "requests.clarification", label: "7.告知作出更改补充数", unit: "件"},
		{code: "requests.other_route", label: "8.告知通过其他途径办理数", unit: "件"},
		{code: "review.total", label: "四、行政复议数量", unit: "件"},
		{code: "review.upheld", label: "（一）维持具体行政行为数", unit: "件"},
		{code: "review.corrected", label: "（二）被依法纠错数", unit: "件"},
		{code: "review.other", label: "（三）其他情形数", unit: "件"},
		{code: "litigation.total", label: "五、行政诉讼数量", unit: "件"},
		{code: "litigation.upheld", label: "（一）维持具体行政行为或者驳回原告诉讼请求数", unit: "件"},
		{code: "litigation.corrected", label: "（二）被依法纠错数", unit: "件"},
		{code: "litigation.other", label: "（三）其他情形数", unit: "件"},
		{code: "complaints.total", label: "六、举报投诉数量", unit: "件"},
		{code: "fees.collected", label: "七、依申请公开信息收取的费用", unit: "万元"},
		{label: "八、机构建设和保障经费情况"},
		{code: "capacity.offices", label: "（一）政府信息公开工作专门机构数", unit: "个"},
		{code: "capacity.reading_rooms", label: "（二）设置政府信息公开查阅点数", unit: "个"},
		{code: "staff.total", label: "（三）从事政府信息公开工作人员数", unit: "人"},
		{code: "staff.full_time", label: "1.专职人员数（不包括政府公报及政府网站工作人员数）", unit: "人"},
		{code: "staff.part_time", label: "2.兼职人员数", unit: "人"},
		{code: "capacity.budget", label: "（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）", unit: "万元"},
		{label: "九、政府信息公开会议和培训情况"},
		{code: "training.meetings", label: "（一）召开政府信息公开工作会议或专题会议数", unit: "次"},
		{code: "training.courses", label: "（二）举办各类培训班数", unit: "次"},
		{code: "training.trainees", label: "（三）接受培训人员数", unit: "人次"},
	},
	rules: []sumRule{
		{rule: "proactive-channels", total: "proactive.total", le: true, what: "publication channels",
			parts: []string{"proactive.channel.gazette", "proactive.channel.website", "proactive.channel.weibo", "proactive.channel.wechat", "proactive.channel.other"}},
		{rule: "request-channels", total: "requests.received", what: "request channels",
			parts: []string{"requests.channel.in_person", "requests.channel.fax", "requests.channel.online", "requests.channel.letter"}},
		{rule: "requests-closed", total: "requests.closed", what: "closed on time and extended",
			parts: []string{"requests.closed.on_time", "requests.closed.extended"}},
		{rule: "request-answers", total: "requests.answered", what: "kinds of answer",
			parts: []string{"requests.already_public", "requests.disclosed", "requests.partially_disclosed", "requests.refused",
				"requests.not_this_agency", "requests.not_exist", "requests.clarification", "requests.other_route"}},
		{rule: "refusal-reasons", total: "requests.refused", what: "reasons for refusal",
			parts: []string{"requests.refused.state_secret", "requests.refused.trade_secret", "requests.refused.privacy",
				"requests.refused.security", "requests.refused.not_government_info", "requests.refused.other_legal"}},
		{rule: "review-outcomes", total: "review.total", what: "reconsideration outcomes",
			parts: []string{"review.upheld", "review.corrected", "review.other"}},
		{rule: "litigation-outcomes", total: "litigation.total", what: "lawsuit outcomes",
			parts: []string{"litigation.upheld", "litigation.corrected", "litigation.other"}},
		{rule: "staff", total: "staff.total", what: "full-time and part-time staff",
			parts: []string{"staff.full_time", "staff.part_time"}},
	},
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

var tableDefs = []*tableDef{national2014, provincial}
