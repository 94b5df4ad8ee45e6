package region

import (
	"regexp"
	"strings"
)

// Kind is what sort of agency publishes a report.
type Kind string

// Kinds of agency.
const (
	Government Kind = "government" // the people's government of a place (人民政府, 行政公署, 街道办事处, a zone's 管委会)
	Office     Kind = "office"     // the government's general office (人民政府办公室, 办公厅)
	Department Kind = "department" // a department or body under it (局, 厅, 委, 中心, …)
)

// The rules, tried in order on the agency's name without spaces; the
// first that matches decides:
//  1. office: 办公室 or 办公厅 right after a government's name
//     (…人民政府办公室, …政府办公厅, …管委会办公室, …行政公署办公室);
//  2. government: ends with 人民政府, 政府, 行政公署, 办事处, or a zone's
//     管委会/管理委员会 (…区管委会, …园管理委员会);
//  3. department: ends with 局 厅 委 委员会 办 办公室 署 中心 处 站 所
//     队 院 室 部 会 社 馆;
//  4. government: the name is a place alone (ends with 省 市 县 区 旗
//     州 盟 镇 乡 街道: 平潭综合实验区, 沭阳县);
//  5. otherwise unknown ("").
var kindRules = []struct {
	kind Kind
	re   *regexp.Regexp
}{
	{Office, regexp.MustCompile(`(政府|管委会|管理委员会|行政公署|办事处)(办公室|办公厅)$`)},
	{Government, regexp.MustCompile(`(人民政府|政府|行政公署|办事处|[区园岛港城]管委会|[区园岛港城]管理委员会)$`)},
	{Department, regexp.MustCompile(`(局|厅|委|委员会|办|办公室|署|中心|处|站|所|队|院|室|部|会|社|馆)$`)},
	{Government, regexp.MustCompile(`(省|市|县|区|旗|州|盟|镇|乡|街道)$`)},
}

// AgencyKind tells the kind of the agency named, by the rules above; ""
// when none applies.
func AgencyKind(agency string) Kind {
	a := strings.Join(strings.Fields(agency), "")
	if a == "" {
		return ""
	}
	for _, r := range kindRules {
		if r.re.MatchString(a) {
			return r.kind
		}
	}
	return ""
}
