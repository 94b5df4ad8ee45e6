package charset

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

func encode(t *testing.T, enc encoding.Encoding, src []byte) []byte {
	t.Helper()
	out, err := enc.NewEncoder().Bytes(src)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDecode(t *testing.T) {
	utf := []byte("<html><head><meta charset=\"gb2312\"></head><body>政府信息公开 镕</body></html>")
	gbk := encode(t, simplifiedchinese.GBK, utf)
	for _, tc := range []struct {
		name, ct string
		src      []byte
		want     string
	}{
		{"meta gb2312 read as gb18030", "", gbk, "gb18030"},
		{"header wins over meta", "text/html; charset=GBK", gbk, "gb18030"},
		{"bom", "", append([]byte("\xef\xbb\xbf"), "政府信息公开"...), "utf-8"},
		{"sniffed utf-8 text", "", []byte("政府信息公开"), "utf-8"},
		{"sniffed gbk text", "", gbk[bytes.Index(gbk, []byte("<body>"))+6:], "gb18030"},
	} {
		out, cs, err := Decode(tc.src, tc.ct)
		if err != nil || cs != tc.want || !strings.Contains(string(out), "政府信息公开") {
			t.Errorf("%s: charset %q err %v, text %q", tc.name, cs, err, out)
		}
	}
}

// TestDecodeBOM: a byte order mark outweighs the Content-Type header, as
// in browsers.
func TestDecodeBOM(t *testing.T) {
	for _, tc := range []struct {
		src  []byte
		ct   string
		want string
	}{
		{append([]byte("\xef\xbb\xbf"), "政府信息公开"...), "text/html; charset=gbk", "utf-8"},
		{encode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), []byte("政府信息公开")), "text/html; charset=gbk", "utf-16le"},
		{encode(t, unicode.UTF16(unicode.BigEndian, unicode.UseBOM), []byte("政府信息公开")), "", "utf-16be"},
	} {
		out, cs, err := Decode(tc.src, tc.ct)
		if err != nil || cs != tc.want || string(out) != "政府信息公开" {
			t.Errorf("Decode(% x, %q) = %q %q %v, want %q", tc.src[:4], tc.ct, out, cs, err, tc.want)
		}
	}
}
