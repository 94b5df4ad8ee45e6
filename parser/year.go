package parser

import "strings"

// hasYear is yearRe.MatchString(s) without the regexp: a year of 19xx or
// 20xx, then white space (\s: tab, line feed, form feed, carriage
// return, space) and 年. Each 年 is found by a byte search, and the
// digits are read before the white space that ends there: yearRe has no
// literal prefix, and runs from every character of s (TestHasYearAsYearRe).
func hasYear(s string) bool {
	for off := 0; ; {
		i := strings.Index(s[off:], "年")
		if i < 0 {
			return false
		}
		i += off
		j := i
		for j > 0 && (s[j-1] == ' ' || s[j-1] == '\t' || s[j-1] == '\n' || s[j-1] == '\f' || s[j-1] == '\r') {
			j--
		}
		if j >= 4 && isDigit(s[j-1]) && isDigit(s[j-2]) && (s[j-4:j-2] == "19" || s[j-4:j-2] == "20") {
			return true
		}
		off = i + len("年")
	}
}

// yearIndex is yearRe.FindStringSubmatchIndex(s), read as hasYear reads
// it: the first 年 with a year before it (and \s between) ends the
// leftmost match, whose year cannot hold the 年 of another.
func yearIndex(s string) []int {
	for off := 0; ; {
		i := strings.Index(s[off:], "年")
		if i < 0 {
			return nil
		}
		i += off
		j := skipRESpaceBack(s, i)
		if j >= 4 && isDigit(s[j-1]) && isDigit(s[j-2]) && (s[j-4:j-2] == "19" || s[j-4:j-2] == "20") {
			return []int{j - 4, i + len("年"), j - 4, j}
		}
		off = i + len("年")
	}
}

// cnYearIndex is cnYearRe.FindStringSubmatchIndex(s): four numerals of
// 〇○零一二三四五六七八九 (three bytes each, whatever precedes them: no
// lead byte continues a character) before a 年 and the \s before it.
func cnYearIndex(s string) []int {
	for off := 0; ; {
		i := strings.Index(s[off:], "年")
		if i < 0 {
			return nil
		}
		i += off
		j := skipRESpaceBack(s, i)
		if j >= 12 && cnYearDigit(s, j-3) && cnYearDigit(s, j-6) && cnYearDigit(s, j-9) && cnYearDigit(s, j-12) {
			return []int{j - 12, i + len("年"), j - 12, j}
		}
		off = i + len("年")
	}
}

// cnYearDigit reports whether s[i:] starts with one of cnYearRe's
// numerals.
func cnYearDigit(s string, i int) bool {
	r, ok := rune3(s, i)
	if !ok {
		return false
	}
	switch r {
	case '〇', '○', '零', '一', '二', '三', '四', '五', '六', '七', '八', '九':
		return true
	}
	return false
}

// skipRESpaceBack returns the start of the run of \s ([\t\n\f\r ]) that
// ends at s[i].
func skipRESpaceBack(s string, i int) int {
	for i > 0 && (s[i-1] == ' ' || s[i-1] == '\t' || s[i-1] == '\n' || s[i-1] == '\f' || s[i-1] == '\r') {
		i--
	}
	return i
}
