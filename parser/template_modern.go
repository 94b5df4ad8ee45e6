package parser

import "nianbao"

// The 2019 and 2021 revisions print three tables in one layout: 二
// (主动公开, sub-tables under 第二十条 captions, each with its own value
// columns), 三 (申请, one row a result, 7 applicant columns) and 四
// (复议/诉讼, 15 values). This file holds what the revisions of that
// layout share: the table names, the columns of 三 and the cells of 四,
// the rows both print and the arithmetic. A revision's own rows and
// columns are in its template_*.go file.

// Table names as the records carry them.
const (
	table2 = "二、主动公开政府信息情况"
	table3 = "三、收到和处理政府信息公开申请情况"
	table4 = "四、政府信息公开行政复议、行政诉讼情况"
)

// A modernDef is what one revision of the 2019 layout prints.
type modernDef struct {
	// t2Columns are the value columns of table 二 the revision prints.
	t2Columns []colSpec
	// t2Defaults holds, by caption number (一, 五, …), the dims of a
	// sub-table's columns: the columns read when a rendering cut the
	// header off, and the dims the data dictionary gives its rows.
	t2Defaults map[string][]string
	// t2Rows and t3Rows are the rows of tables 二 and 三, in printed order.
	t2Rows, t3Rows []modernRow
	// rules is the arithmetic of tables 三 and 四, each over explicit dims.
	rules []sumRule
}

// A colSpec is a value column of table 二.
type colSpec struct {
	key, label, dim, unit string
	// unknown marks a header cell no revision prints (label only): the
	// cells under it are said, not read (unknown-column).
	unknown bool

	prints []nianbao.Template // set by compile: the revisions that print it
}

// A modernRow is a row of table 二 or 三.
type modernRow struct {
	key, code, label string
	group            bool   // a heading over the rows below, never a value row
	sum              string // for a heading: the code of the sum of the rows under it (derived)
	under            string // the key of the heading the row is numbered under
	after            string // only matched inside this heading (a key as common as 其他)
	caption          string // table 二: the 第二十条 sub-table it sits in (一, 五, …)
	old              []string
	en               string // English name, for a code the data dictionary does not name yet

	// Set by compile, over all the registered revisions:
	prints    []nianbao.Template // the revisions that print it as a value row
	tolerated []nianbao.Template // the revisions that still print it as an old wording of their own row (see old)
	groupable bool               // a value row in one revision, a heading in another: a heading when no value follows
	long      bool               // a key of 3 runes or more: may match as a prefix
}

// t3Columns are the applicant columns of table 三; the total has dim "",
// so that requests.received lines up with the 2014 table's single value.
var t3Columns = []struct{ label, dim string }{
	{"自然人", "natural_person"}, {"商业企业", "business"}, {"科研机构", "research"}, {"社会公益组织", "nonprofit"},
	{"法律服务机构", "legal_services"}, {"其他", "other_org"}, {"总计", ""},
}

// t3Dims are the dims of t3Columns, in printed order.
var t3Dims = []string{"natural_person", "business", "research", "nonprofit", "legal_services", "other_org", ""}

// t3Header holds the header words of table 三 (matched as key prefixes).
var t3Header = []string{"申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益", "法律服务机构"}

// t4 describes the 15 values of table 四, in printed order.
var t4Groups = []struct{ section, row, prefix string }{
	{"行政复议", "行政复议", "review"},
	{"行政诉讼", "未经复议直接起诉", "litigation.direct"},
	{"行政诉讼", "复议后起诉", "litigation.after_review"},
}
var t4Outcomes = []struct{ label, code string }{
	{"结果维持", "upheld"}, {"结果纠正", "corrected"}, {"其他结果", "other"}, {"尚未审结", "pending"}, {"总计", "total"},
}
var t4Header = map[string]bool{"行政复议": true, "行政诉讼": true, "结果维持": true, "结果纠正": true, "其他结果": true,
	"尚未审结": true, "未经复议直接起诉": true, "复议后起诉": true}

// t4Sum is the total table 四 implies but does not print.
var t4Sum = struct {
	code, section, row, column string
	parts                      []string
}{"litigation.total", "行政诉讼", "行政诉讼", "总计", []string{"litigation.direct.total", "litigation.after_review.total"}}

// Rows of table 二 both revisions print.
var (
	rowRegulations = modernRow{key: "规章", code: "proactive.regulations", label: "规章", caption: "一"}
	rowLicensing   = modernRow{key: "行政许可", code: "proactive.licensing", label: "行政许可", caption: "五"}
	rowPenalties   = modernRow{key: "行政处罚", code: "proactive.penalties", label: "行政处罚", caption: "六"}
	rowCoercion    = modernRow{key: "行政强制", code: "proactive.coercion", label: "行政强制", caption: "六"}
	rowAdminFees   = modernRow{key: "行政事业性收费", code: "proactive.admin_fees", label: "行政事业性收费", caption: "八"}
)

// t3Head and t3Tail are the rows of table 三 both revisions print, before
// and after （六）其他处理, which each prints its own way.
var t3Head = []modernRow{
	{key: "本年新收政府信息公开申请数量", code: "requests.received", label: "一、本年新收政府信息公开申请数量"},
	{key: "上年结转政府信息公开申请数量", code: "requests.carried_over", label: "二、上年结转政府信息公开申请数量"},
	{key: "本年度办理结果", label: "三、本年度办理结果", group: true},
	{key: "予以公开", code: "requests.disclosed", label: "（一）予以公开"},
	{key: "部分公开", code: "requests.partially_disclosed", label: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"},
	{key: "不予公开", label: "（三）不予公开", group: true, sum: "requests.refused"},
	{key: "属于国家秘密", code: "requests.refused.state_secret", label: "1.属于国家秘密", under: "不予公开"},
	{key: "其他法律行政法规禁止公开", code: "requests.refused.prohibited", label: "2.其他法律行政法规禁止公开", under: "不予公开"},
	{key: "危及三安全一稳定", code: "requests.refused.security", label: "3.危及“三安全一稳定”", under: "不予公开"},
	{key: "保护第三方合法权益", code: "requests.refused.third_party", label: "4.保护第三方合法权益", under: "不予公开"},
	{key: "属于三类内部事务信息", code: "requests.refused.internal_affairs", label: "5.属于三类内部事务信息", under: "不予公开"},
	{key: "属于四类过程性信息", code: "requests.refused.process_info", label: "6.属于四类过程性信息", under: "不予公开"},
	{key: "属于行政执法案卷", code: "requests.refused.enforcement_files", label: "7.属于行政执法案卷", under: "不予公开"},
	{key: "属于行政查询事项", code: "requests.refused.query_matters", label: "8.属于行政查询事项", under: "不予公开"},
	{key: "无法提供", label: "（四）无法提供", group: true, sum: "requests.unavailable"},
	{key: "本机关不掌握相关政府信息", code: "requests.unavailable.not_held", label: "1.本机关不掌握相关政府信息", under: "无法提供"},
	{key: "没有现成信息需要另行制作", code: "requests.unavailable.needs_creation", label: "2.没有现成信息需要另行制作", under: "无法提供"},
	{key: "补正后申请内容仍不明确", code: "requests.unavailable.unclear", label: "3.补正后申请内容仍不明确", under: "无法提供"},
	{key: "不予处理", label: "（五）不予处理", group: true, sum: "requests.not_processed"},
	{key: "信访举报投诉类申请", code: "requests.not_processed.petition", label: "1.信访举报投诉类申请", under: "不予处理"},
	{key: "重复申请", code: "requests.not_processed.repeated", label: "2.重复申请", under: "不予处理"},
	{key: "要求提供公开出版物", code: "requests.not_processed.publications", label: "3.要求提供公开出版物", under: "不予处理"},
	{key: "无正当理由大量反复申请", code: "requests.not_processed.vexatious", label: "4.无正当理由大量反复申请", under: "不予处理"},
	{key: "要求行政机关确认或重新出具已获取信息", code: "requests.not_processed.confirmation", label: "5.要求行政机关确认或重新出具已获取信息", under: "不予处理"},
}

var t3Tail = []modernRow{
	{key: "总计", code: "requests.answered", label: "（七）总计"},
	{key: "结转下年度继续办理", code: "requests.carried_forward", label: "四、结转下年度继续办理"},
}

// t3Rows returns table 三 with the rows of （六）其他处理 in place.
func t3RowsWith(other ...modernRow) []modernRow {
	rows := append(append([]modernRow{}, t3Head...), other...)
	return append(rows, t3Tail...)
}

// modernRules are the arithmetic of tables 三 and 四 in both revisions.
// The results of the year list the rows of either revision: a sum leaves
// out the rows a document does not have.
var modernRules = []sumRule{
	{rule: "request-balance", lhs: []string{"requests.received", "requests.carried_over"}, what: "（七）总计 + 四、结转下年度",
		parts: []string{"requests.answered", "requests.carried_forward"}, dims: t3Dims},
	{rule: "results-total", total: "requests.answered", what: "results of the year", dims: t3Dims,
		parts: []string{"requests.disclosed", "requests.partially_disclosed",
			"requests.refused.state_secret", "requests.refused.prohibited", "requests.refused.security", "requests.refused.third_party",
			"requests.refused.internal_affairs", "requests.refused.process_info", "requests.refused.enforcement_files", "requests.refused.query_matters",
			"requests.unavailable.not_held", "requests.unavailable.needs_creation", "requests.unavailable.unclear",
			"requests.not_processed.petition", "requests.not_processed.repeated", "requests.not_processed.publications",
			"requests.not_processed.vexatious", "requests.not_processed.confirmation",
			"requests.other", "requests.other.no_amendment", "requests.other.unpaid_fees", "requests.other.other"}},
	{rule: "review-outcomes", total: "review.total", what: "行政复议 outcomes", dims: []string{""},
		parts: []string{"review.upheld", "review.corrected", "review.other", "review.pending"}},
	{rule: "litigation-direct-outcomes", total: "litigation.direct.total", what: "未经复议直接起诉 outcomes", dims: []string{""},
		parts: []string{"litigation.direct.upheld", "litigation.direct.corrected", "litigation.direct.other", "litigation.direct.pending"}},
	{rule: "litigation-after_review-outcomes", total: "litigation.after_review.total", what: "复议后起诉 outcomes", dims: []string{""},
		parts: []string{"litigation.after_review.upheld", "litigation.after_review.corrected", "litigation.after_review.other", "litigation.after_review.pending"}},
}
