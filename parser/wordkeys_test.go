package parser

import (
	"slices"
	"strings"
	"testing"
)

// TestWordsByKeyAsFacts holds the facts labelToken and structuralKey take
// from a word of the same key (byKey) or row key (byRowKey) to the ones
// they stand for: newStructFacts of the label's text and key, matchT2 and
// table 三's candidates of its row key; on the fixtures' cells and on the
// words printed with spaces, other enumerators and brackets.
func TestWordsByKeyAsFacts(t *testing.T) {
	f := loaded()
	ix := modernIndexesOf(f)
	cells := textCells(t)
	for w := range ix.words {
		cells = append(cells, w, strings.Replace(w, ".", ". ", 1), strings.Replace(w, ".", "．", 1), strings.ReplaceAll(w, "，", ", "),
			strings.ReplaceAll(w, "（", "("), "第二十条"+w, w+"第二十条第（一）项", " "+w+" ")
	}
	keyHits, rowHits := 0, 0
	for _, s := range cells {
		text := Clean(s)
		k := key(text)
		if w := ix.byKey[k]; w != nil && !strings.Contains(text, "第二十条") {
			keyHits++
			if want := newStructFacts(f, &ix.heads, text, k); w.structFacts != want {
				t.Fatalf("%q: the facts of word %q, %+v; newStructFacts %+v", s, w.text, w.structFacts, want)
			}
		}
		rk := k
		if se := stripEnumClean(text); se != text {
			rk = suffixKey(text, se, k)
		}
		if w := ix.byRowKey[rk]; w != nil {
			rowHits++
			exact, long := ix.t3.candidates(rk)
			if t2 := ix.t2.match(f.t2Rows, rk, ""); w.t2 != t2 || !slices.Equal(w.t3Exact, exact) || !slices.Equal(w.t3Long, long) {
				t.Fatalf("%q: word %q's matchT2 %d, candidates %v %v; of its row key %d, %v %v", s, w.text, w.t2, w.t3Exact, w.t3Long, t2, exact, long)
			}
		}
	}
	if keyHits < 100 || rowHits < 100 {
		t.Fatalf("%d cells found a word by key, %d by row key: the test tests little", keyHits, rowHits)
	}
}
