package parser

import (
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixtureTexts are the fixtures' text renderings (text, seed, pdftext,
// renderings) as they are on disk: what the tests that hold a shortcut
// to the code it replaces try first.
func fixtureTexts(t *testing.T) []string {
	t.Helper()
	var texts []string
	for _, dir := range []string{"text", "seed", "pdftext", "renderings"} {
		names, _ := filepath.Glob(filepath.Join("..", "fixtures", dir, "*.txt"))
		for _, name := range names {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			texts = append(texts, string(b))
		}
	}
	return texts
}

// readTexts are the fixtures' texts, each as read and as readText makes
// it, and the shortcut samples.
func readTexts(t *testing.T) []string {
	t.Helper()
	var texts []string
	for _, s := range fixtureTexts(t) {
		texts = append(texts, s, readText(s).text)
	}
	return append(texts, shortcutSamples(t)...)
}

// pieceTexts are n random texts of 1 to most pieces each, the same every
// run (seed).
func pieceTexts(seed int64, pieces []string, n, most int) []string {
	rnd := rand.New(rand.NewSource(seed))
	texts := make([]string, 0, n)
	for range n {
		var b strings.Builder
		for k := rnd.Intn(most); k >= 0; k-- {
			b.WriteString(pieces[rnd.Intn(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	return texts
}

// textCells are the cells of the lines of the glued and pipe texts of
// fixtures/text, cut at " | ", as printed.
func textCells(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob("../fixtures/text/*.txt")
	if len(files) == 0 {
		t.Fatal("no text fixtures")
	}
	var cells []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(b), "\n") {
			cells = append(cells, strings.Split(l, " | ")...)
		}
	}
	return cells
}
