package crawler_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"

	"nianbao/crawler"
	"nianbao/crawler/demosite"
)

// listSink lists what it is given and remembers nothing else.
type listSink struct {
	base  string
	mu    sync.Mutex
	lines []string
}

func (*listSink) Previous(context.Context, string) (*crawler.Previous, error) { return nil, nil }
func (*listSink) Known(context.Context, string) ([]crawler.Previous, error)   { return nil, nil }
func (*listSink) LogFetch(context.Context, *crawler.FetchLog) error           { return nil }

func (s *listSink) Save(_ context.Context, d *crawler.Document) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lines = append(s.lines, fmt.Sprintf("%s %s %s %d bytes %q", strings.TrimPrefix(d.URL, s.base), d.Change, d.Kind, len(d.Body), d.Title))
	return nil
}

// Crawl the demo portal: a TRS column of real report pages on loopback.
func Example() {
	portal, err := demosite.New(demosite.Options{})
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(portal)
	defer srv.Close()

	opts := crawler.DefaultOptions()
	opts.UserAgent, _ = crawler.UserAgent("dev", "https://nianbao.example/contact")
	opts.Delay, opts.Jitter = 0, 0 // a loopback demo needs no politeness
	opts.AllowPrivate = true       // loopback is refused otherwise
	sink := &listSink{base: srv.URL}
	c, err := crawler.New(nil, sink, opts)
	if err != nil {
		log.Fatal(err)
	}
	site := crawler.Site{Name: "pingtan", Agency: "平潭综合实验区", Listings: []string{srv.URL + demosite.ListingPath}}
	stats, err := c.Run(context.Background(), []crawler.Site{site})
	if err != nil {
		log.Fatal(err)
	}
	slices.Sort(sink.lines) // the order of fetches may vary
	for _, l := range sink.lines {
		fmt.Println(l)
	}
	fmt.Printf("pages %d, reports %d, attachments %d, new %d, skipped %d, errors %d\n",
		stats.Pages, stats.Reports, stats.Attachments, stats.New, stats.Skipped, stats.Errors)
	// Output:
	// /zwgk/zfxxgk/zfxxgknb/201601/P020160112384529174852.pdf new attachment 366784 bytes "平潭综合实验区2015年度政府信息公开工作年度报告.pdf"
	// /zwgk/zfxxgk/zfxxgknb/201601/t20160112_80445.htm new report 102788 bytes "平潭综合实验区2015年度政府信息公开工作年度报告"
	// /zwgk/zfxxgk/zfxxgknb/202001/t20200120_80576.htm new report 224985 bytes "平潭综合实验区2019年度政府信息公开工作年度报告"
	// /zwgk/zfxxgk/zfxxgknb/202403/P020240308562870325421.docx new attachment 12848 bytes "平潭综合实验区2023年度政府信息公开工作年度报告.docx"
	// /zwgk/zfxxgk/zfxxgknb/202403/t20240308_87885.htm new report 118935 bytes "平潭综合实验区2023年度政府信息公开工作年度报告"
	// /zwgk/zfxxgk/zfxxgknb/202503/t20250310_97791.htm new report 108909 bytes "平潭综合实验区2024年度政府信息公开工作年度报告"
	// /zwgk/zfxxgk/zfxxgknb/index.htm new listing 39970 bytes ""
	// /zwgk/zfxxgk/zfxxgknb/index_1.htm new listing 39307 bytes ""
	// /zwgk/zfxxgk/zfxxgknb/index_2.htm new listing 38542 bytes ""
	// pages 9, reports 4, attachments 2, new 9, skipped 2, errors 0
}
