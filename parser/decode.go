package parser

import (
	"bytes"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// Decode converts a document to UTF-8. The charset is taken from, in
// order: the HTTP Content-Type header (contentType, may be empty), a byte
// order mark, a <meta> declaration in the first 1024 bytes, and finally
// sniffing (valid UTF-8, else GB18030). Any GB2312 or GBK label is decoded
// as GB18030, its superset: pages labelled gb2312 routinely use GBK-only
// characters. It returns the UTF-8 bytes and the name of the charset used.
func Decode(src []byte, contentType string) ([]byte, string, error) {
	name := ""
	if contentType != "" {
		if _, params, err := mime.ParseMediaType(contentType); err == nil {
			name = params["charset"]
		}
	}
	if name == "" {
		switch {
		case bytes.HasPrefix(src, []byte("\xef\xbb\xbf")):
			name = "utf-8"
		case bytes.HasPrefix(src, []byte("\xfe\xff")):
			name = "utf-16be"
		case bytes.HasPrefix(src, []byte("\xff\xfe")):
			name = "utf-16le"
		}
	}
	if name == "" && looksHTML(src) {
		// DetermineEncoding with no content type runs the WHATWG prescan
		// of <meta charset> and <meta http-equiv>; certain is false when
		// it only guessed.
		if _, n, certain := charset.DetermineEncoding(src, ""); certain {
			name = n
		} else if n := metaCharset(src); n != "" {
			name = n
		}
	}
	if name == "" {
		if utf8.Valid(src) {
			name = "utf-8"
		} else {
			name = "gb18030"
		}
	}
	enc, canon := lookupEncoding(name)
	if enc == nil {
		return nil, "", fmt.Errorf("unknown charset %q", name)
	}
	if canon == "utf-8" {
		src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
		if !utf8.Valid(src) {
			// Mislabelled page: a gb2312 page served as utf-8 is common.
			if out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(src); err == nil && utf8.Valid(out) && !bytes.ContainsRune(out, utf8.RuneError) {
				return out, "gb18030", nil
			}
			return bytes.ToValidUTF8(src, []byte("\ufffd")), canon, nil
		}
		return src, canon, nil
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
	case "gb2312", "gbk", "x-gbk", "gb_2312-80", "csgb2312", "cp936", "windows-936", "gb18030", "chinese", "iso-ir-58":
		return simplifiedchinese.GB18030, "gb18030"
	case "utf8", "utf-8", "unicode-1-1-utf-8":
		return unicode.UTF8, "utf-8"
	}
	enc, canon := charset.Lookup(l)
	if enc == nil {
		return nil, ""
	}
	if canon == "gbk" {
		return simplifiedchinese.GB18030, "gb18030"
	}
	return enc, canon
}

// metaCharset finds charset=… anywhere in the first 4 kB, for pages whose
// <meta> comes after the 1024 bytes the WHATWG prescan looks at.
func metaCharset(src []byte) string {
	head := src
	if len(head) > 4096 {
		head = head[:4096]
	}
	low := bytes.ToLower(head)
	i := bytes.Index(low, []byte("charset="))
	if i < 0 {
		return ""
	}
	rest := low[i+len("charset="):]
	rest = bytes.TrimLeft(rest, `"' `)
	j := bytes.IndexAny(rest, "\"' ;/>\r\n")
	if j <= 0 {
		return ""
	}
	return string(rest[:j])
}

// looksHTML reports whether src starts like markup (after a BOM and space).
func looksHTML(src []byte) bool {
	head := src
	if len(head) > 2048 {
		head = head[:2048]
	}
	low := bytes.ToLower(head)
	return bytes.Contains(low, []byte("<html")) || bytes.Contains(low, []byte("<!doctype")) ||
		bytes.Contains(low, []byte("<table")) || bytes.Contains(low, []byte("<meta")) ||
		bytes.Contains(low, []byte("<body")) || bytes.Contains(low, []byte("<div")) || bytes.Contains(low, []byte("<p"))
}
