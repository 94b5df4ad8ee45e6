package charset

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// FuzzDecode decodes any bytes under any Content-Type: no panic, and
// whatever is returned is valid UTF-8 from a known charset, at most three
// bytes for each byte read. The other charsets a fallback would try decode
// the same way.
func FuzzDecode(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("..", "..", "fixtures", "*", "*"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no fixtures: %v", err)
	}
	page := []byte(`<html><head><meta charset="gb2312"></head><body><table><tr><td>统计指标</td></tr></table>政府信息公开</body></html>`)
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes(bytes.Replace(page, []byte("gb2312"), []byte("utf-8"), 1))
	le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte("政府信息公开 |\n单位 |\n"))
	be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes([]byte("政府信息公开 |\n单位 |\n"))
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src[:min(len(src), 8192)], "")
	}
	for _, s := range []struct {
		src []byte
		ct  string
	}{
		{page, ""}, {page, "text/html; charset=utf-8"}, {gbk, ""}, {gbk, "text/html; charset=UTF-8"},
		{le, ""}, {be, "text/plain; charset=gbk"}, {le[:len(le)-1], ""}, {[]byte("\xff\xfe\x00\xd8"), ""},
		{[]byte("\xef\xbb\xbf\xb2\xe2"), "text/html"}, {[]byte("<meta charset=x-nonesuch>"), ""},
		{[]byte("<p>\x80\x81</p>"), "text/html; charset=windows-1252"}, {[]byte("abc"), "text/html; charset="},
	} {
		f.Add(s.src, s.ct)
	}
	f.Fuzz(func(t *testing.T, src []byte, ct string) {
		out, cs, err := Decode(src, ct)
		if err == nil {
			checkDecoded(t, src, out, cs)
		}
		if err == nil && ct == "" && !LooksHTML(src) && BOM(src) == "" && utf8.Valid(src) && (cs != "utf-8" || !bytes.Equal(out, src)) {
			t.Fatalf("plain UTF-8 text decoded as %s", cs)
		}
		d, _ := Read(src, ct)
		for _, other := range Others(src, d.Charset) {
			if out, cs, err := DecodeAs(src, other); err == nil {
				checkDecoded(t, src, out, cs)
			}
		}
	})
}

func checkDecoded(t *testing.T, src, out []byte, cs string) {
	t.Helper()
	if !utf8.Valid(out) {
		t.Fatalf("%s: invalid UTF-8 out: %q", cs, out)
	}
	if cs == "" || Canonical(cs) != cs {
		t.Fatalf("charset %q is not a canonical name", cs)
	}
	if len(out) > 3*len(src)+3 {
		t.Fatalf("%s: %d bytes out of %d", cs, len(out), len(src))
	}
}
