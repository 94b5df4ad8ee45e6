package parser

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Glued renderings run the cells of the 2019/2021 tables together with no
// separator ("规范性文件898989", "行政许可3960181"). Labels are cut apart
// with the templates' vocabulary; a run of digits is split into a row's
// values only where the table's arithmetic leaves one way to do it (a row
// of table 三 whose 总计 is the sum of the other six, the five groups of
// table 四). A run with several possible splits is kept as raw text with a
// finding: the parser does not choose between them.

// gluedStartRe finds the glued table: a 第二十条 caption run together with
// the header after it.
var gluedStartRe = regexp.MustCompile(`第二十条第[(（][一二三四五六七八九十]+[)）]项\s*信息内容`)

// gluedEndRe ends the glued tables at the heading of section 五.
var gluedEndRe = regexp.MustCompile(`五、[^。，]{0,12}存在的主要问题`)

// indexGluedStart is the start of gluedStartRe's first match in s, -1 if
// none, read by hand at each 第二十条第 (every match starts with it): a
// bracket, numerals, a bracket, 项, the white space \s stands for
// ([\t\n\f\r ]), 信息内容. The backtracking matcher clears a bitmap as
// long as its input: a glued line holds the whole report
// (TestIndexGluedStartAsRegexp).
func indexGluedStart(s string) int {
	return indexWhere(s, "第二十条第", gluedStartAt)
}

// indexWhere is the start of the first marker in s that at says is
// followed by what it wants, -1 if none. The search goes on one character
// past each marker refused, so that overlapping markers (第二十条第二十条第)
// are each tried.
func indexWhere(s, marker string, at func(rest string) bool) int {
	_, first := utf8.DecodeRuneInString(marker)
	for off := 0; ; {
		i := indexText(s[off:], marker)
		if i < 0 {
			return -1
		}
		i += off
		if at(s[i+len(marker):]) {
			return i
		}
		off = i + first
	}
}

// gluedStartAt reports whether s starts with what follows 第二十条第 in a
// match of gluedStartRe.
func gluedStartAt(s string) bool {
	s, ok := cutOpen(s)
	if !ok {
		return false
	}
	s, n := cutCNDigits(s)
	if n == 0 {
		return false
	}
	switch {
	case strings.HasPrefix(s, ")"):
		s = s[1:]
	case strings.HasPrefix(s, "）"):
		s = s[len("）"):]
	default:
		return false
	}
	if !strings.HasPrefix(s, "项") {
		return false
	}
	s = s[len("项"):]
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\f' || s[0] == '\r') {
		s = s[1:]
	}
	return strings.HasPrefix(s, "信息内容")
}

// cutOpen cuts the opening bracket, ( or （, s starts with.
func cutOpen(s string) (string, bool) {
	switch {
	case strings.HasPrefix(s, "("):
		return s[1:], true
	case strings.HasPrefix(s, "（"):
		return s[len("（"):], true
	}
	return s, false
}

// indexGluedEnd is the start of gluedEndRe's first match in s, -1 if
// none, read by hand at each 五、: up to 12 characters other than 。 and
// ，, then 存在的主要问题 (TestIndexGluedEndAsRegexp).
func indexGluedEnd(s string) int {
	return indexWhere(s, "五、", gluedEndAt)
}

// gluedEndAt reports whether s, what follows a 五、, holds 存在的主要问题
// within its first 12 characters other than 。 and ，.
func gluedEndAt(s string) bool {
	for k := 0; ; k++ {
		if strings.HasPrefix(s, "存在的主要问题") {
			return true
		}
		if k == 12 || s == "" {
			return false
		}
		r, size := utf8.DecodeRuneInString(s)
		if r == '。' || r == '，' {
			return false
		}
		s = s[size:]
	}
}

// isCNDigit reports whether r is one of the numerals 一 to 十 that
// enumerators are written with.
func isCNDigit(r rune) bool {
	switch r {
	case '一', '二', '三', '四', '五', '六', '七', '八', '九', '十':
		return true
	}
	return false
}

// cnDigitsEnd returns the end of the run of Chinese numerals 一…十 that
// starts s at byte i (i itself when there is none).
func cnDigitsEnd(s string, i int) int {
	for i < len(s) {
		r, size := runeAt(s, i) // utf8.DecodeRuneInString, ideographs from their bytes
		if !isCNDigit(r) {
			break
		}
		i += size
	}
	return i
}

// enumPrefix returns the length of the enumerator enumRe matches at the
// start of s, "(三)" or "三、", or 0: the same match without the regexp
// machine, asked at every numeral of a glued text.
func enumPrefix(s string) int {
	if strings.HasPrefix(s, "(") {
		if e := cnDigitsEnd(s, 1); e > 1 && e < len(s) && s[e] == ')' {
			return e + 1
		}
		return 0
	}
	if e := cnDigitsEnd(s, 0); e > 0 && strings.HasPrefix(s[e:], "、") {
		return e + len("、")
	}
	return 0
}

// isTopEnum reports whether s starts with a top enumerator "三、", as
// `^[一二三四五六七八九十]+、` matches.
func isTopEnum(s string) bool {
	e := cnDigitsEnd(s, 0)
	return e > 0 && strings.HasPrefix(s[e:], "、")
}

// isSubEnum reports whether s starts with a sub-enumerator "(三)", as
// `^\([一二三四五六七八九十]+\)` matches.
func isSubEnum(s string) bool {
	return strings.HasPrefix(s, "(") && enumPrefix(s) > 0
}

// enumOnly reports whether w is an enumerator alone, as enumOnlyRe
// matches it: "(七)", "七、" or "12.".
func enumOnly(w string) bool {
	if n := enumPrefix(w); n > 0 {
		return n == len(w)
	}
	d := 0
	for d < len(w) && isDigit(w[d]) {
		d++
	}
	return d >= 1 && d <= 2 && d+1 == len(w) && w[d] == '.'
}

var (
	enumRe = regexp.MustCompile(`^\(([一二三四五六七八九十]+)\)|^[一二三四五六七八九十]+、`)
)

// gluedVocab returns the registered revisions' words, Clean()ed, longest
// first.
func gluedVocab() []string {
	return vocabOf(loaded()).vocab
}

// vocabOf makes the vocabulary of f's revisions once (gluedVocab).
func vocabOf(f *forms) *forms {
	f.vocabOnce.Do(func() {
		set := map[string]bool{"信息内容": true, "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)": true,
			"三、收到和处理政府信息公开申请情况": true, "四、政府信息公开行政复议、行政诉讼情况": true, "总计": true, "其他": true}
		for _, c := range f.t2Columns {
			set[Clean(c.label)] = true
		}
		for _, r := range f.t2Rows {
			set[Clean(r.label)] = true
		}
		for _, r := range f.t3Rows {
			set[Clean(r.label)] = true
		}
		for _, h := range t3Header {
			set[h] = true
		}
		set["社会公益组织"] = true
		for h := range t4Header {
			set[h] = true
		}
		vocab := make([]string, 0, len(set))
		for w := range set {
			vocab = append(vocab, w)
		}
		sort.Slice(vocab, func(i, j int) bool {
			if len(vocab[i]) != len(vocab[j]) {
				return len(vocab[i]) > len(vocab[j])
			}
			return vocab[i] < vocab[j]
		})
		f.vocab = vocab
		f.vocabAt = map[rune][]string{}
		for _, w := range vocab {
			r, _ := utf8.DecodeRuneInString(w)
			f.vocabAt[r] = append(f.vocabAt[r], w)
			if r < 0x10000 {
				f.vocabFirst[r/64] |= 1 << (r % 64)
			}
		}
	})
	return f
}

// gluedGrid cuts the glued tables of text (one string) into a stream of
// cells: labels and runs of digits, the runs marked Glued.
//
// cleaned says that text is cleaned already (Clean(text) == text): the
// table's line alone, cleaned with the prose.
func gluedGrid(text string, line int, cleaned bool) *Grid {
	clean := Clean
	if cleaned {
		clean = keepText
	}
	s := gluedTextWith(text, clean)
	g := &Grid{Stream: true, Form: "glued", Line: line}
	cells := make([]Cell, 0, len(s)/10+16) // a glued table has a cell every 10 bytes or so
	words := make([]string, 0, 32)         // appendWords' buffer
	i := 0
	for i < len(s) {
		j := numberRunEnd(s, i)
		if j > i {
			run := s[i:j]
			// "…0000000" + "2.其他法律…": the enumerator of the next label
			// ends the run; give it back to the label.
			if m := trailingEnum(run); m >= 0 && j < len(s) && startsHan(s[j:]) {
				j = i + m
				run = s[i:j]
			}
			if run := trimCleanSpace(run); run != "" {
				cells = append(cells, Cell{Text: run, Line: line, Glued: true})
			}
			if j > i {
				i = j
				continue
			}
		}
		// text up to the next run of digits (an enumerator "1." stays)
		k := i
		for k < len(s) {
			// a run of digits starts with a digit or a sign
			c := s[k]
			if c >= '0' && c <= '9' || c == '+' || c == '-' {
				if e := numberRunEnd(s, k); e > k {
					if trailingEnum(s[k:e]) == 0 && e < len(s) && startsHan(s[e:]) {
						k = e // an enumerator inside the text
						continue
					}
					break
				}
			}
			// s is Clean's: valid UTF-8, a character as long as its lead
			// byte says
			switch {
			case c < utf8.RuneSelf:
				k++
			case c < 0xE0:
				k += 2
			case c < 0xF0:
				k += 3
			default:
				k += 4
			}
		}
		k = min(k, len(s))
		words = appendWords(words[:0], s[i:k])
		for _, w := range words {
			if w = trimCleanSpace(w); w != "" {
				cells = append(cells, Cell{Text: w, Line: line})
			}
		}
		i = k
	}
	g.Rows = [][]Cell{cells}
	return g
}

// gluedText is Clean(text) cut before gluedEndRe's first match, the text
// gluedGrid reads. The glued table is followed by sections 五 and 六, up
// to the end of the document: text is cleaned only up to a little after
// its first 存在的主要问题 when the match is found there. (Clean reads a
// text from left to right, so Clean of a prefix of text cut at the start
// of a character is a prefix of Clean(text); and a match that starts at
// least gluedEndSpan bytes before the end of the prefix is the first one
// of the whole text too: one starting before it would lie within the
// prefix.)
func gluedText(text string) string { return gluedTextWith(text, Clean) }

// gluedTextWith is gluedText with clean for Clean: keepText for a text
// cleaned already (Clean is idempotent: TestGluedTextAsClean).
func gluedTextWith(text string, clean func(string) string) string {
	if i := indexText(text, "存在的主要问题"); i >= 0 {
		cut := i + len("存在的主要问题") + 256
		for cut < len(text) && text[cut]&0xc0 == 0x80 {
			cut++ // to the start of a character
		}
		if cut < len(text) {
			p := clean(text[:cut])
			if at := indexGluedEnd(p); at >= 0 && at+gluedEndSpan <= len(p) {
				return p[:at]
			}
		}
	}
	s := clean(text)
	if at := indexGluedEnd(s); at >= 0 {
		s = s[:at]
	}
	return s
}

// keepText returns s: gluedTextWith's clean for a cleaned text.
func keepText(s string) string { return s }

// gluedEndSpan bounds the length of a match of gluedEndRe in bytes: 五、
// (6), 12 characters of up to 4 bytes, 存在的主要问题 (21).
const gluedEndSpan = 6 + 12*4 + 21

// trimCleanSpace is strings.TrimSpace of a piece of a cleaned string, in
// which the only white space is the ASCII space (Clean makes a space of
// every other).
func trimCleanSpace(s string) string {
	for len(s) > 0 && s[0] == ' ' {
		s = s[1:]
	}
	for len(s) > 0 && s[len(s)-1] == ' ' {
		s = s[:len(s)-1]
	}
	return s
}

// trailingEnum returns where the enumerator "2." that ends run starts
// (a digit and a full stop, as `\d\.$` matches), or -1.
func trailingEnum(run string) int {
	if n := len(run); n >= 2 && run[n-1] == '.' && isDigit(run[n-2]) {
		return n - 2
	}
	return -1
}

func startsHan(s string) bool {
	if s == "" {
		return false // as utf8.DecodeRuneInString's RuneError is not
	}
	r, _ := runeAt(s, 0)
	return isHan(r) || r == '“' || r == '"'
}

// numberRunEnd returns the end of the run of number characters at i:
// digits, signs and points, spaces between them, and 元 after a digit.
func numberRunEnd(s string, i int) int {
	j := i
	sawDigit := false
	for j < len(s) {
		c := s[j]
		switch {
		case c >= '0' && c <= '9':
			sawDigit = true
			j++
		case c == '.' && sawDigit, c == '+' || c == '-':
			j++
		case c == ' ' && (sawDigit || j > i):
			j++
		case sawDigit && strings.HasPrefix(s[j:], "元"):
			j += len("元")
		case sawDigit && strings.HasPrefix(s[j:], "万元"):
			j += len("万元")
		default:
			if !sawDigit {
				return i
			}
			return j
		}
	}
	if !sawDigit {
		return i
	}
	return j
}

// cutWords splits a run of text into the templates' words, longest match
// first; text between known words stays in one piece.
func cutWords(s string) []string {
	return appendWords(nil, s)
}

// appendWords appends the words of s (see cutWords) to dst. Every word is
// a piece of s, and the pieces follow one another: an enumerator cut off
// before its label ("(七)" "总计") is joined to it by taking both pieces
// of s at once.
func appendWords(dst []string, s string) []string {
	return appendWordsIn(vocabOf(loaded()), dst, s)
}

// appendWordsIn is appendWords by f's vocabulary (f made by vocabOf).
func appendWordsIn(f *forms, dst []string, s string) []string {
	base := len(dst)
	i, start := 0, 0
	for i < len(s) {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = runeAt(s, i)
		}
		n := 0 // length of the known word at i
		if r >= 0x10000 || f.vocabFirst[r/64]&(1<<(r%64)) != 0 {
			for _, v := range f.vocabAt[r] {
				if strings.HasPrefix(s[i:], v) {
					n = len(v)
					break
				}
			}
		}
		if n == 0 {
			// a label with an enumerator of its own: (三)不予公开, 1.属于…
			if (r == '(' || isCNDigit(r)) && i > start && enumPrefix(s[i:]) > 0 {
				dst = append(dst, s[start:i])
				start = i
			}
			i += size
			continue
		}
		if i > start {
			dst = append(dst, s[start:i])
		}
		// a known word may carry an enumerator before it: "2." or "(七)"
		dst = append(dst, s[i:i+n])
		i += n
		start = i
	}
	if start < len(s) {
		dst = append(dst, s[start:])
	}
	// mergeEnums, in place: the pieces cover s in order from offset 0
	w, off := base, 0
	for k := base; k < len(dst); k++ {
		p := dst[k]
		if k+1 < len(dst) && enumOnly(p) {
			p = s[off : off+len(p)+len(dst[k+1])]
			k++
		}
		off += len(p)
		dst[w] = p
		w++
	}
	return dst[:w]
}

// splitGlued splits a run of digits into n numbers. Spaces and signs are
// boundaries the rendering kept; a number has no leading zero (unless it
// is 0 or 0.x) and 元 only at its end. It returns the splits that pass
// check, at most limit of them. check is given the values of each split
// in one buffer: it must not keep or change them.
func splitGlued(run string, n int, check func([]float64) bool, limit int) [][]string {
	var s gluedSplitter // its buffers are the caller's
	return s.split(run, n, check, nil, limit)
}

// A sumSpan is part of a check: the value at to is the sum of the values
// from from up to it (approx, the sum made from 0 in order). The split
// search drops a branch that breaks it as soon as it can tell, which
// check would have refused at the end; the splits found are the same.
type sumSpan struct{ from, to int }

// rowSumSpans and t4Spans are rowSumCheck and t4Check as spans, for a row
// of 7 values and the 15 values of table 四.
var (
	rowSumSpans = []sumSpan{{0, 6}}
	t4Spans     = []sumSpan{{0, 4}, {5, 9}, {10, 14}}
)

// A gluedSplitter runs splitGlued's search. Its buffers serve every run
// it splits (a modernReader keeps one for its document); only the splits
// found are new.
type gluedSplitter struct {
	segs  []string  // the run cut at its spaces and signs
	rest  []int     // rest[si] is the number of bytes in segs[si:]
	cur   []string  // the split being made
	vals  []float64 // the values of cur, each read once
	found [][]string
	// flat holds the values of the splits found, one after another:
	// found's slices are cut from it, and both serve again at the next
	// call (see split).
	flat  []string
	n     int
	limit int
	check func([]float64) bool
	sums  []sumSpan // the check's sums, if known (see sumSpan)
	// digits is set when the run is one run of digits: every value is then
	// a count as long as it is printed (no sign, no point, no leading
	// zero), and a sum at least as long as its longest term.
	digits bool
}

// split is splitGlued with s's buffers; sums, if not nil, are sums check
// requires of every split. The splits it returns are s's buffers: they
// hold until the next call, and a caller that keeps them copies them
// (keepSplits).
func (s *gluedSplitter) split(run string, n int, check func([]float64) bool, sums []sumSpan, limit int) [][]string {
	s.start(run, n, check, sums, limit)
	if s.digits && len(s.segs[0]) == n {
		s.byDigit()
	} else {
		s.rec(0, 0)
	}
	return s.finish()
}

// search is split by rec's search alone, without byDigit's shortcut
// (for the tests that hold the shortcut to it).
func (s *gluedSplitter) search(run string, n int, check func([]float64) bool, sums []sumSpan, limit int) [][]string {
	s.start(run, n, check, sums, limit)
	s.rec(0, 0)
	return s.finish()
}

// start readies s's buffers for a split of run.
func (s *gluedSplitter) start(run string, n int, check func([]float64) bool, sums []sumSpan, limit int) {
	s.segs = s.segs[:0]
	if run != "" && allDigits(run) {
		// one field, no sign to cut it at (most runs): what eachField
		// and the cuts below make of it
		s.segs = append(s.segs, run)
	} else {
		s.fields(run)
	}
	s.ready(n, check, sums, limit)
}

// fields cuts run into s.segs at its spaces and signs.
func (s *gluedSplitter) fields(run string) {
	s.eachField(run, func(f string) {
		// a sign starts a number: "2648-18538" is 2648, then -18…
		last := 0
		for k := 1; k < len(f); k++ {
			if (f[k] == '-' || f[k] == '+') && f[k-1] != '-' && f[k-1] != '+' {
				s.segs = append(s.segs, f[last:k])
				last = k
			}
		}
		s.segs = append(s.segs, f[last:])
	})
}

// ready readies s's other buffers for a split of s.segs into n values.
func (s *gluedSplitter) ready(n int, check func([]float64) bool, sums []sumSpan, limit int) {
	// a branch that has fewer bytes left than values to find, or more
	// segments than values, is dead (every value takes a byte, every
	// segment a value).
	s.rest = append(s.rest[:0], make([]int, len(s.segs)+1)...)
	for si := len(s.segs) - 1; si >= 0; si-- {
		s.rest[si] = s.rest[si+1] + len(s.segs[si])
	}
	if s.cur == nil { // buffers for a row of 三 and table 四, made once
		s.cur, s.vals, s.found, s.flat = make([]string, 0, 16), make([]float64, 0, 16), make([][]string, 0, 4), make([]string, 0, 32)
	}
	s.cur, s.vals, s.found, s.flat = s.cur[:0], s.vals[:0], s.found[:0], s.flat[:0]
	s.n, s.limit, s.check, s.sums = n, limit, check, sums
	s.digits = len(s.segs) == 1 && allDigits(s.segs[0])
}

// finish returns the splits found (nil for none) and drops what s must
// not keep.
func (s *gluedSplitter) finish() [][]string {
	found := s.found
	s.check, s.sums = nil, nil
	if len(found) == 0 {
		return nil
	}
	return found
}

// byDigit is rec's search for a run of n digits split into n values:
// every value takes a byte, so the only split is a digit a value (each
// valid: a digit alone has no leading zero), found when the sums and
// check hold.
func (s *gluedSplitter) byDigit() {
	if s.limit < 1 {
		return
	}
	seg := s.segs[0]
	for i := 0; i < len(seg); i++ {
		s.cur, s.vals = append(s.cur, seg[i:i+1]), append(s.vals, float64(seg[i]-'0'))
	}
	for _, sp := range s.sums {
		if sp.to >= s.n {
			continue
		}
		part := 0.0
		for _, v := range s.vals[sp.from:sp.to] {
			part += v
		}
		if !approx(part, s.vals[sp.to]) {
			return
		}
	}
	if s.check == nil || s.check(s.vals) {
		s.keep()
	}
}

// keep adds the split in s.cur to the splits found.
func (s *gluedSplitter) keep() {
	from := len(s.flat)
	s.flat = append(s.flat, s.cur...)
	s.found = append(s.found, s.flat[from:len(s.flat):len(s.flat)])
}

// keepSplits copies splits (split's buffers) for a caller that keeps them.
func keepSplits(splits [][]string) [][]string {
	if len(splits) == 0 {
		return nil
	}
	n := 0
	for _, sp := range splits {
		n += len(sp)
	}
	flat := make([]string, 0, n)
	out := make([][]string, len(splits))
	for i, sp := range splits {
		from := len(flat)
		flat = append(flat, sp...)
		out[i] = flat[from:len(flat):len(flat)]
	}
	return out
}

// eachField calls fn with each field of run as strings.Fields cuts it,
// without making their slice for a run of ASCII (a run of digits).
func (s *gluedSplitter) eachField(run string, fn func(string)) {
	for i := 0; i < len(run); i++ {
		if run[i] >= utf8.RuneSelf {
			for _, f := range strings.Fields(run) {
				fn(f)
			}
			return
		}
	}
	start := -1
	for i := 0; i < len(run); i++ {
		switch run[i] {
		case ' ', '\t', '\n', '\v', '\f', '\r':
			if start >= 0 {
				fn(run[start:i])
				start = -1
			}
		default:
			if start < 0 {
				start = i
			}
		}
	}
	if start >= 0 {
		fn(run[start:])
	}
}

// rec extends the split in s.cur from byte pos of segment si.
func (s *gluedSplitter) rec(si, pos int) {
	n, segs, rest := s.n, s.segs, s.rest
	if len(s.found) >= s.limit || len(s.cur) > n {
		return
	}
	if need := n - len(s.cur); rest[si]-pos < need || len(segs)-si > need {
		return
	}
	if si == len(segs) {
		if len(s.cur) != n {
			return
		}
		if s.check == nil || s.check(s.vals) { // the checks read their values only
			s.keep()
		}
		return
	}
	// The sum the value chosen here must be, if it is one. In a run of
	// digits, a sum still to come is a count at least as long as the sum
	// of its terms so far: the values left need that many bytes and one
	// for each other value.
	t := len(s.cur)
	isSum, sum := false, 0.0
	var term *sumSpan // the sum the value chosen here is a term of
	termSum := 0.0    // the sum of its terms before it
	for i := range s.sums {
		sp := &s.sums[i]
		if t < sp.from || t > sp.to || sp.to >= n {
			continue
		}
		part := 0.0
		for _, v := range s.vals[sp.from:t] {
			part += v
		}
		if t == sp.to {
			isSum, sum = true, part
		} else {
			term, termSum = sp, part
		}
		if s.digits && t > sp.from && rest[si]-pos < sp.to-t+countDigits(part)+n-1-sp.to {
			return
		}
	}
	seg := segs[si]
	// The ends worth reading (the others fail the checks below): in a run
	// of digits, a value starting with 0 is 0, a count has fewer than
	// gluedDigits digits, and a sum is printed in as many as it has.
	lo, hi := pos+1, len(seg)
	if s.digits {
		if seg[pos] == '0' {
			hi = pos + 1
		}
		hi = min(hi, pos+gluedDigits-1)
		if isSum {
			lo = pos + countDigits(sum)
			hi = min(hi, lo)
		}
	}
	for end := lo; end <= hi; end++ {
		// the branch after p is dead (see rest): skip reading p
		if need := n - len(s.cur) - 1; end == len(seg) && (rest[si+1] < need || len(segs)-si-1 > need) ||
			end < len(seg) && (rest[si]-end < need || len(segs)-si > need) {
			continue
		}
		p := seg[pos:end]
		if !validNumber(p) {
			continue
		}
		if end < len(seg) && seg[end] == '.' {
			continue // never cut a number before its decimal point
		}
		v, ok := gluedValue(p)
		if !ok {
			continue // no split with p in it is read
		}
		if isSum && !approx(sum, v) {
			continue // check refuses every split with p here
		}
		if s.digits && term != nil && rest[si]-end < term.to-t-1+countDigits(termSum+v)+n-1-term.to {
			// the next call would return at once (see above), and so
			// for every longer p, a larger term leaving fewer bytes
			break
		}
		s.cur, s.vals = append(s.cur, p), append(s.vals, v)
		if end == len(seg) {
			s.rec(si+1, 0)
		} else {
			s.rec(si, end)
		}
		s.cur, s.vals = s.cur[:len(s.cur)-1], s.vals[:len(s.vals)-1]
	}
}

// countDigits is the number of digits of the count x (1 for 0).
func countDigits(x float64) int {
	n := 1
	for u := uint64(x); u >= 10; u /= 10 {
		n++
	}
	return n
}

// gluedValue is readNumber(p).num for a p that validNumber accepts,
// read without readNumber's cleaning, patterns and allocation: a sign,
// digits, a decimal part, 元 or 万元. Eleven digits or more alone are
// not a count (see gluedDigits).
func gluedValue(p string) (float64, bool) {
	if p != "" && allDigits(p) {
		if len(p) >= gluedDigits {
			return 0, false
		}
		// a count, exact in a float64: ParseFloat's answer, read at once
		v := 0
		for i := 0; i < len(p); i++ {
			v = v*10 + int(p[i]-'0')
		}
		return float64(v), true
	}
	q, ok := strings.CutSuffix(p, "万元")
	if !ok {
		q = strings.TrimSuffix(q, "元")
	}
	neg := false
	if q != "" && (q[0] == '+' || q[0] == '-') {
		neg = q[0] == '-'
		q = q[1:]
	}
	v, err := strconv.ParseFloat(q, 64)
	if err != nil {
		return 0, false
	}
	if neg {
		v = -v
	}
	return v, true
}

// validNumber reports whether p is a number as a glued cell prints it:
// ^[+-]?(0|[1-9]\d*)(\.\d+)?(元|万元)?$, matched by hand (it is asked
// of every split of every glued run).
func validNumber(p string) bool {
	if q, ok := strings.CutSuffix(p, "万元"); ok {
		p = q
	} else {
		p = strings.TrimSuffix(p, "元")
	}
	if p != "" && (p[0] == '+' || p[0] == '-') {
		p = p[1:]
	}
	digits := func(s string) int {
		n := 0
		for n < len(s) && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		return n
	}
	n := digits(p)
	if n == 0 || (p[0] == '0' && n > 1) {
		return false
	}
	p = p[n:]
	if p == "" {
		return true
	}
	if p[0] != '.' {
		return false
	}
	m := digits(p[1:])
	return m > 0 && m == len(p)-1
}

// rowSumCheck is the arithmetic of a row of table 三: the seventh value
// (总计) is the sum of the six before it.
func rowSumCheck(v []float64) bool {
	s := 0.0
	for _, x := range v[:6] {
		s += x
	}
	return approx(s, v[6])
}

// t4Check is the arithmetic of table 四: in each group of five, the fifth
// is the sum of the four before it.
func t4Check(v []float64) bool {
	for g := 0; g+5 <= len(v); g += 5 {
		if !approx(v[g]+v[g+1]+v[g+2]+v[g+3], v[g+4]) {
			return false
		}
	}
	return true
}
