package parser

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"

	"nianbao"
	"nianbao/internal/pdftext"
)

// PDFLimits bound the work Parse does on one PDF: reports run 3–30
// pages and read in under a second; a document past these is refused
// with an error naming the limit.
var PDFLimits = pdftext.Limits{MaxPages: 200, Timeout: 60 * time.Second}

// parsePDF reads a PDF through PDFium (internal/pdftext) into the same
// document the HTML and text readers make, and parses it. A document
// with pages but no text layer is a report with template none and an
// image-only finding: nothing is guessed from the pictures.
func parsePDF(src []byte, opt Options) (*nianbao.Report, error) {
	pages, err := pdfPages(src)
	if errors.Is(err, pdftext.ErrNoText) {
		r := &nianbao.Report{Source: opt.Source, ParserVersion: Version, Template: nianbao.TemplateNone, Form: "pdf",
			Stats: []nianbao.Stat{}, Findings: []nianbao.Finding{{Rule: "image-only", Severity: nianbao.SeverityWarning,
				Message: fmt.Sprintf("the PDF's %d page(s) carry no text layer (a scan or pictures): nothing was read", len(pages))}}}
		setKinds(r)
		return r, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: read PDF %s: %w", ErrNotReport, opt.Source, err)
	}
	d, err := readPDF(pages)
	if err != nil {
		return nil, fmt.Errorf("%w: read PDF %s: %w", ErrNotReport, opt.Source, err)
	}
	d.listing = listingTitles(d.text) >= 4
	r := &nianbao.Report{Source: opt.Source, ParserVersion: Version, Template: nianbao.TemplateNone, Stats: []nianbao.Stat{}, Findings: []nianbao.Finding{}}
	r.Findings = append(r.Findings, d.findings...)
	metadata(r, d)
	readTables(r, d) // Form: pdf for a ruled table, a text form otherwise
	checkIdentity(r)
	checkDates(r)
	checkBlankForm(r)
	setKinds(r)
	return r, nil
}

// pdfPages reads the positioned text of every page within PDFLimits.
func pdfPages(src []byte) ([]pdftext.Page, error) {
	return pdftext.Extract(context.Background(), src, PDFLimits)
}

// readPDF turns positioned runs into a document. Tables drawn with
// ruling lines become grids cell by cell (pdfgrid.go), continued across
// pages when the next page starts with a table on the same column lines.
// Page headers, footers and page numbers are dropped; everything else is
// laid out as text lines and read by the text reader, which finds the
// prose and any table without ruling lines in it. Text outside the
// ruled tables over MaxTextSize is refused, as a text rendering of that
// size is: PDFLimits bound the pages, not the text on them.
func readPDF(pages []pdftext.Page) (*document, error) {
	tables := make([][]*ruledTable, len(pages))
	rest := make([]pdftext.Page, len(pages))
	for i, p := range pages {
		tables[i], rest[i] = ruledTables(p)
	}
	rest = dropPageChrome(rest)
	var grids []*Grid
	var lines []string
	var last *ruledTable // the table that ended the previous page
	for i := range pages {
		runs := rest[i].Runs
		for k, t := range tables[i] {
			if k == 0 && last != nil && t.continues(last) && !textAbove(runs, t.top) {
				last.append(t)
				continue
			}
			grids = append(grids, t.grid)
			last = t
		}
		lines = append(lines, layoutLines(runs)...)
		if n := len(tables[i]); n == 0 || textBelow(runs, tables[i][n-1].bottom) {
			last = nil
		}
	}
	text := strings.Join(lines, "\n")
	if len(text) > MaxTextSize {
		return nil, fmt.Errorf("%d pages with %d bytes of text outside ruled tables, larger than the %d MiB a report's text takes", len(pages), len(text), MaxTextSize>>20)
	}
	d := readText(text)
	d.title = pdfTitle(lines)
	for _, g := range grids {
		g.Form = "pdf"
	}
	d.tables = append(grids, d.tables...)
	return d, nil
}

// textAbove reports whether any run lies above y (a table top): the page
// does not start with the table.
func textAbove(runs []pdftext.Run, y float64) bool {
	for _, r := range runs {
		if r.Y > y {
			return true
		}
	}
	return false
}

// textBelow reports whether any run lies below y (a table bottom).
func textBelow(runs []pdftext.Run, y float64) bool {
	for _, r := range runs {
		if r.Y < y {
			return true
		}
	}
	return false
}

// A textLine is one line of a page laid out from its runs.
type textLine struct {
	text   string
	x0, x1 float64
	y      float64
	size   float64
	cells  int // runs more than 1 em apart
}

// layoutLines groups runs into lines by baseline (within 0.3 em), left to
// right. Runs closer than 1 em are joined (with a space between Latin
// letters or digits); runs farther apart are the cells of a table without
// ruling lines, written one a line as the text reader's cells form reads
// them. A line
// that runs to the right margin and is followed by one starting at the
// left margin is a paragraph wrapped by the typesetter: the two are
// joined, so that the prose reads one paragraph a line as in HTML.
func layoutLines(runs []pdftext.Run) []string {
	rs := append([]pdftext.Run(nil), runs...)
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Y > rs[j].Y })
	var lines []textLine
	for i := 0; i < len(rs); {
		j := i + 1
		for j < len(rs) && math.Abs(rs[j].Y-rs[i].Y) < 0.3*math.Max(rs[i].Size, 1) {
			j++
		}
		line := rs[i:j]
		sort.SliceStable(line, func(a, b int) bool { return line[a].X0 < line[b].X0 })
		l := textLine{x0: line[0].X0, y: line[0].Y, cells: 1}
		var b strings.Builder
		var cells []string
		cell := ""
		for k, r := range line {
			t := strings.TrimSpace(r.Text)
			if k > 0 {
				prev := line[k-1]
				if r.X0-prev.X1 > math.Max(prev.Size, r.Size) {
					b.WriteString(" ")
					l.cells++
					cells, cell = append(cells, cell), ""
				} else {
					t = joinText(b.String(), t)[b.Len():]
				}
			}
			b.WriteString(t)
			cell = joinText(cell, t)
			l.x1, l.size = math.Max(l.x1, r.X1), math.Max(l.size, r.Size)
		}
		cells = append(cells, cell)
		l.text = b.String()
		lines = append(lines, l)
		if l.cells > 1 {
			// the cells of a table row without ruling lines: one a line,
			// as the text reader's cells form reads them
			lines[len(lines)-1].text = strings.Join(cells, "\n")
		}
		i = j
	}
	left, right := math.Inf(1), math.Inf(-1)
	for _, l := range lines {
		left, right = math.Min(left, l.x0), math.Max(right, l.x1)
	}
	var out []string
	for i, l := range lines {
		if i > 0 && len(out) > 0 {
			p := lines[i-1]
			if p.cells == 1 && l.cells == 1 && p.x1 >= right-1.5*p.size && l.x0 <= left+0.5*l.size &&
				p.y-l.y < 2.2*p.size && math.Abs(p.size-l.size) < 0.5 {
				out[len(out)-1] = joinText(out[len(out)-1], l.text)
				continue
			}
		}
		out = append(out, l.text)
	}
	return out
}

// joinText joins two pieces of one line or of a wrapped cell: with no
// space, as Chinese is written, except between two Latin letters or digits.
func joinText(a, b string) string {
	a, b = strings.TrimRight(a, " "), strings.TrimLeft(b, " ")
	if a == "" || b == "" {
		return a + b
	}
	if latin(lastRune(a)) && latin(firstRune(b)) {
		return a + " " + b
	}
	return a + b
}

func latin(r rune) bool {
	return r < 0x80 && (r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
}

func lastRune(s string) rune {
	r := []rune(s)
	return r[len(r)-1]
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

// pageNumberRe matches a line that is only a page number: 4, - 4 -, — 4 —,
// 第 4 页, 第4页 共13页, 4/13, Page 4.
var pageNumberRe = regexp.MustCompile(`^\s*(?:[-—–－~·.\s]*\d{1,4}[-—–－~·.\s]*|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|(?i:page)\s*\d{1,4}(?:\s*of\s*\d{1,4})?)\s*$`)

// dropPageChrome removes page numbers in the top or bottom 8% of a page
// and lines repeated at the same height on most pages (running headers
// and footers), so that they do not land in prose or tables.
func dropPageChrome(pages []pdftext.Page) []pdftext.Page {
	type key struct {
		text string
		y    int
	}
	margin := func(p pdftext.Page, r pdftext.Run) bool {
		h := p.Height
		if h <= 0 {
			h = 842
		}
		return r.Y < h*0.08 || r.Y > h*0.92
	}
	// keys[i][k] is the line of page i's run k, for runs in the margins.
	keys := make([]map[int]key, len(pages))
	count := map[key]int{}
	for i, p := range pages {
		var edge []pdftext.Run
		for _, r := range p.Runs {
			if margin(p, r) {
				edge = append(edge, r)
			}
		}
		if len(edge) > 200 { // not a header or footer: leave the page alone
			continue
		}
		keys[i] = map[int]key{}
		seen := map[key]bool{}
		for k, r := range p.Runs {
			if margin(p, r) {
				kk := key{baselineText(edge, r), int(math.Round(r.Y / 2))}
				keys[i][k] = kk
				if !seen[kk] {
					seen[kk] = true
					count[kk]++
				}
			}
		}
	}
	out := make([]pdftext.Page, len(pages))
	for i, p := range pages {
		q := p
		q.Runs = nil
		for k, r := range p.Runs {
			if kk, ok := keys[i][k]; ok {
				if pageNumberRe.MatchString(kk.text) || len(pages) >= 3 && count[kk]*2 > len(pages) {
					continue
				}
			}
			q.Runs = append(q.Runs, r)
		}
		out[i] = q
	}
	return out
}

// pdfTitle is the first line among the first 80 that names an annual
// report (a PDF has no <title>), joined with the line before when the
// title is wrapped there.
func pdfTitle(lines []string) string {
	for i, l := range lines[:min(len(lines), 80)] {
		l = strings.TrimSpace(l)
		if !strings.HasSuffix(l, "报告") || !strings.Contains(l, "年度") || strings.Contains(l, "|") || len([]rune(l)) > 60 {
			continue
		}
		if i > 0 && !strings.Contains(l, "年") && len([]rune(lines[i-1])) < 30 {
			return lines[i-1] + l
		}
		return l
	}
	return ""
}

// baselineText is the text of the line run r is on: the runs of rs on its
// baseline, left to right.
func baselineText(rs []pdftext.Run, r pdftext.Run) string {
	var on []pdftext.Run
	for _, o := range rs {
		if math.Abs(o.Y-r.Y) < 0.3*math.Max(r.Size, 1) {
			on = append(on, o)
		}
	}
	sort.SliceStable(on, func(i, j int) bool { return on[i].X0 < on[j].X0 })
	var b strings.Builder
	for _, o := range on {
		b.WriteString(o.Text)
	}
	return b.String()
}
