package parser

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// The glued texts 003 and 015 are the same reports as pingtan_2019.html and
// pingtan_2023.html: every value read from the glued text must be the
// HTML's, tables 三 and 四 must be read whole, and table 二 may only be
// left unread (ambiguous), never read differently.
func TestGluedAgainstHTML(t *testing.T) {
	for glued, html := range map[string]string{
		"text/003_pingtan-zhqsyq_2019.txt": "html/pingtan_2019.html",
		"text/015_pingtan-zhqsyq_2023.txt": "html/pingtan_2023.html",
	} {
		g, h := parseFixture(t, glued), parseFixture(t, html)
		if g.Form != "glued" || g.Template != h.Template {
			t.Errorf("%s: form %q template %q, want glued %q", glued, g.Form, g.Template, h.Template)
		}
		want := statMap(h)
		read, unread := 0, 0
		for _, s := range g.Stats {
			w, ok := want[statKey{s.Code, s.Dim}]
			if !ok {
				t.Errorf("%s: %s/%s not in the HTML", glued, s.Code, s.Dim)
				continue
			}
			if s.Value == nil {
				unread++
				if s.Table != table2 {
					t.Errorf("%s: %s/%s of %s left unread (raw %q)", glued, s.Code, s.Dim, s.Table, s.Raw)
				}
				continue
			}
			read++
			if w.Value == nil || *w.Value != *s.Value {
				t.Errorf("%s: %s/%s = %v, the HTML says %v", glued, s.Code, s.Dim, *s.Value, w.Value)
			}
		}
		if len(g.Stats) != len(h.Stats) {
			t.Errorf("%s: %d stats, the HTML has %d", glued, len(g.Stats), len(h.Stats))
		}
		t.Logf("%s: %d values read, %d left unread (ambiguous)", glued, read, unread)
	}
}

func TestSplitGlued(t *testing.T) {
	for _, tc := range []struct {
		run   string
		n     int
		check func([]float64) bool
		want  [][]string
	}{
		{"230 000023", 7, rowSumCheck, [][]string{{"23", "0", "0", "0", "0", "0", "23"}}},
		{"640020470", 7, rowSumCheck, [][]string{{"64", "0", "0", "2", "0", "4", "70"}}},
		{"000", 3, nil, [][]string{{"0", "0", "0"}}},
		{"2648-18538", 3, nil, [][]string{{"2", "648", "-18538"}, {"26", "48", "-18538"}, {"264", "8", "-18538"},
			{"2648", "-1", "8538"}, {"2648", "-18", "538"}, {"2648", "-185", "38"}, {"2648", "-1853", "8"}}},
		{"10203120001200000", 15, t4Check, [][]string{{"1", "0", "2", "0", "3", "12", "0", "0", "0", "12", "0", "0", "0", "0", "0"}}},
		{"110024001510102", 15, t4Check, [][]string{{"1", "1", "0", "0", "2", "4", "0", "0", "1", "5", "1", "0", "1", "0", "2"}}},
		{"24252.311082", 1, nil, [][]string{{"24252.311082"}}},
		{"0.5.5", 2, nil, nil},
	} {
		got := splitGlued(tc.run, tc.n, tc.check, 10)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("splitGlued(%q, %d) = %v, want %v", tc.run, tc.n, got, tc.want)
		}
	}
}

// cutWordsCopied is cutWords as it was first written: the known words
// taken from the vocabulary, and an enumerator joined to its label by
// concatenation (mergeEnums).
func cutWordsCopied(s string) []string {
	f := vocabOf(loaded())
	var out []string
	i, start := 0, 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		w := ""
		for _, v := range f.vocabAt[r] {
			if strings.HasPrefix(s[i:], v) {
				w = v
				break
			}
		}
		if w == "" {
			if (r == '(' || isCNDigit(r)) && i > start && enumPrefix(s[i:]) > 0 {
				out = append(out, s[start:i])
				start = i
			}
			i += size
			continue
		}
		if i > start {
			out = append(out, s[start:i])
		}
		out = append(out, w)
		i += len(w)
		start = i
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	var merged []string
	for i := 0; i < len(out); i++ {
		if i+1 < len(out) && enumOnly(out[i]) {
			merged = append(merged, out[i]+out[i+1])
			i++
			continue
		}
		merged = append(merged, out[i])
	}
	return merged
}

// TestAppendWordsAsCopied holds cutWords, which takes every word as a
// piece of its text, to the words cut and joined as copies: on the glued
// fixtures' texts, every vocabulary word with enumerators before and
// after it, and odd bytes.
func TestAppendWordsAsCopied(t *testing.T) {
	var texts []string
	for _, w := range gluedVocab() {
		texts = append(texts, w, "(七)"+w, "七、"+w, "12."+w, w+"(三)", w+"1.", "x"+w+"其他"+w, w[:len(w)-1], "\xff"+w)
	}
	texts = append(texts, "", "(", "(七)", "七、", "12.", "\xe7\xac", "(七)(八)总计", "1.2.3.")
	for _, name := range []string{"013_pingtan-zhqsyq_2021.txt", "015_pingtan-zhqsyq_2023.txt", "003_pingtan-zhqsyq_2019.txt"} {
		src, err := os.ReadFile(filepath.Join("..", "fixtures", "text", name))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(src), "\n") {
			texts = append(texts, Clean(line))
		}
	}
	buf := []string{"kept"}
	for _, s := range texts {
		want := cutWordsCopied(s)
		if got := cutWords(s); !slices.Equal(got, want) {
			t.Errorf("cutWords(%.40q) = %q, copied %q", s, got, want)
		}
		if got := appendWords(buf[:1], s); got[0] != "kept" || !slices.Equal(got[1:], want) {
			t.Errorf("appendWords(%.40q) = %q, copied %q", s, got, want)
		}
	}
}

// TestSplitSumsAsCheck holds the split search that drops branches by the
// check's sums to the one that only asks check of each whole split: the
// same splits in the same order, for rows of table 三 and table 四, on
// runs made to add up, runs that do not, and runs with spaces and signs.
func TestSplitSumsAsCheck(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 2021))
	var runs []string
	for range 500 {
		var b strings.Builder
		n := 7
		if rng.IntN(3) == 0 {
			n = 15
		}
		for g := 0; g < n; g += 5 {
			size := min(5, n-g)
			if n == 7 {
				size = 7
			}
			sum := 0
			for range size - 1 {
				v := rng.IntN(3)
				switch rng.IntN(4) {
				case 0:
					v = rng.IntN(40)
				case 1:
					if n == 7 {
						v = rng.IntN(3000)
					}
				}
				sum += v
				fmt.Fprint(&b, v)
			}
			if rng.IntN(5) == 0 {
				sum += rng.IntN(3) // a run that does not add up
			}
			fmt.Fprint(&b, sum)
			if n == 7 {
				break
			}
		}
		run := b.String()
		switch rng.IntN(10) {
		case 0:
			k := rng.IntN(len(run))
			run = run[:k] + " " + run[k:]
		case 1:
			k := rng.IntN(len(run))
			run = run[:k] + "-" + run[k:]
		}
		if len(run) <= n+7 { // the search by check alone takes too long beyond
			runs = append(runs, run)
		}
	}
	runs = append(runs, "640020470", "270020130", "220000325", "10203120001200000", "110024001510102", "0000000", "000000000000000", "230 000023")
	var s gluedSplitter
	for _, run := range runs {
		for _, tc := range []struct {
			n     int
			check func([]float64) bool
			sums  []sumSpan
		}{{7, rowSumCheck, rowSumSpans}, {15, t4Check, t4Spans}} {
			for _, limit := range []int{2, 1000} {
				want := splitGlued(run, tc.n, tc.check, limit)
				if got := s.split(run, tc.n, tc.check, tc.sums, limit); !reflect.DeepEqual(got, want) {
					t.Errorf("split(%q, %d, limit %d) with sums = %q, by check alone %q", run, tc.n, limit, got, want)
				}
			}
		}
	}
}

// A run of n digits split into n values has one split, a digit a value:
// byDigit gives it without rec's search, and the same answer for every
// run, check, sums and limit (runs of glued texts are mostly these: 7
// zeros for a row of 三 with no request).
func TestByDigitAsSearch(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 6))
	var runs []string
	for range 3000 {
		n := 7
		if rng.IntN(3) == 0 {
			n = 15
		}
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('0' + rng.IntN(3)) // small digits: many runs add up
		}
		if rng.IntN(4) == 0 { // a row of 三 or a group of 四 that adds up
			for g := 0; g+5 <= n || g == 0 && n == 7; g += 5 {
				last, sum := g+4, 0
				if n == 7 {
					last = 6
				}
				for i := g; i < last; i++ {
					if sum+int(b[i]-'0') > 9 {
						b[i] = '0'
					}
					sum += int(b[i] - '0')
				}
				b[last] = byte('0' + sum)
				if n == 7 {
					break
				}
			}
		}
		runs = append(runs, string(b))
	}
	runs = append(runs, "0000000", "1000001", "6000006", "000000000000000", "110021100000000", "0000001")
	var s gluedSplitter
	hits := 0
	for _, run := range runs {
		for _, tc := range []struct {
			check func([]float64) bool
			sums  []sumSpan
		}{{rowSumCheck, rowSumSpans}, {rowSumCheck, nil}, {t4Check, t4Spans}, {t4Check, nil}, {nil, nil}, {nil, rowSumSpans}} {
			if tc.sums != nil && tc.sums[len(tc.sums)-1].to >= len(run) || tc.check != nil && len(run) < 7 {
				continue
			}
			for _, limit := range []int{0, 1, 2, 17} {
				want := s.search(run, len(run), tc.check, tc.sums, limit)
				want = keepSplits(want)
				if !s.digits || len(s.segs[0]) != len(run) {
					t.Fatalf("%q: not a run byDigit takes", run)
				}
				got := s.split(run, len(run), tc.check, tc.sums, limit)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("split(%q, %d, limit %d) = %q, by the search %q", run, len(run), limit, got, want)
				}
				hits += len(got)
			}
		}
	}
	if hits == 0 {
		t.Fatal("no run split: the test tests nothing")
	}
}

// The splits split returns are its buffers; keepSplits copies them, and
// the copy holds after the next split.
func TestKeepSplits(t *testing.T) {
	var s gluedSplitter
	first := s.split("1000001", 7, rowSumCheck, rowSumSpans, 2)
	kept := keepSplits(first)
	s.split("2000002", 7, rowSumCheck, rowSumSpans, 2)
	if want := [][]string{{"1", "0", "0", "0", "0", "0", "1"}}; !reflect.DeepEqual(kept, want) {
		t.Fatalf("kept %q, want %q", kept, want)
	}
}

// gluedTextByClean is gluedText as it was written: the whole text cleaned,
// then cut at the first match.
func gluedTextByClean(text string) string {
	s := Clean(text)
	if loc := gluedEndRe.FindStringIndex(s); loc != nil {
		s = s[:loc[0]]
	}
	return s
}

// TestGluedTextAsClean holds gluedText, which cleans only a prefix of the
// text when it can, to cleaning it whole: over the glued fixtures from
// their tables on and variants with the end heading moved, repeated,
// split by spaces and invisible characters, written in full-width forms,
// and texts built around the cut.
func TestGluedTextAsClean(t *testing.T) {
	var texts []string
	for _, name := range []string{"003_pingtan-zhqsyq_2019.txt", "012_pingtan-zhqsyq_2020.txt", "013_pingtan-zhqsyq_2021.txt", "015_pingtan-zhqsyq_2023.txt"} {
		b, err := os.ReadFile(filepath.Join("..", "fixtures", "text", name))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if i := strings.Index(s, "第二十条第"); i >= 0 {
			s = s[i:]
		}
		texts = append(texts, s)
	}
	end := "五、存在的主要问题及改进情况"
	rng := rand.New(rand.NewPCG(23, 35))
	pieces := []string{"存在的主要问题", "五、", "五、 存在的主要问题", "五、存在的\u200b主要问题", "五、存在的 主要问题", "\u3000", " ", "\t", "，", "。", "ａｂ",
		"１２", "\u200b", "\ufeff", "\xe4\xb8", "\xff", "12", "工作", "五、工作中存在的主要问题", "五、一二三四五六七八九十一二存在的主要问题", "五、一二三四五六七八九十一二三存在的主要问题"}
	for round := range 300 {
		var b strings.Builder
		for range 5 + rng.IntN(120) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
			if rng.IntN(3) == 0 {
				b.WriteString(strings.Repeat("字", rng.IntN(40)))
			}
		}
		texts = append(texts, b.String())
		if round < len(texts) {
			base := texts[round%4]
			k := rng.IntN(len(base))
			for k < len(base) && base[k]&0xc0 == 0x80 {
				k++
			}
			texts = append(texts, base[:k]+pieces[rng.IntN(len(pieces))]+base[k:], strings.Replace(base, end, strings.Repeat(" ", rng.IntN(300))+end, 1))
		}
	}
	cut := 0
	for _, s := range texts {
		got, want := gluedText(s), gluedTextByClean(s)
		if got != want {
			t.Fatalf("gluedText(%q…) = …%q (%d bytes), by Clean of it all …%q (%d bytes)", s[:min(len(s), 60)], got[max(0, len(got)-60):], len(got), want[max(0, len(want)-60):], len(want))
		}
		// A text cleaned already is read as it is (gluedGrid's cleaned).
		if c := Clean(s); gluedTextWith(c, keepText) != want {
			t.Fatalf("gluedText of Clean(%q…) kept as it is = %q, want %q", s[:min(len(s), 60)], gluedTextWith(c, keepText), want)
		}
		if len(Clean(s)) > len(want)+300 {
			cut++
		}
	}
	if cut == 0 {
		t.Fatal("no text cut short: the test tells nothing")
	}
}

// TestTrimCleanSpace holds trimCleanSpace to strings.TrimSpace on the
// pieces of cleaned strings, which held every kind of white space.
func TestTrimCleanSpace(t *testing.T) {
	spaces := []string{" ", "\t", "\n", "\r", "\v", "\f", "\u0085", "\u00a0", "\u1680", "\u2000", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\u200b", "\ufeff"}
	rng := rand.New(rand.NewPCG(1, 2))
	n := 0
	for range 300 {
		var b strings.Builder
		for range 1 + rng.IntN(12) {
			switch rng.IntN(3) {
			case 0:
				b.WriteString(spaces[rng.IntN(len(spaces))])
			case 1:
				b.WriteString("字a")
			default:
				b.WriteString("１")
			}
		}
		s := Clean(b.String())
		for i := 0; i <= len(s); i++ {
			for j := i; j <= len(s); j++ {
				if !utf8.ValidString(s[i:j]) {
					continue
				}
				if got, want := trimCleanSpace(s[i:j]), strings.TrimSpace(s[i:j]); got != want {
					t.Fatalf("trimCleanSpace(%q) = %q, strings.TrimSpace %q", s[i:j], got, want)
				}
				n++
			}
		}
	}
	if n == 0 {
		t.Fatal("nothing compared")
	}
}

// TestGluedTextValid: gluedGrid steps over the characters of gluedText's
// string by their lead bytes, which holds for valid UTF-8 alone: the
// string is Clean's, valid whatever bytes the text held.
func TestGluedTextValid(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	pieces := []string{"\xff", "\xe4\xb8", "\xe4", "\x80", "\xed\xa0\x80", "\xf0\x9f\x98", "\xc3", "第二十条", "五、存在的主要问题", "12", " ", "\u3000", "ａ", "\u200b", "字"}
	for range 2000 {
		var b strings.Builder
		for range 1 + rng.IntN(40) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		if s := gluedText(b.String()); !utf8.ValidString(s) {
			t.Fatalf("gluedText(%q) = %q: not valid UTF-8", b.String(), s)
		}
	}
}

// TestStartSegsAsFields holds start's shortcut for a run of digits alone
// to the cutting at spaces and signs it skips (fields): the same
// segments for runs of digits, spaces, signs, points and 元.
func TestStartSegsAsFields(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 12))
	pieces := []string{"0", "1", "7", "9", "12", " ", "-", "+", ".", "元", "万元", "  "}
	runs := []string{"", "0", "123", "8010000081", " 1", "1 ", "-1", "1-2", "1+2", "１２"}
	for range 3000 {
		var b strings.Builder
		for range 1 + rng.IntN(12) {
			if rng.IntN(3) > 0 {
				b.WriteString(pieces[rng.IntN(5)]) // digits most often
			} else {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			}
		}
		runs = append(runs, b.String())
	}
	var s, ref gluedSplitter
	for _, run := range runs {
		s.start(run, 7, nil, nil, 2)
		ref.segs = ref.segs[:0]
		ref.fields(run)
		if !slices.Equal(s.segs, ref.segs) {
			t.Fatalf("start(%q) cut %q, fields %q", run, s.segs, ref.segs)
		}
		if want := len(ref.segs) == 1 && allDigits(ref.segs[0]); s.digits != want {
			t.Fatalf("start(%q): digits %v, want %v", run, s.digits, want)
		}
	}
}

// TestIndexGluedStartAsRegexp and TestIndexGluedEndAsRegexp hold the
// glued table's start and end, read by hand, to the patterns: on the
// lines of the fixtures' texts and on random texts of the patterns'
// pieces and their near misses.
func TestIndexGluedStartAsRegexp(t *testing.T) {
	pieces := []string{"第二十条第", "第二十条", "第", "(", "（", ")", "）", "一", "十", "二十", "百", "项", " ", "\t", "\n", "\v", "\u3000",
		"信息内容", "信息", "内容", "x", "\xff", "\xe4\xb8"}
	whole := []string{"第二十条第（一）项信息内容", "第二十条第(五)项 信息内容", "第二十条第（十）项\t\n信息内容", "第二十条第（一）项",
		"第二十条第（）项信息内容", "第二十条第（一项信息内容", "第二十条第一）项信息内容", "第二十条第（八））项信息内容", "第二十条第(二十三)项\v信息内容"}
	samples := append(readTexts(t), pieceTexts(13, pieces, 30000, 12)...)
	samples = append(samples, pieceTexts(19, append(whole, pieces...), 10000, 6)...)
	checkAsRegexp(t, "indexGluedStart", indexGluedStart, gluedStartRe, samples)
}

// checkAsRegexp holds index to re's first match on every sample, and
// wants at least 100 samples that hold one.
func checkAsRegexp(t *testing.T, name string, index func(string) int, re *regexp.Regexp, samples []string) {
	t.Helper()
	found := 0
	for _, s := range samples {
		want := -1
		if loc := re.FindStringIndex(s); loc != nil {
			want = loc[0]
			found++
		}
		if got := index(s); got != want {
			t.Fatalf("%s(%q) = %d, want %d", name, s, got, want)
		}
	}
	if found < 100 {
		t.Fatalf("only %d samples hold the pattern", found)
	}
}

func TestIndexGluedEndAsRegexp(t *testing.T) {
	pieces := []string{"五、", "五", "、", "存在的主要问题", "存在的", "主要问题", "。", "，", ",", "及改进情况", "的", "x", " ", "\xff", "\xe5\x98"}
	whole := []string{"五、存在的主要问题", "五、工作中存在的主要问题", "五、一二三四五六七八九十一二存在的主要问题", "五、一二三四五六七八九十一二三存在的主要问题",
		"五、。存在的主要问题", "五、x，存在的主要问题", "五、\xff\xff存在的主要问题"}
	samples := append(readTexts(t), pieceTexts(17, pieces, 30000, 12)...)
	samples = append(samples, pieceTexts(23, append(whole, pieces...), 10000, 6)...)
	checkAsRegexp(t, "indexGluedEnd", indexGluedEnd, gluedEndRe, samples)
}
