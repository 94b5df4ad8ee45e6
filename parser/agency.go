package parser

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// The agency of a report is read from its title, else from the
// signature at its end (the agency's name over the date), else from the
// page's metadata, else from the contact sentence (请与…联系). Text
// renderings break titles over lines and space out years, so every
// candidate is checked before it is taken: a fragment of the report's
// name (工作, 年度报告, 政府信息公开) is not an agency.

// fragmentWords are the words of a report's name; a candidate made of
// them alone is a piece of the title, not an agency.
var fragmentWords = []string{"政府信息公开", "政务信息公开", "信息公开", "政务公开", "政府信息", "年度报告", "工作报告", "工作",
	"年度", "报告", "年报", "统计", "情况", "全文", "附件", "附表", "关于", "的", "年", "度"}

// validAgency returns s as an agency name, or "" when s cannot be one: a
// fragment of the report's name, a sentence, a date, fewer than three
// ideographs.
func validAgency(s string) string {
	s = strings.Trim(strings.TrimSpace(s), "《》“”\"'：:()（）[]【】 ")
	if s == "" || strings.ContainsAny(s, "，。,;；!！?？") || strings.Contains(s, "报告") {
		return ""
	}
	han := 0
	for _, r := range s {
		if isHan(r) {
			han++
		}
	}
	if han < 3 || utf8.RuneCountInString(s) > 40 || hasYear(s) || cnYearIndex(s) != nil {
		return ""
	}
	if notPronoun(s) == "" {
		return "" // 我局, 本机关: the report's own word for its agency
	}
	rest := s
	for _, w := range fragmentWords {
		rest = strings.ReplaceAll(rest, w, "")
	}
	if strings.TrimSpace(rest) == "" {
		return ""
	}
	return s
}

// institutionRe matches a name that ends as the names of government
// bodies do (局, 委员会, 人民政府, 办公室, 街道办事处, …).
var institutionRe = regexp.MustCompile(`(局|委|委员会|政府|办公室|办事处|办|厅|院|中心|署|会|街道|镇|乡|管委会|管理处|所|站|队)$`)

// despaceDigits joins digits a renderer spaced out (2 0 2 4 → 2024): it
// drops every run of spaces, tabs and ideographic spaces between two
// ASCII digits. It is a scan of bytes, not a regexp: it is asked of every
// dated line, and a glued rendering is one line of the whole report.
func despaceDigits(s string) string {
	var b []byte
	last := 0 // s[last:i] is not copied into b yet
	for i := 1; i < len(s); i++ {
		if !isDigit(s[i-1]) {
			continue
		}
		j := i
		for j < len(s) {
			if s[j] == ' ' || s[j] == '\t' {
				j++
			} else if strings.HasPrefix(s[j:], "\u3000") {
				j += len("\u3000")
			} else {
				break
			}
		}
		if j == i || j == len(s) || !isDigit(s[j]) {
			i = j
			continue
		}
		if b == nil {
			b = make([]byte, 0, len(s))
		}
		b = append(b, s[last:i]...)
		last = j
		i = j
	}
	if b == nil {
		return s
	}
	return string(append(b, s[last:]...))
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// titleTails are the ends of a report's name a wrapped title carries
// over to its second line.
var titleTailRe = regexp.MustCompile(`^(政府信息公开|政务信息公开|政务公开|信息公开|公开|工作|年度|年报|报告)`)

// wrappedTitle joins a title printed over two lines: a first line that
// names the agency and year, and a second that only ends the report's
// name (年度报告, 工作年度报告). It also joins an agency's name printed on
// the line above a title that has none (上海市科学技术委员会 /
// 2024年政府信息公开工作年度报告). lines are the first lines of the text,
// trimmed; i is the line holding 报告.
func wrappedTitle(lines []string, i int) string {
	line := lines[i]
	prev := ""
	if i > 0 {
		prev = lines[i-1]
	}
	if prev == "" || strings.Contains(prev, "报告") || strings.ContainsAny(prev, "。；;") || utf8.RuneCountInString(prev) > 45 {
		return line
	}
	if titleTailRe.MatchString(Label(line)) && (hasYear(despaceDigits(prev)) || cnYearIndex(prev) != nil || strings.Contains(prev, "公开")) {
		return prev + line
	}
	if agencyFromTitle(Label(despaceDigits(line))) == "" && validAgency(Label(prev)) != "" && !strings.ContainsAny(prev, "，,：:") &&
		(hasYear(despaceDigits(line)) || cnYearIndex(line) != nil) {
		return prev + line
	}
	return line
}

// contactAgencyRe finds the agency named in the contact sentence: 请与
// 上海市科学技术委员会办公室联系, 联系单位：某某局.
var contactAgencyRe = regexp.MustCompile(`(?:请与|请联系|请致电|联系单位[:：]?|受理机构[:：]?)([^，。,；;（(：:]{3,30}?)(?:联系|[（(，。,；;]|电话|地址)`)

// officeSuffixes are the offices inside an agency that contact
// sentences name; the agency is the name before them.
var officeSuffixes = []string{"政府信息公开办公室", "政务公开办公室", "信息公开办公室", "政务公开科", "政务公开办", "办公室"}

// contactAgency reads the agency from the contact sentence of the text.
func contactAgency(text string) string {
	compact := strings.Join(strings.Fields(text), "")
	for _, m := range contactAgencyRe.FindAllStringSubmatch(compact, -1) {
		a := m[1]
		for _, s := range officeSuffixes {
			if base := strings.TrimSuffix(a, s); base != a && validAgency(base) != "" {
				a = base
				break
			}
		}
		if a = validAgency(a); a != "" {
			return a
		}
	}
	return ""
}
