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
