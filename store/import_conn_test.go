package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"nianbao"
	"nianbao/internal/testutil"
)

// SaveAll's writing connection has a 32 MiB page cache, so that a batch
// of imported reports fits in it, no automatic checkpoint (the walKeeper
// checkpoints beside it) and no foreign-key checks; it goes back to the
// pool with SQLite's 2 MiB, checkpoint every 1,000 pages and the store's
// foreign-key checks.
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
	var pages int
	if err := conn.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if pages != 0 {
		t.Errorf("import connection: wal_autocheckpoint %d, want 0", pages)
	}
	var fk int
	if err := conn.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil {
		t.Fatal(err)
	}
	if fk != 0 {
		t.Errorf("import connection: foreign_keys %d, want 0", fk)
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
	if err := other.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if pages != 1000 {
		t.Errorf("released connection: wal_autocheckpoint %d, want SQLite's 1000", pages)
	}
	if err := other.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil {
		t.Fatal(err)
	}
	if fk != 1 {
		t.Errorf("released connection: foreign_keys %d, want the store's 1", fk)
	}
}

// The import writes without foreign-key checks (importSettings): the
// rows it writes must satisfy them all the same. The fixtures are
// imported, then imported again with a byte changed (each report then
// supersedes or is an alternative to one stored), and SQLite's
// foreign_key_check finds no row without its parent.
func TestImportKeepsForeignKeys(t *testing.T) {
	sqliteOnly(t) // importConn is SQLite's
	ctx := context.Background()
	db := mustOpen(t)
	var docs []Document
	for _, name := range testutil.Fixtures(t) {
		docs = append(docs, Document{Source: name, Body: mustRead(t, name)})
	}
	for pass, suffix := range []string{"", "\n<!-- again -->\n"} {
		var in []Document
		for _, d := range docs {
			in = append(in, Document{Source: d.Source, Body: append(slices.Clone(d.Body), suffix...)})
		}
		if err := db.SaveAll(ctx, slices.Values(in), func(d Document, _ SaveResult, err error) error { return err }); err != nil {
			t.Fatalf("pass %d: %v", pass+1, err)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM stat_rows`); n == 0 {
		t.Fatal("no values stored")
	}
	if n := count(t, db, `SELECT count(*) FROM finding_codes`); n == 0 {
		t.Fatal("no finding codes stored")
	}
	rows, err := db.db.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	bad := 0
	for rows.Next() {
		var table, parent string
		var rowid sql.NullInt64 // NULL in a WITHOUT ROWID table
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			t.Fatal(err)
		}
		if bad++; bad <= 5 {
			t.Errorf("%s (rowid %v): refers to no row of %s", table, rowid, parent)
		}
	}
	if bad > 5 {
		t.Errorf("and %d more rows without their parent", bad-5)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

// An import's log is copied into the database beside its writer
// (walKeeper), whose connection does not checkpoint, and truncated by the
// writer at importWALTruncateAt (here 12 MiB): after 34.75 MiB of bodies
// in five batches, all of it is in the database file before the
// database is closed (which would checkpoint it), the last batch's too,
// and the log never held more than 12 MiB and a batch.
func TestImportCheckpointsBeside(t *testing.T) {
	sqliteOnly(t) // SQLite's write-ahead log
	ctx := context.Background()
	opt := Options{Parse: func(Document) (*nianbao.Report, error) { return nil, errors.New("not a report") }, ParserVersion: "test"}
	path := filepath.Join(t.TempDir(), "import.db")
	db, err := Open(ctx, path, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	defer func(was int64) { importWALTruncateAt = was }(importWALTruncateAt)
	importWALTruncateAt = 12 << 20
	const n, size = 4*importBatchDocs + 88, 32 << 10
	docs := func(yield func(Document) bool) {
		for i := range n {
			body := make([]byte, size) // random bytes: no compression shrinks them
			rand.Read(body)
			if !yield(Document{Source: fmt.Sprintf("http://a.test/%d", i), Body: body}) {
				return
			}
		}
	}
	var walMax int64
	stored := 0
	err = db.SaveAll(ctx, docs, func(d Document, res SaveResult, err error) error {
		if res.DocumentID != 0 {
			stored++
		}
		if fi, err := os.Stat(path + "-wal"); err == nil {
			walMax = max(walMax, fi.Size())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if stored != n {
		t.Fatalf("%d of %d documents stored", stored, n)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() < n*size { // the bodies and more: the last batch's too
		t.Errorf("database file of %.1f MiB after %.1f MiB of bodies: the log was not copied into it", float64(fi.Size())/(1<<20), float64(n*size)/(1<<20))
	}
	// At most the truncation's size and a batch more (its pages and their
	// frames' headers).
	if batch := int64(importBatchDocs * size); walMax == 0 || walMax > importWALTruncateAt+batch*9/8 {
		t.Errorf("log of %.1f MiB at most: want some, and at most %d MiB and a batch of %.1f MiB", float64(walMax)/(1<<20), importWALTruncateAt>>20, float64(batch)/(1<<20))
	}
	t.Logf("log at most %.1f MiB, database %.1f MiB", float64(walMax)/(1<<20), float64(fi.Size())/(1<<20))
}
