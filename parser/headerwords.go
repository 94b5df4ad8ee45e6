package parser

import "strings"

// indexHeaderWords is headerRe.FindStringIndex(s) without a regexp: the
// first 统计指标 or 指标名称 in s, the white space \s stands for
// ([\t\n\f\r ]) allowed between the characters. readText asks it of every
// line of prose and hasHeaderTable of every cell. It returns the start
// and the end of the match, or -1 and -1.
func indexHeaderWords(s string) (int, int) {
	// a match is four characters of three bytes (most cells, numbers,
	// are shorter); both words hold 指: a text without it (most lines
	// and cells) is searched once
	if len(s) < len("统计指标") {
		return -1, -1
	}
	z := indexText(s, "指")
	if z < 0 {
		return -1, -1
	}
	next := newFirstOfTwo("统", "指")
	next.at[1] = z // 指 is searched already
	for off := 0; off < len(s); {
		i, k := next.from(s, off)
		if i < 0 {
			break
		}
		if end := headerWordsAt(s, i, headerWordChars[k]); end >= 0 {
			return i, end
		}
		off = i + len("统")
	}
	return -1, -1
}

// headerWordChars are the characters of the two words, in order.
var headerWordChars = [2][4]string{{"统", "计", "指", "标"}, {"指", "标", "名", "称"}}

// headerWordsAt returns the end of the word w written from s[i] with
// white space (\s) between its characters, -1 if it is not there.
func headerWordsAt(s string, i int, w [4]string) int {
	for k, c := range w {
		if k > 0 {
			for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\f' || s[i] == '\r') {
				i++
			}
		}
		if len(s)-i < len(c) || s[i:i+len(c)] != c {
			return -1
		}
		i += len(c)
	}
	return i
}

// holdsHeaderWordsAtZhi is holdsHeaderWords(s) read from each 指 of s,
// the one character both words have at a known place: 统计 before it or
// 名称 after its 标, with \s between the characters either way. A text is
// searched for 指 once, not for 统 and 指 and then each of their places
// (TestHoldsHeaderWordsAtZhi).
func holdsHeaderWordsAtZhi(s string) bool {
	for off := 0; ; {
		i := indexText(s[off:], "指")
		if i < 0 {
			return false
		}
		i += off
		off = i + len("指")
		j := skipRESpace(s, off)
		if !strings.HasPrefix(s[j:], "标") {
			continue
		}
		// 指标名称: 名 and 称 after 标
		if k := skipRESpace(s, j+len("标")); strings.HasPrefix(s[k:], "名") && strings.HasPrefix(s[skipRESpace(s, k+len("名")):], "称") {
			return true
		}
		// 统计指标: 计 and 统 before 指
		if k := skipRESpaceBack(s, i); strings.HasSuffix(s[:k], "计") && strings.HasSuffix(s[:skipRESpaceBack(s, k-len("计"))], "统") {
			return true
		}
	}
}
