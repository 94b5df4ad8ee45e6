package parser

import (
	"bytes"
	"html"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	xhtml "golang.org/x/net/html"
)

// largestPage is the largest real portal page in the fixtures.
const largestPage = "html/pingtan_2019.html"

func benchPage(b *testing.B, name string) []byte {
	src, err := os.ReadFile(filepath.Join("..", "fixtures", name))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	b.ResetTimer()
	return src
}

// BenchmarkParse runs the whole parser (charset, HTML, tables, metadata,
// checks) on the largest real page; BenchmarkGoquery only builds the
// goquery document of the same page, the floor any HTML parse pays.
func BenchmarkParse(b *testing.B) {
	for _, name := range []string{largestPage, "html/pingtan_2024.html", "html/pingtan_2015.html", "seed/000_d451e8e22817c643.txt"} {
		b.Run(filepath.Base(name), func(b *testing.B) {
			src := benchPage(b, name)
			for b.Loop() {
				if _, err := Parse(src, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reports/s")
		})
	}
}

func BenchmarkGoquery(b *testing.B) {
	src := benchPage(b, largestPage)
	for b.Loop() {
		if _, err := goquery.NewDocumentFromReader(bytes.NewReader(src)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reports/s")
}

// BenchmarkParseVsGoquery alternates the two on the largest page, one of
// each per iteration, so that both see the same machine load, and reports
// each one's throughput and their ratio (the target is at least 0.5).
func BenchmarkParseVsGoquery(b *testing.B) {
	src := benchPage(b, largestPage)
	var tParse, tBare time.Duration
	for b.Loop() {
		t0 := time.Now()
		if _, err := Parse(src, Options{}); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := goquery.NewDocumentFromReader(bytes.NewReader(src)); err != nil {
			b.Fatal(err)
		}
		tBare += time.Since(t1)
		tParse += t1.Sub(t0)
	}
	mb := float64(len(src)) * float64(b.N) / 1e6
	b.ReportMetric(mb/tParse.Seconds(), "parse-MB/s")
	b.ReportMetric(mb/tBare.Seconds(), "goquery-MB/s")
	b.ReportMetric(tBare.Seconds()/tParse.Seconds(), "ratio")
}

// goqueryWalk is the bare baseline of a text form: the same bytes,
// escaped into a <pre> of an HTML page, parsed by goquery, and every
// text node visited (its length summed, so the walk is not optimised
// away). It is the floor any reader of those bytes as a document pays.
func goqueryWalk(src []byte) (int, error) {
	var b bytes.Buffer
	b.WriteString("<html><body><pre>")
	b.WriteString(html.EscapeString(string(src)))
	b.WriteString("</pre></body></html>")
	doc, err := goquery.NewDocumentFromReader(&b)
	if err != nil {
		return 0, err
	}
	n := 0
	var walk func(*xhtml.Node)
	walk = func(x *xhtml.Node) {
		if x.Type == xhtml.TextNode {
			n += len(x.Data)
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, x := range doc.Nodes {
		walk(x)
	}
	return n, nil
}

// pairedRatio runs parse and bare in turn, b.N times each, and reports
// bare's time over parse's (the share of the baseline's throughput the
// parser keeps): min, median and max of the pairs.
func pairedRatio(b *testing.B, parse, bare func() error) {
	var ratios []float64
	var tParse, tBare time.Duration
	for b.Loop() {
		t0 := time.Now()
		if err := parse(); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := bare(); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		tParse, tBare = tParse+t1.Sub(t0), tBare+t2.Sub(t1)
		ratios = append(ratios, t2.Sub(t1).Seconds()/t1.Sub(t0).Seconds())
	}
	slices.Sort(ratios)
	b.ReportMetric(ratios[0], "ratio-min")
	b.ReportMetric(ratios[len(ratios)/2], "ratio-median")
	b.ReportMetric(ratios[len(ratios)-1], "ratio-max")
	b.ReportMetric(float64(b.N)/tParse.Seconds(), "parse-docs/s")
	b.ReportMetric(float64(b.N)/tBare.Seconds(), "bare-docs/s")
}

// BenchmarkTextVsGoqueryWalk alternates Parse of each text form (the
// seed's pipe table, the glued texts of 2011–2023, a markdown table)
// with goqueryWalk of the same bytes (target: ratio at least 0.3):
//
//	go test ./parser -run '^$' -bench TextVsGoqueryWalk -benchtime 200x
func BenchmarkTextVsGoqueryWalk(b *testing.B) {
	for _, name := range textFixtures {
		b.Run(filepath.Base(name), func(b *testing.B) {
			src := benchPage(b, name)
			pairedRatio(b, func() error {
				_, err := Parse(src, Options{})
				return err
			}, func() error {
				_, err := goqueryWalk(src)
				return err
			})
		})
	}
}

// BenchmarkHTMLVsGoquery alternates Parse of each real page with
// goquery.NewDocumentFromReader of the same bytes (target: ratio at
// least 0.7):
//
//	go test ./parser -run '^$' -bench HTMLVsGoquery -benchtime 100x
func BenchmarkHTMLVsGoquery(b *testing.B) {
	for _, name := range []string{largestPage, "html/pingtan_2024.html", "html/pingtan_2015.html"} {
		b.Run(filepath.Base(name), func(b *testing.B) {
			src := benchPage(b, name)
			pairedRatio(b, func() error {
				_, err := Parse(src, Options{})
				return err
			}, func() error {
				_, err := goquery.NewDocumentFromReader(bytes.NewReader(src))
				return err
			})
		})
	}
}

// textFixtures are the text renderings BenchmarkTextVsGoqueryWalk and
// BenchmarkParseText read.
var textFixtures = []string{
	"seed/000_d451e8e22817c643.txt",
	"text/001_pingtan-zhqsyq_2011.txt",
	"text/005_pingtan-zhqsyq_2012.txt",
	"text/003_pingtan-zhqsyq_2019.txt",
	"text/012_pingtan-zhqsyq_2020.txt",
	"text/013_pingtan-zhqsyq_2021.txt",
	"text/015_pingtan-zhqsyq_2023.txt",
	"text/shuyang-xian_2025_markdown.txt",
}

// BenchmarkParseText runs Parse alone on each text form, for profiles:
//
//	go test ./parser -run '^$' -bench ParseText -benchtime 500x -cpuprofile cpu.out
func BenchmarkParseText(b *testing.B) {
	for _, name := range textFixtures {
		b.Run(filepath.Base(name), func(b *testing.B) {
			src := benchPage(b, name)
			for b.Loop() {
				if _, err := Parse(src, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
