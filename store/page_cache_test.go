package store

import (
	"context"
	"testing"
)

// Every connection Open makes has a 32 MiB page cache, so that a batch
// of imported reports fits in it (SQLite's default is 2 MiB).
func TestOpenPageCache(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	for i := range 2 { // two connections of the pool at once
		c, err := db.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		var kib int
		if err := c.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&kib); err != nil {
			t.Fatal(err)
		}
		if kib != -32768 {
			t.Errorf("connection %d: cache_size %d, want -32768 (32 MiB)", i, kib)
		}
	}
}
