package parser

import (
	"testing"
)

// TestSuffixKeyAsKey holds suffixKey to key of the label without its
// enumerator, and keyLen to len(key), on the cells of the text fixtures
// and on labels with full-width, ideographic-space and invalid bytes.
func TestSuffixKeyAsKey(t *testing.T) {
	cells := []string{"1. 属于国家秘密", "（一）予以公开", "(三) 其他", "１．ＡＢ公开", "1.\u3000公开", "一、 收到", "其中：1. 行政许可", "\xe7\xac1. 公开", "1. \xe7\xac公开", "2、Ａ", "四、结转下年度继续办理"}
	for _, c := range textCells(t) {
		cells = append(cells, Clean(c), c)
	}
	for _, rows := range [][]modernRow{loaded().t2Rows, loaded().t3Rows} {
		for _, r := range rows {
			cells = append(cells, r.label, "1. "+r.label, "（二）"+r.label, "３．"+r.label)
		}
	}
	cut := 0
	for _, c := range cells {
		if got, want := keyLen(c), len(key(c)); got != want {
			t.Errorf("keyLen(%q) = %d, len(key) %d", c, got, want)
		}
		se := stripEnumClean(c)
		if se == c {
			continue
		}
		cut++
		if got, want := suffixKey(c, se, key(c)), key(se); got != want {
			t.Errorf("suffixKey(%q, %q) = %q, key %q", c, se, got, want)
		}
	}
	if cut < 20 {
		t.Fatalf("%d labels with an enumerator: the test tests too few", cut)
	}
}

// TestT3ColumnsUnique: newSlotIndex takes the column after the last one
// when its dim is the stat's, as t3Column (the first with the dim) does
// only when no two columns have one dim; and hasModernTable refuses a
// cell of fewer than 3 bytes itself, as modernMarks does only when every
// mark starts with an ideograph.
func TestT3ColumnsUnique(t *testing.T) {
	for i, c := range t3Columns {
		if j := t3Column(c.dim); j != i {
			t.Errorf("t3Columns[%d].dim %q is column %d's too", i, c.dim, j)
		}
	}
	if modernMarks.all {
		t.Error("a mark starts with other than an ideograph: a short cell may hold it")
	}
}
