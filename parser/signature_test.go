package parser

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// signatureAsWas is signature without mayHoldDate: every dated line
// despaced and asked.
func signatureAsWas(text string) (agency, date string) {
	lines := strings.Split(text, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		l := trimSpace(lines[i])
		if !strings.Contains(l, "年") || !strings.Contains(l, "日") || !strings.Contains(l, "月") {
			continue // no date in this line: skip the regexps
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

// TestMayHoldDateAsSignature: signature, which skips the lines
// mayHoldDate refuses, reads what it read without, on the fixtures'
// texts and random texts of dates (spaced out, in numerals), agencies,
// annexes, brackets and white space.
func TestMayHoldDateAsSignature(t *testing.T) {
	texts := readTexts(t)
	pieces := []string{"2023年1月20日", "2 0 2 3 年 1 月 2 0 日", "二〇二三年一月二十日", "○", "0", "1", "2", "3", " ", "\t", "\u3000",
		"年", "月", "日", "附件", " 附件", "（", "）", "(", ")", "平潭综合实验区管委会", "办公室", "，", "。", "\n", "\n\n", "报告", "\xe6"}
	texts = append(texts, pieceTexts(9, pieces, 30000, 12)...)
	dated := 0
	for _, s := range texts {
		a, d := signature(s)
		wa, wd := signatureAsWas(s)
		if a != wa || d != wd {
			t.Fatalf("signature(%.200q) = %q, %q; without mayHoldDate %q, %q", s, a, d, wa, wd)
		}
		if d != "" {
			dated++
		}
	}
	if dated < 1000 {
		t.Errorf("only %d texts dated", dated)
	}
}
