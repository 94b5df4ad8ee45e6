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

// TestValid8x3AsBytes holds valid8x3 to its definition, character by
// character: eight characters of 中 with one byte of one of them set to
// every value, at each of the 24 places.
func TestValid8x3AsBytes(t *testing.T) {
	run := []byte("中中中中中中中中")
	for at := 0; at < 24; at++ {
		for c := 0; c < 256; c++ {
			p := append([]byte(nil), run...)
			p[at] = byte(c)
			want := true
			for k := 0; k < 24; k += 3 {
				if !leads3(uint64(p[k])) || p[k+1]&0xC0 != 0x80 || p[k+2]&0xC0 != 0x80 {
					want = false
				}
			}
			if got := valid8x3(p); got != want {
				t.Fatalf("valid8x3(% x) = %v, want %v", p, got, want)
			}
		}
	}
}

// TestValidUTF8InRuns holds validUTF8 to utf8.Valid where it reads 24
// bytes at once: every sequence of two bytes, and of two bytes and a
// continuation byte, put at each character's place in a run of Chinese
// characters long enough for two such reads, after ASCII and after a
// character of two bytes (the run then starts at another byte of a word).
func TestValidUTF8InRuns(t *testing.T) {
	run := []byte("中文字词语句段篇章节目录表格行列")
	for a := 0; a < 256; a++ {
		for b := 0; b < 256; b++ {
			for _, probe := range [][]byte{{byte(a), byte(b)}, {byte(a), byte(b), 0x80}, {byte(a), 0x80, byte(b)}} {
				for at := 0; at <= len(run); at += 3 {
					for _, head := range []string{"", "ab", "é"} {
						p := append(append(append([]byte(head), run[:at]...), probe...), run[at:]...)
						if got, want := validUTF8(p), utf8.Valid(p); got != want {
							t.Fatalf("validUTF8(% x) = %v, want %v", p, got, want)
						}
					}
				}
			}
		}
	}
}
