package parser

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"nianbao"
)

var (
	headingRe = regexp.MustCompile(`^[一二三四五六七八九十]+、`)
	// sentences naming the fee for processing requests (信息处理费)
	feeNoneRe   = regexp.MustCompile(`未收取|无收取|没有收取|不收取|未产生|未发生|均未|无.{0,6}信息处理费`)
	feeAmountRe = regexp.MustCompile(`(\d+(?:\.\d+)?)\s*(万元|元)`)
)

// sectionHeadRe finds the headings of sections 五 and 六 inside a line too,
// as glued renderings print them.
var sectionHeadRe = regexp.MustCompile(`五、(?:政府信息公开工作)?存在的主要问题及改进情况|六、其他需要报告的事项`)

// sections returns sections 五 and 六 of the prose.
func sections(text string) []nianbao.Section {
	// A heading starts with 五、 or 六、 (on a line of its own, or one
	// sectionLines makes of it) and a section's lines follow it: the
	// lines before the one the first of them is in are not read.
	next := newFirstOfTwo("五、", "六、")
	first, _ := next.from(text, 0)
	if first < 0 {
		return nil
	}
	return sectionsOf(sectionLinesFrom(text, lineStart(text, first), next))
}

// lineStart returns the start of the line of text that holds text[i]:
// after the last line break before it, found forward by byte searches
// (strings.LastIndexByte reads a byte at a time: a glued rendering's
// line runs to kilobytes).
func lineStart(text string, i int) int {
	start := 0
	for {
		j := strings.IndexByte(text[start:i], '\n')
		if j < 0 {
			return start
		}
		start += j + 1
	}
}

// isHeading is headingRe.MatchString(l), read by hand: numerals from 一
// to 十, then 、 (the backtracking matcher clears a bitmap as long as the
// line, and a section's lines are paragraphs; TestIsHeadingAsRegexp).
func isHeading(l string) bool {
	l, n := cutCNDigits(l)
	return n > 0 && strings.HasPrefix(l, "、")
}

// cutCNDigits returns s without its leading Chinese numerals (isCNDigit)
// and how many there were.
func cutCNDigits(s string) (rest string, n int) {
	for {
		r, size := utf8.DecodeRuneInString(s)
		if !isCNDigit(r) {
			return s, n
		}
		s = s[size:]
		n++
	}
}

// sectionsOf returns sections 五 and 六 of the prose's lines (see
// sectionLines).
func sectionsOf(lines []string) []nianbao.Section {
	var out []nianbao.Section
	for i := 0; i < len(lines); i++ {
		h := trimSpace(lines[i])
		if !(strings.HasPrefix(h, "五、") && strings.Contains(h, "问题")) && !(strings.HasPrefix(h, "六、") && strings.Contains(h, "其他需要报告")) {
			continue
		}
		var body []string
		j := i + 1
		for ; j < len(lines); j++ {
			l := trimSpace(lines[j])
			if isHeading(l) {
				break
			}
			if strings.Contains(l, "日") && isDateLine(l) {
				// the signature: drop the agency line above the date too
				if n := len(body); n > 0 && len([]rune(body[n-1])) <= 30 {
					body = body[:n-1]
				}
				break
			}
			if l != "" {
				body = append(body, l)
			}
		}
		out = append(out, nianbao.Section{Heading: Label(h), Text: strings.Join(body, "\n")})
		i = j - 1
	}
	return out
}

// feeSentence is the fee figure of the 2021 revision, read by feeStat.
var feeSentence = extraReader{code: "fees.collected", zh: "信息处理费", column: "信息处理费", unit: "万元", read: feeStat}

// feeStat reads fees.collected from the 信息处理费 sentence of section 六:
// an amount, or zero where it says none was charged.
func feeStat(secs []nianbao.Section) (nianbao.Stat, *nianbao.Finding, bool) {
	for _, s := range secs {
		if !strings.HasPrefix(s.Heading, "六、") {
			continue
		}
		for _, sentence := range feeSentences(s.Text) {
			st := nianbao.Stat{Table: "六、其他需要报告的事项", Section: s.Heading, Code: "fees.collected", Row: "信息处理费", Column: "本年收取", Unit: "万元", Raw: strings.TrimSpace(sentence)}
			if m := feeAmounts(sentence); m != nil && !feeNone(sentence) {
				// the sentence may break the total down; the largest amount is the total
				best := 0.0
				for _, x := range m {
					v, _ := strconv.ParseFloat(x[1], 64)
					if cv, ok := convertUnit(v, x[2], "万元"); ok && cv > best {
						best = cv
					}
				}
				best = math.Round(best*1e8) / 1e8
				st.Value = &best
				var f *nianbao.Finding
				if len(m) > 1 {
					f = &nianbao.Finding{Rule: "fee-sentence", Severity: nianbao.SeverityInfo, Codes: []string{"fees.collected"},
						Message: "several amounts in " + quoteText(st.Raw) + "; the largest, " + num(best) + " 万元, taken as the total"}
				}
				return st, f, true
			}
			if feeNone(sentence) {
				zero := 0.0
				st.Value = &zero
				return st, nil, true
			}
		}
	}
	return nianbao.Stat{}, nil, false
}

// feeAmounts is feeAmountRe.FindAllStringSubmatch(s, -1) without the
// regexp, which tries the pattern from every character of the sentence:
// a match starts with a run of ASCII digits (from its first digit: from
// a later one, the same characters follow the digits), the digits after
// a full stop that follows are part of it, then the white space \s
// stands for and 万元 or 元 (TestFeeAmountsAsRegexp).
func feeAmounts(s string) [][]string {
	var out [][]string
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		k := j // the number's end
		if k+1 < len(s) && s[k] == '.' && isDigit(s[k+1]) {
			for k += 2; k < len(s) && isDigit(s[k]); k++ {
			}
		}
		u := k // the unit's start
		for u < len(s) && (s[u] == ' ' || s[u] == '\t' || s[u] == '\n' || s[u] == '\f' || s[u] == '\r') {
			u++
		}
		unit := ""
		switch {
		case strings.HasPrefix(s[u:], "万元"):
			unit = "万元"
		case strings.HasPrefix(s[u:], "元"):
			unit = "元"
		default:
			i = j // no match starts in the run of digits
			continue
		}
		out = append(out, []string{s[i : u+len(unit)], s[i:k], unit})
		i = u + len(unit)
	}
	return out
}

// feeNoneWords are the words of feeNoneRe but its last branch.
var feeNoneWords = []string{"未收取", "无收取", "没有收取", "不收取", "未产生", "未发生", "均未"}

// feeNone is feeNoneRe.MatchString(s): one of its words, or 无 and at
// most six characters other than a line break (. of the pattern; an
// invalid byte is one) before 信息处理费. The pattern starts with
// alternatives that share no first character: a regexp runs it from every
// place of the sentence.
func feeNone(s string) bool {
	for _, w := range feeNoneWords {
		if indexText(s, w) >= 0 {
			return true
		}
	}
	for off := 0; ; {
		i := indexText(s[off:], "无")
		if i < 0 {
			return false
		}
		j := off + i + len("无")
		for k := 0; k <= 6; k++ {
			if strings.HasPrefix(s[j:], "信息处理费") {
				return true
			}
			if j >= len(s) || s[j] == '\n' {
				break
			}
			_, n := utf8.DecodeRuneInString(s[j:])
			j += n
		}
		off += i + len("无")
	}
}

// feeSentences returns the sentences of text that hold 处理费, in order:
// the runs between sentenceEnds. They are found around the word, not by
// cutting the whole section (a regexp split did).
func feeSentences(text string) []string {
	var out []string
	for off := 0; off < len(text); {
		i := indexText(text[off:], "处理费")
		if i < 0 {
			break
		}
		i += off
		start := lastSentenceEnd(text[:i])
		end := i + len("处理费")
		if j := nextSentenceEnd(text[end:]); j >= 0 {
			end += j
		} else {
			end = len(text)
		}
		out = append(out, text[start:end])
		off = end
	}
	return out
}

// sentenceEnds end the sentences of section 六 for feeStat.
var sentenceEnds = []string{"。", "；", ";", "\n"}

// nextSentenceEnd returns the index of the first of sentenceEnds in s,
// -1 if none.
func nextSentenceEnd(s string) int {
	first := -1
	for _, e := range sentenceEnds {
		if i := strings.Index(s, e); i >= 0 && (first < 0 || i < first) {
			first = i
			s = s[:i] // a later end cannot come first
		}
	}
	return first
}

// lastSentenceEnd returns the index after the last of sentenceEnds in
// s, 0 if none: s is read backwards from its end to the first place
// where one of them ends (strings.LastIndex hashed every byte of s, once
// for each; TestLastSentenceEndAsLastIndex).
func lastSentenceEnd(s string) int {
	for i := len(s); i > 0; i-- {
		switch s[i-1] {
		case '\n', ';':
			return i
		case 0x82: // 。 is E3 80 82
			if strings.HasSuffix(s[:i], "。") {
				return i
			}
		case 0x9B: // ； is EF BC 9B
			if strings.HasSuffix(s[:i], "；") {
				return i
			}
		}
	}
	return 0
}

// A proseCheck is a figure the text states that the table also holds.
type proseCheck struct {
	lit string // a word every match contains, to find candidates fast
	// near, if set, are words one of which every match contains too: a
	// window around lit without any of them is not searched.
	near []string
	// ends are the characters one of which ends every match, after lit.
	ends string
	re   *regexp.Regexp
	code string
	sum  []string // the figure is the sum of these codes instead of code
	// alt is another sum the text may mean by the same words: requests
	// "received" often counts those carried over from last year too.
	alt []string
	// starts says where a match can start, for a pattern without a
	// literal prefix (which regexp skips to by itself): startsNear, at
	// one of the words near; startsBefore, one character before lit.
	starts int
	at     *regexp.Regexp // re anchored, for find (set by init)
	// countEnds, set by init for a pattern that is lit, gap and a count
	// ((\d+)\s* and one of them), are its count's ends: find reads such
	// a pattern by hand (litCountAt).
	countEnds []string
}

// Where the match of a prose check's pattern starts (proseCheck.starts).
const (
	startsAnywhere = iota // a literal prefix: regexp finds its places itself
	startsNear
	startsBefore
)

func init() {
	for k := range proseChecks {
		pc := &proseChecks[k]
		pc.at = regexp.MustCompile(`^(?:` + pc.re.String() + `)`)
		if strings.ContainsAny(pc.lit, `\.+*?()|[]{}^$`) {
			continue // (a word a pattern would quote: none is)
		}
		switch pc.re.String() {
		case pc.lit + gap + `(\d+)\s*件`:
			pc.countEnds = []string{"件"}
		case pc.lit + gap + `(\d+)\s*(?:件|起|宗)`:
			pc.countEnds = []string{"件", "起", "宗"}
		}
	}
}

const gap = `[^，。；,;\d及和与、]{0,8}?`

var proseChecks = []proseCheck{
	{lit: "申请", ends: "件", near: []string{"收到", "接收", "受理", "新收"}, re: regexp.MustCompile(`(?:收到|接收|受理|新收)[^，。；,;\d]{0,20}?申请` + gap + `(\d+)\s*件`), code: "requests.received",
		alt: []string{"requests.received", "requests.carried_over"}, starts: startsNear},
	{lit: "予以公开", ends: "件", re: regexp.MustCompile(`予以公开(?:及|和|与)部分公开` + gap + `(\d+)\s*件`), sum: []string{"requests.disclosed", "requests.partially_disclosed"}},
	{lit: "予以公开", ends: "件", re: regexp.MustCompile(`予以公开` + gap + `(\d+)\s*件`), code: "requests.disclosed"},
	{lit: "部分公开", ends: "件", re: regexp.MustCompile(`[^及和与]部分公开` + gap + `(\d+)\s*件`), code: "requests.partially_disclosed", starts: startsBefore},
	{lit: "不予公开", ends: "件", re: regexp.MustCompile(`不予公开` + gap + `(\d+)\s*件`), code: "requests.refused"},
	{lit: "无法提供", ends: "件", re: regexp.MustCompile(`无法提供` + gap + `(\d+)\s*件`), code: "requests.unavailable"},
	{lit: "不予处理", ends: "件", re: regexp.MustCompile(`不予处理` + gap + `(\d+)\s*件`), code: "requests.not_processed"},
	{lit: "行政复议", ends: "件起宗", re: regexp.MustCompile(`行政复议` + gap + `(\d+)\s*(?:件|起|宗)`), code: "review.total"},
	{lit: "行政诉讼", ends: "件起宗", re: regexp.MustCompile(`行政诉讼` + gap + `(\d+)\s*(?:件|起|宗)`), code: "litigation.total"},
}

// checkProse compares the figures the text states with the table's.
func checkProse(text string, stats []nianbao.Stat) []nianbao.Finding {
	var val map[string]*nianbao.Stat // made at the first figure the text states
	var out []nianbao.Finding
	done := map[string]bool{}
	ends := countEndsAt(text)
	for _, pc := range proseChecks {
		window, m := findNear(text, ends, pc)
		if m == nil {
			continue
		}
		stated, _ := strconv.ParseFloat(window[m[2]:m[3]], 64)
		codes := pc.sum
		if pc.code != "" {
			codes = []string{pc.code}
		}
		if done[strings.Join(codes, "+")] {
			continue
		}
		done[strings.Join(codes, "+")] = true
		if val == nil {
			val = proseStats(stats)
		}
		table, terms, ok := sumOf(val, codes)
		if !ok || approx(stated, table) {
			continue
		}
		if alt, _, ok := sumOf(val, pc.alt); ok && approx(stated, alt) {
			continue
		}
		quote := window[max(0, m[0]-12):m[1]]
		quote = strings.TrimSpace(strings.ToValidUTF8(quote, ""))
		out = append(out, nianbao.Finding{Rule: "prose-vs-table", Severity: nianbao.SeverityWarning, Codes: codes,
			Message: fmt.Sprintf("the text says %s (“…%s”), the table %s = %s", num(stated), quote, strings.Join(codes, "+"), strings.Join(terms, "+"))})
	}
	return out
}

// proseCodes are the codes proseChecks compare (code, sum and alt).
var proseCodes = func() map[string]bool {
	m := map[string]bool{}
	for _, pc := range proseChecks {
		for _, c := range append(append([]string{pc.code}, pc.sum...), pc.alt...) {
			if c != "" {
				m[c] = true
			}
		}
	}
	return m
}()

// proseStats maps each of proseCodes to the first stat of dim "" that has
// it (the prose states totals): those codes only, where an index of
// every stat of the table was made for a few look-ups.
func proseStats(stats []nianbao.Stat) map[string]*nianbao.Stat {
	val := make(map[string]*nianbao.Stat, len(proseCodes))
	for i := len(stats) - 1; i >= 0; i-- { // the first of a code written last
		if s := &stats[i]; s.Dim == "" && proseCodes[s.Code] {
			val[s.Code] = s
		}
	}
	return val
}

// sumOf adds the values of codes (dim ""); ok is false when one is missing.
func sumOf(val map[string]*nianbao.Stat, codes []string) (float64, []string, bool) {
	if len(codes) == 0 {
		return 0, nil, false
	}
	total, terms := 0.0, []string{}
	for _, c := range codes {
		s := val[c]
		if s == nil || s.Value == nil {
			return 0, nil, false
		}
		total += *s.Value
		terms = append(terms, num(*s.Value))
	}
	return total, terms, true
}

// A countEnd is where a count a prose check reads ends: one of the
// characters of proseCheck.ends after a digit (and white space).
type countEnd struct {
	at  int   // the index of the character in the text
	bit uint8 // the character (件, 起 or 宗): 1 << its place in countEndChars
}

// countEndChars are the characters every proseCheck's count ends with.
var countEndChars = []string{"件", "起", "宗"}

// countEndsAt returns the counts' ends in text, in order: 件, 起 or 宗
// after an ASCII digit and the white space \s stands for ([\t\n\f\r ]),
// as every pattern of proseChecks ends (TestProseChecksEndWithACount).
func countEndsAt(text string) []countEnd {
	var out []countEnd
	for k, e := range countEndChars {
		for off := 0; ; {
			i := indexText(text[off:], e)
			if i < 0 {
				break
			}
			i += off
			j := i
			for j > 0 && (text[j-1] == ' ' || text[j-1] == '\t' || text[j-1] == '\n' || text[j-1] == '\f' || text[j-1] == '\r') {
				j--
			}
			if j > 0 && isDigit(text[j-1]) {
				out = append(out, countEnd{i, 1 << k})
			}
			off = i + len(e)
		}
	}
	slices.SortFunc(out, func(a, b countEnd) int { return a.at - b.at })
	return out
}

// endsMask has the bit (see countEnd) of each of countEndChars in ends.
func endsMask(ends string) uint8 {
	var m uint8
	for k, e := range countEndChars {
		if strings.Contains(ends, e) {
			m |= 1 << k
		}
	}
	return m
}

// findNear runs pc.re on a window of text around each place of pc.lit,
// in order, and returns the first window that matches with its match.
// Running the regexp over whole pages costs more than the rest of the
// parse. A match holds a count's end (see countEndsAt) inside its
// window: the places of the word are looked for only where their window
// holds one of ends (the text's, in order) that pc.ends has, and a
// window holding none of the words pc.near (if any), or none of the
// characters pc.ends after the word, is not searched.
func findNear(text string, ends []countEnd, pc proseCheck) (string, []int) {
	n := len(pc.lit)
	mask := endsMask(pc.ends) // (strings.ContainsRune(pc.ends, r) for each end, once)
	from, to := -1, -1        // the places of lit whose window may hold a count's end, not yet searched
	for k := 0; k <= len(ends); k++ {
		if k < len(ends) {
			if mask&ends[k].bit == 0 {
				continue
			}
			first, last := windowsHolding(text, ends[k].at, n)
			if from >= 0 && first <= to+1 {
				to = max(to, last) // overlaps the range before: one range
				continue
			}
		}
		if from >= 0 {
			// the places of lit that start in [from, to]
			for off := from; off <= to && off < len(text); {
				i := indexText(text[off:min(len(text), to+n)], pc.lit)
				if i < 0 {
					break
				}
				i += off
				if w, m := nearWindow(text, i, pc); m != nil {
					return w, m
				}
				off = i + n
			}
		}
		if k < len(ends) {
			from, to = windowsHolding(text, ends[k].at, n)
		}
	}
	return "", nil
}

// windowsHolding returns the range [first, last] of the places i of a
// word of n bytes whose window (see nearWindow) holds the three bytes of
// the character at c: its start moves back from i-90 to a rune's start,
// past the continuation bytes after c only, and its end forward from
// i+n+90 to a rune's start, which is past c+3 only when no rune starts
// from there to c+3.
func windowsHolding(text string, c, n int) (int, int) {
	k := 0 // continuation bytes after c
	for c+1+k < len(text) && !utf8.RuneStart(text[c+1+k]) {
		k++
	}
	p := c + 2 // the last rune start before c+3
	for p > c && !utf8.RuneStart(text[p]) {
		p--
	}
	return max(0, p+1-n-90), c + k + 90
}

// nearWindow runs pc.re on the window of text around the word pc.lit at
// i (90 bytes either side, widened to runes' starts), when the window
// can hold a match.
func nearWindow(text string, i int, pc proseCheck) (string, []int) {
	lit := pc.lit
	lo, hi := max(0, i-90), min(len(text), i+len(lit)+90)
	for lo > 0 && !utf8.RuneStart(text[lo]) {
		lo--
	}
	for hi < len(text) && !utf8.RuneStart(text[hi]) {
		hi++
	}
	w := text[lo:hi]
	// every pattern of proseChecks counts with (\d+): a window
	// without a digit is not searched
	if len(pc.near) > 0 && !containsAny(w, pc.near) || !containsRuneOf(text[i+len(lit):hi], pc.ends) || !hasASCIIDigit(w) {
		return "", nil
	}
	if m := pc.find(w); m != nil {
		return w, m
	}
	return "", nil
}

// find is pc.re.FindStringSubmatchIndex(w). A pattern without a literal
// prefix is run by regexp from every character of the window; it is
// tried anchored only where a match can start instead (see starts), in
// order: the first place where it matches is the leftmost match's, and
// the match there is the one the unanchored pattern finds.
func (pc *proseCheck) find(w string) []int {
	if pc.countEnds != nil {
		return findLitCount(w, pc.lit, pc.countEnds)
	}
	if pc.starts == startsAnywhere {
		return pc.re.FindStringSubmatchIndex(w)
	}
	try := func(c int) []int {
		m := pc.at.FindStringSubmatchIndex(w[c:])
		for x := range m {
			if m[x] >= 0 {
				m[x] += c
			}
		}
		return m
	}
	if pc.starts == startsNear {
		// the next place of each word (they begin with a character's
		// first byte: their places are where regexp, which steps over
		// the window a character at a time, looks)
		next := make([]int, len(pc.near))
		for k, n := range pc.near {
			next[k] = indexText(w, n)
		}
		for {
			c, k := -1, -1
			for j, n := range next {
				if n >= 0 && (c < 0 || n < c) {
					c, k = n, j
				}
			}
			if c < 0 {
				return nil
			}
			if m := try(c); m != nil {
				return m
			}
			from := c + len(pc.near[k])
			if n := indexText(w[from:], pc.near[k]); n >= 0 {
				next[k] = from + n
			} else {
				next[k] = -1
			}
		}
	}
	// startsBefore: the character before each place of lit, as regexp
	// steps over the window (an invalid byte is a character of its own)
	start, end := 0, 0 // the character before the place found last, and its end
	for off := 0; ; {
		o := indexText(w[off:], pc.lit)
		if o < 0 {
			return nil
		}
		o += off
		for end < o {
			_, n := utf8.DecodeRuneInString(w[end:])
			start, end = end, end+n
		}
		if end == o && o > 0 {
			if m := try(start); m != nil {
				return m
			}
		}
		off = o + len(pc.lit)
	}
}

// hasASCIIDigit reports whether s holds one of 0–9.
func hasASCIIDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			return true
		}
	}
	return false
}

func isDateLine(l string) bool {
	_, rest, ok := leadingDate(l)
	return ok && rest == ""
}

// sectionLines returns the lines of text with the headings of sections
// 五 and 六 on lines of their own (a glued rendering prints them inside a
// line): strings.Split of the text with a line break before and after
// each heading, cut from the text without making that text. It looks for
// "五、" and "六、" first, each from the place it was last found (by
// their last byte: strings.Index stops at every character led by the
// byte 五 and 六 start with): a regexp over a whole page costs more than
// the rest of the section work.
func sectionLines(text string) []string {
	return sectionLinesFrom(text, 0, newFirstOfTwo("五、", "六、"))
}

// sectionLinesFrom is sectionLines of text[start:], start being the
// start of a line (or 0), with next the search for 五、 and 六、 in text
// (which may have found them from start already).
func sectionLinesFrom(text string, start int, next firstOfTwo) []string {
	lines := make([]string, 0, strings.Count(text[start:], "\n")+1)
	last := start
	for i := start; i < len(text); {
		j, _ := next.from(text, i)
		if j < 0 {
			break
		}
		if loc := sectionHeadAtRe.FindStringIndex(text[j:min(len(text), j+120)]); loc != nil {
			// (a heading holds no line break)
			lines = appendLines(lines, text[last:j])
			lines = append(lines, text[j:j+loc[1]])
			last = j + loc[1]
			i = last
			continue
		}
		_, size := utf8.DecodeRuneInString(text[j:])
		i = j + size
	}
	return appendLines(lines, text[last:])
}

// appendLines appends strings.Split(s, "\n") to lines.
func appendLines(lines []string, s string) []string {
	for {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			return append(lines, s)
		}
		lines = append(lines, s[:i])
		s = s[i+1:]
	}
}

// sectionHeadAtRe is sectionHeadRe anchored: sectionLines takes a match
// only where 五、 or 六、 is, and the leftmost match that starts there is
// the anchored one.
var sectionHeadAtRe = regexp.MustCompile(`^(?:` + sectionHeadRe.String() + `)`)

// containsAny reports whether s contains one of words.
// containsRuneOf is strings.ContainsAny(s, chars) for a short set of
// ideographs: one byte search for each, where ContainsAny decodes s rune
// by rune (its set is not ASCII).
func containsRuneOf(s, chars string) bool {
	for _, r := range chars {
		if strings.ContainsRune(s, r) {
			return true
		}
	}
	return false
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// findLitCount is FindStringSubmatchIndex of the pattern lit, gap and
// (\d+)\s* followed by one of ends (single characters), read by hand:
// the leftmost match starts at the first place of lit where one is. The
// gap ([^，。；,;\d及和与、]{0,8}?, runes, an invalid byte one) holds no
// digit, so it ends at the first digit after lit whatever its laziness;
// the digits, \s* and the end then match whole or not at all (no digit
// is white space or an end). The backtracking matcher cost ~4,500
// instructions a window (TestFindLitCountAsRegexp).
func findLitCount(w, lit string, ends []string) []int {
	for off := 0; off < len(w); {
		i := indexText(w[off:], lit)
		if i < 0 {
			return nil
		}
		i += off
		if m := litCountAt(w, i+len(lit), ends); m != nil {
			return []int{i, m[1], m[2], m[3]}
		}
		off = i + 1
	}
	return nil
}

// litCountAt matches gap, (\d+)\s* and one of ends at w[j:] (see
// findLitCount): the match's end, and the digits' start and end, in m[1:4].
func litCountAt(w string, j int, ends []string) (m []int) {
	for g := 0; j >= len(w) || !isDigit(w[j]); g++ {
		if g == 8 || j >= len(w) {
			return nil
		}
		r, n := utf8.DecodeRuneInString(w[j:])
		switch r {
		case '，', '。', '；', ',', ';', '及', '和', '与', '、':
			return nil
		}
		j += n
	}
	d := j
	for d < len(w) && isDigit(w[d]) {
		d++
	}
	e := skipRESpace(w, d)
	for _, end := range ends {
		if strings.HasPrefix(w[e:], end) {
			return []int{0, e + len(end), j, d}
		}
	}
	return nil
}
