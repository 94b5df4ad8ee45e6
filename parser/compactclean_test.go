package parser

import (
	"math/rand"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// cleanTexts are texts as readText makes them: of the fixtures' text
// renderings, of the shortcut samples and of random strings of the
// characters Clean changes, each on its own and joined by line breaks.
func cleanTexts(t *testing.T) []string {
	in := fixtureTexts(t)
	samples := randomCleanInputs(t)
	in = append(in, samples...)
	rnd := rand.New(rand.NewSource(12))
	for range 3000 {
		var b strings.Builder
		for k := rnd.Intn(30); k >= 0; k-- {
			b.WriteString(samples[rnd.Intn(len(samples))])
			b.WriteString([]string{"\n", "\r\n", " ", "\u3000"}[rnd.Intn(4)])
		}
		in = append(in, b.String())
	}
	out := make([]string, 0, len(in))
	for _, s := range in {
		out = append(out, readText(s).text)
	}
	return out
}

// TestReadTextIsClean: the text readText makes is valid UTF-8 whose only
// white space is the space and the line break, as document.clean says.
func TestReadTextIsClean(t *testing.T) {
	for _, s := range cleanTexts(t) {
		if !utf8.ValidString(s) {
			t.Fatalf("readText made %q: not valid UTF-8", s)
		}
		if i := strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) && r != ' ' && r != '\n' }); i >= 0 {
			t.Fatalf("readText made %q: white space at %d", s, i)
		}
	}
}

func TestCompactCleanPrefixAsCompactPrefix(t *testing.T) {
	for _, s := range cleanTexts(t) {
		for _, n := range []int{0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 40, 63, 64, 65, 600, 2500} {
			if got, want := compactCleanPrefix(s, n), compactPrefix(s, n); got != want {
				t.Fatalf("compactCleanPrefix(%.200q, %d) = %.200q, want %.200q", s, n, got, want)
			}
			if got, want := cleanRunesEnd(s, n), len(firstRunes(s, n)); got != want {
				t.Fatalf("cleanRunesEnd(%.200q, %d) = %d, want %d", s, n, got, want)
			}
		}
	}
}
