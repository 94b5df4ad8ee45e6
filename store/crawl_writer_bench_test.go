package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"nianbao"
	"nianbao/internal/testutil"
	"nianbao/parser"
)

// BenchmarkCrawlWriter measures what the crawl's store costs a page
// without the parser: N pages (the four real report pages of
// fixtures/html in turn, each with bytes and an agency of its own) saved
// through a CrawlWriter with their URL records and fetch log lines, as
// nianbao crawl saves them. Each page's report was read by the parser
// beforehand and is handed out again (under the page's own agency) by
// the writer's parse function, so that what is measured is hashing,
// compression, the lookups and the writes. It reports the process's CPU
// time per page (user and system, every goroutine) and the wall time per
// page. NIANBAO_WRITER_PAGES sets N (default 1000);
// NIANBAO_WRITER_NO_STATS_CODE=1 drops the stats_code index first, to
// see what maintaining it costs.
//
//	go test ./store -run XXX -bench CrawlWriter -benchtime 3x
func BenchmarkCrawlWriter(b *testing.B) {
	pages := envCount(b, "NIANBAO_WRITER_PAGES", 1000)
	var bodies [][]byte
	var reports []*nianbao.Report
	for _, name := range []string{"pingtan_2015.html", "pingtan_2019.html", "pingtan_2023.html", "pingtan_2024.html"} {
		body := testutil.ReadFixture(b, "html/"+name)
		r, err := parser.Parse(body, parser.Options{Source: name})
		if err != nil {
			b.Fatal(err)
		}
		bodies, reports = append(bodies, body), append(reports, r)
	}
	// The page's number, from its URL: which report, under which agency.
	parse := func(d Document) (*nianbao.Report, error) {
		i, err := strconv.Atoi(d.Source[strings.LastIndexByte(d.Source, '/')+1:])
		if err != nil {
			return nil, err
		}
		r := *reports[i%len(reports)]
		r.Agency = fmt.Sprintf("%s%d号", r.Agency, i)
		return &r, nil
	}
	var cpus, walls []float64
	i := 0
	for b.Loop() {
		ctx := context.Background()
		path := filepath.Join(b.TempDir(), fmt.Sprintf("w%d.db", i))
		db, err := Open(ctx, path, Options{Parse: parse, ParserVersion: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		if os.Getenv("NIANBAO_WRITER_NO_STATS_CODE") == "1" { // what the index costs
			if _, err := db.db.Exec(`DROP INDEX stats_code`); err != nil {
				b.Fatal(err)
			}
		}
		docs := make([]*Document, pages)
		for p := range pages {
			body := bodies[p%len(bodies)]
			docs[p] = &Document{Source: fmt.Sprintf("http://h%d.test/r/%d", p%8, p), Status: 200, ContentType: "text/html; charset=utf-8",
				FetchedAt: time.Now(), Body: fmt.Appendf(append(make([]byte, 0, len(body)+32), body...), "\n<!-- %d -->\n", p)}
		}
		cpu0, start := cpuTime(), time.Now()
		w := db.NewCrawlWriter(ctx)
		var failed error
		for p, d := range docs {
			u := URL{URL: d.Source, Site: fmt.Sprintf("h%d", p%8), Kind: "report", Status: 200, FetchedAt: d.FetchedAt}
			if err := w.LogFetch(0, Fetch{Site: u.Site, URL: u.URL, StartedAt: d.FetchedAt, Status: 200, Bytes: int64(len(d.Body)), Result: "ok", Kind: "report"}); err != nil {
				b.Fatal(err)
			}
			err := w.Save(u, d, func(res SaveResult, err error) {
				if err == nil && res.Outcome != nianbao.OutcomeNew {
					err = fmt.Errorf("%s: %s", u.URL, res.Outcome)
				}
				if err != nil && failed == nil {
					failed = err
				}
			})
			if err != nil {
				b.Fatal(err)
			}
			docs[p] = nil
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		wall, cpu := time.Since(start), cpuTime()-cpu0
		if failed != nil {
			b.Fatal(failed)
		}
		var n int
		if err := db.db.QueryRow(`SELECT count(*) FROM stats`).Scan(&n); err != nil || n == 0 {
			b.Fatalf("%d values stored: %v", n, err)
		}
		db.Close()
		cpus, walls = append(cpus, cpu.Seconds()*1000/float64(pages)), append(walls, wall.Seconds()*1000/float64(pages))
		b.Logf("run %d: %d pages, %d values, CPU %.2f ms a page, wall %.2f ms a page", i+1, pages, n, cpus[i], walls[i])
		i++
	}
	b.ReportMetric(medianF(cpus), "cpu-ms/page")
	b.ReportMetric(medianF(walls), "wall-ms/page")
	b.ReportMetric(0, "ns/op")
}
