package parser

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"nianbao/internal/pdftext"
)

// longPDF writes a PDF of n pages, each with a title and a ruled table
// of eight rows (a label and three numbers), in a font that is not
// embedded (STSong-Light, GBK-EUC-H), as 公文 typesetting systems write.
func longPDF(t testing.TB, n int) []byte {
	t.Helper()
	enc := simplifiedchinese.GBK.NewEncoder()
	hex := func(s string) string {
		b, err := enc.String(s)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("<%x>", b)
	}
	var objs []string // object i+1
	add := func(s string) int { objs = append(objs, s); return len(objs) }
	add("<< /Type /Catalog /Pages 2 0 R >>")
	add("") // the page tree, written last
	font := add("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-GBK-EUC-H /Encoding /GBK-EUC-H /DescendantFonts [4 0 R] >>")
	add("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 5 0 R /DW 1000 >>")
	add("<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>")
	labels := []string{"信息内容", "规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费", "政府集中采购"}
	var kids []string
	for p := 1; p <= n; p++ {
		var c strings.Builder
		fmt.Fprintf(&c, "BT /F1 16 Tf 1 0 0 1 60 780 Tm %s Tj ET\n", hex(fmt.Sprintf("第%d部分 政府信息公开工作年度报告", p)))
		xs := []int{60, 260, 360, 460, 560}
		top := 740
		for r, l := range labels {
			y := top - r*30
			fmt.Fprintf(&c, "BT /F1 12 Tf 1 0 0 1 %d %d Tm %s Tj ET\n", xs[0]+4, y-20, hex(l))
			for k := 1; k < 4; k++ {
				v := strconv.Itoa(p*100 + r*10 + k)
				if r == 0 {
					v = []string{"", "本年制发件数", "本年废止件数", "现行有效件数"}[k]
				}
				fmt.Fprintf(&c, "BT /F1 12 Tf 1 0 0 1 %d %d Tm %s Tj ET\n", xs[k]+4, y-20, hex(v))
			}
		}
		for r := 0; r <= len(labels); r++ {
			fmt.Fprintf(&c, "0.5 w %d %d m %d %d l S\n", xs[0], top-r*30, xs[4], top-r*30)
		}
		for _, x := range xs {
			fmt.Fprintf(&c, "0.5 w %d %d m %d %d l S\n", x, top, x, top-len(labels)*30)
		}
		content := add(fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", c.Len(), c.String()))
		page := add(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>", font, content))
		kids = append(kids, fmt.Sprintf("%d 0 R", page))
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), n)
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// rssMB is the process's resident set (now and at its peak) in MB, from
// /proc (Linux); ok is false elsewhere.
func rssMB() (now, peak float64, ok bool) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, 0, false
	}
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if len(f) >= 2 && (f[0] == "VmRSS:" || f[0] == "VmHWM:") {
			kb, _ := strconv.ParseFloat(f[1], 64)
			if f[0] == "VmRSS:" {
				now = kb / 1024
			} else {
				peak = kb / 1024
			}
		}
	}
	return now, peak, now > 0
}

// TestPDFLongDocumentMemory: a 50-page PDF is read whole (every page's
// table found), and reading it again and again does not grow memory: the
// PDFium instance's memory stays at what the largest document needed,
// and instances are replaced every pdftext.RecycleAfter documents.
func TestPDFLongDocumentMemory(t *testing.T) {
	warmPDF(t)
	src := longPDF(t, 50)
	var ms runtime.MemStats
	var rss []float64
	for i := 0; i < 4; i++ {
		pages, err := pdfPages(src)
		if err != nil {
			t.Fatal(err)
		}
		d, err := readPDF(pages)
		if err != nil {
			t.Fatal(err)
		}
		if len(pages) != 50 || len(d.tables) != 50 {
			t.Fatalf("%d pages, %d tables; want 50 and 50", len(pages), len(d.tables))
		}
		if got := d.tables[49].Rows[7][3].Text; got != "5073" {
			t.Fatalf("page 50, last cell %q, want 5073", got)
		}
		runtime.GC()
		runtime.ReadMemStats(&ms)
		now, peak, ok := rssMB()
		rss = append(rss, now)
		t.Logf("pass %d: %d-byte PDF, Go heap in use %.0f MB, RSS %.0f MB (peak %.0f MB, ok %v)",
			i+1, len(src), float64(ms.HeapInuse)/(1<<20), now, peak, ok)
	}
	if ms.HeapInuse > 200<<20 {
		t.Errorf("Go heap in use %d MB after four 50-page documents", ms.HeapInuse>>20)
	}
	if now, _, ok := rssMB(); ok && rss[3] > rss[0]+100 {
		t.Errorf("RSS grew from %.0f MB to %.0f MB over four passes (now %.0f MB)", rss[0], rss[3], now)
	}
}

// prosePages are n pages of 50 distinct lines of 44 characters each
// (about 6 kB of text a page in UTF-8), no ruling lines, as PDFium
// gives them.
func prosePages(n int) []pdftext.Page {
	pages := make([]pdftext.Page, n)
	for p := range pages {
		pages[p] = pdftext.Page{Number: p + 1, Width: 595, Height: 842}
		for l := 0; l < 50; l++ {
			text := fmt.Sprintf("第%03d页第%02d行", p+1, l+1) + strings.Repeat("本机关依申请公开政府信息共计受理办结", 2)
			pages[p].Runs = append(pages[p].Runs, pdftext.Run{X0: 40, X1: 40 + 12*44, Y: float64(800 - l*15), Size: 12, Text: text})
		}
	}
	return pages
}

// TestPDFTextBounded: the text of a PDF outside its ruled tables is read
// up to MaxTextSize, as a text rendering is; more (here 190 pages of
// prose, 1.2 MB, within PDFLimits' pages) is refused with an error
// naming the pages and the size, before the text reader builds its
// grids (parsePDF wraps it in ErrNotReport with the file's name).
func TestPDFTextBounded(t *testing.T) {
	if PDFLimits.MaxPages < 190 {
		t.Fatalf("PDFLimits.MaxPages %d: the test needs 190 pages within it", PDFLimits.MaxPages)
	}
	for _, c := range []struct {
		pages  int
		refuse bool
	}{{20, false}, {190, true}} {
		d, err := readPDF(prosePages(c.pages))
		switch {
		case !c.refuse && (err != nil || !strings.Contains(d.text, "第020页第50行")):
			t.Errorf("%d pages: %v", c.pages, err)
		case c.refuse && (err == nil || !strings.Contains(err.Error(), "190 pages with") || !strings.Contains(err.Error(), "bytes of text")):
			t.Errorf("%d pages: error %v, want a refusal naming the pages and the text's size", c.pages, err)
		}
	}
}
