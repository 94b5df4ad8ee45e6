package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"nianbao"
	"nianbao/parser"
	"nianbao/store"
)

// yearFixtures are reports of one agency in four years, the 2019 and
// 2021 templates.
var yearFixtures = []string{
	"../fixtures/text/003_pingtan-zhqsyq_2019.txt",
	"../fixtures/text/012_pingtan-zhqsyq_2020.txt",
	"../fixtures/text/013_pingtan-zhqsyq_2021.txt",
	"../fixtures/text/015_pingtan-zhqsyq_2023.txt",
}

// testAgencies name the agencies of the test archive; one name holds
// markup, which every page must show as text.
var testAgencies = []string{"平潭综合实验区管委会", "福清市人民政府", "<b>长乐</b>区人民政府办公室"}

// parsedFixtures holds what the parser reads from yearFixtures, read once.
var parsedFixtures = sync.OnceValues(func() (parsed, error) {
	var rs []*nianbao.Report
	var bodies [][]byte
	for _, name := range yearFixtures {
		body, err := os.ReadFile(name)
		if err != nil {
			return parsed{}, err
		}
		r, err := parser.Parse(body, parser.Options{Source: name})
		if err != nil {
			return parsed{}, fmt.Errorf("%s: %w", name, err)
		}
		rs, bodies = append(rs, r), append(bodies, body)
	}
	return parsed{rs, bodies}, nil
})

type parsed struct {
	reports []*nianbao.Report
	bodies  [][]byte
}

// buildArchive stores n reports in a new database at path: the year
// fixtures in turn, agency i/len(yearFixtures) of agencies (or a numbered
// agency past their end), each document's bytes unique. It returns what
// was stored per source.
func buildArchive(tb testing.TB, path string, n int, agencies []string) {
	tb.Helper()
	p, err := parsedFixtures()
	if err != nil {
		tb.Fatal(err)
	}
	rs, bodies := p.reports, p.bodies
	agencyOf := func(i int) string {
		a := i / len(yearFixtures)
		if a < len(agencies) {
			return agencies[a]
		}
		return fmt.Sprintf("第%d县人民政府", a)
	}
	parse := func(d store.Document) (*nianbao.Report, error) {
		var i int
		if _, err := fmt.Sscanf(filepath.Base(d.Source), "%d", &i); err != nil {
			return nil, err
		}
		r := *rs[i%len(rs)]
		r.Agency = agencyOf(i)
		r.Title = strings.Replace(r.Title, "平潭综合实验区", r.Agency, 1)
		return &r, nil
	}
	ctx := context.Background()
	db, err := store.Open(ctx, path, store.Options{Parse: parse, ParserVersion: parser.Version, Indicators: parser.Indicators()})
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	docs := func(yield func(store.Document) bool) {
		for i := range n {
			body := fmt.Appendf(append([]byte(nil), bodies[i%len(bodies)]...), "\n<!-- copy %d -->\n", i)
			doc := store.Document{Source: fmt.Sprintf("https://example.gov.cn/nb/%d", i), Body: body, Region: "福建省",
				ContentType: "text/plain; charset=utf-8", Status: 200}
			if !yield(doc) {
				return
			}
		}
	}
	if err := db.SaveAll(ctx, docs, func(d store.Document, _ store.SaveResult, err error) error { return err }); err != nil {
		tb.Fatal(err)
	}
}

// testServer serves a small archive: three agencies × four years.
func testServer(t testing.TB) (*httptest.Server, *store.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "web.db")
	buildArchive(t, path, len(testAgencies)*len(yearFixtures), testAgencies)
	return serveArchive(t, path)
}

func serveArchive(t testing.TB, path string) (*httptest.Server, *store.DB, string) {
	t.Helper()
	db, err := store.OpenQuery(context.Background(), path, store.QueryLimits{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	h, err := New(db)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, db, path
}
