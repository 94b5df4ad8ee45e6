package parser

import (
	"math/rand"
	"strings"
	"testing"
)

// TestIndexHeaderWordsAsRegexp holds indexHeaderWords to headerRe's
// pattern on the shortcut samples and on random strings of the words'
// characters, white space (some of it not \s) and broken characters.
func TestIndexHeaderWordsAsRegexp(t *testing.T) {
	samples := shortcutSamples(t)
	pieces := []string{"统", "计", "指", "标", "名", "称", " ", "\t", "\n", "\f", "\r", "\v", "\u3000", "统计指标", "指标名称",
		"统 计 指 标", "指 标\n名\t称", "数", "a", "\xe7\xbb", "\x9f", "\xe6"}
	samples = append(samples, pieceTexts(5, pieces, 50000, 12)...)
	found := 0
	for _, s := range samples {
		i, j := indexHeaderWords(s)
		want := headerRe.re.FindStringIndex(s)
		if want == nil && i >= 0 || want != nil && (i != want[0] || j != want[1]) {
			t.Fatalf("indexHeaderWords(%q) = %d, %d; the pattern %v", s, i, j, want)
		}
		if i >= 0 {
			found++
		}
	}
	if found < 1000 {
		t.Errorf("only %d samples hold the words", found)
	}
}

// TestMayStartModernAsRegexp: every line modernStartRe matches starts as
// mayStartModern says, on the shortcut samples and random lines of the
// pattern's pieces.
func TestMayStartModernAsRegexp(t *testing.T) {
	samples := shortcutSamples(t)
	pieces := []string{" ", "\t", "\n", "\u3000", "第二十条第", "第二十条", "（", "(", "一", "十", ")", "）", "项", "本列数据的勾稽关系", "本列数据", "a"}
	samples = append(samples, pieceTexts(6, pieces, 30000, 6)...)
	matched := 0
	for _, s := range samples {
		if modernStartRe.MatchString(s) {
			matched++
			if !mayStartModern(s) {
				t.Fatalf("modernStartRe matches %q, mayStartModern says no", s)
			}
		}
	}
	if matched < 100 {
		t.Errorf("only %d samples match", matched)
	}
}

// TestHoldsHeaderWordsOfLines: a text none of whose lines holds the
// header words is found without them (readText searches its lines only
// then), and one line holding them is found in the text.
func TestHoldsHeaderWordsOfLines(t *testing.T) {
	texts := fixtureTexts(t)
	for _, s := range fixtureTexts(t) {
		texts = append(texts, "统计指标\n"+s, s+"\n指 标 名 称", strings.Replace(s, "\n", "\n统计\n指标\n", 1))
	}
	held := 0
	for _, s := range texts {
		line := false
		for _, l := range strings.Split(s, "\n") {
			if i, _ := indexHeaderWords(l); i >= 0 {
				line = true
			}
		}
		if got := holdsHeaderWords(s); line && !got {
			t.Fatalf("a line of %.200q holds the header words, the text not", s)
		}
		if line {
			held++
		}
	}
	if held < len(texts)/4 {
		t.Fatalf("only %d texts with the header words in a line", held)
	}
}

// TestGluedCellsInText: the cells of a glued grid are pieces of the text
// it is read from (readText does not ask them for the header words when
// the text holds none).
func TestGluedCellsInText(t *testing.T) {
	grids := 0
	for k, s := range fixtureTexts(t) {
		loc := gluedStartRe.FindStringIndex(s)
		if loc == nil {
			continue
		}
		texts := []string{Clean(s[loc[0]:])}
		rnd := rand.New(rand.NewSource(int64(k)))
		for range 20 { // digits changed, added, dropped
			b := []byte(texts[0])
			for range 5 {
				i := rnd.Intn(len(b))
				if b[i] < '0' || b[i] > '9' {
					continue
				}
				switch rnd.Intn(3) {
				case 0:
					b[i] = byte('0' + rnd.Intn(10))
				case 1:
					b = append(b[:i+1], b[i:]...)
				default:
					b = append(b[:i], b[i+1:]...)
				}
			}
			texts = append(texts, Clean(string(b)))
		}
		for _, text := range texts {
			grids++
			for _, c := range gluedGrid(text, 1, false).Rows[0] {
				if !strings.Contains(text, c.Text) {
					t.Fatalf("the glued cell %q is not in its text %.200q", c.Text, text)
				}
			}
		}
	}
	if grids < 50 {
		t.Fatalf("only %d glued grids", grids)
	}
}

// TestHoldsHeaderWordsAtZhi holds holdsHeaderWordsAtZhi, which reads the
// words around each 指, to holdsHeaderWords on the fixtures' texts (and
// with the words added), the shortcut samples and random strings of the
// words' characters, white space (some of it not \s) and broken
// characters.
func TestHoldsHeaderWordsAtZhi(t *testing.T) {
	texts := append(fixtureTexts(t), shortcutSamples(t)...)
	for _, s := range fixtureTexts(t) {
		texts = append(texts, "统计指标\n"+s, s+"\n指 标 名 称", strings.Replace(s, "\n", "\n统计\n指\t\f标\n", 1))
	}
	texts = append(texts, pieceTexts(9, []string{"统", "计", "指", "标", "名", "称", " ", "\t", "\n", "\f", "\r", "\v", "\u3000",
		"统计指标", "指标名称", "统 计 指 标", "指 标\n名\t称", "指导", "数", "a", "\xe6\x8c", "\x87", "\xe8\xae"}, 50000, 12)...)
	held := 0
	for _, s := range texts {
		want := holdsHeaderWords(s)
		if got := holdsHeaderWordsAtZhi(s); got != want {
			t.Fatalf("holdsHeaderWordsAtZhi(%.200q) = %v, holdsHeaderWords %v", s, got, want)
		}
		if want {
			held++
		}
	}
	if held < 1000 || len(texts)-held < 1000 {
		t.Errorf("%d of %d texts hold the words: the test reaches too few of one kind", held, len(texts))
	}
}
