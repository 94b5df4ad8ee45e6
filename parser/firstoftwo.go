package parser

// firstOfTwo finds, from a place in a text, the first place of either
// of two words, keeping where each was last found so that a word is
// searched again only once the scan has passed it: a text is read once
// for each word however many places are asked for (indexHeaderWords,
// sectionLines).
type firstOfTwo struct {
	words [2]string
	at    [2]int // the next place of each word; -2: not searched, -1: none left
}

func newFirstOfTwo(a, b string) firstOfTwo {
	return firstOfTwo{words: [2]string{a, b}, at: [2]int{-2, -2}}
}

// from returns the first place at or after off of either word in s and
// which word is there (0 or 1); -1, -1 when neither is left. s must be
// the same text at every call, and off must not go back.
func (f *firstOfTwo) from(s string, off int) (i, w int) {
	i, w = -1, -1
	for k, word := range f.words {
		if f.at[k] == -2 || f.at[k] >= 0 && f.at[k] < off {
			if n := indexText(s[off:], word); n >= 0 {
				f.at[k] = off + n
			} else {
				f.at[k] = -1
			}
		}
		if f.at[k] >= 0 && (i < 0 || f.at[k] < i) {
			i, w = f.at[k], k
		}
	}
	return i, w
}
