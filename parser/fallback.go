package parser

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"nianbao"
)

// otherReading reads src in the charsets its declaration did not name,
// when the declared one gave no statistics table (or is not known): a
// UTF-8 page whose <meta> says gb2312 reads as mojibake with no table.
// It returns the first reading that finds a table, with a
// charset-fallback finding naming both charsets, or nil. Only the
// plausible charsets are tried: the one of a byte order mark, UTF-8 for
// bytes that are valid UTF-8 and not ASCII, GB18030 for bytes that are
// not valid UTF-8; a decoding with more than 1% of replacement characters
// is not parsed.
func otherReading(src []byte, d decoding, opt Options) *nianbao.Report {
	if d.declared == "" {
		return nil // sniffed: the other charsets were ruled out already
	}
	for _, cs := range otherCharsets(src, d.charset) {
		text, used, err := decodeAs(src, cs)
		if err != nil || used == d.charset || replaced(text) {
			continue
		}
		r, err := parseText(text, used, opt)
		if err != nil || r.Template == nianbao.TemplateNone {
			continue
		}
		r.Findings = append(r.Findings, nianbao.Finding{Rule: "charset-fallback", Severity: nianbao.SeverityInfo,
			Message: fmt.Sprintf("the %s declares charset %s, which gives no statistics table; read as %s, the document gives one", d.from, d.declared, used)})
		return r
	}
	return nil
}

// otherCharsets are the charsets, other than used, that src may be in.
func otherCharsets(src []byte, used string) []string {
	var out []string
	if b := bomCharset(src); b != "" && b != used {
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

// mislabelled is the charset-fallback finding for a document whose
// declared charset was not the one used (a page labelled UTF-8 that is
// GB18030), nil when it was.
func mislabelled(d decoding) *nianbao.Finding {
	if d.declared == "" || canonical(d.declared) == d.charset {
		return nil
	}
	return &nianbao.Finding{Rule: "charset-fallback", Severity: nianbao.SeverityInfo,
		Message: fmt.Sprintf("the %s declares charset %s, but the bytes are not %s; read as %s", d.from, d.declared, canonical(d.declared), d.charset)}
}

// replaced reports whether more than 1% of text's characters are U+FFFD,
// the mark of bytes a decoder could not read.
func replaced(text []byte) bool {
	bad := bytes.Count(text, []byte("\ufffd"))
	return bad > 0 && bad*100 > utf8.RuneCount(text)
}

func ascii(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
