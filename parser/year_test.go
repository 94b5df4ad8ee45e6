package parser

import (
	"fmt"
	"math/rand"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestHasYearAsYearRe holds hasYear to yearRe over random mixes of
// digits, white space, 年 and other characters.
func TestHasYearAsYearRe(t *testing.T) {
	pieces := []string{"1", "9", "2", "0", "19", "20", "2019", "1999", "年", " ", "\t", "\n", "\v", "\u3000", "度", "a", "报告", "０"}
	rnd := rand.New(rand.NewSource(3))
	found := 0
	for k := 0; k < 200000; k++ {
		var b strings.Builder
		for n := rnd.Intn(9); n > 0; n-- {
			b.WriteString(pieces[rnd.Intn(len(pieces))])
		}
		s := b.String()
		want := yearRe.MatchString(s)
		if want {
			found++
		}
		if got := hasYear(s); got != want {
			t.Fatalf("hasYear(%q) = %v, yearRe: %v", s, got, want)
		}
	}
	if found < 1000 {
		t.Fatalf("%d years: the test reads too few", found)
	}
}

// TestLeadingDateAsRegexps holds leadingDate's tests of the first
// characters to the two anchored patterns run on every string.
func TestLeadingDateAsRegexps(t *testing.T) {
	pieces := []string{"2019", "1999", "2", "0", "1", "年", "月", "日", " ", "\t", "\n", "\f", "\r", "\v", "\u3000", "123", "2000", "20", "19", "二〇二三", "〇", "○", "零", "Ｏ", "一", "十二", "三十", "附件", "x", "\xff"}
	rnd := rand.New(rand.NewSource(4))
	found := 0
	for k := 0; k < 200000; k++ {
		var b strings.Builder
		// a date's parts, each most often what a date has there
		for _, part := range [][]string{{"2019", "1999", "二〇二三", "二零一九", "〇一二三", "○一二三", "零一二三", "Ｏ一二三", "0一二三", "九九九九"}, {"", " ", " \t"}, {"年"}, {"", " ", "\r\n"}, {"3", "12", "十二", "三"}, {"", " "}, {"月"}, {"", "\f"}, {"5", "30", "三十", "五"}, {"", " "}, {"日"}, {"", " ", " 附件"}} {
			if rnd.Intn(8) == 0 {
				part = pieces
			}
			b.WriteString(part[rnd.Intn(len(part))])
		}
		for n := rnd.Intn(3); n > 0; n-- {
			b.WriteString(pieces[rnd.Intn(len(pieces))])
		}
		s := b.String()
		if rnd.Intn(4) == 0 {
			s = pieces[rnd.Intn(len(pieces))] + s
		}
		if m, ok := dateStartAt(s); ok != (dateStartRe.FindStringSubmatchIndex(s) != nil) || ok && !slices.Equal(m[:], dateStartRe.FindStringSubmatchIndex(s)) {
			t.Fatalf("dateStartAt(%q) = %v, %v; dateStartRe: %v", s, m, ok, dateStartRe.FindStringSubmatchIndex(s))
		}
		d, rest, ok := leadingDate(s)
		var wd, wrest string
		wok := false
		if m := dateStartRe.FindStringSubmatchIndex(s); m != nil {
			wd, wrest, wok = ymd(s[m[2]:m[3]], s[m[4]:m[5]], s[m[6]:m[7]]), strings.TrimSpace(s[m[1]:]), true
		} else if m := cnDateStartRe.FindStringSubmatchIndex(s); m != nil {
			y, mo, dd := cnNumber(s[m[2]:m[3]], true), cnNumber(s[m[4]:m[5]], false), cnNumber(s[m[6]:m[7]], false)
			if y > 0 && mo > 0 && dd > 0 {
				wd, wrest, wok = fmt.Sprintf("%04d-%02d-%02d", y, mo, dd), strings.TrimSpace(s[m[1]:]), true
			}
		}
		if wok {
			found++
		}
		if d != wd || rest != wrest || ok != wok {
			t.Fatalf("leadingDate(%q) = %q, %q, %v; the patterns: %q, %q, %v", s, d, rest, ok, wd, wrest, wok)
		}
	}
	if found < 500 {
		t.Fatalf("%d dates: the test reads too few", found)
	}
}

// dateStartRe is dateRe anchored at the start, as dateStartAt reads it.
var dateStartRe = regexp.MustCompile(`^(?:` + dateRe.String() + `)`)

// TestYearIndexAsRegexps holds yearIndex and cnYearIndex to yearRe's and
// cnYearRe's FindStringSubmatchIndex over random mixes of digits,
// numerals, white space, 年, other characters and broken ones.
func TestYearIndexAsRegexps(t *testing.T) {
	pieces := []string{"1", "9", "2", "0", "19", "20", "2019", "1999", "年", " ", "\t", "\n", "\v", "\u3000", "度", "a", "报告", "０", "\f", "\r",
		"〇", "○", "零", "一", "二", "三", "九", "十", "二〇二三", "二零一九", "Ｏ", "\xe4", "\x80", "\xe5\xb9"}
	rnd := rand.New(rand.NewSource(8))
	found, cnFound := 0, 0
	for k := 0; k < 200000; k++ {
		var b strings.Builder
		for n := rnd.Intn(10); n > 0; n-- {
			b.WriteString(pieces[rnd.Intn(len(pieces))])
		}
		s := b.String()
		if got, want := yearIndex(s), yearRe.FindStringSubmatchIndex(s); !slices.Equal(got, want) || (got == nil) != (want == nil) {
			t.Fatalf("yearIndex(%q) = %v, yearRe: %v", s, got, want)
		} else if want != nil {
			found++
		}
		if got, want := cnYearIndex(s), cnYearRe.FindStringSubmatchIndex(s); !slices.Equal(got, want) || (got == nil) != (want == nil) {
			t.Fatalf("cnYearIndex(%q) = %v, cnYearRe: %v", s, got, want)
		} else if want != nil {
			cnFound++
		}
	}
	if found < 1000 || cnFound < 200 {
		t.Fatalf("%d years, %d in numerals: the test reads too few", found, cnFound)
	}
}
