package parser

import (
	"slices"
	"sort"
	"strings"

	"nianbao"
)

// indicatorNames holds the English name and notes of the registered
// revisions' codes. The codes themselves, their Chinese labels, templates
// and dims come from the registry (Indicators).
var indicatorNames = []nianbao.Indicator{
	{Code: "proactive.total", EN: "Government information disclosed proactively", Description: "主动公开政府信息数; the same item published on several channels counts once."},
	{Code: "proactive.normative_docs", EN: "Normative documents disclosed proactively"},
	{Code: "proactive.normative_docs_issued", EN: "Normative documents issued"},
	{Code: "proactive.channel.gazette", EN: "Items published in the government gazette"},
	{Code: "proactive.channel.website", EN: "Items published on the government website"},
	{Code: "proactive.channel.weibo", EN: "Items published on government Weibo"},
	{Code: "proactive.channel.wechat", EN: "Items published on government WeChat"},
	{Code: "proactive.channel.other", EN: "Items published through other channels"},
	{Code: "response.hot_topics", EN: "Responses to public concerns and major public-opinion events"},
	{Code: "response.press_conferences", EN: "Press conferences held or attended"},
	{Code: "response.press_conferences.leaders", EN: "Press conferences attended by the agency head"},
	{Code: "response.online_interviews", EN: "Online interviews on the government website"},
	{Code: "response.online_interviews.leaders", EN: "Online interviews with the agency head"},
	{Code: "response.interpretations", EN: "Policy interpretation articles published"},
	{Code: "response.social_media", EN: "Events responded to on Weibo or WeChat"},
	{Code: "response.other", EN: "Events responded to in other ways"},
	{Code: "requests.received", EN: "Disclosure requests received", Description: "收到申请数 (2014 table); 受理依申请公开信息总数 (Fujian annex)."},
	{Code: "requests.channel.in_person", EN: "Requests made in person"},
	{Code: "requests.channel.fax", EN: "Requests made by fax"},
	{Code: "requests.channel.online", EN: "Requests made online"},
	{Code: "requests.channel.letter", EN: "Requests made by letter"},
	{Code: "requests.channel.email", EN: "Requests made by e-mail"},
	{Code: "requests.channel.letter_fax", EN: "Requests made by letter or fax (one row in the Fujian annex)"},
	{Code: "requests.channel.other", EN: "Requests made in other ways"},
	{Code: "requests.closed", EN: "Requests closed"},
	{Code: "requests.closed.on_time", EN: "Requests closed on time"},
	{Code: "requests.closed.extended", EN: "Requests closed after an extension"},
	{Code: "requests.answered", EN: "Requests answered"},
	{Code: "requests.already_public", EN: "Answered: already disclosed proactively"},
	{Code: "requests.disclosed", EN: "Answered: disclosed in full"},
	{Code: "requests.partially_disclosed", EN: "Answered: disclosed in part"},
	{Code: "requests.refused", EN: "Answered: disclosure refused"},
	{Code: "requests.refused.state_secret", EN: "Refused: state secret"},
	{Code: "requests.refused.trade_secret", EN: "Refused: trade secret"},
	{Code: "requests.refused.privacy", EN: "Refused: personal privacy"},
	{Code: "requests.refused.security", EN: "Refused: endangers national, public or economic security or social stability"},
	{Code: "requests.refused.not_government_info", EN: "Refused: not government information under the Regulations"},
	{Code: "requests.refused.other_legal", EN: "Refused: other grounds in laws and regulations"},
	{Code: "requests.not_this_agency", EN: "Answered: not held by this agency"},
	{Code: "requests.not_exist", EN: "Answered: information does not exist"},
	{Code: "requests.clarification", EN: "Answered: applicant told to amend or supplement the request"},
	{Code: "requests.other_route", EN: "Answered: applicant told to use another procedure"},
	{Code: "requests.answered.other", EN: "Answered in other ways"},
	{Code: "review.total", EN: "Administrative reconsiderations", Description: "行政复议数量 (2014 table); 行政复议数 (Fujian annex)."},
	{Code: "review.upheld", EN: "Reconsiderations: decision upheld"},
	{Code: "review.corrected", EN: "Reconsiderations: decision corrected"},
	{Code: "review.other", EN: "Reconsiderations: other outcome"},
	{Code: "litigation.total", EN: "Administrative lawsuits", Description: "行政诉讼数量 (2014 table); 行政诉讼数 (Fujian annex)."},
	{Code: "litigation.upheld", EN: "Lawsuits: decision upheld or claim dismissed"},
	{Code: "litigation.corrected", EN: "Lawsuits: decision corrected"},
	{Code: "litigation.other", EN: "Lawsuits: other outcome"},
	{Code: "appeals.total", EN: "Administrative appeals (申诉)"},
	{Code: "complaints.total", EN: "Reports and complaints"},
	{Code: "complaints.appeals_reports", EN: "Administrative appeals and reports (行政申诉、举报数)"},
	{Code: "complaints.litigation_reports", EN: "Lawsuits and reports received, as one row (接受行政诉讼、举报数)"},
	{Code: "fees.collected", EN: "Fees collected for disclosure on request"},
	{Code: "fees.waived", EN: "Disclosure fees waived"},
	{Code: "capacity.offices", EN: "Offices dedicated to information disclosure"},
	{Code: "capacity.reading_rooms", EN: "Public reading points"},
	{Code: "capacity.budget", EN: "Special budget for information disclosure"},
	{Code: "staff.total", EN: "Staff working on information disclosure"},
	{Code: "staff.full_time", EN: "Full-time staff"},
	{Code: "staff.part_time", EN: "Part-time staff"},
	{Code: "training.meetings", EN: "Disclosure work meetings held"},
	{Code: "training.courses", EN: "Training courses held"},
	{Code: "training.trainees", EN: "People trained"},

	// 2019 and 2021 formats, table 二 (dims: the sub-table's columns)
	{Code: "proactive.regulations", EN: "Rules (规章)", Description: "2019 dims made/published/public_total; 2021 dims issued/repealed/in_force."},
	{Code: "proactive.licensing", EN: "Administrative licensing", Description: "2019 dims previous_year/change/decisions; 2021 dim decisions."},
	{Code: "proactive.services", EN: "Other external management and service items (2019 format)"},
	{Code: "proactive.penalties", EN: "Administrative penalties"},
	{Code: "proactive.coercion", EN: "Administrative coercive measures"},
	{Code: "proactive.admin_fees", EN: "Administrative fees", Description: "2019 dims previous_year/change (items); 2021 dim amount (万元 collected)."},
	{Code: "proactive.procurement", EN: "Centralised government procurement (2019 format)", Description: "dims projects and amount (万元; 元 in a cell converted)."},
	// table 三 (dims: applicant columns; "" is the 总计 column)
	{Code: "requests.carried_over", EN: "Requests carried over from last year"},
	{Code: "requests.refused.prohibited", EN: "Refused: prohibited by other laws and regulations"},
	{Code: "requests.refused.third_party", EN: "Refused: protects a third party's lawful rights"},
	{Code: "requests.refused.internal_affairs", EN: "Refused: internal affairs information"},
	{Code: "requests.refused.process_info", EN: "Refused: process information"},
	{Code: "requests.refused.enforcement_files", EN: "Refused: administrative enforcement files"},
	{Code: "requests.refused.query_matters", EN: "Refused: administrative query matters"},
	{Code: "requests.unavailable", EN: "Cannot be provided (derived: sum of the three reasons)"},
	{Code: "requests.unavailable.not_held", EN: "Cannot be provided: not held by this agency"},
	{Code: "requests.unavailable.needs_creation", EN: "Cannot be provided: would have to be created"},
	{Code: "requests.unavailable.unclear", EN: "Cannot be provided: request still unclear after amendment"},
	{Code: "requests.not_processed", EN: "Not processed (derived: sum of the five reasons)"},
	{Code: "requests.not_processed.petition", EN: "Not processed: a petition, report or complaint"},
	{Code: "requests.not_processed.repeated", EN: "Not processed: repeated request"},
	{Code: "requests.not_processed.publications", EN: "Not processed: asks for public publications"},
	{Code: "requests.not_processed.vexatious", EN: "Not processed: large numbers of repeated requests without good reason"},
	{Code: "requests.not_processed.confirmation", EN: "Not processed: asks to confirm or re-issue information already obtained"},
	{Code: "requests.other", EN: "Other handling", Description: "One row in the 2019 format; derived from its three sub-rows in the 2021 format."},
	{Code: "requests.other.no_amendment", EN: "Other: applicant did not amend in time, not processed further"},
	{Code: "requests.other.unpaid_fees", EN: "Other: applicant did not pay the fee in time, not processed further"},
	{Code: "requests.other.other", EN: "Other: other"},
	{Code: "requests.carried_forward", EN: "Requests carried forward to next year"},
	// table 四
	{Code: "review.pending", EN: "Reconsiderations: not concluded"},
	{Code: "litigation.direct.upheld", EN: "Lawsuits without prior reconsideration: upheld"},
	{Code: "litigation.direct.corrected", EN: "Lawsuits without prior reconsideration: corrected"},
	{Code: "litigation.direct.other", EN: "Lawsuits without prior reconsideration: other outcome"},
	{Code: "litigation.direct.pending", EN: "Lawsuits without prior reconsideration: not concluded"},
	{Code: "litigation.direct.total", EN: "Lawsuits without prior reconsideration"},
	{Code: "litigation.after_review.upheld", EN: "Lawsuits after reconsideration: upheld"},
	{Code: "litigation.after_review.corrected", EN: "Lawsuits after reconsideration: corrected"},
	{Code: "litigation.after_review.other", EN: "Lawsuits after reconsideration: other outcome"},
	{Code: "litigation.after_review.pending", EN: "Lawsuits after reconsideration: not concluded"},
	{Code: "litigation.after_review.total", EN: "Lawsuits after reconsideration"},
}

// crosswalk says how a code of the 2014 table is read in the 2019 and 2021
// formats; nianbao indicators and the README print it.
var crosswalk = map[string]string{
	"requests.received":            "2019/2021: 一、本年新收政府信息公开申请数量 × 总计",
	"requests.disclosed":           "2019/2021: （一）予以公开 × 总计",
	"requests.partially_disclosed": "2019/2021: （二）部分公开 × 总计",
	"requests.refused":             "2019/2021: derived, the sum of the eight （三）不予公开 rows",
	"requests.answered":            "2019/2021: （七）总计 × 总计",
	"review.total":                 "2019/2021: 行政复议 × 总计",
	"litigation.total":             "2019/2021: derived, 未经复议直接起诉 总计 + 复议后起诉 总计",
	"fees.collected":               "2021: the 信息处理费 sentence of section 六, in 万元",
	"proactive.normative_docs":     "2019: 规范性文件 (made/published/public_total); 2021: 行政规范性文件 (issued/repealed/in_force)",
	"review.upheld":                "2019/2021: 行政复议 × 结果维持",
	"review.corrected":             "2019/2021: 行政复议 × 结果纠正",
	"review.other":                 "2019/2021: 行政复议 × 其他结果",
}

// Crosswalk returns, sorted by code, how the codes of the 2014 table are
// read in the 2019 and 2021 formats.
func Crosswalk() [][2]string {
	out := make([][2]string, 0, len(crosswalk))
	for c, how := range crosswalk {
		out = append(out, [2]string{c, how})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// Indicators returns the data dictionary, sorted by code: every code the
// registered revisions print or derive, with the labels, units, columns
// and dims each revision gives it.
func Indicators() []nianbao.Indicator {
	f := loaded()
	named := map[string]nianbao.Indicator{}
	for _, in := range indicatorNames {
		named[in.Code] = in
	}
	byCode := map[string]*nianbao.Indicator{}
	// cols holds the templates that print a code's dim in a column, by
	// code, dim and column label; order, those keys as first seen.
	cols := map[[3]string][]string{}
	var order [][3]string
	// units holds the units a code's dim is printed in, by code and dim.
	units := map[[2]string][]string{}
	// add records that template t prints code, labelled zh, in unit, in
	// the column col, read as dim; en names a code indicatorNames does not.
	add := func(code, zh, unit, en string, t *template, dim, col string) {
		if code == "" {
			return
		}
		ind := byCode[code]
		if ind == nil {
			n := named[code]
			ind = &nianbao.Indicator{Code: code, EN: n.EN, Description: n.Description}
			if ind.EN == "" {
				ind.EN = en
			}
			if c := crosswalk[code]; c != "" {
				if ind.Description != "" {
					ind.Description += " "
				}
				ind.Description += c + "."
			}
			byCode[code] = ind
		}
		if ind.ZH == "" {
			ind.ZH, ind.Unit = zh, unit
		}
		ind.Templates = appendNew(ind.Templates, string(t.id))
		ind.Dims = appendNew(ind.Dims, dim)
		units[[2]string{code, dim}] = appendNew(units[[2]string{code, dim}], unit)
		key := [3]string{code, dim, col}
		if cols[key] == nil {
			order = append(order, key)
		}
		cols[key] = appendNew(cols[key], t.name)
	}
	for _, t := range f.templates {
		if td := t.table; td != nil {
			for _, r := range td.rows {
				for _, c := range td.columns {
					col := c.label
					if col == "" {
						col = "the year, e.g. 2015年"
					}
					add(r.code, Label(stripEnum(r.label)), r.unit, r.en, t, c.dim, col)
				}
			}
		}
		if m := t.modern; m != nil {
			for _, r := range m.t2Rows {
				for _, c := range m.t2Columns {
					if slices.Contains(m.t2Defaults[r.caption], c.dim) {
						add(r.code, r.label, c.unit, r.en, t, c.dim, c.label)
					}
				}
			}
			t3 := func(code, label, en string) {
				for _, c := range t3Columns {
					col := c.label
					switch c.dim {
					case "", "natural_person":
					default:
						col = "法人或其他组织 › " + col
					}
					add(code, Label(stripEnum(label)), "件", en, t, c.dim, col)
				}
			}
			for _, r := range m.t3Rows {
				if !r.group {
					t3(r.code, r.label, r.en)
				}
			}
			for _, r := range m.t3Rows {
				if r.sum != "" {
					t3(r.sum, r.label, r.en)
				}
			}
			for _, g := range t4Groups {
				for _, o := range t4Outcomes {
					add(g.prefix+"."+o.code, g.row+o.label, "件", "", t, "", o.label)
				}
			}
			add(t4Sum.code, t4Sum.row, "件", "", t, "", t4Sum.column)
		}
		for _, x := range t.extras {
			add(x.code, x.zh, x.unit, "", t, "", x.column)
		}
	}
	out := make([]nianbao.Indicator, 0, len(byCode))
	for k, us := range units {
		// A dim printed in other units than the code's first (万元
		// amounts of a row counted in 项, or 条 in one template and 件
		// in another) says so: 万元, 件/条.
		ind := byCode[k[0]]
		if u := strings.Join(us, "/"); u != ind.Unit {
			if ind.DimUnits == nil {
				ind.DimUnits = map[string]string{}
			}
			ind.DimUnits[k[1]] = u
		}
	}
	for _, k := range order {
		ind := byCode[k[0]]
		if ind.DimColumns == nil {
			ind.DimColumns = map[string][]string{}
		}
		ind.DimColumns[k[1]] = append(ind.DimColumns[k[1]], k[2]+" ("+strings.Join(cols[k], ", ")+")")
	}
	for _, ind := range byCode {
		out = append(out, *ind)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

func appendNew[T comparable](list []T, s T) []T {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
