package parser

import (
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestIndexText: indexText agrees with strings.Index on Chinese, ASCII,
// mixed and invalid text, needles at either end, repeated or absent.
func TestIndexText(t *testing.T) {
	texts := []string{"", "申", "申请", "收到申请12件，申请", "本年申申请请", "abc申请", "申请abc", "\xe7\x94申请", "请申请", "申请人申请", "a", "ab申"}
	subs := []string{"申请", "申", "请", "a", "ab", "申请人", "\xb3", "12件", "，申请", "申请abc"}
	for _, s := range texts {
		for _, sub := range subs {
			if got, want := indexText(s, sub), strings.Index(s, sub); got != want {
				t.Errorf("indexText(%q, %q) = %d, want %d", s, sub, got, want)
			}
		}
	}
}

// listingTitlesByLines is listingTitles as it was: every line asked.
func listingTitlesByLines(text string) int {
	n := 0
	for line := range strings.SplitSeq(text, "\n") {
		if strings.Contains(line, "报告") && utf8.RuneCountInString(line) <= 80 && yearRe.MatchString(line) {
			n++
		}
	}
	return n
}

// TestListingTitles: counting from one 报告 to the next counts the lines
// every line's scan counts, lines with two, at the ends, or without.
func TestListingTitles(t *testing.T) {
	texts := []string{"", "报告", "2019年报告", "2019年报告\n2020年报告报告\n\n2021年 年度报告", "\n2019年报告\n", "x\n" + strings.Repeat("长", 90) + "2019年报告\n2018年报告", "报告\n报告2019年\n",
		"a\nb\n2019年报告\nc\n2020年报告", "2019年报告报告\n\n\n2020年\n报告"}
	for _, s := range fixtureTexts(t) {
		texts = append(texts, s, readText(s).text)
	}
	for _, s := range texts {
		if got, want := listingTitles(s), listingTitlesByLines(s); got != want {
			t.Errorf("listingTitles(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestHasGlueMarker: the one-pass search finds what a Contains of each
// marker finds.
func TestHasGlueMarker(t *testing.T) {
	for _, s := range []string{"", "结果", "结果维持", "其他结果尚未审结", "维持结果纠正", "a结果纠正", "本年度办理结果（一）予以公开", "申请人", "申请人情况", "\xe7结果维持", "信息内", "信息内容x"} {
		want := false
		for _, m := range glueMarkers {
			want = want || strings.Contains(s, m)
		}
		if got := hasGlueMarker(s); got != want {
			t.Errorf("hasGlueMarker(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestIndexTextAsIndex holds indexText, which searches a needle's rarest
// continuation byte, to strings.Index on random texts and needles of
// Chinese words, ASCII and broken characters.
func TestIndexTextAsIndex(t *testing.T) {
	pieces := []string{"五、", "六、", "件", "起", "宗", "指", "统计指标", "报告", "地址", "电话", "传真", "邮", "申请", "第二十条第",
		"处理费", "、", "。", "一", "12", " ", "\n", "a", "\xe4", "\xbb", "\xb6", "\x80", "\xe4\xbb"}
	rnd := rand.New(rand.NewSource(10))
	found := 0
	for range 100000 {
		var b strings.Builder
		for k := rnd.Intn(12); k >= 0; k-- {
			b.WriteString(pieces[rnd.Intn(len(pieces))])
		}
		s := b.String()
		sub := pieces[rnd.Intn(len(pieces))]
		if rnd.Intn(3) == 0 {
			sub += pieces[rnd.Intn(len(pieces))]
		}
		got, want := indexText(s, sub), strings.Index(s, sub)
		if got != want {
			t.Fatalf("indexText(%q, %q) = %d, want %d", s, sub, got, want)
		}
		if got >= 0 {
			found++
		}
	}
	if found < 10000 {
		t.Errorf("only %d needles found", found)
	}
}
