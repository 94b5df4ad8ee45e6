// Package charset reads the bytes of a fetched or archived document as
// UTF-8: it finds the charset the document declares (byte order mark,
// HTTP Content-Type header, <meta> tag), sniffs one when none is
// declared, and names the other charsets the bytes may be in. The crawler
// and the parser both read documents through it.
package charset

import (
	"bytes"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	htmlcharset "golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// Byte order marks.
var (
	bomUTF8    = []byte("\xef\xbb\xbf")
	bomUTF16LE = []byte("\xff\xfe")
	bomUTF16BE = []byte("\xfe\xff")
)

// Decode converts a document to UTF-8. The charset is taken from, in
// order: a byte order mark (UTF-8, UTF-16LE, UTF-16BE), the HTTP
// Content-Type header (contentType, may be empty), a <meta> declaration
// in the first 1024 bytes (4 kB when the WHATWG prescan finds none), and
// finally sniffing (valid UTF-8, else GB18030). Any GB2312 or GBK label
// is decoded as GB18030, its superset: pages labelled gb2312 routinely use
// GBK-only characters; a page labelled UTF-8 that is not UTF-8 but reads
// cleanly as GB18030 is read as GB18030. It returns the UTF-8 bytes and
// the name of the charset used.
func Decode(src []byte, contentType string) ([]byte, string, error) {
	d, err := Read(src, contentType)
	if err != nil {
		return nil, "", err
	}
	return d.Text, d.Charset, nil
}

// A Decoding is a document read as UTF-8, with what its bytes declared.
type Decoding struct {
	Text    []byte
	Charset string // canonical name of the charset used
	// Declared is the charset label the document or its header names, as
	// written ("" when the charset was sniffed); From says where.
	Declared, From string
}

// Read is Decode, keeping the declaration (also when it names a charset
// that is not known: the Decoding then has it, with the error).
func Read(src []byte, contentType string) (Decoding, error) {
	d := declaration(src, contentType)
	name := d.Declared
	if name == "" {
		if validUTF8(src) {
			// what DecodeAs(src, "utf-8") returns, without checking
			// the bytes again (no byte order mark: it would be declared)
			d.Text, d.Charset = src, "utf-8"
			return d, nil
		}
		name = "gb18030"
	}
	text, cs, err := DecodeAs(src, name)
	if err != nil {
		return d, err
	}
	d.Text, d.Charset = text, cs
	return d, nil
}

// declaration finds the charset a document declares: its byte order
// mark, the Content-Type header or a <meta> tag, in that order.
func declaration(src []byte, contentType string) Decoding {
	if name := BOM(src); name != "" {
		return Decoding{Declared: name, From: "byte order mark"}
	}
	if contentType != "" {
		if _, params, err := mime.ParseMediaType(contentType); err == nil && params["charset"] != "" {
			return Decoding{Declared: params["charset"], From: "Content-Type header"}
		}
	}
	if !LooksHTML(src) {
		return Decoding{}
	}
	// DetermineEncoding with no content type runs the WHATWG prescan of
	// <meta charset> and <meta http-equiv>; certain is false when it only
	// guessed. It returns the WHATWG name (gbk for gb2312): the label as
	// written is kept when it means the same.
	literal := metaCharset(src)
	if _, n, certain := htmlcharset.DetermineEncoding(src, ""); certain {
		if _, a := lookupEncoding(literal); a == "" || a != Canonical(n) {
			literal = n
		}
	}
	if literal == "" {
		return Decoding{}
	}
	return Decoding{Declared: literal, From: "<meta> tag"}
}

// BOM names the charset of src's byte order mark, if it has one.
func BOM(src []byte) string {
	switch {
	case bytes.HasPrefix(src, bomUTF8):
		return "utf-8"
	case bytes.HasPrefix(src, bomUTF16LE):
		return "utf-16le"
	case bytes.HasPrefix(src, bomUTF16BE):
		return "utf-16be"
	}
	return ""
}

// DecodeAs decodes src from the charset labelled name, dropping a byte
// order mark of that charset. It returns the canonical name of the
// charset used: gb18030 for a page labelled UTF-8 that is not UTF-8 but
// reads cleanly as GB18030.
func DecodeAs(src []byte, name string) ([]byte, string, error) {
	enc, canon := lookupEncoding(name)
	if enc == nil {
		return nil, "", fmt.Errorf("unknown charset %q", name)
	}
	switch canon {
	case "utf-8":
		src = bytes.TrimPrefix(src, bomUTF8)
		if !utf8.Valid(src) {
			// Mislabelled page: a gb2312 page served as utf-8 is common.
			if out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(src); err == nil && utf8.Valid(out) && !bytes.ContainsRune(out, utf8.RuneError) {
				return out, "gb18030", nil
			}
			return bytes.ToValidUTF8(src, []byte("\ufffd")), canon, nil
		}
		return src, canon, nil
	case "utf-16le":
		src = bytes.TrimPrefix(src, bomUTF16LE)
	case "utf-16be":
		src = bytes.TrimPrefix(src, bomUTF16BE)
	}
	out, err := enc.NewDecoder().Bytes(src)
	if err != nil {
		return nil, "", fmt.Errorf("decode %s: %w", canon, err)
	}
	return out, canon, nil
}

// lookupEncoding maps a charset label to an encoding and its canonical
// name, reading GB2312 and GBK as GB18030.
func lookupEncoding(label string) (encoding.Encoding, string) {
	l := strings.ToLower(strings.Trim(strings.TrimSpace(label), `"'`))
	switch l {
	case "":
		return nil, ""
	case "gb2312", "gbk", "x-gbk", "gb_2312-80", "csgb2312", "cp936", "windows-936", "gb18030", "chinese", "iso-ir-58":
		return simplifiedchinese.GB18030, "gb18030"
	case "utf8", "utf-8", "unicode-1-1-utf-8":
		return unicode.UTF8, "utf-8"
	case "utf-16", "utf-16le", "unicode", "ucs-2", "csunicode", "iso-10646-ucs-2", "unicodefeff":
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), "utf-16le"
	case "utf-16be", "unicodefffe":
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), "utf-16be"
	}
	enc, canon := htmlcharset.Lookup(l)
	if enc == nil {
		return nil, ""
	}
	if canon == "gbk" {
		return simplifiedchinese.GB18030, "gb18030"
	}
	return enc, canon
}

// canonical is the canonical name of a charset label, "" if unknown.
func Canonical(label string) string {
	_, c := lookupEncoding(label)
	return c
}

// metaCharset finds charset=… anywhere in the first 4 kB, for pages whose
// <meta> comes after the 1024 bytes the WHATWG prescan looks at.
func metaCharset(src []byte) string {
	head := src
	if len(head) > 4096 {
		head = head[:4096]
	}
	if lowersToASCII(head) {
		head = bytes.ToLower(head)
	}
	// As if on bytes.ToLower(head), without the copy: only the value is
	// lowered (bytes.ToLower lowers rune by rune).
	i := indexLower(head, "charset=")
	if i < 0 {
		return ""
	}
	rest := head[i+len("charset="):]
	rest = bytes.TrimLeft(rest, `"' `)
	j := bytes.IndexAny(rest, "\"' ;/>\r\n")
	if j <= 0 {
		return ""
	}
	return string(bytes.ToLower(rest[:j]))
}

// LooksHTML reports whether src starts like markup (after a BOM and space).
func LooksHTML(src []byte) bool {
	head := src
	if len(head) > 2048 {
		head = head[:2048]
	}
	if lowersToASCII(head) {
		head = bytes.ToLower(head)
	}
	// Every tag starts with "<": the head is scanned once, from one "<"
	// to the next (a text rendering has none, or a few), not once a tag.
	for i := bytes.IndexByte(head, '<'); i >= 0; {
		at := head[i:]
		for _, tag := range htmlTags {
			if hasPrefixLower(at, tag) {
				return true
			}
		}
		j := bytes.IndexByte(at[1:], '<')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// htmlTags are the tags LooksHTML takes for markup, lower case.
var htmlTags = []string{"<html", "<!doctype", "<table", "<meta", "<body", "<div", "<p"}

// hasPrefixLower reports whether s starts with the lower-case ASCII word
// w, comparing the ASCII letters of s in either case.
func hasPrefixLower(s []byte, w string) bool {
	if len(s) < len(w) {
		return false
	}
	for j := 0; j < len(w); j++ {
		if lowerASCII(s[j]) != w[j] {
			return false
		}
	}
	return true
}

// lowersToASCII reports whether s holds one of the two runes that
// bytes.ToLower lowers from outside ASCII into it: U+0130 (İ → i) and
// U+212A (the Kelvin sign → k). Without them, the ASCII words of
// bytes.ToLower(s) are those of s, lowered (TestLowersToASCII).
func lowersToASCII(s []byte) bool {
	return bytes.Contains(s, []byte("\u0130")) || bytes.Contains(s, []byte("\u212a"))
}

// indexLower is the first index in s of the lower-case ASCII word w,
// comparing the ASCII letters of s in either case: the index of w in
// bytes.ToLower(s) when s has no rune that lowersToASCII, and no copy.
func indexLower(s []byte, w string) int {
	for i := 0; i+len(w) <= len(s); i++ {
		j := 0
		for j < len(w) && lowerASCII(s[i+j]) == w[j] {
			j++
		}
		if j == len(w) {
			return i
		}
	}
	return -1
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
