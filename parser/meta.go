package parser

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"nianbao"
)

var (
	yearRe     = regexp.MustCompile(`((?:19|20)\d{2})\s*年`)
	cnYearRe   = regexp.MustCompile(`([〇○零一二三四五六七八九]{4})\s*年`)
	dateRe     = regexp.MustCompile(`((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日`)
	cnDateRe   = regexp.MustCompile(`([〇○零Ｏ0一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日`)
	isoDateRe  = regexp.MustCompile(`((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})`)
	announceRe = regexp.MustCompile(`(?:公布|发布|编制|形成)(?:了|如下)?《?([^，。,《》]{4,60}?报告)`)
	addressRe  = mustStartRe("地", `地址[:：]?([^;；，,。)）]{4,60})`)
	postRe     = mustStartRe("邮", `(?:邮编|邮政编码)[:：]?(\d{6})`)
	phoneRe    = mustStartRe("联电", `(?:联系)?电话[:：]?([0-9()（）\-—–]{5,20}(?:[、/,，][0-9()（）\-—–]{5,20})*)`)
	faxRe      = mustStartRe("传", `传真[:：]?([0-9()（）\-—–]{5,20})`)
	emailRe    = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)
	urlRe      = mustStartRe("hw", `https?://[A-Za-z0-9./\-_?=&%#~]+|www\.[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+[A-Za-z0-9/\-_.]*`)
	titleEndRe = regexp.MustCompile(`公开.{0,8}(报告|年报)$`)
	agencyEnds = []string{"政府信息公开", "信息公开", "政务公开", "政府信息", "年度报告", "工作报告", "年报"}
)

// metadata fills the report's title, agency, year, published date and
// contact details from the document.
func metadata(r *nianbao.Report, d *document) {
	r.Title = findTitle(d)
	// (yearIndex and cnYearIndex are yearRe's and cnYearRe's matches)
	if m := yearIndex(r.Title); m != nil {
		r.Year, _ = strconv.Atoi(r.Title[m[2]:m[3]])
	} else if m := cnYearIndex(r.Title); m != nil {
		r.Year = cnNumber(r.Title[m[2]:m[3]], true)
	} else if !d.listing {
		// (the opening, despaced only when the title has no year; not on
		// a listing page: its years are other pages')
		open := despaceDigits(d.firstRunes(600))
		if m := yearIndex(open); m != nil {
			r.Year, _ = strconv.Atoi(open[m[2]:m[3]])
		}
	}
	r.Agency = validAgency(agencyFromTitle(r.Title))
	sigAgency, published := signature(d.text)
	if r.Agency == "" {
		r.Agency = validAgency(sigAgency)
	}
	if r.Agency == "" {
		for _, k := range []string{"发布机构", "ContentSource"} {
			if v := validAgency(d.meta[k]); v != "" {
				r.Agency = v
				break
			}
		}
	}
	if r.Agency == "" && !d.listing {
		r.Agency = contactAgency(d.text)
	}
	if published == "" {
		for _, k := range []string{"PubDate", "发布时间"} {
			if m := isoDateRe.FindStringSubmatch(d.meta[k]); m != nil {
				published = ymd(m[1], m[2], m[3])
				break
			}
		}
	}
	r.Published = published
	if d.clean {
		r.Contact = contact(compactCleanPrefix(d.text, 2500))
	} else {
		r.Contact = contact(compactPrefix(d.text, 2500))
	}
}

// findTitle takes the title from the page's ArticleTitle, an archive
// header, the <title> (less the column and site names), the first line of
// the text, or the sentence that announces the report.
func findTitle(d *document) string {
	if t := d.meta["ArticleTitle"]; strings.Contains(t, "报告") {
		return Label(t)
	}
	if d.title != "" {
		if part, ok := titlePart(d.title, "报告"); ok {
			return Label(part)
		}
	}
	if d.listing {
		return "" // a listing page: its lines are other pages' titles
	}
	first := strings.SplitN(d.text, "\n", 6)
	for i := range first {
		first[i] = trimSpace(strings.Trim(first[i], "#*> "))
	}
	for i, line := range first {
		if i < 5 && indexText(line, "报告") >= 0 && !atLeastRunes(line, 61) {
			return Label(despaceDigits(wrappedTitle(first, i)))
		}
	}
	// a title line further down, below a page's chrome or a cover:
	// short, with a year, ending with the report's name (the first 120
	// lines, the 121st of strings.SplitN(d.text, "\n", 121) being the
	// rest of the text)
	prev, rest := "", d.text
	for i := 0; i < 120 && rest != ""; i++ {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		line = trimSpace(strings.Trim(line, "#*> "))
		// (what the patterns need is asked first: 年, and 报告 or 年报 at
		// the end, which despaceDigits keeps as they are)
		if (strings.HasSuffix(line, "报告") || strings.HasSuffix(line, "年报")) && strings.Contains(line, "年") {
			if l := despaceDigits(line); utf8.RuneCountInString(l) <= 60 && hasYear(l) && titleEndRe.MatchString(l) {
				return Label(despaceDigits(wrappedTitle([]string{prev, line}, 1)))
			}
		}
		prev = line
	}
	opening := d.firstRunes(400)
	if m := submatchFrom(announceRe, opening, indexAnnounce(opening)); m != nil && strings.Contains(m[1], "公开") {
		return Label(m[1])
	}
	return ""
}

// announceVerbs are the words every match of announceRe starts with.
var announceVerbs = []string{"公布", "发布", "编制", "形成"}

// indexAnnounce returns the first index in s of a word a match of
// announceRe starts with, -1 if none: no match starts before it, and
// announceRe looks at nothing before its match.
func indexAnnounce(s string) int {
	first := -1
	for _, v := range announceVerbs {
		if i := indexText(s, v); i >= 0 && (first < 0 || i < first) {
			first = i
			s = s[:i+len(v)] // a later one cannot come first
		}
	}
	return first
}

// agencyFromTitle reads the agency from a title: the words before the
// year (平潭综合实验区2015年度…), or between the year and the name of the
// report (2017年度赣州市商务局信息公开工作报告).
func agencyFromTitle(title string) string {
	loc := yearIndex(title) // yearRe's match, then cnYearRe's
	if loc == nil {
		loc = cnYearIndex(title)
	}
	if loc == nil {
		return notPronoun(cutAtReportName(title))
	}
	if before := strings.Trim(title[:loc[0]], "《》“”\"'：: "); before != "" {
		return notPronoun(before)
	}
	after := strings.TrimPrefix(title[loc[1]:], "度")
	return notPronoun(cutAtReportName(after))
}

// notPronoun drops the "our bureau" an agency calls itself by (我局, 本单位).
func notPronoun(s string) string {
	if r := []rune(s); len(r) <= 4 && (strings.HasPrefix(s, "我") || strings.HasPrefix(s, "本")) {
		return ""
	}
	return s
}

func cutAtReportName(s string) string {
	end := len(s)
	for _, w := range agencyEnds {
		if i := strings.Index(s, w); i >= 0 && i < end {
			end = i
		}
	}
	return strings.TrimSpace(s[:end])
}

// signature finds the date the report is signed with: a line that is only
// a date (Arabic or Chinese numerals), or a date followed by the annex, and
// the agency printed on the line before it.
func signature(text string) (agency, date string) {
	lines := strings.Split(text, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		l := trimSpace(lines[i])
		if !strings.Contains(l, "年") || !strings.Contains(l, "日") || !strings.Contains(l, "月") {
			continue // no date in this line: skip the regexps
		}
		if !mayHoldDate(l) {
			continue // (a glued rendering's line of the whole report is not despaced)
		}
		l = strings.Trim(despaceDigits(l), "()（） ")
		if d, rest, ok := leadingDate(l); ok && (rest == "" || strings.HasPrefix(rest, "附件")) {
			// the agency on the line above, page footers aside
			for j := i - 1; j >= 0 && j >= i-3; j-- {
				prev := trimSpace(lines[j])
				if isFooter(prev) || prev == "" {
					continue
				}
				if utf8.RuneCountInString(prev) <= 30 && !strings.ContainsAny(prev, "，。,") {
					agency = prev
				}
				break
			}
			return agency, d
		}
		// the agency and the date on one line: 上海市科学技术委员会 2025年1月20日
		if a, d, ok := trailingDate(l); ok && institutionRe.MatchString(a) && validAgency(a) != "" {
			return a, d
		}
		// a date inside a long line, right before the annex (space form)
		if j := lastIndex(l, " 附件"); j > 0 && endsWithDay(l[:j]) {
			head := l[:j]
			for _, re := range []*regexp.Regexp{dateRe, cnDateRe} {
				if last := finalDate(re, head); last != nil {
					if strings.TrimSpace(head[last[1]:]) == "" {
						d, _, _ := leadingDate(head[last[0]:])
						return "", d
					}
				}
			}
		}
	}
	return "", ""
}

// mayHoldDate reports whether signature can read a date from the line l
// (trimmed): the line less the brackets and spaces at its ends starts as
// a date does (1, 2 or a numeral), or ends with 日, or has 日 right
// before its last " 附件". despaceDigits, which signature applies first,
// drops only white space between two digits: it changes neither the
// first nor the last character of a line nor the place of " 附件" and the
// characters before it, so the line is asked as it is, without copying
// it (TestMayHoldDateAsSignature).
func mayHoldDate(l string) bool {
	t := strings.Trim(l, "()（） ")
	if t == "" {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(t); r == '1' || r == '2' || strings.ContainsRune("〇○零Ｏ0一二三四五六七八九", r) {
		return true
	}
	if endsWithDay(t) {
		return true
	}
	j := lastIndex(t, " 附件")
	return j > 0 && endsWithDay(t[:j])
}

// trailingDate reads a line that ends with a date after other words
// (an agency's name): it returns the words and the date.
func trailingDate(l string) (string, string, bool) {
	if !endsWithDay(l) {
		return "", "", false // no date can end it: skip the regexps
	}
	for _, re := range []*regexp.Regexp{dateRe, cnDateRe} {
		last := finalDate(re, l)
		if last == nil {
			continue
		}
		if last[0] == 0 || strings.TrimSpace(l[last[1]:]) != "" {
			continue
		}
		if d, _, ok := leadingDate(l[last[0]:]); ok {
			return strings.TrimSpace(l[:last[0]]), d, true
		}
	}
	return "", "", false
}

// endsWithDay reports whether s ends with 日 before trailing white
// space, as any match of dateRe or cnDateRe at its end does. A glued
// rendering is one line of the whole report: the date regexps would scan
// all of it for a match the line's end rules out.
func endsWithDay(s string) bool {
	return strings.HasSuffix(strings.TrimSpace(s), "日")
}

// finalDate returns the last of the matches re.FindAllStringIndex finds
// in s (re is dateRe or cnDateRe), or nil, when that match is in the run
// of characters dates are written with that s ends with (white space
// after it aside). A last match anywhere else has other words after it,
// which every caller refuses. Only that run is searched: a glued
// rendering is one line of the whole report.
func finalDate(re *regexp.Regexp, s string) []int {
	t := strings.TrimRightFunc(s, unicode.IsSpace)
	off := len(t)
	for off > 0 {
		r, size := utf8.DecodeLastRuneInString(t[:off])
		if !isDateRune(r) {
			break
		}
		off -= size
	}
	locs := re.FindAllStringIndex(s[off:], -1)
	if locs == nil {
		return nil
	}
	last := locs[len(locs)-1]
	return []int{off + last[0], off + last[1]}
}

// isDateRune reports whether r can be part of a match of dateRe or
// cnDateRe: digits, Chinese numerals, 年月日 and \s.
func isDateRune(r rune) bool {
	switch {
	case r >= '0' && r <= '9', r == ' ', r == '\t', r == '\n', r == '\f', r == '\r':
		return true
	}
	return strings.ContainsRune("年月日〇○零Ｏ一二三四五六七八九十", r)
}

// leadingDate reads a date at the start of s and returns it as
// YYYY-MM-DD with the rest of s.
func leadingDate(s string) (string, string, bool) {
	// each pattern only where s starts as its matches do (19 or 20; a
	// digit of cnDateRe): most lines asked do not, and the matcher would
	// set up for the whole line first
	if strings.HasPrefix(s, "19") || strings.HasPrefix(s, "20") {
		if m, ok := dateStartAt(s); ok {
			return ymd(s[m[2]:m[3]], s[m[4]:m[5]], s[m[6]:m[7]]), strings.TrimSpace(s[m[1]:]), true
		}
	}
	if r, _ := utf8.DecodeRuneInString(s); !strings.ContainsRune("〇○零Ｏ0一二三四五六七八九", r) || r == utf8.RuneError {
		return "", "", false
	}
	if m := cnDateStartRe.FindStringSubmatchIndex(s); m != nil {
		y := cnNumber(s[m[2]:m[3]], true)
		mo := cnNumber(s[m[4]:m[5]], false)
		d := cnNumber(s[m[6]:m[7]], false)
		if y > 0 && mo > 0 && d > 0 {
			return fmt.Sprintf("%04d-%02d-%02d", y, mo, d), strings.TrimSpace(s[m[1]:]), true
		}
	}
	return "", "", false
}

// cnDateStartRe is cnDateRe anchored at the start: leadingDate asks of
// every dated line of a report, and an unanchored search would scan all
// of it for a match that must start at its first byte.
var cnDateStartRe = regexp.MustCompile(`^(?:` + cnDateRe.String() + `)`)

// dateStartAt is dateRe anchored at the start of s
// (FindStringSubmatchIndex), read by hand: (19|20) and two digits, 年,
// one or two digits, 月, one or two digits, 日, with \s* ([\t\n\f\r ])
// before and after each of the three characters. Each part is followed
// by a character that cannot continue it, so the greedy reading is the
// only one (the backtracking matcher cleared a bitmap as long as the
// line, a dated paragraph; TestLeadingDateAsRegexps).
func dateStartAt(s string) (m [8]int, ok bool) {
	if len(s) < 4 || !(s[0] == '1' && s[1] == '9' || s[0] == '2' && s[1] == '0') || !isDigit(s[2]) || !isDigit(s[3]) {
		return m, false
	}
	m[3] = 4 // the year: s[0:4]
	i := 4
	for k, unit := range [3]string{"年", "月", "日"} {
		if i = skipRESpace(s, i); !strings.HasPrefix(s[i:], unit) {
			return m, false
		}
		i += len(unit)
		if k == 2 {
			break // (nothing is read after 日)
		}
		i = skipRESpace(s, i)
		j := i // the month's or the day's one or two digits
		for j < len(s) && j < i+2 && isDigit(s[j]) {
			j++
		}
		if j == i {
			return m, false
		}
		m[4+2*k], m[5+2*k] = i, j
		i = j
	}
	m[1] = i
	return m, true
}

// skipRESpace returns the end of the run of \s ([\t\n\f\r ]) in s from i.
func skipRESpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\f' || s[i] == '\r') {
		i++
	}
	return i
}

func ymd(y, m, d string) string {
	yi, _ := strconv.Atoi(y)
	mi, _ := strconv.Atoi(m)
	di, _ := strconv.Atoi(d)
	if mi < 1 || mi > 12 || di < 1 || di > 31 {
		return ""
	}
	// fmt.Sprintf("%04d-%02d-%02d", yi, mi, di), without fmt
	// (TestYMDAsSprintf)
	if yi < 0 {
		return fmt.Sprintf("%04d-%02d-%02d", yi, mi, di) // (the callers' years are digits)
	}
	b := make([]byte, 0, 10)
	for p := 1000; p > 1 && yi < p; p /= 10 {
		b = append(b, '0')
	}
	b = strconv.AppendInt(b, int64(yi), 10)
	b = append(b, '-', byte('0'+mi/10), byte('0'+mi%10), '-', byte('0'+di/10), byte('0'+di%10))
	return string(b)
}

// cnNumber reads Chinese numerals: digit by digit for a year (二〇一二),
// or as a number up to 31 for a month or day (二十, 十二).
func cnNumber(s string, digits bool) int {
	val := map[rune]int{'〇': 0, '○': 0, '零': 0, 'Ｏ': 0, '0': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	n := 0
	if digits {
		for _, r := range s {
			v, ok := val[r]
			if !ok {
				return 0
			}
			n = n*10 + v
		}
		return n
	}
	cur := 0
	for _, r := range s {
		if r == '十' {
			if cur == 0 {
				cur = 1
			}
			n += cur * 10
			cur = 0
			continue
		}
		v, ok := val[r]
		if !ok {
			return 0
		}
		cur = v
	}
	return n + cur
}

// contact reads the contact details printed in the opening paragraph,
// given less its white space (see compactPrefix).
func contact(compact string) *nianbao.Contact {
	c := &nianbao.Contact{}
	// Each pattern from where its keyword first is: every match starts
	// with it ((联系)电话 may start just before), and a regexp would
	// otherwise scan the whole opening, at every position, for nothing.
	if m := addressAt.find(compact); m != nil {
		c.Address = m[1]
	}
	if m := postAt.find(compact); m != nil {
		c.Postcode = m[1]
	}
	if m := findPhone(compact); m != nil {
		c.Phone = trimNumber(m[1])
	}
	if m := faxAt.find(compact); m != nil {
		c.Fax = trimNumber(m[1])
	}
	if !strings.Contains(compact, "@") {
	} else if m := findEmail(compact); m != "" {
		c.Email = m
	}
	var urls []string
	if strings.Contains(compact, "http") || strings.Contains(compact, "www.") {
		urls = urlRe.FindAllString(compact)
	}
	for _, u := range urls {
		if !strings.Contains(compact, "@"+strings.TrimPrefix(u, "www.")) {
			c.Website = strings.TrimRight(u, ".")
			break
		}
	}
	if *c == (nianbao.Contact{}) {
		return nil
	}
	return c
}

// A boundedRe is a contact pattern whose every match starts with word
// and is at most max bytes long: find tries it anchored at each place of
// the word, in order, on the max bytes from there. (The backtracking
// matcher clears a bitmap as long as its input: from a keyword to the
// end of the opening, thousands of bytes for a match of a few dozen.)
type boundedRe struct {
	word string
	max  int
	at   *regexp.Regexp // the pattern, anchored
}

func newBoundedRe(re *startRe, word string, max int) boundedRe {
	return boundedRe{word: word, max: max, at: regexp.MustCompile(`^(?:` + re.String() + `)`)}
}

// find is re.FindStringSubmatch(s) of the pattern unanchored.
func (b boundedRe) find(s string) []string {
	for off := 0; ; {
		i := indexText(s[off:], b.word)
		if i < 0 {
			return nil
		}
		i += off
		if m := b.at.FindStringSubmatch(s[i:min(len(s), i+b.max)]); m != nil {
			return m
		}
		off = i + len(b.word)
	}
}

// phoneAt is phoneRe anchored, tried by findPhone.
var phoneAt = regexp.MustCompile(`^(?:` + phoneRe.String() + `)`)

// findPhone is phoneRe.FindStringSubmatch(s[at:]), at being the first
// 电话 (or the 联系 before it). Every match holds 电话, starts with it or
// with the 联系 before it, and is made of the characters phoneChar says:
// the pattern is tried at each 电话 (its 联系 first) on the run of such
// characters from there.
func findPhone(s string) []string {
	for off := 0; ; {
		i := indexText(s[off:], "电话")
		if i < 0 {
			return nil
		}
		i += off
		if i-len("联系") >= 0 && s[i-len("联系"):i] == "联系" {
			if m := phoneAt.FindStringSubmatch(s[i-len("联系") : phoneRunEnd(s, i)]); m != nil {
				return m
			}
		}
		if m := phoneAt.FindStringSubmatch(s[i:phoneRunEnd(s, i)]); m != nil {
			return m
		}
		off = i + len("电话")
	}
}

// phoneRunEnd returns the end of the run of characters from s[i] that a
// match of phoneRe can hold.
func phoneRunEnd(s string, i int) int {
	for i < len(s) {
		r, n := runeAt(s, i)
		if !phoneChar(r) {
			break
		}
		i += n
	}
	return i
}

// phoneChar reports whether a match of phoneRe can hold r: its words
// (联系, 电话), colons, digits, brackets, dashes and separators.
func phoneChar(r rune) bool {
	if r >= '0' && r <= '9' {
		return true
	}
	return strings.ContainsRune("联系电话:：()（）-—–、/,，", r)
}

// addressAt, postAt and faxAt are addressRe, postRe and faxRe bounded:
// 地址, a colon and 60 runes (249 bytes); 邮政编码, a colon and six digits
// (21); 传真, a colon and 20 characters of three bytes at most (69).
var (
	addressAt = newBoundedRe(addressRe, "地址", 256)
	postAt    = newBoundedRe(postRe, "邮", 32)
	faxAt     = newBoundedRe(faxRe, "传真", 80)
)

// emailAtRe is emailRe anchored, tried by findEmail.
var emailAtRe = regexp.MustCompile(`^(?:` + emailRe.String() + `)`)

// findEmail is emailRe.FindString: the leftmost address. Every address
// has an @ with the run of address characters before it; the match of
// the first @ whose run starts one is the leftmost (an @ is not an
// address character, so runs of different @s do not overlap).
func findEmail(s string) string {
	for off := 0; ; {
		a := strings.IndexByte(s[off:], '@')
		if a < 0 {
			return ""
		}
		a += off
		start := a
		for start > off && isEmailLocal(s[start-1]) {
			start--
		}
		if start < a {
			if m := emailAtRe.FindString(s[start:]); m != "" {
				return m
			}
		}
		off = a + 1
	}
}

// isEmailLocal reports whether c is in emailRe's [A-Za-z0-9._%+\-].
func isEmailLocal(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("._%+-", c) >= 0
}

// submatchFrom is re.FindStringSubmatch(s[at:]), nil when at < 0; re is
// a *regexp.Regexp or a *startRe.
func submatchFrom(re interface{ FindStringSubmatch(string) []string }, s string, at int) []string {
	if at < 0 {
		return nil
	}
	return re.FindStringSubmatch(s[at:])
}

// compactPrefix is strings.Join(strings.Fields(firstRunes(s, n)), "")
// in one pass: the first n runes of s, less their white space, copied
// only when they hold some. Ideographs are passed over three bytes at a
// time, and only the characters led by the bytes C2, E1, E2 and E3 can be
// white space outside ASCII (spaceAt).
func compactPrefix(s string, n int) string {
	var b strings.Builder // its string is not copied again
	copied := false
	last, i := 0, 0 // s[last:i] is not copied to b yet
	for k := 0; k < n && i < len(s); k++ {
		// a run of ideographs U+4000–U+9FFF (lead bytes E4–E9): no space
		for k < n && i+2 < len(s) {
			t := s[i : i+3] // (one bounds check for the three bytes)
			if t[0]-0xE4 > 0xE9-0xE4 || t[1]&0xC0 != 0x80 || t[2]&0xC0 != 0x80 {
				break
			}
			i += 3
			k++
		}
		if k == n || i >= len(s) {
			break
		}
		c, size, space := s[i], 1, false
		switch {
		case c < utf8.RuneSelf:
			space = asciiSpace[c] != 0
		case c >= 0xE1 && c <= 0xEF && c != 0xED && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80:
			size = 3 // a valid three-byte character (see firstRunes)
			space = c <= 0xE3 && spaceAt(s, i) == 3
		default:
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
		}
		if space {
			if !copied {
				b.Grow(min(len(s), i+4*(n-k))) // room for the rest of the n runes
				copied = true
			}
			b.WriteString(s[last:i])
			last = i + size
		}
		i += size
	}
	if !copied {
		return s[:i]
	}
	b.WriteString(s[last:i])
	return b.String()
}

// spaceAt returns the length of the white space character (as
// unicode.IsSpace says) outside ASCII that starts at s[i], 0 if none:
// U+0085, U+00A0 (C2 85, C2 A0), U+1680 (E1 9A 80), U+2000–U+200A,
// U+2028, U+2029, U+202F (E2 80 80–8A, A8, A9, AF), U+205F (E2 81 9F)
// and U+3000 (E3 80 80). It reads bytes: most characters led by E2 and
// E3 are CJK punctuation, which a decoder would decode to say no.
func spaceAt(s string, i int) int {
	switch s[i] {
	case 0xC2:
		if i+1 < len(s) && (s[i+1] == 0x85 || s[i+1] == 0xA0) {
			return 2
		}
	case 0xE1:
		if i+2 < len(s) && s[i+1] == 0x9A && s[i+2] == 0x80 {
			return 3
		}
	case 0xE2:
		if i+2 < len(s) && s[i+1] == 0x80 {
			if c := s[i+2]; c >= 0x80 && c <= 0x8A || c == 0xA8 || c == 0xA9 || c == 0xAF {
				return 3
			}
		} else if i+2 < len(s) && s[i+1] == 0x81 && s[i+2] == 0x9F {
			return 3
		}
	case 0xE3:
		if i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x80 {
			return 3
		}
	}
	return 0
}

// asciiSpace marks the ASCII bytes unicode.IsSpace holds for.
var asciiSpace = [256]uint8{'\t': 1, '\n': 1, '\v': 1, '\f': 1, '\r': 1, ' ': 1}

// firstRunes returns the first n runes of s (all of s if shorter), as
// ranging over s counts them: an invalid byte is a rune. ASCII and
// well-formed three-byte characters (most of a Chinese text) are
// counted from their bytes; the rest is decoded.
func firstRunes(s string, n int) string {
	i := 0
	for k := 0; k < n; k++ {
		if i >= len(s) {
			return s
		}
		// a run of ideographs U+4000–U+9FFF (lead bytes E4–E9)
		for k < n && i+2 < len(s) && s[i]-0xE4 <= 0xE9-0xE4 && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			i += 3
			k++
		}
		if k == n {
			break
		}
		if i >= len(s) {
			return s
		}
		switch c := s[i]; {
		case c < utf8.RuneSelf:
			i++
		case c >= 0xE1 && c <= 0xEF && c != 0xED && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80:
			// E1–EC, EE, EF with two continuation bytes: always valid
			// (E0 and ED restrict their second byte)
			i += 3
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
	}
	return s[:i]
}

// trimNumber drops the punctuation a phone-number match may end with: a
// bracket closing the sentence around it, a dangling dash.
func trimNumber(s string) string {
	s = strings.TrimRight(s, "(（-—–")
	if !strings.ContainsAny(s, "(（") {
		s = strings.TrimRight(s, ")）")
	}
	return s
}

// listingTitles counts the short lines of text that name a year's report:
// a report names itself once or twice, a listing page of a column once a
// link.
func listingTitles(text string) int {
	// the lines holding 报告, found from one 报告 to the next
	n := 0
	for off := 0; off < len(text); {
		i := indexText(text[off:], "报告")
		if i < 0 {
			break
		}
		i += off
		// (off starts a line: the line break before i is searched back
		// to it only, a byte at a time)
		start := off + strings.LastIndexByte(text[off:i], '\n') + 1
		end := strings.IndexByte(text[i:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += i
		}
		// more than 320 bytes are more than 80 runes: a glued rendering's
		// long lines are not counted through
		if line := text[start:end]; len(line) <= 4*80 && utf8.RuneCountInString(line) <= 80 && hasYear(line) {
			n++
		}
		off = end + 1
	}
	return n
}

// titlePart returns the first of the parts titleSepRe.Split(title, -1)
// cuts title into that holds word, cut by hand: the separators (_, " - "
// and |) start with three different ASCII bytes, so at most one is at
// any place and the leftmost one is where a byte search finds _, | or
// " - " first; the backtracking matcher tried its three branches at
// every byte of the title (TestTitlePartAsSplit).
func titlePart(title, word string) (string, bool) {
	for rest := title; ; {
		i, n := titleSepAt(rest)
		if i < 0 {
			if strings.Contains(rest, word) {
				return rest, true
			}
			return "", false
		}
		if part := rest[:i]; strings.Contains(part, word) {
			return part, true
		}
		rest = rest[i+n:]
	}
}

// titleSepAt returns the place and length of the first separator in s
// (see titlePart), or -1 and 0.
func titleSepAt(s string) (int, int) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '_', '|':
			return i, 1
		case ' ':
			if strings.HasPrefix(s[i+1:], "- ") {
				return i, 3
			}
		}
	}
	return -1, 0
}
