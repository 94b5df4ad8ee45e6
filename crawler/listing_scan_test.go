package crawler

import (
	"bytes"
	"maps"
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestListingScanAsTokenizer checks that scanListing finds, on the real
// pages, on pages cut and spliced at random places and on markup the
// tokenizer reads in its own way (quoted '>', comments, raw text,
// entities, tags cut by the end), the report titles and statistics
// tables that the tokenizer finds.
func TestListingScanAsTokenizer(t *testing.T) {
	var pages [][]byte
	for _, name := range []string{"listing_index.html", "pingtan_2015.html", "pingtan_2019.html", "pingtan_2023.html", "pingtan_2024.html"} {
		pages = append(pages, []byte(readFixture(t, name)))
	}
	title := `某区2023年度政府信息公开工作年度报告`
	cases := []string{
		`<a href="x">` + title + `</a>`,
		`<A HREF=x>` + title + `</A >`,
		`<a title="a>b" href='c>d'>` + title + `</a>`,
		`<a title=a>b>` + title + `</a>`,
		`<a =x>` + title + `</a>`,
		`<a href="x"/>` + title + `</a/>`,
		`<!-- <a href="x">` + title + `</a> -->`,
		`<!--><a href="x">` + title + `</a>`,
		`<!---><a href="x">` + title + `</a>`,
		`<!-- a --!><a href="x">` + title + `</a>`,
		`<!-- a --!-- b --><a href="x">` + title + `</a>`,
		`<!DOCTYPE html><?xml x?></ x><a>` + title + `</a>`,
		`<script>var s = "<a>` + title + `</a>";</script>`,
		`<a><script>` + title + `</script></a>`,
		`<a><title>&#25253;` + title + `</title></a>`,
		`<a>某区2023年度政府信息公开工作年度&#25253;告</a>`,
		`<a>某区2023年度&nbsp;政府信息公开工作年度报告</a>`,
		`<table><tr><td>申请</td></tr></table><a>` + title + `</a>`,
		`<table><tr><td><a>申请</a></td></tr></table>`,
		`<table><tr><td>复议</td></tr>`,
		`<table><style>td{}</style><tr><td>行政诉讼</td></tr></TABLE>`,
		`<textarea></table>诉讼</textarea>`,
		`<a href="x` + title,
		`<a>` + title + `</a`,
		`<abbr>` + title + `</abbr><a>x</a>`,
		`a < b <a>` + title + `</a> <`,
		`<plaintext><a>` + title + `</a>`,
	}
	for _, c := range cases {
		pages = append(pages, []byte(c))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	real := pages[:5]
	for range 300 {
		p := real[rng.IntN(len(real))]
		q := real[rng.IntN(len(real))]
		i, j := rng.IntN(len(p)), rng.IntN(len(q))
		spliced := append(append([]byte{}, p[:i]...), q[j:]...)
		pages = append(pages, spliced)
	}
	for i, page := range pages {
		titles, stats := tokenizerListing(page)
		s := scanListing(page)
		if s.stats != stats || !stats && !maps.Equal(s.titles, titles) {
			t.Errorf("page %d (%.80q): scan found %d titles, stats %v; the tokenizer %d, %v", i, page, len(s.titles), s.stats, len(titles), stats)
		}
	}
}

// tokenizerListing is looksLikeListing as it was written on
// golang.org/x/net/html's tokenizer: the report titles of links and
// whether a table holds a statistics row. scanListing must find the same.
func tokenizerListing(page []byte) (map[string]bool, bool) {
	z := html.NewTokenizer(bytes.NewReader(page))
	titles := map[string]bool{}
	inA, tables := 0, 0
	var text, cell strings.Builder
	stats := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return titles, stats
		case html.TextToken:
			if inA > 0 {
				text.Write(z.Text())
			} else if tables > 0 {
				cell.Write(z.Text())
			}
		case html.StartTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "a":
				inA++
				text.Reset()
			case "table":
				tables++
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "a":
				if inA > 0 {
					inA--
					if t := collapse(text.String()); isReportTitle(t) {
						titles[t] = true
					}
				}
			case "table":
				if tables > 0 {
					tables--
				}
				for _, w := range statsWords {
					if strings.Contains(cell.String(), w) {
						stats = true
					}
				}
				cell.Reset()
			}
		}
	}
}
