package parser

import (
	"math/rand"
	"strings"
	"testing"
)

// TestPlainCountAsReadNumber holds readNumber's shortcut for plain counts
// to the full reading: same value and problem for counts, other cells,
// and random runs of digits with and without a leading zero.
func TestPlainCountAsReadNumber(t *testing.T) {
	cells := []string{"", "0", "00", "07", "1", "42", "9999999999", "10000000000", "123456789012", " 5", "5 ", "５",
		"1,000", "12件", "-3", "+3", "3.5", "0.5", "1e3", "0x10", "1_000", "—", "无", "22（其中修订16件）", "3 4"}
	rnd := rand.New(rand.NewSource(1))
	for k := 0; k < 20000; k++ {
		var b strings.Builder
		for n := 1 + rnd.Intn(12); n > 0; n-- {
			b.WriteByte(byte('0' + rnd.Intn(10)))
		}
		cells = append(cells, b.String())
	}
	plain := 0
	for _, s := range cells {
		want := readCell(s)
		if v, ok := plainCount(s); ok {
			plain++
			if v != want {
				t.Fatalf("plainCount(%q) = %+v, readCell: %+v", s, v, want)
			}
		}
		if got := readNumber(s); got != want {
			t.Fatalf("readNumber(%q) = %+v, readCell: %+v", s, got, want)
		}
	}
	if plain < 10000 {
		t.Fatalf("plainCount read %d cells of %d", plain, len(cells))
	}
}

// TestIsLabelCellASCII: a cell without a multi-byte character is never a
// label (no ideograph), notes and units included, as isLabelCell said
// before it returned at once for such cells.
func TestIsLabelCellASCII(t *testing.T) {
	for _, s := range []string{"", "0", "22(16)", "22(a)", "abc", "%", "-", "N/A", "1)", "x)"} {
		if isLabelCell(s) {
			t.Errorf("isLabelCell(%q) = true", s)
		}
	}
}
