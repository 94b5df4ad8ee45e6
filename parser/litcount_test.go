package parser

import (
	"math/rand"
	"slices"
	"strings"
	"testing"
)

// TestFindLitCountAsRegexp holds findLitCount to the proseChecks'
// patterns it reads (lit, gap and a count) on windows of the fixtures'
// texts around each place of their word and on random texts of the word,
// digits, white space, the counts' ends, the characters the gap refuses
// and others, and broken characters.
func TestFindLitCountAsRegexp(t *testing.T) {
	var pcs []proseCheck
	for _, pc := range proseChecks {
		if pc.countEnds != nil {
			pcs = append(pcs, pc)
		}
	}
	if len(pcs) != 6 {
		t.Fatalf("%d patterns read by hand, want 6", len(pcs))
	}
	var texts []string
	for _, s := range fixtureTexts(t) {
		texts = append(texts, s, readText(s).text)
	}
	pieces := []string{"共", "了", "件", "起", "宗", "件数", " ", "\t", "\n", "\v", "\u3000", "1", "12", "0", "３", "，", "。", "；", ",", ";", "及", "和", "与", "、", "申请", "\xe4", "\xff", "\xe4\xbb", "一二三四五六七八九"}
	rnd := rand.New(rand.NewSource(6))
	found := 0
	for _, pc := range pcs {
		var windows []string
		for _, s := range texts {
			for off := 0; ; {
				i := strings.Index(s[off:], pc.lit)
				if i < 0 {
					break
				}
				i += off
				windows = append(windows, s[max(0, i-90):min(len(s), i+len(pc.lit)+90)], s[i:min(len(s), i+len(pc.lit)+30)])
				off = i + 1
			}
		}
		for range 4000 {
			var b strings.Builder
			if rnd.Intn(2) == 0 {
				// most often what a match has: the word, a gap, a count
				b.WriteString(pieces[rnd.Intn(len(pieces))])
				b.WriteString(pc.lit)
				for k := rnd.Intn(4); k > 0; k-- {
					b.WriteString([]string{"共", "了", "的", " ", "\xff", "，"}[rnd.Intn(6)])
				}
				b.WriteString([]string{"1", "12", "305", ""}[rnd.Intn(4)])
				b.WriteString([]string{"", " ", "\t", "\u3000"}[rnd.Intn(4)])
				b.WriteString(pc.countEnds[rnd.Intn(len(pc.countEnds))])
			}
			for k := rnd.Intn(10); k >= 0; k-- {
				if rnd.Intn(4) == 0 {
					b.WriteString(pc.lit)
				} else {
					b.WriteString(pieces[rnd.Intn(len(pieces))])
				}
			}
			windows = append(windows, b.String())
		}
		for _, w := range windows {
			got, want := findLitCount(w, pc.lit, pc.countEnds), pc.re.FindStringSubmatchIndex(w)
			if !slices.Equal(got, want) || (got == nil) != (want == nil) {
				t.Fatalf("findLitCount(%q, %q) = %v, the pattern %v", w, pc.lit, got, want)
			}
			if want != nil {
				found++
			}
		}
	}
	if found < 3000 {
		t.Errorf("%d matches: the test reaches too few", found)
	}
}
