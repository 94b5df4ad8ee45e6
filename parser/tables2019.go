package parser

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"nianbao"
)

// The 2019 and 2021 formats print three tables: 二 (主动公开, sub-tables
// under 第二十条 captions), 三 (申请, 7 applicant columns) and 四 (复议/诉讼,
// 15 values). Their cells reach the reader as a sequence of tokens, text
// or value, from any form: HTML rows, " | " rows, pipe text or one cell a
// line. A small state machine follows captions, headers and labels through
// the tokens, so the same code reads every form.

// Table names as the records carry them.
const (
	table2 = "二、主动公开政府信息情况"
	table3 = "三、收到和处理政府信息公开申请情况"
	table4 = "四、政府信息公开行政复议、行政诉讼情况"
)

// A colSpec is a value column of table 二.
type colSpec struct {
	key, label, dim, unit string
	tmpl                  nianbao.Template
}

// t2Columns lists the columns of table 二, longest key first where one
// contains another (本年处理决定数量 before 处理决定数量).
var t2Columns = []colSpec{
	{"本年新制作数量", "本年新制作数量", "made", "件", nianbao.TemplateNational2019},
	{"本年新公开数量", "本年新公开数量", "published", "件", nianbao.TemplateNational2019},
	{"对外公开总数量", "对外公开总数量", "public_total", "件", nianbao.TemplateNational2019},
	{"上一年项目数量", "上一年项目数量", "previous_year", "项", nianbao.TemplateNational2019},
	{"本年增减", "本年增/减", "change", "项", nianbao.TemplateNational2019},
	{"本年处理决定数量", "本年处理决定数量", "decisions", "件", nianbao.TemplateNational2021},
	{"处理决定数量", "处理决定数量", "decisions", "件", nianbao.TemplateNational2019},
	{"采购项目数量", "采购项目数量", "projects", "项", nianbao.TemplateNational2019},
	{"采购总金额", "采购总金额", "amount", "万元", nianbao.TemplateNational2019},
	{"本年制发件数", "本年制发件数", "issued", "件", nianbao.TemplateNational2021},
	{"本年废止件数", "本年废止件数", "repealed", "件", nianbao.TemplateNational2021},
	{"现行有效件数", "现行有效件数", "in_force", "件", nianbao.TemplateNational2021},
	{"本年收费金额", "本年收费金额（单位：万元）", "amount", "万元", nianbao.TemplateNational2021},
}

// t2Defaults are the columns of each sub-table when its header is not in
// the document (a rendering cut above it).
var t2Defaults = map[nianbao.Template]map[string][]string{
	nianbao.TemplateNational2019: {"一": {"made", "published", "public_total"}, "五": {"previous_year", "change", "decisions"},
		"六": {"previous_year", "change", "decisions"}, "八": {"previous_year", "change"}, "九": {"projects", "amount"}},
	nianbao.TemplateNational2021: {"一": {"issued", "repealed", "in_force"}, "五": {"decisions"}, "六": {"decisions"}, "八": {"amount"}},
}

// A modernRow is a row of table 二 or 三.
type modernRow struct {
	key, code, label string
	tmpl             nianbao.Template // the format that alone prints it, if one
	group            bool             // a merged label over rows below, never a value row
	groupable        bool             // a group when no value follows (（六）其他处理 in 2021)
	after            string           // only matched inside this group
}

var t2Rows = []modernRow{
	{key: "规章", code: "proactive.regulations", label: "规章"},
	{key: "规范性文件", code: "proactive.normative_docs", label: "规范性文件", tmpl: nianbao.TemplateNational2019},
	{key: "行政规范性文件", code: "proactive.normative_docs", label: "行政规范性文件", tmpl: nianbao.TemplateNational2021},
	{key: "行政许可", code: "proactive.licensing", label: "行政许可"},
	{key: "其他对外管理服务事项", code: "proactive.services", label: "其他对外管理服务事项", tmpl: nianbao.TemplateNational2019},
	{key: "行政处罚", code: "proactive.penalties", label: "行政处罚"},
	{key: "行政强制", code: "proactive.coercion", label: "行政强制"},
	{key: "行政事业性收费", code: "proactive.admin_fees", label: "行政事业性收费"},
	{key: "政府集中采购", code: "proactive.procurement", label: "政府集中采购", tmpl: nianbao.TemplateNational2019},
}

var t3Rows = []modernRow{
	{key: "本年新收政府信息公开申请数量", code: "requests.received", label: "一、本年新收政府信息公开申请数量"},
	{key: "上年结转政府信息公开申请数量", code: "requests.carried_over", label: "二、上年结转政府信息公开申请数量"},
	{key: "本年度办理结果", label: "三、本年度办理结果", group: true},
	{key: "予以公开", code: "requests.disclosed", label: "（一）予以公开"},
	{key: "部分公开", code: "requests.partially_disclosed", label: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"},
	{key: "不予公开", label: "（三）不予公开", group: true},
	{key: "属于国家秘密", code: "requests.refused.state_secret", label: "1.属于国家秘密"},
	{key: "其他法律行政法规禁止公开", code: "requests.refused.prohibited", label: "2.其他法律行政法规禁止公开"},
	{key: "危及三安全一稳定", code: "requests.refused.security", label: "3.危及“三安全一稳定”"},
	{key: "保护第三方合法权益", code: "requests.refused.third_party", label: "4.保护第三方合法权益"},
	{key: "属于三类内部事务信息", code: "requests.refused.internal_affairs", label: "5.属于三类内部事务信息"},
	{key: "属于四类过程性信息", code: "requests.refused.process_info", label: "6.属于四类过程性信息"},
	{key: "属于行政执法案卷", code: "requests.refused.enforcement_files", label: "7.属于行政执法案卷"},
	{key: "属于行政查询事项", code: "requests.refused.query_matters", label: "8.属于行政查询事项"},
	{key: "无法提供", label: "（四）无法提供", group: true},
	{key: "本机关不掌握相关政府信息", code: "requests.unavailable.not_held", label: "1.本机关不掌握相关政府信息"},
	{key: "没有现成信息需要另行制作", code: "requests.unavailable.needs_creation", label: "2.没有现成信息需要另行制作"},
	{key: "补正后申请内容仍不明确", code: "requests.unavailable.unclear", label: "3.补正后申请内容仍不明确"},
	{key: "不予处理", label: "（五）不予处理", group: true},
	{key: "信访举报投诉类申请", code: "requests.not_processed.petition", label: "1.信访举报投诉类申请"},
	{key: "重复申请", code: "requests.not_processed.repeated", label: "2.重复申请"},
	{key: "要求提供公开出版物", code: "requests.not_processed.publications", label: "3.要求提供公开出版物"},
	{key: "无正当理由大量反复申请", code: "requests.not_processed.vexatious", label: "4.无正当理由大量反复申请"},
	{key: "要求行政机关确认或重新出具已获取信息", code: "requests.not_processed.confirmation", label: "5.要求行政机关确认或重新出具已获取信息"},
	{key: "其他处理", code: "requests.other", label: "（六）其他处理", groupable: true, tmpl: nianbao.TemplateNational2019},
	{key: "申请人无正当理由逾期不补正", code: "requests.other.no_amendment", label: "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", tmpl: nianbao.TemplateNational2021},
	{key: "申请人逾期未按收费通知要求缴纳费用", code: "requests.other.unpaid_fees", label: "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", tmpl: nianbao.TemplateNational2021},
	{key: "其他", code: "requests.other.other", label: "3.其他", tmpl: nianbao.TemplateNational2021, after: "其他处理"},
	{key: "总计", code: "requests.answered", label: "（七）总计"},
	{key: "结转下年度继续办理", code: "requests.carried_forward", label: "四、结转下年度继续办理"},
}

// t3Columns are the applicant columns of table 三; the total has dim "",
// so that requests.received lines up with the 2014 table's single value.
var t3Columns = []struct{ label, dim string }{
	{"自然人", "natural_person"}, {"商业企业", "business"}, {"科研机构", "research"}, {"社会公益组织", "nonprofit"},
	{"法律服务机构", "legal_services"}, {"其他", "other_org"}, {"总计", ""},
}

var t3Leaves = map[string][]string{
	"requests.refused": {"requests.refused.state_secret", "requests.refused.prohibited", "requests.refused.security", "requests.refused.third_party",
		"requests.refused.internal_affairs", "requests.refused.process_info", "requests.refused.enforcement_files", "requests.refused.query_matters"},
	"requests.unavailable": {"requests.unavailable.not_held", "requests.unavailable.needs_creation", "requests.unavailable.unclear"},
	"requests.not_processed": {"requests.not_processed.petition", "requests.not_processed.repeated", "requests.not_processed.publications",
		"requests.not_processed.vexatious", "requests.not_processed.confirmation"},
	"requests.other": {"requests.other.no_amendment", "requests.other.unpaid_fees", "requests.other.other"},
}

var t3GroupLabels = map[string]string{
	"requests.refused": "（三）不予公开", "requests.unavailable": "（四）无法提供",
	"requests.not_processed": "（五）不予处理", "requests.other": "（六）其他处理",
}

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

// mdRuleRe matches the cells of a Markdown table's |---|---| rule.
var mdRuleRe = regexp.MustCompile(`^:?-{3,}:?$`)

func isMdRule(s string) bool {
	return len(s) >= 3 && (s[0] == '-' || s[0] == ':') && mdRuleRe.MatchString(s)
}

var captionRe = regexp.MustCompile(`第二十条第\(?([一二三四五六七八九十]+)\)?项`)

// A tok is one cell on its way through the state machine.
type tok struct {
	text string
	line int
	cell Cell
	col  int // grid column in a table with rows, -1 in a stream
}

// pending is a row whose values are being collected.
type pending struct {
	table   int
	def     modernRow
	known   bool
	label   string
	section string
	vals    []tok
	stream  bool
}

// modernReader reads tables 二, 三 and 四 of one document.
type modernReader struct {
	year int

	table    int // 2, 3 or 4: the table the last tokens belonged to
	caption  string
	cols     []colSpec
	colStart []int // grid column where each of cols starts, -1 if unknown
	inHead   bool  // the last text tokens were column headers of table 二
	t3Data   bool  // a data row of table 三 was seen
	group    string
	groupK   string
	cur      *pending
	t4       []tok
	t4Head   bool

	stats     []nianbao.Stat
	findings  []nianbao.Finding
	lastCode  string     // code of the row read last
	ambiguous []gluedRow // glued rows of table 三 to resolve
	missing   []string   // cells absent from the row read last: cut off if nothing follows
	seen      map[statKey]bool
	votes     map[nianbao.Template]int // evidence for each format
	oldLabel  []string
	short     []string
	blankTot  []string
	blanks    blankCells // said once per table, in blank-cells
}

// readModern reads the 2019/2021 tables of d, if it has them.
func readModern(d *document, year int) (stats []nianbao.Stat, findings []nianbao.Finding, tmpl nianbao.Template, form string, ok bool) {
	r := &modernReader{year: year, seen: map[statKey]bool{}, votes: map[nianbao.Template]int{}}
	started := false
	for _, g := range d.tables {
		// Tables before the first one known to be of this format are not
		// read; after it, every table is (a table split in pieces).
		if !started && !hasModernTable(g) {
			continue
		}
		started = true
		if form == "" {
			form = g.Form
		}
		if g.Stream {
			for _, c := range g.Rows[0] {
				if !isMdRule(c.Text) {
					r.token(tok{text: c.Text, line: c.Line, cell: c, col: -1}, true)
				}
			}
			r.flush()
			continue
		}
		for _, row := range g.Rows {
			r.row(row)
		}
		r.flush()
	}
	if len(r.t4) > 0 {
		r.commitMissing(false)
		r.finishT4()
	}
	r.commitMissing(true)
	r.resolve()
	if len(r.stats) == 0 {
		return nil, nil, "", "", false
	}
	r.findings = append(r.findings, r.blanks.findings()...)
	tmpl = r.template()
	r.missingRows(tmpl)
	r.derive()
	r.check(tmpl)
	return r.stats, r.findings, tmpl, form, true
}

// hasModernTable reports whether g holds part of tables 二, 三 or 四.
func hasModernTable(g *Grid) bool {
	for _, r := range g.Rows {
		for _, c := range r {
			k := key(c.Text)
			if strings.Contains(k, "第二十条") && captionRe.MatchString(Clean(c.Text)) || strings.Contains(k, "勾稽关系") || strings.Contains(k, "本年新收政府信息公开申请数量") ||
				k == "结果维持" || k == "信息内容" {
				return true
			}
		}
	}
	return false
}

// row feeds one row of an HTML table or " | " rendering. Copies of spanned
// cells are left out; a row of text cells with no value cell is a header.
func (r *modernReader) row(cells []Cell) {
	var toks []tok
	for i, c := range cells {
		if c.Spanned || isMdRule(c.Text) || len(toks) == 0 && c.Text == "" {
			continue // spanned copies, Markdown |---| rules, a leading "|"
		}
		toks = append(toks, tok{text: c.Text, line: c.Line, cell: c, col: i})
	}
	nText := 0
	for nText < len(toks) && isLabelCell(toks[nText].text) {
		nText++
	}
	if nText == len(toks) && nText >= 2 {
		r.flush()
		for _, t := range toks {
			r.structural(t) // a header row: its cells never start a data row
		}
		return
	}
	for _, t := range toks {
		r.token(t, false)
	}
	r.flush()
}

// token feeds one cell.
func (r *modernReader) token(t tok, stream bool) {
	if !isLabelCell(t.text) {
		r.value(t)
		return
	}
	r.flush()
	if r.structural(t) {
		return
	}
	k := key(stripEnum(t.text))
	label := cleanLabel(t.text)
	if i := r.matchT2(k); i >= 0 && (r.table == 2 || r.table == 0) {
		r.table = 2
		r.cur = &pending{table: 2, def: t2Rows[i], known: true, label: label, section: r.caption, stream: stream}
		return
	}
	if i := r.matchT3(k); i >= 0 {
		def := t3Rows[i]
		r.table = 3
		if def.group {
			r.setGroup(label, def.key)
			return
		}
		r.t3Data = true
		var section string
		switch {
		case strings.HasPrefix(def.label, "一、"), strings.HasPrefix(def.label, "二、"), strings.HasPrefix(def.label, "四、"):
			r.group, r.groupK = "", "" // rows outside 三、本年度办理结果
		case strings.HasPrefix(def.label, "（"):
			// a （N） row closes the numbered leaves of the group above it
			section = "三、本年度办理结果"
			r.group, r.groupK = section, "本年度办理结果"
		default:
			section = r.group
		}
		r.cur = &pending{table: 3, def: def, known: true, label: label, section: section, stream: stream}
		return
	}
	if i := r.matchT2(k); i >= 0 {
		r.table = 2
		r.cur = &pending{table: 2, def: t2Rows[i], known: true, label: label, section: r.caption, stream: stream}
		return
	}
	// Text the templates do not know: an agency's own row inside a table
	// (kept if numbers follow), or prose and headings between tables.
	if topRe.MatchString(label) {
		r.table = 0
		return
	}
	if (r.table == 2 && r.cols != nil || r.table == 3 && r.t3Data) && utf8.RuneCountInString(label) <= 40 {
		r.cur = &pending{table: r.table, label: label, section: r.sectionFor(r.table), stream: stream}
	}
}

func (r *modernReader) sectionFor(table int) string {
	if table == 2 {
		return r.caption
	}
	return r.group
}

func (r *modernReader) setGroup(label, k string) {
	if k == "本年度办理结果" {
		label = "三、本年度办理结果"
	}
	r.group, r.groupK = label, k
	r.t3Data = true
}

// structural handles captions and headers; it reports whether t was one.
func (r *modernReader) structural(t tok) bool {
	text := Clean(t.text)
	k := key(text)
	if !strings.Contains(text, "第二十条") {
		// not a caption: skip the regexp
	} else if m := captionRe.FindStringSubmatch(text); m != nil {
		r.table, r.caption, r.cols, r.colStart, r.inHead = 2, "第二十条第（"+m[1]+"）项", nil, nil, false
		return true
	}
	if k == "信息内容" {
		r.table, r.cols, r.colStart, r.inHead = 2, nil, nil, true
		return true
	}
	if r.table == 2 || r.inHead {
		for _, c := range t2Columns {
			if strings.Contains(k, c.key) {
				if !r.inHead {
					r.cols, r.colStart, r.inHead = nil, nil, true
				}
				r.cols = append(r.cols, c)
				r.colStart = append(r.colStart, t.col)
				r.votes[c.tmpl]++
				return true
			}
		}
	}
	r.inHead = false
	if strings.Contains(k, "勾稽关系") || k == "类别" && r.table == 3 {
		r.table = 3
		return true
	}
	for _, h := range t3Header {
		if strings.HasPrefix(k, h) {
			r.table = 3
			return true
		}
	}
	if (k == "其他" || k == "总计") && r.table == 3 && !r.t3Data {
		return true
	}
	if t4Header[k] || k == "总计" && r.table == 4 {
		r.table, r.t4Head = 4, true
		return true
	}
	return false
}

// value feeds a value token.
func (r *modernReader) value(t tok) {
	switch {
	case r.cur != nil:
		r.cur.vals = append(r.cur.vals, t)
	case r.table == 4 && r.t4Head:
		if len(r.t4) < 15 {
			r.t4 = append(r.t4, t)
		} else if readNumber(t.text).problem != "blank" {
			r.findings = append(r.findings, nianbao.Finding{Rule: "extra-cells", Severity: nianbao.SeverityWarning,
				Message: fmt.Sprintf("%s: a 16th value %q after the 15 of the table%s", table4, t.text, lineNote(t.cell))})
		}
	}
}

func (r *modernReader) matchT2(k string) int {
	return matchRows(t2Rows, k, "")
}

func (r *modernReader) matchT3(k string) int {
	group := r.groupK
	if strings.HasPrefix(r.lastCode, "requests.other.") {
		group = "其他处理" // its heading lost, as in lossy conversions
	}
	return matchRows(t3Rows, k, group)
}

// matchRows finds a row by exact key, else by the longest key the printed
// one starts with (labels carry notes: 部分公开（区分处理的…）).
func matchRows(rows []modernRow, k, group string) int {
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
		if utf8.RuneCountInString(row.key) >= 3 && strings.HasPrefix(k, row.key) && len(row.key) > bestLen {
			best, bestLen = i, len(row.key)
		}
	}
	return best
}

// cleanLabel is the printed label as records carry it, less any form
// instructions left in it (编写说明：…).
func cleanLabel(s string) string {
	l := Label(s)
	if i := strings.Index(l, "编写说明"); i > 0 {
		l = l[:i]
	}
	return l
}

// flush turns the pending row into stats.
func (r *modernReader) flush() {
	p := r.cur
	r.cur = nil
	if p == nil {
		return
	}
	if !p.known && !tokHasNumber(p.vals) {
		return
	}
	if p.known && p.def.groupable && len(p.vals) == 0 {
		r.setGroup(p.label, p.def.key)
		return
	}
	if p.known && p.def.tmpl != "" {
		if p.def.tmpl == nianbao.TemplateNational2019 && p.def.code == "proactive.normative_docs" {
			// still written in 2021-format tables: said in old-labels, not a vote
			r.oldLabel = append(r.oldLabel, p.label)
		} else {
			r.votes[p.def.tmpl]++
		}
	}
	switch p.table {
	case 2:
		cols := r.cols
		if cols == nil {
			for _, dim := range t2Defaults[r.guess()][captionNum(p.section)] {
				for _, c := range t2Columns {
					if c.dim == dim && c.tmpl == r.guess() || c.dim == dim && c.dim != "decisions" && c.dim != "amount" {
						cols = append(cols, c)
						break
					}
				}
			}
			if cols == nil {
				r.findings = append(r.findings, nianbao.Finding{Rule: "no-header", Severity: nianbao.SeverityError, Codes: codes(p.def.code),
					Message: fmt.Sprintf("%s %s: no column header before it, values not read", table2, p.label)})
				return
			}
		}
		labels := make([]string, len(cols))
		dims := make([]string, len(cols))
		units := make([]string, len(cols))
		for i, c := range cols {
			labels[i], dims[i], units[i] = c.label, c.dim, c.unit
		}
		if r.cols != nil {
			p.vals = r.align(p, r.colStart)
		}
		r.emit(p, table2, labels, dims, units)
	case 3:
		labels := make([]string, len(t3Columns))
		dims := make([]string, len(t3Columns))
		units := make([]string, len(t3Columns))
		for i, c := range t3Columns {
			labels[i], dims[i], units[i] = c.label, c.dim, "件"
		}
		r.emit(p, table3, labels, dims, units)
	}
}

func captionNum(caption string) string {
	if m := captionRe.FindStringSubmatch(Clean(caption)); m != nil {
		return m[1]
	}
	return ""
}

// emit makes the stats of one row, a value a column.
func (r *modernReader) emit(p *pending, table string, labels, dims, units []string) {
	r.commitMissing(false)
	if len(p.vals) == 1 && p.vals[0].cell.Glued {
		var check func([]float64) bool
		if table == table3 {
			check = rowSumCheck
		}
		if !r.unglue(p, len(labels), check, table) {
			// several splits or none: every cell missing, the run kept
			for j := range labels {
				r.stats = append(r.stats, nianbao.Stat{Table: table, Section: p.section, Code: p.def.code, Dim: dims[j],
					Row: p.label, Column: labels[j], Unit: units[j], Raw: p.vals[0].text})
				if p.def.code != "" {
					r.seen[statKey{p.def.code, dims[j]}] = true
				}
			}
			r.lastCode = p.def.code
			return
		}
	}
	vals := p.vals
	n := len(labels)
	if len(vals) > n {
		for _, extra := range vals[n:] {
			if readNumber(extra.text).problem != "blank" {
				r.findings = append(r.findings, nianbao.Finding{Rule: "extra-cells", Severity: nianbao.SeverityWarning, Codes: codes(p.def.code),
					Message: fmt.Sprintf("%s %s: %d cells for %d columns; %q and after not read%s", table, p.label, len(vals), n, extra.text, lineNote(extra.cell))})
				break
			}
		}
		vals = vals[:n]
	}
	if p.stream && len(vals) > 0 && len(vals) < n {
		r.short = append(r.short, fmt.Sprintf("%s (%d of %d)", p.label, len(vals), n))
	}
	code := p.def.code
	r.lastCode = code
	if code != "" {
		if r.seen[statKey{code, dims[0]}] {
			r.findings = append(r.findings, nianbao.Finding{Rule: "duplicate-row", Severity: nianbao.SeverityWarning, Codes: codes(code),
				Message: fmt.Sprintf("%s %s printed twice; the first is kept", table, p.label)})
			return
		}
	} else {
		r.findings = append(r.findings, nianbao.Finding{Rule: "unknown-row", Severity: nianbao.SeverityInfo,
			Message: fmt.Sprintf("%s: row %q is not in the template; kept without a code", table, p.label)})
	}
	for j := range labels {
		s := nianbao.Stat{Table: table, Section: p.section, Code: code, Dim: dims[j], Row: p.label, Column: labels[j], Unit: units[j]}
		if code != "" {
			r.seen[statKey{code, dims[j]}] = true
		}
		j := j
		name := func() string { // for messages only: most cells need none
			n := p.label + " × " + labels[j]
			if code != "" {
				n = code + "/" + dims[j] + " (" + n + ")"
			}
			return n
		}
		if j >= len(vals) {
			r.missing = append(r.missing, name())
			r.stats = append(r.stats, s)
			continue
		}
		c := vals[j]
		s.Raw = c.text
		v := readNumber(c.text)
		switch v.problem {
		case "":
			x := *v.value
			if cv, ok := convertUnit(x, v.unit, s.Unit); ok {
				x = math.Round(cv*1e8) / 1e8
			}
			s.Value = &x
			if dims[j] == "amount" && v.unit == "" && x != 0 && !strings.Contains(labels[j], s.Unit) {
				r.findings = append(r.findings, nianbao.Finding{Rule: "unit-assumed", Severity: nianbao.SeverityInfo, Codes: codes(code),
					Message: fmt.Sprintf("%s: %q has no unit; read in the column's unit, %s", name(), c.text, s.Unit)})
			}
		case "blank":
			if table == table3 && dims[j] == "" {
				r.blankTot = append(r.blankTot, p.label) // said once, in blank-total
			} else {
				r.blanks.add(table, code, name()+lineNote(c.cell))
			}
		default:
			r.findings = append(r.findings, cellFinding(v.problem, code, name(), c.cell))
		}
		r.stats = append(r.stats, s)
	}
}

// finishT4 turns the values of table 四 into stats.
func (r *modernReader) finishT4() {
	if len(r.t4) == 0 {
		return
	}
	if len(r.t4) == 1 && r.t4[0].cell.Glued {
		p := &pending{vals: r.t4, label: "行政复议、行政诉讼"}
		if !r.unglue(p, 15, t4Check, table4) {
			p.vals = nil
			for gi, g := range t4Groups {
				for _, o := range t4Outcomes {
					_ = gi
					r.stats = append(r.stats, nianbao.Stat{Table: table4, Section: g.section, Code: g.prefix + "." + o.code,
						Row: g.row, Column: o.label, Unit: "件", Raw: r.t4[0].text})
				}
			}
			return
		}
		r.t4 = p.vals
	}
	for gi, g := range t4Groups {
		for oi, o := range t4Outcomes {
			code := g.prefix + "." + o.code
			s := nianbao.Stat{Table: table4, Section: g.section, Code: code, Row: g.row, Column: o.label, Unit: "件"}
			i := gi*5 + oi
			if i >= len(r.t4) {
				r.missing = append(r.missing, fmt.Sprintf("%s (%s × %s)", code, g.row, o.label))
				r.stats = append(r.stats, s)
				continue
			}
			c := r.t4[i]
			s.Raw = c.text
			v := readNumber(c.text)
			switch v.problem {
			case "":
				s.Value = v.value
			case "blank":
				r.blanks.add(table4, code, fmt.Sprintf("%s (%s × %s)%s", code, g.row, o.label, lineNote(c.cell)))
			default:
				r.findings = append(r.findings, cellFinding(v.problem, code, fmt.Sprintf("%s (%s × %s)", code, g.row, o.label), c.cell))
			}
			r.stats = append(r.stats, s)
		}
	}
}

// guess is the format the evidence so far points to, else the one the
// report year implies.
func (r *modernReader) guess() nianbao.Template {
	switch {
	case r.votes[nianbao.TemplateNational2021] > r.votes[nianbao.TemplateNational2019]:
		return nianbao.TemplateNational2021
	case r.votes[nianbao.TemplateNational2019] > r.votes[nianbao.TemplateNational2021]:
		return nianbao.TemplateNational2019
	case r.year >= 2021:
		return nianbao.TemplateNational2021
	}
	return nianbao.TemplateNational2019
}

// template decides the format from the tables themselves and says when the
// labels disagree with it or with the year.
func (r *modernReader) template() nianbao.Template {
	t := r.guess()
	if r.votes[nianbao.TemplateNational2019] == 0 && r.votes[nianbao.TemplateNational2021] == 0 {
		r.findings = append(r.findings, nianbao.Finding{Rule: "template-guessed", Severity: nianbao.SeverityInfo,
			Message: fmt.Sprintf("no label tells the 2019 format from the 2021 one; %s assumed from the report year %d", t, r.year)})
	}
	if t == nianbao.TemplateNational2021 && len(r.oldLabel) > 0 {
		r.findings = append(r.findings, nianbao.Finding{Rule: "old-labels", Severity: nianbao.SeverityInfo, Codes: []string{"proactive.normative_docs"},
			Message: fmt.Sprintf("a 2021-format table with the 2019 label %s (2021: 行政规范性文件)", strings.Join(r.oldLabel, ", "))})
	}
	if t == nianbao.TemplateNational2019 && r.year >= 2021 {
		r.findings = append(r.findings, nianbao.Finding{Rule: "old-format", Severity: nianbao.SeverityWarning,
			Message: fmt.Sprintf("a report for %d in the 2019 format (the 2021 format applies from the 2021 reports)", r.year)})
	}
	if r.votes[nianbao.TemplateNational2019] > 0 && r.votes[nianbao.TemplateNational2021] > 0 {
		r.findings = append(r.findings, nianbao.Finding{Rule: "mixed-labels", Severity: nianbao.SeverityInfo,
			Message: fmt.Sprintf("labels of both formats: %d of 2019, %d of 2021; read as %s", r.votes[nianbao.TemplateNational2019], r.votes[nianbao.TemplateNational2021], t)})
	}
	if len(r.short) > 0 {
		r.findings = append(r.findings, nianbao.Finding{Rule: "short-row", Severity: nianbao.SeverityWarning,
			Message: fmt.Sprintf("rows with fewer values than columns, read left to right (empty cells leave no trace in this form): %s", strings.Join(r.short, "; "))})
	}
	if len(r.blankTot) > 0 {
		r.findings = append(r.findings, nianbao.Finding{Rule: "blank-total", Severity: nianbao.SeverityWarning,
			Message: fmt.Sprintf("%s: 总计 left blank on %d row(s), not computed: %s", table3, len(r.blankTot), strings.Join(r.blankTot, "; "))})
	}
	return t
}

// derive adds the sums the tables imply but do not print: the groups of
// table 三 (so that 2014's requests.refused lines up) and litigation.total.
func (r *modernReader) derive() {
	val := statIndex(r.stats)
	groups := make([]string, 0, len(t3Leaves))
	for g := range t3Leaves {
		groups = append(groups, g)
	}
	sort.Strings(groups)
	for _, g := range groups {
		if g == "requests.other" && val[statKey{g, ""}] != nil {
			continue // printed as one row (2019)
		}
		for _, c := range t3Columns {
			sum, ok := 0.0, true
			for _, leaf := range t3Leaves[g] {
				s := val[statKey{leaf, c.dim}]
				if s == nil || s.Value == nil {
					ok = false
					break
				}
				sum += *s.Value
			}
			if ok {
				v := sum
				r.stats = append(r.stats, nianbao.Stat{Table: table3, Section: "三、本年度办理结果", Code: g, Dim: c.dim,
					Row: t3GroupLabels[g], Column: c.label, Unit: "件", Value: &v, Derived: true})
			}
		}
	}
	d, a := val[statKey{"litigation.direct.total", ""}], val[statKey{"litigation.after_review.total", ""}]
	if d != nil && a != nil && d.Value != nil && a.Value != nil {
		v := *d.Value + *a.Value
		r.stats = append(r.stats, nianbao.Stat{Table: table4, Section: "行政诉讼", Code: "litigation.total", Row: "行政诉讼",
			Column: "总计", Unit: "件", Value: &v, Derived: true})
	}
}

// modernRules are the arithmetic of tables 三 and 四.
func modernRules() []sumRule {
	leaves := []string{"requests.disclosed", "requests.partially_disclosed"}
	for _, g := range []string{"requests.refused", "requests.unavailable", "requests.not_processed"} {
		leaves = append(leaves, t3Leaves[g]...)
	}
	leaves = append(leaves, "requests.other")
	leaves = append(leaves, t3Leaves["requests.other"]...)
	rules := []sumRule{
		{rule: "request-balance", lhs: []string{"requests.received", "requests.carried_over"}, what: "（七）总计 + 四、结转下年度",
			parts: []string{"requests.answered", "requests.carried_forward"}},
		{rule: "results-total", total: "requests.answered", what: "results of the year", parts: leaves},
	}
	for _, g := range t4Groups {
		rules = append(rules, sumRule{rule: strings.ReplaceAll(g.prefix, ".", "-") + "-outcomes", total: g.prefix + ".total",
			what: g.row + " outcomes", parts: []string{g.prefix + ".upheld", g.prefix + ".corrected", g.prefix + ".other", g.prefix + ".pending"}})
	}
	return rules
}

// check runs the arithmetic over the printed (not derived) values.
func (r *modernReader) check(tmpl nianbao.Template) {
	var printed []nianbao.Stat
	for _, s := range r.stats {
		if !s.Derived {
			printed = append(printed, s)
		}
	}
	val := statIndex(printed)
	for _, rule := range modernRules() {
		dims := []string{""}
		if strings.HasPrefix(rule.rule, "request") || rule.rule == "results-total" {
			dims = dims[:0]
			for _, c := range t3Columns {
				dims = append(dims, c.dim)
			}
		}
		for _, dim := range dims {
			if f := rule.check(val, dim); f != nil {
				r.findings = append(r.findings, *f)
			}
		}
	}
	// each row's 总计 = the six applicant columns
	var rows []string
	for _, s := range printed {
		if s.Table == table3 && s.Dim == "" && s.Code != "" {
			rows = append(rows, s.Code)
		}
	}
	for _, code := range rows {
		parts := make([]string, 0, 6)
		for _, c := range t3Columns[:6] {
			if val[statKey{code, c.dim}] != nil {
				parts = append(parts, c.dim)
			}
		}
		if len(parts) == 0 {
			continue
		}
		tot := val[statKey{code, ""}]
		if tot.Value == nil {
			continue // said once in blank-total
		}
		sum, terms, missing := 0.0, []string{}, false
		for _, dim := range parts {
			s := val[statKey{code, dim}]
			if s.Value == nil {
				missing = true
				break
			}
			sum += *s.Value
			terms = append(terms, num(*s.Value))
		}
		if !missing && !approx(sum, *tot.Value) {
			r.findings = append(r.findings, nianbao.Finding{Rule: "applicant-total", Severity: nianbao.SeverityWarning, Codes: []string{code},
				Message: fmt.Sprintf("%s (%s): the applicant columns add up to %s = %s, but 总计 is %s",
					code, tot.Row, strings.Join(terms, "+"), num(sum), num(*tot.Value))})
		}
	}
}

func tokHasNumber(ts []tok) bool {
	for _, t := range ts {
		if readNumber(t.text).problem == "" {
			return true
		}
	}
	return false
}

// commitMissing turns the cells absent from the last row into a finding:
// missing-cell when more rows follow, truncated when the text stops there.
func (r *modernReader) commitMissing(end bool) {
	if len(r.missing) == 0 {
		return
	}
	if end {
		r.findings = append(r.findings, nianbao.Finding{Rule: "truncated", Severity: nianbao.SeverityWarning,
			Message: fmt.Sprintf("the text stops mid-row: no value for %s", strings.Join(r.missing, "; "))})
	} else {
		r.findings = append(r.findings, nianbao.Finding{Rule: "missing-cell", Severity: nianbao.SeverityWarning,
			Message: fmt.Sprintf("no value printed for %s", strings.Join(r.missing, "; "))})
	}
	r.missing = nil
}

// expectedCodes are the rows (and the 15 cells of table 四) a format prints.
func expectedCodes(tmpl nianbao.Template) []string {
	var out []string
	for _, rows := range [][]modernRow{t2Rows, t3Rows} {
		for _, row := range rows {
			if row.code == "" || row.tmpl != "" && row.tmpl != tmpl {
				continue
			}
			if tmpl == nianbao.TemplateNational2021 && row.code == "proactive.normative_docs" && row.tmpl == "" {
				continue
			}
			out = appendNew(out, row.code)
		}
	}
	for _, g := range t4Groups {
		for _, o := range t4Outcomes {
			out = append(out, g.prefix+"."+o.code)
		}
	}
	return out
}

// missingRows says which rows of the format the document does not have.
func (r *modernReader) missingRows(tmpl nianbao.Template) {
	have := map[string]bool{}
	for _, s := range r.stats {
		have[s.Code] = true
	}
	var missing []string
	for _, c := range expectedCodes(tmpl) {
		if !have[c] {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		r.findings = append(r.findings, nianbao.Finding{Rule: "missing-rows", Severity: nianbao.SeverityWarning, Codes: missing,
			Message: fmt.Sprintf("%d row(s) of the %s tables are not in the document: %s", len(missing), tmpl, strings.Join(missing, ", "))})
	}
}

// align puts the value cells of a table-二 row under the header columns
// that cover their grid columns, when both are known: a header cell may
// span two grid columns where the data has two cells (本年增/减 over "-1"
// and a blank). A column takes its first non-blank cell; a second one is
// reported, not added.
func (r *modernReader) align(p *pending, starts []int) []tok {
	for _, s := range starts {
		if s < 0 {
			return p.vals
		}
	}
	for _, v := range p.vals {
		if v.col < 0 {
			return p.vals
		}
	}
	out := make([]tok, len(starts))
	filled := make([]bool, len(starts))
	for i := range out {
		out[i] = tok{col: -1}
	}
	for _, v := range p.vals {
		j := -1
		for k, s := range starts {
			if v.col >= s {
				j = k
			}
		}
		if j < 0 {
			continue
		}
		blank := strings.TrimSpace(v.text) == ""
		switch {
		case !filled[j] && (!blank || out[j].col < 0):
			out[j] = v
			filled[j] = !blank
		case filled[j] && !blank:
			r.findings = append(r.findings, nianbao.Finding{Rule: "extra-cells", Severity: nianbao.SeverityWarning, Codes: codes(p.def.code),
				Message: fmt.Sprintf("%s %s: two values, %q and %q, under %s; the first is kept", table2, p.label, out[j].text, v.text, r.cols[j].label)})
		}
	}
	// a column no cell falls under is missing, not blank
	n := len(out)
	for n > 0 && out[n-1].col < 0 {
		n--
	}
	return out[:n]
}

// unglue splits the one glued run of p into n values, in place, when
// the row's own arithmetic leaves one way. A row of table 三 with a few
// possible splits is kept for resolve, which tries them against the
// columns' arithmetic; anything else is reported and left unread.
func (r *modernReader) unglue(p *pending, n int, check func([]float64) bool, table string) bool {
	run := p.vals[0]
	splits := splitGlued(run.text, n, check, 64)
	if len(splits) == 1 {
		p.vals = p.vals[:0]
		for _, x := range splits[0] {
			c := run.cell
			c.Text, c.Glued = x, false
			p.vals = append(p.vals, tok{text: x, line: run.line, cell: c, col: -1})
		}
		return true
	}
	if table == table3 && len(splits) > 1 && len(splits) <= 16 && p.def.code != "" {
		r.ambiguous = append(r.ambiguous, gluedRow{code: p.def.code, label: p.label, run: run.text, splits: splits})
		return false
	}
	how := "no way"
	if len(splits) > 1 {
		how = "more than one way"
	}
	why := "the table's arithmetic fixes no split"
	if check == nil {
		why = "no arithmetic ties these columns together"
	}
	r.findings = append(r.findings, nianbao.Finding{Rule: "glued-cells", Severity: nianbao.SeverityWarning, Codes: codes(p.def.code),
		Message: fmt.Sprintf("%s %s: the digits %q run together and split into %d values in %s (%s); not read", table, p.label, run.text, n, how, why)})
	return false
}

// A gluedRow is a row of table 三 whose digits split in several ways.
type gluedRow struct {
	code, label, run string
	splits           [][]string
}

// resolve picks, for the glued rows of table 三 that split in several
// ways, the one combination of splits under which every column keeps the
// table's rules (一+二 = 七+四, 七 = the sum of the results). It fills the
// values only when exactly one combination does.
func (r *modernReader) resolve() {
	if len(r.ambiguous) == 0 {
		return
	}
	combos := 1
	for _, g := range r.ambiguous {
		combos *= len(g.splits)
		if combos > 1<<14 {
			break
		}
	}
	fail := func(why string) {
		for _, g := range r.ambiguous {
			r.findings = append(r.findings, nianbao.Finding{Rule: "glued-cells", Severity: nianbao.SeverityWarning, Codes: []string{g.code},
				Message: fmt.Sprintf("%s %s: the digits %q run together and split into 7 values in %d ways; %s; not read", table3, g.label, g.run, len(g.splits), why)})
		}
	}
	if combos > 1<<14 {
		fail("too many combinations to try")
		return
	}
	// values of the table's rows by code, one per column
	base := map[string][]*float64{}
	for i := range r.stats {
		s := &r.stats[i]
		if s.Table != table3 || s.Code == "" {
			continue
		}
		if base[s.Code] == nil {
			base[s.Code] = make([]*float64, len(t3Columns))
		}
		for j, c := range t3Columns {
			if c.dim == s.Dim {
				base[s.Code][j] = s.Value
			}
		}
	}
	leaves := modernRules()[1].parts
	ok := func(vals map[string][]*float64) bool {
		get := func(code string, j int) (float64, bool) {
			v := vals[code]
			if v == nil || v[j] == nil {
				return 0, false
			}
			return *v[j], true
		}
		for j := range t3Columns {
			a, ok1 := get("requests.received", j)
			b, ok2 := get("requests.carried_over", j)
			c, ok3 := get("requests.answered", j)
			d, ok4 := get("requests.carried_forward", j)
			if ok1 && ok2 && ok3 && ok4 && !approx(a+b, c+d) {
				return false
			}
			if c, ok := get("requests.answered", j); ok {
				sum, all := 0.0, true
				for _, l := range leaves {
					if vals[l] == nil {
						continue
					}
					v, ok := get(l, j)
					if !ok {
						all = false
						break
					}
					sum += v
				}
				if all && !approx(sum, c) {
					return false
				}
			}
		}
		return true
	}
	var good []int
	pick := make([]int, len(r.ambiguous))
	for k := 0; k < combos; k++ {
		x := k
		vals := map[string][]*float64{}
		for c, v := range base {
			vals[c] = v
		}
		for i, g := range r.ambiguous {
			pick[i] = x % len(g.splits)
			x /= len(g.splits)
			row := make([]*float64, len(t3Columns))
			for j, p := range g.splits[pick[i]] {
				row[j] = readNumber(p).value
			}
			vals[g.code] = row
		}
		if ok(vals) {
			good = append(good, k)
			if len(good) > 1 {
				break
			}
		}
	}
	if len(good) != 1 {
		fail(fmt.Sprintf("%d combinations of them keep the columns' arithmetic", len(good)))
		return
	}
	x := good[0]
	for _, g := range r.ambiguous {
		split := g.splits[x%len(g.splits)]
		x /= len(g.splits)
		for i := range r.stats {
			s := &r.stats[i]
			if s.Table != table3 || s.Code != g.code {
				continue
			}
			for j, c := range t3Columns {
				if c.dim == s.Dim {
					s.Raw = split[j]
					s.Value = readNumber(split[j]).value
				}
			}
		}
		r.findings = append(r.findings, nianbao.Finding{Rule: "glued-split", Severity: nianbao.SeverityInfo, Codes: []string{g.code},
			Message: fmt.Sprintf("%s %s: the digits %q split as %s, the only way (of %d for the row) under which every column adds up",
				table3, g.label, g.run, strings.Join(split, "/"), len(g.splits))})
	}
}
