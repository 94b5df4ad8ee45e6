package parser

import (
	"math/rand"
	"strings"
	"testing"
)

// cleanPieces are the runes and bytes that matter to Clean (full-width
// forms, the spaces, format characters, ideographs, bytes that are not
// UTF-8), for random strings.
var cleanPieces = []string{"a", "Z", "7", " ", "  ", "\t", "\n", "\u00a0", "\u3000", "\u200b", "\ufeff", "\u00ad", "\ufffd",
	"（", "）", "，", "：", "Ａ", "１", "\uff61", "\uffe5", "\uff00", "收", "到", "第", "、", "。", "\ufe59",
	"\xff", "\xe3\x80", "\xe7\xac", "\xe7", "\x7f", "\x01", "Ⅲ", "²", "\xed\xa0\x80", "\xe0\x80\x80", "\xef\xbf\xbd",
	"\xec\x80", "\xe3\x80\x81", "\ucfff", "\ud000", "\u30fc", "\x80\x80", "\u2028", "\u0085",
	"“", "”", "•", "—", "…", "\u200b", "\u200d", "\u2060", "\u206f", "\u2070", "\u1fff", "\u2000", "\u205f", "\u202f", "、", "。", "《"}

func randomCleanInputs(t *testing.T) []string {
	out := shortcutSamples(t)
	rnd := rand.New(rand.NewSource(3))
	for range 50000 {
		var b strings.Builder
		for range rnd.Intn(10) {
			b.WriteString(cleanPieces[rnd.Intn(len(cleanPieces))])
		}
		out = append(out, b.String())
	}
	return out
}

// TestCleanAsDefinition holds Clean to its definition (see
// TestFoldCleanKeyAgainstDefinition) on longer strings of more pieces:
// General Punctuation, CJK punctuation among ideographs.
func TestCleanAsDefinition(t *testing.T) {
	for _, s := range randomCleanInputs(t) {
		if got, want := Clean(s), cleanByDefinition(s); got != want {
			t.Fatalf("Clean(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestCleanIdempotent: Clean of a clean text is the text, which readText
// rests on when it gives gluedGrid a text it cleaned already.
func TestCleanIdempotent(t *testing.T) {
	for _, s := range randomCleanInputs(t) {
		c := Clean(s)
		if cc := Clean(c); cc != c {
			t.Fatalf("Clean(%q) = %q, and Clean of that %q", s, c, cc)
		}
	}
}

// TestCleanSpacedJoins: Clean of s and a text t starting with a character
// Clean keeps as it is (the glued table's 第) is put together from
// cleanSpaced(s) and Clean(t), as cleanGluedLineTo writes it and gluedLine
// keeps it; and Clean of lines
// joined by line breaks is Clean of each, those not empty joined by a
// space, as gluedLine.rest does.
func TestCleanSpacedJoins(t *testing.T) {
	in := randomCleanInputs(t)
	rnd := rand.New(rand.NewSource(4))
	for _, s := range in {
		tail := "第二十条第（一）项 信息内容" + in[rnd.Intn(len(in))]
		var b strings.Builder
		lead := in[rnd.Intn(len(in))] // what the builder holds before the line
		b.WriteString(lead)
		g := cleanGluedLineTo(&b, s+tail, len(s))
		if got, want := b.String(), lead+Clean(s+tail); got != want {
			t.Fatalf("Clean(%q + %q) after %q: %q, want %q", s, tail, lead, got, want)
		}
		b.Reset()
		g.writeTo(&b)
		if got, want := b.String(), Clean(s+tail); got != want {
			t.Fatalf("Clean(%q + %q): put together %q, want %q", s, tail, got, want)
		}
		if before, spaced := cleanSpaced(s); g.before != before || g.spaced != spaced || g.table != Clean(tail) {
			t.Fatalf("parts of %q + %q: %q, %v, %q; want %q, %v, %q", s, tail, g.before, g.spaced, g.table, before, spaced, Clean(tail))
		}
		after := []string{in[rnd.Intn(len(in))], in[rnd.Intn(len(in))], s}
		if got, want := g.rest(after), Clean(strings.Join(append([]string{tail}, after...), "\n")); got != want {
			t.Fatalf("rest of %q and %q: %q, want %q", tail, after, got, want)
		}
	}
}

// TestCleanToAsClean: cleanTo writes Clean(s) after what the builder
// holds (a space is not written first however the text ends), and says
// whether it wrote anything.
func TestCleanToAsClean(t *testing.T) {
	in := randomCleanInputs(t)
	for k, s := range in {
		var b strings.Builder
		before := in[(k*7)%len(in)]
		b.WriteString(before)
		wrote := cleanTo(&b, s)
		c := Clean(s)
		if b.String() != before+c || wrote != (c != "") {
			t.Fatalf("cleanTo(%q) after %q: %q, %v; want %q", s, before, b.String(), wrote, before+c)
		}
	}
}

// TestCleanNoLonger: Clean makes no text longer (vocabWords refuses a
// cell too short to hold a marker before cleaning it).
func TestCleanNoLonger(t *testing.T) {
	for _, s := range randomCleanInputs(t) {
		if c := Clean(s); len(c) > len(s) {
			t.Fatalf("Clean(%q) = %q, longer", s, c)
		}
	}
}
