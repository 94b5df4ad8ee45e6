package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"nianbao/internal/testutil"
	"nianbao/store"
)

// The pages work on a PostgreSQL archive: the overview, a report, the
// findings and the search (row by row there, with a snippet around the
// match).
func TestPostgresPages(t *testing.T) {
	dsn := testutil.Postgres(t)
	buildArchive(t, dsn, len(testAgencies)*len(yearFixtures), testAgencies)
	db, err := store.OpenQuery(context.Background(), testutil.PostgresReader(t, dsn), store.QueryLimits{})
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

	for _, p := range pagePaths {
		if resp, body := get(t, srv.URL, p); resp.StatusCode != 200 {
			t.Errorf("%s: status %d: %.300s", p, resp.StatusCode, body)
		}
	}
	if n := page(t, srv.URL, "/").Find("table").Length(); n == 0 {
		t.Error("overview: no table")
	}
	title := page(t, srv.URL, "/report/1").Find("h1").Text()
	if !slices.ContainsFunc(testAgencies, func(a string) bool { return strings.Contains(title, a) }) {
		t.Errorf("report 1: title %q names none of %q", title, testAgencies)
	}
	if resp, body := get(t, srv.URL, "/original/1"); resp.StatusCode != 200 || !bytes.Contains(body, []byte("copy ")) {
		t.Errorf("/original/1: status %d, %d bytes, want the archived document", resp.StatusCode, len(body))
	}
	doc := page(t, srv.URL, "/search?q="+url.QueryEscape("政策解读形式不够丰富"))
	res := doc.Find("#results li")
	if res.Length() != len(testAgencies) { // one 2021 report per agency
		t.Fatalf("%d results, want %d", res.Length(), len(testAgencies))
	}
	if m := res.First().Find("mark").Text(); m != "政策解读形式不够丰富" {
		t.Errorf("marked %q", m)
	}
	n := len(testAgencies) * len(yearFixtures)
	if got := doc.Find("p.note").First().Text(); !strings.HasSuffix(got, fmt.Sprintf(": %d / %d", n, n)) {
		t.Errorf("index note %q, want %d / %d", got, n, n)
	}
	if doc := page(t, srv.URL, "/search?q="+url.QueryEscape("没有这句话的报告")); doc.Find("#results li").Length() != 0 {
		t.Error("a phrase no report holds was found")
	}
	for _, q := range []string{`"政策" OR x`, `%_\`, `a"b`} {
		if doc := page(t, srv.URL, "/search?q="+url.QueryEscape(q)); doc.Find("#results li").Length() != 0 {
			t.Errorf("%q found reports", q)
		}
	}
}
