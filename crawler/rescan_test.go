package crawler

import (
	"context"
	"strings"
	"testing"

	"nianbao/crawler/demosite"
)

// archiveSink is a memSink that returns the bytes it saved for a URL.
type archiveSink struct{ *memSink }

func (a archiveSink) Archived(_ context.Context, url string) ([]byte, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for i := len(a.docs) - 1; i >= 0; i-- {
		if d := a.docs[i]; d.URL == url && d.Body != nil {
			return d.Body, nil
		}
	}
	return nil, nil
}

// forget drops what the sink knows of url, as if no run had fetched it.
func (m *memSink) forget(url string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.latest, url)
}

// A report page that answers 304 is scanned for attachments from the
// bytes archived for it: an attachment an interrupted run found but
// never fetched is fetched by the next run. A plain Sink gets nothing
// new.
func TestUnchangedPageRescanned(t *testing.T) {
	for _, archive := range []bool{true, false} {
		portal, err := demosite.New(demosite.Options{})
		if err != nil {
			t.Fatal(err)
		}
		srv, _ := serve(t, portal)
		site := Site{Name: "pingtan", Agency: "平潭综合实验区", Listings: []string{srv.URL + demosite.ColumnPath}, AllowedHosts: []string{strings.TrimPrefix(srv.URL, "http://")}}
		mem := newMemSink()
		var sink Sink = mem
		if archive {
			sink = archiveSink{mem}
		}
		c := newTestCrawler(t, sink, nil)
		if _, err := c.Run(context.Background(), []Site{site}); err != nil {
			t.Fatal(err)
		}
		docx := srv.URL + demosite.WordAttachmentPath
		if len(mem.saved(docx)) != 1 {
			t.Fatalf("first run: DOCX not saved")
		}
		mem.forget(docx)
		page := srv.URL + demosite.Entries("")[1].Path
		if _, err := c.Run(context.Background(), []Site{site}); err != nil {
			t.Fatal(err)
		}
		got := mem.saved(docx)[1:] // the first run's is kept: its bytes are the archive
		fetched := len(got) == 1 && got[0].Change == NewDoc && got[0].Body != nil && got[0].Referrer == page
		if fetched != archive {
			t.Errorf("archive sink %v: DOCX fetched on the second run %v (%d saved)", archive, fetched, len(got))
		}
		if p := mem.saved(page); len(p) != 2 || p[1].Change != Unchanged {
			t.Errorf("archive sink %v: 2023 page not unchanged on the second run", archive)
		}
	}
}
