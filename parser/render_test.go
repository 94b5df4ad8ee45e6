package parser

import (
	"fmt"
	"html"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// seedParts splits the seed into its prose and its table rows (label and
// the cells after it), as read from its own pipe rendering.
func seedParts(t *testing.T) (prose []string, header []string, rows [][]string) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "fixtures", "seed", "000_d451e8e22817c643.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(src), "\n") {
		if strings.Contains(l, "|") {
			break
		}
		prose = append(prose, l)
	}
	d := readText(string(src))
	g := d.tables[0]
	_, hc, _ := national2014.findHeader(g)
	cells := g.Rows[0][hc:]
	header = []string{cells[0].Text, cells[1].Text, cells[2].Text}
	for _, r := range national2014.segment(cells[3:]) {
		row := []string{r.label.Text}
		for _, c := range r.rest {
			row = append(row, c.Text)
		}
		rows = append(rows, row)
	}
	if len(rows) < 60 {
		t.Fatalf("seed has %d rows", len(rows))
	}
	return prose, header, rows
}

// Render the seed's table in every form the parser reads, and check that
// each gives the same report.
func TestSeedRenderings(t *testing.T) {
	prose, header, rows := seedParts(t)
	want := parseFixture(t, "seed/000_d451e8e22817c643.txt")

	renderings := map[string][]byte{}
	var b strings.Builder

	// rows: one table row a line, cells joined by " | ", padded.
	b.Reset()
	b.WriteString(strings.Join(prose, "\n") + "\n")
	b.WriteString(strings.Join(header, " | ") + " |\n")
	for _, r := range rows {
		cells := append([]string(nil), r...)
		for len(cells) < 3 && len(r) > 1 {
			cells = append(cells, "")
		}
		b.WriteString(strings.Join(cells, " | ") + " |\n")
	}
	renderings["rows"] = []byte(b.String())

	// cells: one cell a line, empty cells gone.
	b.Reset()
	b.WriteString(strings.Join(prose, "\n") + "\n")
	for _, c := range header {
		b.WriteString(c + "\n")
	}
	for _, r := range rows {
		for _, c := range r {
			if c != "" {
				b.WriteString(c + "\n")
			}
		}
	}
	renderings["cells"] = []byte(b.String())

	// html: pasted Word, section rows spanning the table, &nbsp; blanks,
	// labels split over spans and paragraphs, full-width brackets.
	page := func(charset string) string { return seedHTML(prose, header, rows, charset) }
	renderings["html-utf8"] = []byte(page("utf-8"))
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(page("gb2312")))
	if err != nil {
		t.Fatal(err)
	}
	renderings["html-gbk"] = gbk

	for form, src := range renderings {
		t.Run(form, func(t *testing.T) {
			got, err := Parse(src, Options{Source: want.Source})
			if err != nil {
				t.Fatal(err)
			}
			if form == "html-gbk" && got.Charset != "gb18030" {
				t.Errorf("charset %q, want gb18030", got.Charset)
			}
			if !reflect.DeepEqual(got.Stats, want.Stats) {
				for i := range min(len(got.Stats), len(want.Stats)) {
					if !reflect.DeepEqual(got.Stats[i], want.Stats[i]) {
						t.Fatalf("stat %d:\n got  %+v\n want %+v", i, got.Stats[i], want.Stats[i])
					}
				}
				t.Fatalf("%d stats, want %d", len(got.Stats), len(want.Stats))
			}
			if !reflect.DeepEqual(got.Findings, want.Findings) {
				t.Errorf("findings:\n got  %+v\n want %+v", got.Findings, want.Findings)
			}
			if got.Agency != want.Agency || got.Year != want.Year || got.Published != want.Published || got.Title != want.Title || !reflect.DeepEqual(got.Contact, want.Contact) {
				t.Errorf("metadata: got %q %d %q %q %+v", got.Agency, got.Year, got.Published, got.Title, got.Contact)
			}
		})
	}
}

// splitLabel splits a label over two spans and two paragraphs, as Word does,
// with the brackets full-width.
func splitLabel(s string) string {
	s = strings.NewReplacer("(", "（", ")", "）", ":", "：").Replace(s)
	r := []rune(s)
	if len(r) < 4 {
		return html.EscapeString(s)
	}
	a, b, c := string(r[:2]), string(r[2:len(r)/2]), string(r[len(r)/2:])
	return fmt.Sprintf("<span>%s</span><span style='mso-bidi'>%s</span></p>\n<p class=MsoNormal>%s", html.EscapeString(a), html.EscapeString(b), html.EscapeString(c))
}

// seedHTML renders the seed as pasted Word: section rows spanning the
// table, &nbsp; blanks, labels split over spans and paragraphs,
// full-width brackets.
func seedHTML(prose, header []string, rows [][]string, charset string) string {
	var h strings.Builder
	fmt.Fprintf(&h, "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=%s\"><title>政府信息公开_门户网站</title></head><body>", charset)
	h.WriteString(`<div class="nav">` + strings.Repeat(`<a href="/x">首页</a> `, 50) + `</div><div class="TRS_Editor">`)
	for _, p := range prose {
		fmt.Fprintf(&h, "<p class=MsoNormal><span style='font-family:仿宋'>%s</span><o:p></o:p></p>\n", html.EscapeString(p))
	}
	h.WriteString(`<table class=MsoNormalTable border=1><tr>`)
	for _, c := range header {
		fmt.Fprintf(&h, "<td><p class=MsoNormal><b>%s</b></p></td>", html.EscapeString(c))
	}
	h.WriteString("</tr>\n")
	for _, r := range rows {
		h.WriteString("<tr>")
		if len(r) == 1 { // the row the seed is cut off at
			fmt.Fprintf(&h, "<td>%s</td></tr>\n", html.EscapeString(r[0]))
			continue
		}
		if len(r) == 3 && r[1] == "" && r[2] == "" {
			fmt.Fprintf(&h, `<td colspan="3"><p class=MsoNormal><span>%s</span></p></td></tr>`+"\n", splitLabel(r[0]))
			continue
		}
		fmt.Fprintf(&h, "<td valign=top><p class=MsoNormal>%s<o:p></o:p></p></td>", splitLabel(r[0]))
		for _, c := range r[1:] {
			if c == "" {
				c = "&nbsp;"
			} else {
				c = "<span lang=EN-US>" + html.EscapeString(c) + "</span>"
			}
			fmt.Fprintf(&h, "<td>\n &nbsp; <p align=center>%s</p></td>", c)
		}
		h.WriteString("</tr>\n")
	}
	h.WriteString("</table></div></body></html>")
	return h.String()
}
