package parser

import (
	"slices"
	"strings"
	"testing"
)

// vocabWordsCut is vocabWords without vocabCutOf: every text searched
// for markers and cut.
func vocabWordsCut(s string) []string {
	if len(s) < minGlueMarker {
		return nil
	}
	at := glueFirst.index(s)
	if at < 0 {
		return nil
	}
	c := s
	if strings.IndexByte(s, ' ') >= 0 {
		c = strings.ReplaceAll(s, " ", "")
		at = 0
	}
	return vocabWordsOf(loaded(), c, at)
}

// TestVocabWordsAsCut holds vocabWords, which looks the templates' words
// up in vocabCutOf, to the search and cut of every text: on the cells of
// the fixtures' grids and texts, the templates' words with and without
// their spaces, words run together and random pieces of them.
func TestVocabWordsAsCut(t *testing.T) {
	var texts []string
	for _, g := range gridsOfFixtures(t) {
		for _, r := range g.Rows {
			for _, c := range r {
				texts = append(texts, c.Text)
			}
		}
	}
	texts = append(texts, textCells(t)...)
	vocab := gluedVocab()
	for i, w := range vocab {
		texts = append(texts, w, strings.ReplaceAll(w, " ", ""), w+vocab[(i+7)%len(vocab)], "1."+w, w+" ")
	}
	texts = append(texts, pieceTexts(11, append(slices.Clone(glueMarkers), "总计", "(一)", "1.", " ", "本年", "12"), 2000, 4)...)
	cached, split := 0, 0
	for _, s := range texts {
		c := strings.ReplaceAll(s, " ", "")
		if _, ok := vocabCutOf(loaded())[c]; ok && len(s) >= minGlueMarker && glueFirst.index(s) >= 0 {
			cached++
		}
		got, want := vocabWords(s), vocabWordsCut(s)
		if !slices.Equal(got, want) || (got == nil) != (want == nil) {
			t.Errorf("vocabWords(%q) = %q, cut %q", s, got, want)
		}
		if len(want) >= 2 {
			split++
		}
	}
	if cached < 100 || split < 100 {
		t.Errorf("%d texts answered from the templates' words, %d split: the test does not reach both", cached, split)
	}
}
