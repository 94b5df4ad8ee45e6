package parser

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// TestQuoteKeepsAsIsPrint holds quoteKeeps to strconv: every character it
// keeps is one Quote keeps as it is.
func TestQuoteKeepsAsIsPrint(t *testing.T) {
	kept := 0
	for r := rune(0x800); r <= 0xFFFF; r++ {
		if !quoteKeeps(r) {
			continue
		}
		kept++
		if q := strconv.Quote(string(r)); q != `"`+string(r)+`"` {
			t.Fatalf("quoteKeeps(%U), which Quote writes %s", r, q)
		}
	}
	if kept < 20000 {
		t.Fatalf("quoteKeeps keeps %d characters", kept)
	}
}

// TestQuoteTextAsQuote holds quoteText to strconv.Quote and %q on the
// fixtures' texts and random texts of Chinese, punctuation, quotes,
// controls, invalid and four-byte characters.
func TestQuoteTextAsQuote(t *testing.T) {
	pieces := []string{"收取", "信息处理费", "，", "。", "、", "《", "》", "“", "”", "\"", "\\", "'", "\t", "\n", "\x00", "\x7f", "\u3000", "\u00a0",
		"\ufeff", "\uff00", "\uff5f", "\xff", "\xe3\x80", "\xed\xa0\x80", "\xf3\x80\x81\x82", "😀", "380", " ", "元", "\u200b", "\u3004"}
	samples := append(readTexts(t), pieceTexts(29, pieces, 20000, 10)...)
	for _, s := range samples {
		if len(s) > 4096 {
			s = s[:4096]
		}
		want := strconv.Quote(s)
		if got := quoteText(s); got != want {
			t.Fatalf("quoteText(%q) = %s, want %s", s, got, want)
		}
		if got := fmt.Sprintf("%q", s); got != want {
			t.Fatalf("%%q of %q: %s, Quote %s", s, got, want)
		}
	}
}

// TestYMDAsSprintf holds ymd to the fmt.Sprintf it replaces.
func TestYMDAsSprintf(t *testing.T) {
	for _, y := range []string{"2025", "0", "7", "99", "123", "1999", "20251", "0099", "-5", "x"} {
		for m := 0; m <= 13; m++ {
			for _, d := range []int{0, 1, 9, 10, 29, 31, 32} {
				got := ymd(y, strconv.Itoa(m), strconv.Itoa(d))
				yi, _ := strconv.Atoi(y)
				want := ""
				if m >= 1 && m <= 12 && d >= 1 && d <= 31 {
					want = fmt.Sprintf("%04d-%02d-%02d", yi, m, d)
				}
				if got != want {
					t.Fatalf("ymd(%q, %d, %d) = %q, want %q", y, m, d, got, want)
				}
			}
		}
	}
}

// TestLastSentenceEndAsLastIndex holds lastSentenceEnd to the largest end
// strings.LastIndex finds of each of sentenceEnds.
func TestLastSentenceEndAsLastIndex(t *testing.T) {
	pieces := []string{"。", "；", ";", "\n", "收费", "\x82", "\x9b", "\xbc", "x", "，", "\xe3\x80"}
	samples := append(readTexts(t), pieceTexts(31, pieces, 20000, 10)...)
	for _, s := range samples {
		want := 0
		for _, e := range sentenceEnds {
			if i := strings.LastIndex(s, e); i >= 0 && i+len(e) > want {
				want = i + len(e)
			}
		}
		if got := lastSentenceEnd(s); got != want {
			t.Fatalf("lastSentenceEnd(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestIsHeadingAsRegexp holds isHeading to headingRe on the lines of the
// fixtures' texts and random texts of numerals, 、 and near misses.
func TestIsHeadingAsRegexp(t *testing.T) {
	pieces := []string{"一", "五", "十", "二十", "百", "、", "，", "。", "存在的主要问题", " ", "x", "\xff", "\xe4\xb8", "（"}
	samples := pieceTexts(37, pieces, 20000, 6)
	for _, s := range readTexts(t) {
		samples = append(samples, strings.Split(s, "\n")...)
	}
	held := 0
	for _, s := range samples {
		want := headingRe.MatchString(s)
		if got := isHeading(s); got != want {
			t.Fatalf("isHeading(%q) = %v, want %v", s, got, want)
		}
		if want {
			held++
		}
	}
	if held < 100 {
		t.Fatalf("only %d headings among the samples", held)
	}
}

// TestMayBeUnitAsUnits holds mayBeUnit to the lookup it spares: a text it
// refuses is no unit once cleaned and despaced, on the cells of the
// fixtures and random texts of digits, units, % and white space.
func TestMayBeUnitAsUnits(t *testing.T) {
	pieces := []string{"0", "12", "%", "％", " ", "\t", "\u3000", "件", "万元", "元", "-", "x", "\x00", "\x7f", "人次", "."}
	samples := append(textCells(t), pieceTexts(41, pieces, 20000, 4)...)
	refused := 0
	for _, s := range samples {
		unit := units[strings.ReplaceAll(Clean(s), " ", "")]
		if unit && !mayBeUnit(s) {
			t.Fatalf("mayBeUnit(%q) = false, but it cleans to a unit", s)
		}
		if !mayBeUnit(s) {
			refused++
		}
	}
	for u := range units {
		if !mayBeUnit(u) {
			t.Fatalf("mayBeUnit(%q) = false for a unit", u)
		}
	}
	if refused == 0 {
		t.Fatal("mayBeUnit refused no sample")
	}
}
