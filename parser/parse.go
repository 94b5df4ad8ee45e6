package parser

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"nianbao"
	"nianbao/internal/charset"
)

// MaxSize is the largest document Parse reads. Report pages are 5–400 kB;
// anything near this is not a report page.
const MaxSize = 16 << 20

// MaxTextSize is the largest text rendering (a document that is neither
// HTML, PDF nor Word, after decoding to UTF-8) Parse reads. The text
// renderings of reports are 7–25 kB (fixtures/text, fixtures/pdftext);
// the text readers' grids and records grow with the cells a text holds,
// so a rendering of MaxTextSize of the costliest shapes (a cell a line, a
// cell a pipe) allocates up to about 100 MB in all, and a larger one is
// refused before it is read (TestTextRenderingBounded).
const MaxTextSize = 1 << 20

// ErrNotReport is wrapped by the errors for inputs that cannot be a report
// at all: empty, binary, too large.
var ErrNotReport = errors.New("not a report")

// Options tell Parse where a document came from.
type Options struct {
	// Source is the path or URL, carried into Report.Source.
	Source string
	// ContentType is the HTTP Content-Type header, if the document was
	// fetched; its charset comes first.
	ContentType string
	// TitleHint and YearHint are what the page linking to the document
	// says of it (for a crawled attachment, its report page's title and
	// year). They give the report an agency or a year only when the
	// document names none (see applyHint).
	TitleHint string
	YearHint  int
}

// ParseReader reads at most MaxSize bytes from r and parses them.
func ParseReader(r io.Reader, opt Options) (*nianbao.Report, error) {
	src, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", opt.Source, err)
	}
	return Parse(src, opt)
}

// Parse parses one document. It returns an error only when nothing could
// be read (empty, binary, too large); a page without a statistics table is
// a Report with template none and a finding. When the charset a document
// declares gives no table and another one does (see otherReading), the
// other is used, with a charset-fallback finding.
func Parse(src []byte, opt Options) (*nianbao.Report, error) {
	r, err := parseForm(src, opt)
	if r != nil {
		applyHint(r, opt)
	}
	return r, err
}

// parseForm parses one document by its form: Word, PDF or text.
func parseForm(src []byte, opt Options) (*nianbao.Report, error) {
	if err := sniff(src); err != nil {
		return nil, err
	}
	if isOffice(src) {
		return parseOffice(src, opt)
	}
	if bytes.HasPrefix(src, []byte("%PDF-")) {
		return parsePDF(src, opt)
	}
	d, err := charset.Read(src, opt.ContentType)
	var r *nianbao.Report
	if err == nil {
		if r, err = parseText(d.Text, d.Charset, opt); err != nil {
			return nil, err
		}
	}
	if r == nil || r.Template == nianbao.TemplateNone {
		if other := otherReading(src, d, opt); other != nil {
			setKinds(other)
			return other, nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotReport, err)
	}
	if f := mislabelled(d); f != nil {
		r.Findings = append(r.Findings, *f)
		setKinds(r)
	}
	return r, nil
}

// parseText parses a document decoded to UTF-8 from charset cs.
func parseText(text []byte, cs string, opt Options) (*nianbao.Report, error) {
	var d *document
	var err error
	if charset.LooksHTML(text) {
		if d, err = readHTML(text); err != nil {
			return nil, err
		}
	} else {
		if len(text) > MaxTextSize {
			return nil, fmt.Errorf("%w: a text rendering of %d bytes, larger than the %d MiB a report's text takes", ErrNotReport, len(text), MaxTextSize>>20)
		}
		d = readText(string(text))
	}
	return readDocument(d, cs, opt), nil
}

// readDocument reads the report of a document read from any form.
func readDocument(d *document, cs string, opt Options) *nianbao.Report {
	d.listing = listingTitles(d.text) >= 4
	r := &nianbao.Report{Source: opt.Source, ParserVersion: Version, Template: nianbao.TemplateNone, Charset: cs, Stats: []nianbao.Stat{}, Findings: []nianbao.Finding{}}
	r.Findings = append(r.Findings, d.findings...)
	metadata(r, d)
	readTables(r, d)
	checkIdentity(r)
	checkDates(r)
	checkBlankForm(r)
	setKinds(r)
	return r
}

// sniff refuses what cannot be a report page, rendering or office document.
func sniff(src []byte) error {
	switch {
	case len(bytes.TrimSpace(src)) == 0:
		return fmt.Errorf("%w: empty file", ErrNotReport)
	case len(src) > MaxSize:
		return fmt.Errorf("%w: larger than %d MiB", ErrNotReport, MaxSize>>20)
	case bytes.HasPrefix(src, []byte("%PDF-")):
		return nil // read by parsePDF
	case isOffice(src):
		return nil // parseOffice tells what it is
	}
	head := src[:min(len(src), 8192)]
	if cs := charset.BOM(src); cs == "utf-16le" || cs == "utf-16be" {
		// UTF-16 text is half NUL bytes: binary junk behind a BOM shows
		// once decoded, as controls and unpaired surrogates.
		text, _, _ := charset.DecodeAs(head[:len(head)&^1], cs)
		if binaryText(text) {
			return fmt.Errorf("%w: binary data behind a UTF-16 byte order mark", ErrNotReport)
		}
		return nil
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return fmt.Errorf("%w: binary data (NUL bytes)", ErrNotReport)
	}
	// GB18030 text is not valid UTF-8 either; binary junk has control
	// bytes and is not UTF-8 (the bytes are counted first: cheaper).
	if controlBytes(head)*50 > len(head) && !utf8.Valid(head) {
		return fmt.Errorf("%w: binary data", ErrNotReport)
	}
	return nil
}

// controlBytes counts the bytes of b below 0x20 other than \n, \r, \t
// and \f. Thirty-two bytes at a time, then eight, are passed over when
// none is below 0x20 (most of a text); a word holding one is passed over
// too when those are line breaks (a line every few dozen bytes: most
// words that hold a byte below 0x20), and the bytes of the others are
// counted one by one.
func controlBytes(b []byte) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	n, i := 0, 0
	for ; i+32 <= len(b); i += 32 {
		t := b[i : i+32 : i+32] // (one bounds check for the four words)
		x0, x1 := binary.LittleEndian.Uint64(t), binary.LittleEndian.Uint64(t[8:])
		x2, x3 := binary.LittleEndian.Uint64(t[16:]), binary.LittleEndian.Uint64(t[24:])
		if ((x0-0x20*ones)&^x0|(x1-0x20*ones)&^x1|(x2-0x20*ones)&^x2|(x3-0x20*ones)&^x3)&highs == 0 {
			continue // no byte below 0x20 in the four words
		}
		if otherLow(x0)|otherLow(x1)|otherLow(x2)|otherLow(x3) == 0 {
			continue // below 0x20, line feeds alone
		}
		n += controlBytesSlow(t)
	}
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		if (x-0x20*ones)&^x&highs == 0 || otherLow(x) == 0 {
			continue // no byte below 0x20 but line feeds (the first test has no false negatives)
		}
		n += controlBytesSlow(b[i : i+8])
	}
	return n + controlBytesSlow(b[i:])
}

// otherLow returns the top bit of each byte of x below 0x20 that is not a
// line feed (0x0A), the others clear: exactly, no borrow nor carry
// crossing a byte. (c|0x80)-0x20 keeps its top bit for c&0x7F >= 0x20,
// and a byte with its top bit set is not below 0x20; a byte of x^0x0A…
// is zero, a line feed, when (its low seven bits + 0x7F) and it have no
// top bit.
func otherLow(x uint64) uint64 {
	const ones, highs, lows = 0x0101010101010101, 0x8080808080808080, 0x7f7f7f7f7f7f7f7f
	below := ^((x | highs) - 0x20*ones | x) & highs
	y := x ^ 0x0a*ones
	lf := ^((y&lows + lows) | y) & highs
	return below &^ lf
}

func controlBytesSlow(b []byte) int {
	n := 0
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			n++
		}
	}
	return n
}

// readTables finds the statistics table among the document's tables and
// reads it with the template it matches.
func readTables(r *nianbao.Report, d *document) {
	f := loaded()
	for _, tmpl := range f.rowTables {
		t := tmpl.table
		for i, g := range d.tables {
			hr, hc, ok := t.findHeader(g)
			if !ok {
				continue
			}
			g = t.withContinuations(g, d.tables[i+1:], hr)
			stats, findings := t.read(g, hr, hc)
			if len(stats) == 0 {
				continue
			}
			r.Template = tmpl.id
			r.Form = g.Form
			r.Stats = stats
			r.Findings = append(r.Findings, findings...)
			r.Findings = append(r.Findings, t.check(stats)...)
			return
		}
	}
	if stats, findings, tmpl, form, ok := readModern(f, d, r.Year); ok {
		r.Template, r.Form, r.Stats = tmpl.id, form, stats
		r.Findings = append(r.Findings, findings...)
		r.Sections = sections(d.text)
		for _, x := range tmpl.extras {
			if st, f, ok := x.read(r.Sections); ok {
				r.Stats = append(r.Stats, st)
				if f != nil {
					r.Findings = append(r.Findings, *f)
				}
			}
		}
		r.Findings = append(r.Findings, checkProse(d.text, r.Stats)...)
		return
	}
	r.Findings = append(r.Findings, nianbao.Finding{Rule: "no-table", Severity: nianbao.SeverityWarning,
		Message: fmt.Sprintf("no statistics table found (%d table(s) in the document, none with a known header)", len(d.tables))})
	if d.listing {
		r.Findings = append(r.Findings, nianbao.Finding{Rule: "listing-page", Severity: nianbao.SeverityInfo,
			Message: fmt.Sprintf("this looks like a listing page, not a report: %d lines name a year's report", listingTitles(d.text))})
	}
}

// checkIdentity flags a report with a table whose agency or year the
// document does not name where the parser looks (the title, the
// signature, the page's metadata): its values are read, but cannot be
// lined up with other reports until someone names them.
func checkIdentity(r *nianbao.Report) {
	if r.Template == nianbao.TemplateNone {
		return
	}
	if strings.TrimSpace(r.Agency) == "" {
		r.Findings = append(r.Findings, nianbao.Finding{Rule: "no-agency", Severity: nianbao.SeverityWarning,
			Message: "no agency named in the title, the signature or the page's metadata"})
	}
	if r.Year == 0 {
		r.Findings = append(r.Findings, nianbao.Finding{Rule: "no-year", Severity: nianbao.SeverityWarning,
			Message: "no report year in the title or the opening"})
	}
}

// checkDates flags a report dated before its year was over.
func checkDates(r *nianbao.Report) {
	if r.Year == 0 || r.Published == "" {
		return
	}
	p, err := time.Parse("2006-01-02", r.Published)
	if err != nil {
		return
	}
	if p.Year() <= r.Year {
		r.Findings = append(r.Findings, nianbao.Finding{Rule: "published-before-year-end", Severity: nianbao.SeverityWarning,
			Message: fmt.Sprintf("dated %s, before the end of the report year %d: the date or the year is misprinted", r.Published, r.Year)})
	}
}

// binaryText reports whether decoded text is mostly not text: more than 2%
// of its characters are controls (other than line breaks and tabs) or
// U+FFFD.
func binaryText(text []byte) bool {
	bad, n := 0, 0
	for _, r := range string(text) {
		n++
		if r == utf8.RuneError || r < 0x20 && r != '\n' && r != '\r' && r != '\t' && r != '\f' {
			bad++
		}
	}
	return bad*50 > n
}
