package charset

import (
	"bytes"
	"math/rand"
	"testing"
	"unicode"
)

// TestLowersToASCII checks what indexLower rests on: no rune outside
// ASCII lowers into it but the two lowersToASCII looks for.
func TestLowersToASCII(t *testing.T) {
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if l := unicode.ToLower(r); l < 0x80 && r != '\u0130' && r != '\u212a' {
			t.Errorf("%U lowers to %q", r, l)
		}
	}
}

// TestLooksHTMLAndMetaCharsetAsBefore compares LooksHTML and metaCharset
// with their former selves, which lowered a copy of the head first, on
// random heads of markup, case, non-ASCII text and bytes that are not
// UTF-8.
func TestLooksHTMLAndMetaCharsetAsBefore(t *testing.T) {
	looksBefore := func(src []byte) bool {
		low := bytes.ToLower(src[:min(len(src), 2048)])
		for _, tag := range []string{"<html", "<!doctype", "<table", "<meta", "<body", "<div", "<p"} {
			if bytes.Contains(low, []byte(tag)) {
				return true
			}
		}
		return false
	}
	metaBefore := func(src []byte) string {
		low := bytes.ToLower(src[:min(len(src), 4096)])
		i := bytes.Index(low, []byte("charset="))
		if i < 0 {
			return ""
		}
		rest := bytes.TrimLeft(low[i+len("charset="):], `"' `)
		j := bytes.IndexAny(rest, "\"' ;/>\r\n")
		if j <= 0 {
			return ""
		}
		return string(rest[:j])
	}
	pieces := []string{"<", "P", "p", "<DiV", "<d", "\u0130", "v", "<META", " CHARSET=", "charset=", "\"", "'", " ", "GB2312", "Utf-8",
		"\u212a", "\xff", "\xe3\x80", "平潭", "ÄÖ", "Σ", ">", ";", "\r\n", "<!DOCTYPE", "<TaBlE", "<bOdy", "<html", "\u0130GBK"}
	rnd := rand.New(rand.NewSource(1))
	for range 300000 {
		var b bytes.Buffer
		for range rnd.Intn(10) {
			b.WriteString(pieces[rnd.Intn(len(pieces))])
		}
		src := b.Bytes()
		if got, want := LooksHTML(src), looksBefore(src); got != want {
			t.Fatalf("LooksHTML(%q) = %v, want %v", src, got, want)
		}
		if got, want := metaCharset(src), metaBefore(src); got != want {
			t.Fatalf("metaCharset(%q) = %q, want %q", src, got, want)
		}
	}
}
