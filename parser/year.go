package parser

import "strings"

// hasYear is yearRe.MatchString(s) without the regexp: a year of 19xx or
// 20xx, then white space (\s: tab, line feed, form feed, carriage
// return, space) and 年. Each 年 is found by a byte search, and the
// digits are read before the white space that ends there: yearRe has no
// literal prefix, and runs from every character of s (TestHasYearAsYearRe).
func hasYear(s string) bool {
	start, _, _ := yearBeforeNian(s, 4, isYearDigits)
	return start >= 0
}

// yearIndex is yearRe.FindStringSubmatchIndex(s), read as hasYear reads
// it: the first 年 with a year before it (and \s between) ends the
// leftmost match, whose year cannot hold the 年 of another.
func yearIndex(s string) []int {
	return yearLoc(yearBeforeNian(s, 4, isYearDigits))
}

// cnYearIndex is cnYearRe.FindStringSubmatchIndex(s): four numerals of
// 〇○零一二三四五六七八九 (three bytes each, whatever precedes them: no
// lead byte continues a character) before a 年 and the \s before it.
func cnYearIndex(s string) []int {
	return yearLoc(yearBeforeNian(s, 12, isCNYear))
}

// yearBeforeNian finds the first 年 of s that the n bytes before it and
// the run of \s before it satisfy isYear, and returns where those bytes
// start and end and where the 年 ends; -1, -1, -1 when there is none.
func yearBeforeNian(s string, n int, isYear func(string) bool) (start, end, after int) {
	for off := 0; ; {
		i := strings.Index(s[off:], "年")
		if i < 0 {
			return -1, -1, -1
		}
		i += off
		if j := skipRESpaceBack(s, i); j >= n && isYear(s[j-n:j]) {
			return j - n, j, i + len("年")
		}
		off = i + len("年")
	}
}

// yearLoc is the submatch index of yearBeforeNian's find: the whole
// match, then the year; nil when there is none.
func yearLoc(start, end, after int) []int {
	if start < 0 {
		return nil
	}
	return []int{start, after, start, end}
}

// isYearDigits reports whether y (four bytes) is a year of 19xx or 20xx.
func isYearDigits(y string) bool {
	return isDigit(y[3]) && isDigit(y[2]) && (y[:2] == "19" || y[:2] == "20")
}

// isCNYear reports whether y (twelve bytes) is four of cnYearRe's
// numerals.
func isCNYear(y string) bool {
	return cnYearDigit(y, 0) && cnYearDigit(y, 3) && cnYearDigit(y, 6) && cnYearDigit(y, 9)
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
