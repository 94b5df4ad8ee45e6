package store

import (
	"context"
	"testing"
)

// SaveAll's writing connection has a 32 MiB page cache, so that a batch
// of imported reports fits in it; it goes back to the pool with SQLite's
// 2 MiB.
func TestImportConnPageCache(t *testing.T) {
	sqliteOnly(t) // SQLite's page cache and FTS5 segments
	ctx := context.Background()
	db := mustOpen(t)
	db.db.SetMaxOpenConns(1)
	conn, release := db.importConn(ctx)
	if conn == nil {
		t.Fatal("no connection of its own")
	}
	var kib int
	if err := conn.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&kib); err != nil {
		t.Fatal(err)
	}
	if kib != -32768 {
		t.Errorf("import connection: cache_size %d, want -32768 (32 MiB)", kib)
	}
	release()
	other, err := db.db.Conn(ctx) // the same: the pool holds one
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&kib); err != nil {
		t.Fatal(err)
	}
	if kib != -2000 {
		t.Errorf("released connection: cache_size %d, want SQLite's -2000", kib)
	}
}
