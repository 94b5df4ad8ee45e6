package charset

import (
	"math/rand"
	"testing"
	"unicode/utf8"
)

// TestValidUTF8 holds validUTF8 to utf8.Valid: every sequence of up to
// three bytes, and random mixes of ASCII, Chinese and stray bytes.
func TestValidUTF8(t *testing.T) {
	for a := 0; a < 256; a++ {
		for b := 0; b < 256; b++ {
			for _, p := range [][]byte{{byte(a), byte(b)}, {byte(a), byte(b), 0x80}, {byte(a), byte(b), 0xBF}, {byte(a), byte(b), 'x'},
				{byte(a), byte(b), 0x80, 0x80}, {'x', byte(a), byte(b)}, {0xE4, 0xB8, 0xAD, byte(a), byte(b)}} {
				if got, want := validUTF8(p), utf8.Valid(p); got != want {
					t.Fatalf("validUTF8(% x) = %v, want %v", p, got, want)
				}
				// and inside words of eight bytes: after ASCII, after a
				// character, before both
				for _, q := range [][]byte{append([]byte("abcdefg"), p...), append([]byte("中文"), p...),
					append(append([]byte("中"), p...), "文字abcdefgh"...), append(append([]byte("a"), p...), "中文abcdefgh"...)} {
					if got, want := validUTF8(q), utf8.Valid(q); got != want {
						t.Fatalf("validUTF8(% x) = %v, want %v", q, got, want)
					}
				}
			}
		}
	}
	rnd := rand.New(rand.NewSource(1))
	pieces := [][]byte{[]byte("abcdefgh"), []byte("中文"), []byte("，。"), []byte("\u3000"), []byte("😀"), {0xED, 0xA0, 0x80}, {0xE0, 0x80, 0x80},
		{0xC0, 0x80}, {0x80}, {0xFF}, {0xE4, 0xB8}, []byte("\u00a0"), []byte("x")}
	for k := 0; k < 100000; k++ {
		var p []byte
		for n := rnd.Intn(12); n > 0; n-- {
			p = append(p, pieces[rnd.Intn(len(pieces))]...)
		}
		if got, want := validUTF8(p), utf8.Valid(p); got != want {
			t.Fatalf("validUTF8(% x) = %v, want %v", p, got, want)
		}
	}
}
