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

// TestMayBeNumberAsNumRe: every cleaned string numRe matches passes mayBeNumber,
// and findNote finds what noteRe does, over random mixes of the pieces
// cells are made of.
func TestMayBeNumberAsNumRe(t *testing.T) {
	pieces := []string{"0", "1", "7", "12", ",", ",000", ".", ".5", "+", "-", "−", "－", " ", "万元", "元", "条", "件", "人次", "%",
		"（", "）", "(", ")", "其中", "含", "一", "其他", "无", "—", "a", "个"}
	rnd := rand.New(rand.NewSource(2))
	matched, noted := 0, 0
	for k := 0; k < 200000; k++ {
		var b strings.Builder
		for n := 1 + rnd.Intn(7); n > 0; n-- {
			b.WriteString(pieces[rnd.Intn(len(pieces))])
		}
		s := Clean(b.String()) // as readCell asks
		if numRe.MatchString(s) {
			matched++
			if !mayBeNumber(s) {
				t.Fatalf("mayBeNumber(%q) = false, numRe matches", s)
			}
		}
		got, want := findNote(s), noteRe.FindStringSubmatch(s)
		if want != nil {
			noted++
		}
		if strings.Join(got, "\x00") != strings.Join(want, "\x00") || (got == nil) != (want == nil) {
			t.Fatalf("findNote(%q) = %q, noteRe: %q", s, got, want)
		}
	}
	if matched < 1000 || noted < 100 {
		t.Fatalf("%d numbers, %d notes: the test reads too few", matched, noted)
	}
}

// isLabelCellByRange is isLabelCell as it was written first: the runes
// of s decoded by ranging over it.
func isLabelCellByRange(s string) bool {
	if s != "" && s[0] >= '0' && s[0] <= '9' && hasCloseBracket(s) && findNote(Clean(s)) != nil && readNumber(s).problem == "" {
		return false
	}
	han, other, notUnit := false, false, false
	for _, r := range s {
		if isHan(r) {
			han = true
			other = other || !valueWordRunes.has(r)
			notUnit = notUnit || !unitRuneSet.has(r)
		}
	}
	if !han || !notUnit && isUnitCell(s) {
		return false
	}
	return other || readNumber(s).problem == "unreadable"
}

// TestIsLabelCellAsRange holds isLabelCell, which reads the characters of
// three bytes itself, to the runes ranging over the cell gives, on
// random cells of labels, units, value words, numbers and broken bytes.
func TestIsLabelCellAsRange(t *testing.T) {
	pieces := append([]string{"条", "件", "万元", "无", "空", "暂无", "其中", "收到申请数", "1.", "22", "（", "）", "(", ")", "%", "𠀀", "\xe4\xb8", "\xed\xa0\x80"}, cleanPieces...)
	rnd := rand.New(rand.NewSource(6))
	for k := 0; k < 100000; k++ {
		var b strings.Builder
		for n := rnd.Intn(6); n > 0; n-- {
			b.WriteString(pieces[rnd.Intn(len(pieces))])
		}
		s := b.String()
		if got, want := isLabelCell(s), isLabelCellByRange(s); got != want {
			t.Fatalf("isLabelCell(%q) = %v, by range %v", s, got, want)
		}
	}
}
