package parser

import (
	"math/rand"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// TestFoldRune checks foldRune against width.Fold for every rune: fold,
// Clean and key fold rune by rune with it instead of running the
// transformer over the string.
func TestFoldRune(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		if got, want := string(foldRune(r)), width.Fold.String(string(r)); got != want {
			t.Errorf("foldRune(%U) = %q, width.Fold gives %q", r, got, want)
		}
	}
}

// cleanByDefinition is Clean as it was written before its fast paths:
// width.Fold over the string when it has full-width forms, then each
// rune kept, dropped or read as a space.
func cleanByDefinition(s string) string {
	if strings.IndexFunc(s, fullWidth) >= 0 {
		s = width.Fold.String(s)
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == '\u00a0' || r == '\u3000' || unicode.IsSpace(r):
			space = true
			continue
		case unicode.Is(unicode.Cf, r) || r == '\ufffd':
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// TestFoldCleanKeyAgainstDefinition compares fold, Clean and key with
// their definitions on random strings of the runes that matter to them
// (full-width forms, the spaces, format characters, ideographs, bytes
// that are not UTF-8).
func TestFoldCleanKeyAgainstDefinition(t *testing.T) {
	pieces := []string{"a", "Z", "7", " ", "  ", "\t", "\n", "\u00a0", "\u3000", "\u200b", "\ufeff", "\u00ad", "\ufffd",
		"（", "）", "，", "：", "Ａ", "１", "\uff61", "\uffe5", "\uffe8", "\uff00", "收", "到", "、", "。", "\u3001", "\ufe59",
		"\xff", "\xe3\x80", "\x7f", "\x01", "Ⅲ", "²",
		"\xed\xa0\x80", "\xe0\x80\x80", "\xef\xbf\xbd", "\xec\x80", "\xe3\x80\x81", "\u3001", "\ucfff", "\ud000", "\uac00", "\u30fc", "\x80\x80"}
	keyDef := func(s string) string {
		var b strings.Builder
		for _, r := range width.Fold.String(s) {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(r)
			}
		}
		return b.String()
	}
	foldDef := func(s string) string {
		if strings.IndexFunc(s, fullWidth) < 0 {
			return s
		}
		return width.Fold.String(s)
	}
	rnd := rand.New(rand.NewSource(1))
	for range 200000 {
		var b strings.Builder
		for range rnd.Intn(8) {
			b.WriteString(pieces[rnd.Intn(len(pieces))])
		}
		s := b.String()
		if got, want := fold(s), foldDef(s); got != want {
			t.Fatalf("fold(%q) = %q, want %q", s, got, want)
		}
		if got, want := Clean(s), cleanByDefinition(s); got != want {
			t.Fatalf("Clean(%q) = %q, want %q", s, got, want)
		}
		if got, want := key(s), keyDef(s); got != want {
			t.Fatalf("key(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestIsHan checks isHan against unicode.Han for every rune.
func TestIsHan(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if isHan(r) != unicode.Is(unicode.Han, r) {
			t.Errorf("isHan(%U) = %v", r, isHan(r))
		}
	}
}

// TestCleanTrimsFirst: Clean of a string is Clean of it with the white
// space at its ends trimmed, which Clean now does first (format
// characters, no-break and ideographic spaces, invalid bytes at the ends).
func TestCleanTrimsFirst(t *testing.T) {
	ends := []string{"", " ", "  ", "\t\n", "\u00a0", "\u3000", "\u200b", " \u200b ", "\u200b \u3000", "\ufeff", "\u0085", "\xff", " \xff "}
	mids := []string{"", "x", "收到 申请", "(一)", "１２", "a\u200bb", " "}
	for _, a := range ends {
		for _, m := range mids {
			for _, z := range ends {
				s := a + m + z
				if got, want := Clean(s), cleanUntrimmed(s); got != want {
					t.Errorf("Clean(%q) = %q, want %q", s, got, want)
				}
			}
		}
	}
}

// cleanUntrimmed is Clean as it was, without trimming first.
func cleanUntrimmed(s string) string {
	p := cleanPrefix(s)
	if p == len(s) {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:p])
	space := false
	for _, r := range s[p:] {
		f := foldRune(r)
		switch {
		case plainWide(f):
		case f == '\u00a0' || f == '\u3000' || unicode.IsSpace(f):
			space = true
			continue
		case unicode.Is(unicode.Cf, f) || f == '\ufffd':
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(f)
	}
	return b.String()
}
