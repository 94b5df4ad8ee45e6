package export

import "golang.org/x/text/width"

// displayWidth is the width of s in columns of a fixed-width font: two
// for a wide or full-width character (Chinese, full-width brackets), one
// for the others.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
