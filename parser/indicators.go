package parser

import "sort"

// An Indicator is one entry of the data dictionary: a stable English code
// with one meaning in every template, the Chinese label it has in the
// national tables, its unit, the templates that print it and the dims its
// values come in.
type Indicator struct {
	Code        string   `json:"code"`
	ZH          string   `json:"zh"`
	EN          string   `json:"en"`
	Unit        string   `json:"unit"`
	Templates   []string `json:"templates"`
	Dims        []string `json:"dims"`
	Description string   `json:"description,omitempty"`
}

// dictionary holds every code with its English name and notes. The
// Chinese label, templates and dims are filled in from the template rows.
var dictionary = []Indicator{
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
}

// Indicators returns the data dictionary, sorted by code.
func Indicators() []Indicator {
	byCode := map[string]*Indicator{}
	out := make([]Indicator, len(dictionary))
	copy(out, dictionary)
	for i := range out {
		byCode[out[i].Code] = &out[i]
	}
	for _, t := range tableDefs {
		for _, r := range t.rows {
			ind := byCode[r.code]
			if ind == nil {
				continue
			}
			if ind.ZH == "" {
				ind.ZH = Label(stripEnum(r.label))
				ind.Unit = r.unit
			}
			ind.Templates = appendNew(ind.Templates, t.id)
			for _, c := range t.columns {
				ind.Dims = appendNew(ind.Dims, c.dim)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
