package store

import (
	"context"
	"os"
	"slices"
	"testing"

	"nianbao/internal/testutil"
)

// TestPGImportLeavesStatsVisible checks that an import into PostgreSQL
// leaves the pages of stats marked all-visible (and the table analyzed),
// so that comparing a code reads the stats_code index alone: a fresh
// table is read page by page otherwise, until autovacuum comes.
func TestPGImportLeavesStatsVisible(t *testing.T) {
	ctx := context.Background()
	// The test server commits asynchronously (synchronous_commit off),
	// and VACUUM leaves unmarked the rows of a commit not yet flushed:
	// this import commits as a server does by default. A database of its
	// own: other tests' open transactions in the same database would hold
	// VACUUM back.
	db, err := Open(ctx, withParam(testutil.PostgresDatabase(t), "synchronous_commit", "on"), testOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// No autovacuum: what is visible is what the import marked.
	if _, err := db.db.ExecContext(ctx, `ALTER TABLE stat_rows SET (autovacuum_enabled = off)`); err != nil {
		t.Fatal(err)
	}
	var docs []Document
	for _, name := range benchFixtures {
		body, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, Document{Source: name, Body: body})
	}
	if err := db.SaveAll(ctx, slices.Values(docs), func(d Document, _ SaveResult, err error) error { return err }); err != nil {
		t.Fatal(err)
	}
	var pages, visible int
	if err := db.db.QueryRowContext(ctx, `SELECT relpages, relallvisible FROM pg_class WHERE oid = 'stat_rows'::regclass`).Scan(&pages, &visible); err != nil {
		t.Fatal(err)
	}
	if pages == 0 || visible != pages {
		t.Errorf("stat_rows after import: %d pages, %d all-visible; want all of them, at least one", pages, visible)
	}
}
