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
		if r < 0x80 { // ASCII: narrow, and most of a table
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
	// Each cell's width once (a comparison has hundreds of thousands of
	// cells), and one line buffer for all lines.
	var widths []int
	cellWidth := make([][]int, len(rows))
	n := 0
	for _, r := range rows {
		n += len(r)
	}
	flat := make([]int, n)
	for k, r := range rows {
		cellWidth[k], flat = flat[:len(r):len(r)], flat[len(r):]
		for i, c := range r {
			cw := displayWidth(c)
			cellWidth[k][i] = cw
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], cw)
		}
	}
	var b []byte
	pad := func(n int) {
		for ; n > 0; n-- {
			b = append(b, ' ')
		}
	}
	for k, r := range rows {
		b = append(b[:0], indent...)
		for i, c := range r {
			p := widths[i] - cellWidth[k][i]
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
