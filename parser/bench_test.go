package parser

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
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
