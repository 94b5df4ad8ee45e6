package main

import (
	"context"
	"path/filepath"
	"testing"

	"nianbao/store"
)

// With the archive's URL set, Previous answers a URL the archive had
// no record of without a query, and looks a recorded one up: on a
// closed archive the first gives nothing, the second an error.
func TestSinkPreviousFromURLSet(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "a.db"), storeOptions())
	if err != nil {
		t.Fatal(err)
	}
	const known = "http://a.test/list.htm"
	if _, err := db.SaveFetched(ctx, store.URL{URL: known, Site: "a", Kind: "listing", Status: 200}, nil); err != nil {
		t.Fatal(err)
	}
	s := &storeSink{db: db}
	if s.urls, err = db.ReadURLSet(ctx); err != nil {
		t.Fatal(err)
	}
	if p, err := s.Previous(ctx, known); err != nil || p == nil || p.URL != known {
		t.Fatalf("Previous(%s) = %+v, %v", known, p, err)
	}
	db.Close()
	if p, err := s.Previous(ctx, "http://a.test/new.htm"); p != nil || err != nil {
		t.Errorf("Previous of a URL never recorded = %+v, %v; want nothing, without a query", p, err)
	}
	if _, err := s.Previous(ctx, known); err == nil {
		t.Errorf("Previous of a recorded URL on a closed archive gave no error: not looked up")
	}
}
