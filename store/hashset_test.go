package store

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"nianbao"
)

// A URL set holds the URLs recorded when it was read and no other: those
// recorded after are missing from it until it is read again.
func TestURLSet(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	save := func(url string) {
		t.Helper()
		if _, err := db.SaveFetched(ctx, URL{URL: url, Site: "a", Kind: "listing", Status: 200}, nil); err != nil {
			t.Fatal(err)
		}
	}
	var recorded []string
	for i := range 500 {
		u := fmt.Sprintf("http://a.test/list_%d.htm", i)
		save(u)
		recorded = append(recorded, u)
	}
	s, err := db.ReadURLSet(ctx)
	if err != nil || s == nil {
		t.Fatalf("ReadURLSet: %v, %v", s, err)
	}
	for _, u := range recorded {
		if !s.MayHave(u) {
			t.Errorf("%s recorded, not in the set", u)
		}
	}
	const later = "http://a.test/later.htm"
	for _, u := range []string{later, "http://b.test/list_1.htm", "http://a.test/list_1.htm#top", ""} {
		if s.MayHave(u) {
			t.Errorf("%q never recorded, in the set", u)
		}
	}
	save(later)
	if s.MayHave(later) {
		t.Errorf("%s recorded after the set was read, in it", later)
	}
	if s, err = db.ReadURLSet(ctx); err != nil || !s.MayHave(later) {
		t.Errorf("%s not in the set read again (%v)", later, err)
	}
}

// The source set holds the sources with a document, and an import reads
// it at its start: a document saved again, its source in the set, is
// found unchanged before it is parsed; one whose source was not, is
// parsed and then found unchanged by the write.
func TestSourceSet(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	body := mustRead(t, seed)
	doc := func(src string) Document { return Document{Source: src, Status: 200, Body: body} }
	if _, err := db.SaveDocument(ctx, doc("a.html")); err != nil {
		t.Fatal(err)
	}
	s, err := db.readSourceSet(ctx)
	if err != nil || s == nil {
		t.Fatalf("readSourceSet: %v, %v", s, err)
	}
	if !s.MayHave("a.html") || s.MayHave("b.html") {
		t.Errorf("set: a.html %v (want true), b.html %v (want false)", s.MayHave("a.html"), s.MayHave("b.html"))
	}
	var parsed []string
	parse := func(d Document) (*nianbao.Report, error) {
		parsed = append(parsed, d.Source)
		return db.opt.Parse(d)
	}
	docs := func(yield func(Document) bool) {
		for _, src := range []string{"a.html", "b.html"} {
			if !yield(doc(src)) {
				return
			}
		}
	}
	outcomes := map[string]nianbao.Outcome{}
	if err := db.saveAll(ctx, docs, parse, func(d Document, res SaveResult, err error) error {
		outcomes[d.Source] = res.Outcome
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if want := []string{"b.html"}; !slices.Equal(parsed, want) {
		t.Errorf("parsed %q, want %q: a.html's bytes are stored under its source", parsed, want)
	}
	if outcomes["a.html"] != nianbao.OutcomeUnchanged || outcomes["b.html"] != nianbao.OutcomeNew {
		t.Errorf("outcomes %v", outcomes)
	}
}
