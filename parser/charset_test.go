package parser

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"nianbao"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "fixtures", name))
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func encode(t *testing.T, enc encoding.Encoding, src []byte) []byte {
	t.Helper()
	out, err := enc.NewEncoder().Bytes(src)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameReading fails unless got read what want read: the same metadata,
// records and findings, but for the findings of rule extra.
func sameReading(t *testing.T, got, want *nianbao.Report, extra string) {
	t.Helper()
	if got.Template != want.Template || got.Agency != want.Agency || got.Year != want.Year || got.Title != want.Title {
		t.Errorf("read %s %q %d %q, want %s %q %d %q", got.Template, got.Agency, got.Year, got.Title, want.Template, want.Agency, want.Year, want.Title)
	}
	if len(got.Stats) != len(want.Stats) || !reflect.DeepEqual(got.Stats, want.Stats) {
		t.Errorf("%d values, want the original's %d, the same", len(got.Stats), len(want.Stats))
	}
	var findings []nianbao.Finding
	for _, f := range got.Findings {
		if f.Rule != extra {
			findings = append(findings, f)
		}
	}
	if !reflect.DeepEqual(findings, want.Findings) && !(len(findings) == 0 && len(want.Findings) == 0) {
		t.Errorf("findings %+v, want %+v", findings, want.Findings)
	}
}

// TestCharsetFallback gives the parser pages whose declared charset is
// wrong: every value is read, with a charset-fallback finding naming the
// declared charset and the one used.
func TestCharsetFallback(t *testing.T) {
	page := readFixture(t, "html/pingtan_2019.html")
	want, err := Parse(page, Options{})
	if err != nil || len(want.Stats) != 220 {
		t.Fatalf("original: %v, %d values", err, len(want.Stats))
	}
	metaGB := bytes.Replace(page, []byte(`<meta charset="utf-8"`), []byte(`<meta charset="gb2312"`), 1)
	gbk := encode(t, simplifiedchinese.GBK, page) // its <meta> still says utf-8
	for _, tc := range []struct {
		name, ct string
		src      []byte
		charset  string
		says     []string
	}{
		{"utf-8 page, <meta> gb2312", "", metaGB, "utf-8", []string{"<meta> tag declares charset gb2312", "read as utf-8"}},
		{"utf-8 page, header gbk", "text/html; charset=GBK", page, "utf-8", []string{"Content-Type header declares charset GBK", "read as utf-8"}},
		{"gbk page, <meta> utf-8", "", gbk, "gb18030", []string{"<meta> tag declares charset utf-8", "read as gb18030"}},
		{"gbk page, header utf-8", "text/html; charset=utf-8", gbk, "gb18030", []string{"Content-Type header declares charset utf-8", "read as gb18030"}},
		{"gbk page, <meta> of an unknown charset", "", bytes.Replace(gbk, []byte(`charset="utf-8"`), []byte(`charset="x-nonesuch"`), 1), "gb18030", []string{"declares charset x-nonesuch"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Parse(tc.src, Options{ContentType: tc.ct})
			if err != nil {
				t.Fatal(err)
			}
			if r.Charset != tc.charset {
				t.Errorf("charset %q, want %q", r.Charset, tc.charset)
			}
			sameReading(t, r, want, "charset-fallback")
			var msgs []string
			for _, f := range r.Findings {
				if f.Rule == "charset-fallback" {
					msgs = append(msgs, f.Message)
					if f.Kind != nianbao.KindMetadata {
						t.Errorf("charset-fallback of kind %q, want %q", f.Kind, nianbao.KindMetadata)
					}
				}
			}
			if len(msgs) != 1 {
				t.Fatalf("%d charset-fallback findings, want 1: %q", len(msgs), msgs)
			}
			for _, s := range tc.says {
				if !strings.Contains(msgs[0], s) {
					t.Errorf("finding %q does not say %q", msgs[0], s)
				}
			}
		})
	}

	// A page rightly labelled, or one with no table in any charset, has no
	// charset-fallback finding.
	listing := bytes.Replace(readFixture(t, "html/listing_index.html"), []byte(`charset="utf-8"`), []byte(`charset="gb2312"`), 1)
	for name, src := range map[string][]byte{"labelled": page, "listing labelled gb2312": listing} {
		r, err := Parse(src, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range r.Findings {
			if f.Rule == "charset-fallback" {
				t.Errorf("%s: %+v", name, f)
			}
		}
	}
}

// TestUTF16 reads text renderings and a page re-encoded to UTF-16 with a
// byte order mark: the same records as the UTF-8 original.
func TestUTF16(t *testing.T) {
	for _, name := range []string{"text/003_pingtan-zhqsyq_2019.txt", "seed/000_d451e8e22817c643.txt", "html/pingtan_2019.html"} {
		src := readFixture(t, name)
		want, err := Parse(src, Options{Source: name})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			charset string
			enc     encoding.Encoding
		}{
			{"utf-16le", unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)},
			{"utf-16be", unicode.UTF16(unicode.BigEndian, unicode.UseBOM)},
		} {
			r, err := Parse(encode(t, tc.enc, src), Options{Source: name})
			if err != nil {
				t.Errorf("%s in %s: %v", name, tc.charset, err)
				continue
			}
			if r.Charset != tc.charset {
				t.Errorf("%s: charset %q, want %q", name, r.Charset, tc.charset)
			}
			sameReading(t, r, want, "")
		}
	}
	// Binary data behind a UTF-16 byte order mark is still refused.
	junk := append([]byte("\xff\xfe"), bytes.Repeat([]byte{0, 1, 2, 3, 0xd8, 0, 0x1b, 0}, 500)...)
	if _, err := Parse(junk, Options{}); !errors.Is(err, ErrNotReport) {
		t.Errorf("binary behind a BOM: %v, want ErrNotReport", err)
	}
}
