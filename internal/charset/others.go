package charset

import (
	"bytes"
	"unicode/utf8"
)

// Others are the charsets, other than used, that src may be in.
func Others(src []byte, used string) []string {
	var out []string
	if b := BOM(src); b != "" && b != used {
		out = append(out, b)
	}
	body := bytes.TrimPrefix(src, bomUTF8)
	valid := utf8.Valid(body)
	if used != "utf-8" && valid && !ascii(body) {
		out = append(out, "utf-8")
	}
	if used != "gb18030" && !valid {
		out = append(out, "gb18030")
	}
	return out
}

// Replaced reports whether more than 1% of text's characters are U+FFFD,
// the mark of bytes a decoder could not read.
func Replaced(text []byte) bool {
	bad := bytes.Count(text, []byte("\ufffd"))
	return bad > 0 && bad*100 > utf8.RuneCount(text)
}

// ascii reports whether b holds only ASCII bytes.
func ascii(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
