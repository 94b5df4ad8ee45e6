package main

import (
	"bytes"
	"io"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// displayWidth is the number of terminal columns s takes: wide (CJK)
// characters count double.
func displayWidth(s string) int {
	if s == "—" { // the empty cell, most cells of a comparison
		return 1
	}
	n := 0
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf { // ASCII: narrow, and most of a table
			n++
			i++
			continue
		}
		// CJK Unified Ideographs (U+4E00–U+9FFF, E4 B8 80 to E9 BF BF),
		// all wide: most of the rest.
		if c := s[i]; c >= 0xe4 && c <= 0xe9 && i+2 < len(s) && s[i+1]&0xc0 == 0x80 && s[i+2]&0xc0 == 0x80 && (c > 0xe4 || s[i+1] >= 0xb8) {
			n += 2
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == '—' { // ambiguous, printed narrow
			n++
			continue
		}
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// printTable prints rows as aligned columns; the last column is not padded.
func printTable(w io.Writer, indent string, rows [][]string) {
	printAligned(w, indent, rows, nil)
}

// printAligned is printTable with the columns i for which right[i] is
// true aligned to the right, as numbers are.
func printAligned(w io.Writer, indent string, rows [][]string, right []bool) {
	printRows(w, indent, len(rows), func(r int, dst []string) []string { return append(dst, rows[r]...) }, right, nil)
}

// printRows is printAligned of n rows that row appends to dst, row by
// row, keeping none. widths are the columns' widths when the caller
// knows them (a cell wider than its column is printed unpadded); when
// nil, printRows asks for each row twice, once to measure the columns
// and once to print them.
func printRows(w io.Writer, indent string, n int, row func(r int, dst []string) []string, right []bool, widths []int) {
	// A comparison has hundreds of thousands of cells: their widths are
	// measured when printed rather than kept, the last cell of each
	// column and its width remembered (an agency's name repeats on the
	// rows of its dims), and all lines share one buffer.
	var last []string
	var lastWidth []int
	var alignRight []bool
	var cells []string
	// grow makes the per-column slices as long as a row of cells.
	grow := func() {
		for len(last) < len(cells) {
			i := len(last)
			last, lastWidth = append(last, ""), append(lastWidth, 0)
			alignRight = append(alignRight, i < len(right) && right[i])
		}
	}
	if widths == nil {
		for k := range n {
			cells = row(k, cells[:0])
			grow()
			for i, c := range cells {
				if c != last[i] {
					last[i], lastWidth[i] = c, displayWidth(c)
				}
				if i == len(widths) {
					widths = append(widths, 0)
				}
				widths[i] = max(widths[i], lastWidth[i])
			}
		}
	}
	var b []byte
	for k := range n {
		cells = row(k, cells[:0])
		grow()
		b = append(b[:0], indent...)
		// gap is the spaces owed before the next cell: the padding of a
		// cell aligned left, the two between columns, the padding of a
		// cell aligned right. What is owed at the end of a line is not
		// printed.
		gap := 0
		for i, c := range cells {
			if c != last[i] {
				last[i], lastWidth[i] = c, displayWidth(c)
			}
			pad := 0
			if i < len(widths) {
				pad = max(widths[i]-lastWidth[i], 0)
			}
			if i > 0 {
				gap += 2
			}
			if alignRight[i] {
				gap += pad
			}
			for ; gap > len(spaces); gap -= len(spaces) {
				b = append(b, spaces...)
			}
			b = append(b, spaces[:gap]...)
			b = append(b, c...)
			gap = 0
			if !alignRight[i] {
				gap = pad
			}
		}
		b = append(bytes.TrimRight(b, " "), '\n')
		w.Write(b)
	}
}

// spaces pads cells.
const spaces = "                                                                "
