package main

import (
	"bytes"
	"io"

	"golang.org/x/text/width"
)

// displayWidth is the number of terminal columns s takes: wide (CJK)
// characters count double.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r < 0x80: // ASCII: narrow, and most of a table
			n++
			continue
		case r >= 0x4e00 && r <= 0x9fff: // CJK Unified Ideographs: all wide
			n += 2
			continue
		case r == '—': // the empty cell: ambiguous, printed narrow
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
	// A comparison has hundreds of thousands of cells: their widths are
	// measured again when printed rather than kept, and all lines share
	// one buffer.
	var widths []int
	for _, r := range rows {
		for i, c := range r {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	var b []byte
	pad := func(n int) {
		for ; n > len(spaces); n -= len(spaces) {
			b = append(b, spaces...)
		}
		if n > 0 {
			b = append(b, spaces[:n]...)
		}
	}
	for _, r := range rows {
		b = append(b[:0], indent...)
		for i, c := range r {
			p := widths[i] - displayWidth(c)
			if i < len(right) && right[i] {
				pad(p)
				b = append(b, c...)
			} else {
				b = append(b, c...)
				if i < len(r)-1 {
					pad(p)
				}
			}
			if i < len(r)-1 {
				b = append(b, "  "...)
			}
		}
		b = append(bytes.TrimRight(b, " "), '\n')
		w.Write(b)
	}
}

// spaces pads cells.
const spaces = "                                                                "
