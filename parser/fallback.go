package parser

import (
	"fmt"

	"nianbao"
	"nianbao/internal/charset"
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
func otherReading(src []byte, d charset.Decoding, opt Options) *nianbao.Report {
	if d.Declared == "" {
		return nil // sniffed: the other charsets were ruled out already
	}
	for _, cs := range charset.Others(src, d.Charset) {
		text, used, err := charset.DecodeAs(src, cs)
		if err != nil || used == d.Charset || charset.Replaced(text) {
			continue
		}
		r, err := parseText(text, used, opt)
		if err != nil || r.Template == nianbao.TemplateNone {
			continue
		}
		r.Findings = append(r.Findings, nianbao.Finding{Rule: "charset-fallback", Severity: nianbao.SeverityInfo,
			Message: fmt.Sprintf("the %s declares charset %s, which gives no statistics table; read as %s, the document gives one", d.From, d.Declared, used)})
		return r
	}
	return nil
}

// mislabelled is the charset-fallback finding for a document whose
// declared charset was not the one used (a page labelled UTF-8 that is
// GB18030), nil when it was.
func mislabelled(d charset.Decoding) *nianbao.Finding {
	if d.Declared == "" || charset.Canonical(d.Declared) == d.Charset {
		return nil
	}
	return &nianbao.Finding{Rule: "charset-fallback", Severity: nianbao.SeverityInfo,
		Message: fmt.Sprintf("the %s declares charset %s, but the bytes are not %s; read as %s", d.From, d.Declared, charset.Canonical(d.Declared), d.Charset)}
}
