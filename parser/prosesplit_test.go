package parser

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// splitHeadingsAsWas is splitHeadings, which sectionLines replaces, as it was: both words searched
// again from each place, the unanchored pattern on 120 bytes.
func splitHeadingsAsWas(text string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(text); {
		j := strings.Index(text[i:], "五、")
		if k := strings.Index(text[i:], "六、"); k >= 0 && (j < 0 || k < j) {
			j = k
		}
		if j < 0 {
			break
		}
		j += i
		if loc := sectionHeadRe.FindStringIndex(text[j:min(len(text), j+120)]); loc != nil && loc[0] == 0 {
			b.WriteString(text[last:j])
			b.WriteString("\n" + text[j:j+loc[1]] + "\n")
			last = j + loc[1]
			i = last
			continue
		}
		_, size := utf8.DecodeRuneInString(text[j:])
		i = j + size
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// proseSamples are the fixtures' texts, as read and as readText makes
// them, the shortcut samples, and random texts made of pieces of the
// section headings and the fee sentences.
func proseSamples(t *testing.T) []string {
	texts := readTexts(t)
	pieces := []string{"五、", "六、", "五", "六", "、", "存在的主要问题及改进情况", "政府信息公开工作", "其他需要报告的事项", "其他需要报告",
		"无", "未收取", "无收取", "没有收取", "不收取", "未产生", "未发生", "均未", "信息处理费", "处理费", "收取", "元", "万元",
		"12", "0.5", " ", "\n", "。", "；", "的", "a", "\xe4", "\xbb", "\x80"}
	texts = append(texts, pieceTexts(11, pieces, 30000, 14)...)
	return texts
}

// TestSectionLinesAsSplit holds sectionLines to the lines of the text
// splitHeadings made.
func TestSectionLinesAsSplit(t *testing.T) {
	split := 0
	for _, s := range proseSamples(t) {
		got, want := sectionLines(s), strings.Split(splitHeadingsAsWas(s), "\n")
		if !slices.Equal(got, want) {
			t.Fatalf("sectionLines(%.200q) = %.200q, want %.200q", s, got, want)
		}
		if splitHeadingsAsWas(s) != s {
			split++
		}
	}
	if split < 100 {
		t.Errorf("only %d texts with a heading split", split)
	}
}

func TestFeeNoneAsRegexp(t *testing.T) {
	none := 0
	for _, s := range proseSamples(t) {
		got, want := feeNone(s), feeNoneRe.MatchString(s)
		if got != want {
			t.Fatalf("feeNone(%.200q) = %v, feeNoneRe says %v", s, got, want)
		}
		if got {
			none++
		}
	}
	if none < 100 {
		t.Errorf("only %d texts say no fee", none)
	}
}

// TestSectionsFromFirstHeading: sections reads the lines from the one
// the first 五、 or 六、 is in; the sections are those of every line.
func TestSectionsFromFirstHeading(t *testing.T) {
	found := 0
	for _, s := range proseSamples(t) {
		got, want := sections(s), sectionsOf(sectionLines(s))
		if !slices.Equal(got, want) {
			t.Fatalf("sections(%.200q) = %q, want %q", s, got, want)
		}
		if len(got) > 0 {
			found++
		}
	}
	if found < 20 {
		t.Errorf("only %d texts with a section", found)
	}
}

// TestFeeAmountsAsRegexp: feeAmounts finds what feeAmountRe finds, in
// the texts and in random strings of digits, full stops, white space and
// the units' characters.
func TestFeeAmountsAsRegexp(t *testing.T) {
	texts := proseSamples(t)
	pieces := []string{"1", "2", "0", "35", ".", ". ", " ", "\n", "\t", "\u3000", "元", "万元", "万", "万 元", "共", "，", "a", "１", "\xe5", "."}
	texts = append(texts, pieceTexts(9, pieces, 20000, 12)...)
	found := 0
	for _, s := range texts {
		got, want := feeAmounts(s), feeAmountRe.FindAllStringSubmatch(s, -1)
		if !slices.EqualFunc(got, want, slices.Equal[[]string]) {
			t.Fatalf("feeAmounts(%.200q) = %q, want %q", s, got, want)
		}
		if got != nil {
			found++
		}
	}
	if found < 1000 {
		t.Errorf("only %d texts with an amount", found)
	}
}
