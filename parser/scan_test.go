package parser

import (
	"fmt"
	"math/rand"
	"regexp"
	"strings"
	"testing"
)

// randomText joins n pieces drawn from alpha.
func randomText(r *rand.Rand, alpha []string, n int) string {
	var b strings.Builder
	for k := r.Intn(n); k > 0; k-- {
		b.WriteString(alpha[r.Intn(len(alpha))])
	}
	return b.String()
}

// The shortcuts that replace regexp searches over whole texts must find
// what the regexps find: each is compared with its definition on random
// texts made of the characters that matter to it.
func TestScanShortcutsMatchTheirPatterns(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	spaced := regexp.MustCompile(`(\d)[ \t\x{3000}]+(\d)`)
	for _, tc := range []struct {
		name  string
		alpha []string
		check func(s string) (got, want any)
	}{
		{"startRe header", []string{"统", "计", "指", "标", "名", "称", " ", "a"}, func(s string) (any, any) {
			return headerRe.FindStringSubmatchIndex(s), headerRe.re.FindStringSubmatchIndex(s)
		}},
		{"startRe phone", []string{"联系", "电话", "联", "电", "：", "1", "2", "-", "、", "(", "a"}, func(s string) (any, any) {
			return phoneRe.FindStringSubmatch(s), phoneRe.re.FindStringSubmatch(s)
		}},
		{"startRe urls", []string{"http", "s", "://", "www", ".", "a", "b", "h", "w", "/", "中"}, func(s string) (any, any) {
			return urlRe.FindAllString(s), urlRe.re.FindAllString(s, -1)
		}},
		{"despaceDigits", []string{"1", "2", " ", "\t", "\u3000", "a", "年", "\n", "\xe3\x80"}, func(s string) (any, any) {
			want := s
			for spaced.MatchString(want) {
				want = spaced.ReplaceAllString(want, "$1$2")
			}
			return despaceDigits(s), want
		}},
		{"finalDate", []string{"2019", "20", "1", "0", " ", "\u3000", "年", "月", "日", "二", "十", "〇", "a", "附件", "\n", "Ｏ"}, func(s string) (any, any) {
			var got, want []int
			for _, re := range []*regexp.Regexp{dateRe, cnDateRe} {
				if m := finalDate(re, s); m != nil && strings.TrimSpace(s[m[1]:]) == "" {
					got = append(got, m...)
				}
				if all := re.FindAllStringIndex(s, -1); all != nil {
					if m := all[len(all)-1]; strings.TrimSpace(s[m[1]:]) == "" {
						want = append(want, m...)
					}
				}
			}
			return got, want
		}},
		{"compactPrefix", []string{"a", " ", "\u3000", "\t", "中", "\xff", "@", "\u00a0", "\u2028"}, func(s string) (any, any) {
			return compactPrefix(s, len(s)), strings.Join(strings.Fields(s), "")
		}},
		{"findEmail", []string{"a", " ", "@", ".", "b", "-", "com", "中", "x.", "%", "@@", "cn", "1"}, func(s string) (any, any) {
			return findEmail(s), emailRe.FindString(s)
		}},
	} {
		for i := 0; i < 20000; i++ {
			s := randomText(r, tc.alpha, 16)
			if got, want := tc.check(s); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("%s(%q) = %v, want %v", tc.name, s, got, want)
			}
		}
	}
}
