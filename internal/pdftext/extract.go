package pdftext

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	pdferrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
)

// A Run is a stretch of text on one baseline in one font size, with no gap
// wider than a quarter em: a table cell's line, or a line of prose.
// Coordinates are PDF points with the origin at the page's bottom left.
type Run struct {
	X0, X1 float64 // the horizontal extent (origin of the first glyph, end of the last advance)
	Y      float64 // the baseline
	Size   float64 // the rendered font size
	Text   string
}

// A Page is one page's runs, in PDFium's reading order.
type Page struct {
	Number        int // 1-based
	Width, Height float64
	Runs          []Run
	// Rules are the page's thin drawn lines (table borders), as boxes.
	Rules []Rule
}

// A Rule is a drawn line no thicker than 3 pt and at least 3 pt long: a
// table border. Horizontal when wider than high.
type Rule struct {
	X0, Y0, X1, Y1 float64
}

// Horizontal reports whether the rule runs across the page.
func (r Rule) Horizontal() bool { return r.X1-r.X0 > r.Y1-r.Y0 }

// Limits bound the work done on one document.
type Limits struct {
	MaxPages int           // more pages than this is an error (0: no limit)
	Timeout  time.Duration // per document (0: none beyond the context's)
}

var (
	// ErrNoText is returned with the pages of a document that has pages but
	// not one character of text: a scan or a picture of the report.
	ErrNoText = errors.New("pdf has no text layer")
	// ErrEncrypted is returned for a document that needs a password.
	ErrEncrypted = errors.New("pdf is encrypted")
	// ErrTooManyPages is returned for a document over Limits.MaxPages.
	ErrTooManyPages = errors.New("pdf has too many pages")
)

// Extract reads every page's runs. Documents are read one at a time. A
// document still running when ctx is done or Limits.Timeout has passed is
// stopped, and the error wraps the context's error. A failure inside the
// engine (even a panic) is an error.
func Extract(ctx context.Context, data []byte, lim Limits) (pages []Page, err error) {
	if lim.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, lim.Timeout)
		defer cancel()
	}
	engine.Lock()
	defer engine.Unlock()
	if err := build(); err != nil {
		return nil, err
	}
	if engine.inst == nil {
		inst, err := engine.pool.GetInstanceWithContext(ctx)
		if err != nil {
			return nil, fmt.Errorf("pdfium instance: %w", err)
		}
		engine.inst, engine.docs = inst, 0
	}
	inst := engine.inst
	stop := context.AfterFunc(ctx, func() { inst.Kill() })
	defer func() {
		p := recover()
		if p != nil {
			err = fmt.Errorf("pdfium: %v", p)
		}
		killed := !stop()
		engine.docs++
		switch {
		case killed:
			engine.inst = nil // Kill has ended it
		case p != nil || err != nil || engine.docs >= RecycleAfter:
			inst.Close()
			engine.inst = nil
		}
		if ctx.Err() != nil {
			pages, err = nil, fmt.Errorf("pdf reading stopped: %w", ctx.Err())
		}
	}()
	return read(inst, data, lim)
}

func read(in pdfium.Pdfium, data []byte, lim Limits) ([]Page, error) {
	doc, err := in.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		if errors.Is(err, pdferrors.ErrPassword) || errors.Is(err, pdferrors.ErrSecurity) {
			return nil, fmt.Errorf("%w: %w", ErrEncrypted, err)
		}
		return nil, fmt.Errorf("open pdf: %w", err)
	}
	defer in.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	pc, err := in.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return nil, fmt.Errorf("count pages: %w", err)
	}
	if lim.MaxPages > 0 && pc.PageCount > lim.MaxPages {
		return nil, fmt.Errorf("%w: %d, the limit is %d", ErrTooManyPages, pc.PageCount, lim.MaxPages)
	}
	var pages []Page
	chars := 0
	for i := 0; i < pc.PageCount; i++ {
		p, err := readPage(in, doc.Document, i)
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", i+1, err)
		}
		for _, r := range p.Runs {
			chars += len(r.Text)
		}
		pages = append(pages, p)
	}
	if chars == 0 {
		return pages, ErrNoText
	}
	return pages, nil
}

// readPage joins the page's characters into runs. PDFium's generated line
// breaks end a run, so does a change of baseline (more than 0.2 em) or of
// size, and a gap wider than 0.25 em (the next table column).
func readPage(in pdfium.Pdfium, doc references.FPDF_DOCUMENT, idx int) (Page, error) {
	pg, err := in.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: idx})
	if err != nil {
		return Page{}, err
	}
	defer in.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: pg.Page})
	ref := requests.Page{ByReference: &pg.Page}
	out := Page{Number: idx + 1}
	if w, err := in.FPDF_GetPageWidthF(&requests.FPDF_GetPageWidthF{Page: ref}); err == nil {
		out.Width = float64(w.PageWidth)
	}
	if h, err := in.FPDF_GetPageHeightF(&requests.FPDF_GetPageHeightF{Page: ref}); err == nil {
		out.Height = float64(h.PageHeight)
	}
	if out.Rules, err = rules(in, ref); err != nil {
		return out, err
	}
	tp, err := in.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: ref})
	if err != nil {
		return out, err
	}
	defer in.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	n, err := in.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil {
		return out, err
	}
	sizes := map[references.FPDF_PAGEOBJECT]float64{}
	var cur *Run
	var b strings.Builder
	flush := func() {
		if cur != nil {
			cur.Text = b.String()
			if strings.TrimSpace(cur.Text) != "" {
				out.Runs = append(out.Runs, *cur)
			}
			cur = nil
			b.Reset()
		}
	}
	for i := 0; i < n.Count; i++ {
		u, err := in.FPDFText_GetUnicode(&requests.FPDFText_GetUnicode{TextPage: tp.TextPage, Index: i})
		if err != nil {
			return out, err
		}
		r := rune(u.Unicode)
		if r == '\r' || r == '\n' || r == 0xFFFE || r == 0 {
			flush()
			continue
		}
		o, err := in.FPDFText_GetCharOrigin(&requests.FPDFText_GetCharOrigin{TextPage: tp.TextPage, Index: i})
		if err != nil { // a generated character has no origin
			flush()
			continue
		}
		// The loose box spans the glyph's advance, so a run goes on across
		// glyphs with little ink such as （.
		lb, err := in.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: tp.TextPage, Index: i})
		if err != nil {
			flush()
			continue
		}
		size, err := charSize(in, tp.TextPage, i, sizes)
		if err != nil {
			return out, err
		}
		x1 := math.Max(float64(lb.Rect.Right), o.X)
		if r == ' ' { // a space has an empty box, and may be generated
			x1 = o.X + size*0.25
		}
		if cur != nil {
			sameLine := math.Abs(o.Y-cur.Y) < 0.2*math.Max(size, 1) && math.Abs(size-cur.Size) < 0.5
			gap := o.X - cur.X1
			if !sameLine || gap > 0.25*size || gap < -0.5*size {
				flush()
			}
		}
		if cur == nil {
			cur = &Run{X0: o.X, X1: x1, Y: o.Y, Size: size}
		}
		b.WriteRune(r)
		cur.X1 = math.Max(cur.X1, x1)
	}
	flush()
	return out, nil
}

// rules returns the page's thin path objects. Paths inside form XObjects
// are not looked at.
func rules(in pdfium.Pdfium, page requests.Page) ([]Rule, error) {
	n, err := in.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: page})
	if err != nil {
		return nil, err
	}
	var out []Rule
	for i := 0; i < n.Count; i++ {
		o, err := in.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: page, Index: i})
		if err != nil {
			return nil, err
		}
		t, err := in.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: o.PageObject})
		if err != nil || t.Type != enums.FPDF_PAGEOBJ_PATH {
			continue
		}
		b, err := in.FPDFPageObj_GetBounds(&requests.FPDFPageObj_GetBounds{PageObject: o.PageObject})
		if err != nil {
			continue
		}
		r := Rule{X0: float64(b.Left), Y0: float64(b.Bottom), X1: float64(b.Right), Y1: float64(b.Top)}
		w, h := r.X1-r.X0, r.Y1-r.Y0
		if min(w, h) <= 3 && max(w, h) >= 3 {
			out = append(out, r)
		}
	}
	return out, nil
}

// charSize is the rendered font size of character i: the Tf size times the
// text matrix's vertical scale (cairo and others set Tf 1 and scale with
// Tm). It is the same for every character of a text object, so it is
// kept per object.
func charSize(in pdfium.Pdfium, tp references.FPDF_TEXTPAGE, i int, cache map[references.FPDF_PAGEOBJECT]float64) (float64, error) {
	obj, err := in.FPDFText_GetTextObject(&requests.FPDFText_GetTextObject{TextPage: tp, Index: i})
	if err == nil {
		if s, ok := cache[obj.TextObject]; ok {
			return s, nil
		}
	}
	fs, err := in.FPDFText_GetFontSize(&requests.FPDFText_GetFontSize{TextPage: tp, Index: i})
	if err != nil {
		return 0, err
	}
	size := fs.FontSize
	if m, err := in.FPDFText_GetMatrix(&requests.FPDFText_GetMatrix{TextPage: tp, Index: i}); err == nil {
		if s := math.Hypot(float64(m.Matrix.C), float64(m.Matrix.D)); s > 0 {
			size *= s
		}
	}
	if obj != nil {
		cache[obj.TextObject] = size
	}
	return size, nil
}
