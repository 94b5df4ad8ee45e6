package parser

import (
	"strings"
	"testing"
)

// TestIndexText: indexText agrees with strings.Index on Chinese, ASCII,
// mixed and invalid text, needles at either end, repeated or absent.
func TestIndexText(t *testing.T) {
	texts := []string{"", "申", "申请", "收到申请12件，申请", "本年申申请请", "abc申请", "申请abc", "\xe7\x94申请", "请申请", "申请人申请", "a", "ab申"}
	subs := []string{"申请", "申", "请", "a", "ab", "申请人", "\xb3", "12件", "，申请", "申请abc"}
	for _, s := range texts {
		for _, sub := range subs {
			if got, want := indexText(s, sub), strings.Index(s, sub); got != want {
				t.Errorf("indexText(%q, %q) = %d, want %d", s, sub, got, want)
			}
		}
	}
}
