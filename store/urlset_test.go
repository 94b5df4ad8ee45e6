package store

import (
	"context"
	"fmt"
	"testing"
)

// A URLSet holds the URLs recorded when it was read and no other: those
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
