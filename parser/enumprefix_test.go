package parser

import (
	"regexp"
	"strings"
	"testing"
)

// The patterns enumOnly, isTopEnum and isSubEnum read by hand.
var (
	topRe      = regexp.MustCompile(`^[一二三四五六七八九十]+、`)
	subRe      = regexp.MustCompile(`^\([一二三四五六七八九十]+\)`)
	enumOnlyRe = regexp.MustCompile(`^(\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、|\d{1,2}\.)$`)
)

// TestEnumPrefixAsRegexp holds enumPrefix, enumOnly, isTopEnum and
// isSubEnum to the patterns they replace, on every string of up to four
// pieces drawn from the enumerators' characters and their neighbours.
func TestEnumPrefixAsRegexp(t *testing.T) {
	pieces := []string{"(", ")", "一", "十", "三", "、", "1", "12", ".", "总计", "（", "", "x"}
	var rec func(s string, depth int)
	n := 0
	rec = func(s string, depth int) {
		n++
		want := 0
		if loc := enumRe.FindStringIndex(s); loc != nil {
			want = loc[1]
		}
		if got := enumPrefix(s); got != want {
			t.Errorf("enumPrefix(%q) = %d, enumRe matches %d bytes", s, got, want)
		}
		if got, want := isTopEnum(s), topRe.MatchString(s); got != want {
			t.Errorf("isTopEnum(%q) = %v, topRe says %v", s, got, want)
		}
		if got, want := isSubEnum(s), subRe.MatchString(s); got != want {
			t.Errorf("isSubEnum(%q) = %v, subRe says %v", s, got, want)
		}
		if got, want := enumOnly(s), enumOnlyRe.MatchString(s); got != want {
			t.Errorf("enumOnly(%q) = %v, enumOnlyRe says %v", s, got, want)
		}
		if depth == 4 {
			return
		}
		for _, p := range pieces {
			rec(s+p, depth+1)
		}
	}
	rec("", 0)
	if n < 1000 {
		t.Fatalf("only %d strings tried", n)
	}
}

// TestLastIndexAsStrings holds lastIndex to strings.LastIndex.
func TestLastIndexAsStrings(t *testing.T) {
	for _, tc := range []struct{ s, sub string }{
		{"", ""}, {"abc", ""}, {"", " 附件"}, {"2020年1月1日 附件", " 附件"},
		{" 附件 附件x 附件", " 附件"}, {"aaaa", "aa"}, {"附件", " 附件"}, {"x 附", " 附件"},
	} {
		if got, want := lastIndex(tc.s, tc.sub), strings.LastIndex(tc.s, tc.sub); got != want {
			t.Errorf("lastIndex(%q, %q) = %d, strings.LastIndex says %d", tc.s, tc.sub, got, want)
		}
	}
}

// TestTrailingEnumAsRegexp holds trailingEnum to the pattern it replaces.
func TestTrailingEnumAsRegexp(t *testing.T) {
	re := regexp.MustCompile(`\d\.$`)
	for _, s := range []string{"", ".", "1", "1.", "12.", "1.2", "0000000 2.", "3. ", "a.", "１.", "12.5.", "2.\n"} {
		want := -1
		if m := re.FindStringIndex(s); m != nil {
			want = m[0]
		}
		if got := trailingEnum(s); got != want {
			t.Errorf("trailingEnum(%q) = %d, the pattern says %d", s, got, want)
		}
	}
}

// TestContainsRuneOfAsStrings holds containsRuneOf to strings.ContainsAny.
func TestContainsRuneOfAsStrings(t *testing.T) {
	for _, s := range []string{"", "件", "共12件。", "12起", "宗", "abc", "\xe5\xe4\xbb\xb6", "\xe4\xbb", "予以公开12"} {
		for _, chars := range []string{"件", "件起宗", ""} {
			if got, want := containsRuneOf(s, chars), strings.ContainsAny(s, chars); got != want {
				t.Errorf("containsRuneOf(%q, %q) = %v, strings.ContainsAny says %v", s, chars, got, want)
			}
		}
	}
}
