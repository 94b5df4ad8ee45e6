package store

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkSettleManyVersions saves one more version of a report page
// whose bytes changed at every fetch (a visit counter, the date), after
// 300 versions of it: settling the page's identity ranks the latest
// fetch of each source (headsSQL).
//
//	go test ./store -run '^$' -bench SettleManyVersions
func BenchmarkSettleManyVersions(b *testing.B) {
	ctx := context.Background()
	db := mustOpen(b)
	body := mustRead(b, pingtanHTML)
	const source = "https://www.pingtan.gov.cn/2019.htm"
	n := 0
	save := func() {
		n++
		page := fmt.Appendf(append([]byte(nil), body...), "<!-- visit %d -->", n)
		if _, err := db.SaveDocument(ctx, Document{Source: source, Body: page}); err != nil {
			b.Fatal(err)
		}
	}
	for range 300 {
		save()
	}
	for b.Loop() {
		save()
	}
}
