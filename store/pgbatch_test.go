package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"nianbao"
	"nianbao/internal/testutil"
)

// savedAs is what a test compares of a SaveResult across engines.
type savedAs struct {
	Outcome                                  nianbao.Outcome
	Doc, Report, Previous, Supersedes, AltTo int64
	Reason, Status, Err                      string
}

func savedOf(res SaveResult, err error) savedAs {
	s := savedAs{res.Outcome, res.DocumentID, res.ReportID, res.PreviousID, res.Supersedes, res.AlternativeTo, res.Reason, res.Status(), ""}
	if err != nil {
		s.Err = err.Error()
	}
	return s
}

// mixedBatch stores, on db, two documents one at a time and then, in one
// SaveAll, documents that exercise every case of a write: a body stored
// under another source (one blob), the same bytes again in the batch
// (unchanged), a revision in the batch, a revision fetched before its
// source's latest version, a less complete reading of a stored identity
// (an alternative), a more recent reading superseding one, a document
// the parser cannot read, and one unchanged since before the batch. It
// returns what SaveAll reported for each.
func mixedBatch(t *testing.T, db *DB) []savedAs {
	t.Helper()
	ctx := context.Background()
	at := func(h int) time.Time { return time.Date(2025, 4, 1, h, 0, 0, 0, time.UTC) }
	db.Now = func() time.Time { return at(12) }
	html, glued, seedBody := mustRead(t, pingtanHTML), mustRead(t, pingtanGlued), mustRead(t, seed)
	for _, d := range []Document{
		{Source: "html.htm", Body: html, FetchedAt: at(0)},
		{Source: "other.txt", Body: mustRead(t, testutil.Fixture("text/013_pingtan-zhqsyq_2021.txt")), FetchedAt: at(0)},
	} {
		if _, err := db.SaveDocument(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	docs := []Document{
		{Source: "glued.txt", Body: glued, FetchedAt: at(1)},                                          // alternative to html.htm's
		{Source: "seed-a.txt", Body: seedBody, FetchedAt: at(1)},                                      // new identity
		{Source: "seed-b.txt", Body: seedBody, FetchedAt: at(2)},                                      // same blob, supersedes seed-a's
		{Source: "seed-a.txt", Body: seedBody, FetchedAt: at(3)},                                      // unchanged, in the batch
		{Source: "seed-a.txt", Body: append(slices.Clone(seedBody), "\n（修订）\n"...), FetchedAt: at(4)}, // revised
		{Source: "seed-a.txt", Body: append(slices.Clone(seedBody), "\n旧\n"...), FetchedAt: at(0)},    // revised, but older
		{Source: "bad.pdf", Body: []byte("%PDF-1.4\n1 0 obj <<>> endobj\n"), FetchedAt: at(1)},        // failed
		{Source: "html.htm", Body: html},                                                              // unchanged since before
		{Source: "html.htm", Body: glued, FetchedAt: at(5)},                                           // revised, supersedes
		{Source: "empty.txt", Body: nil},                                                              // failed, fetched now
	}
	var got []savedAs
	err := db.SaveAll(ctx, slices.Values(docs), func(_ Document, res SaveResult, err error) error {
		got = append(got, savedOf(res, err))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(docs) {
		t.Fatalf("%d results for %d documents", len(got), len(docs))
	}
	return got
}

// The archive's tables a save writes.
var savedTables = []string{"blobs", "documents", "reports", "stats", "findings", "finding_codes", "report_text"}

// SaveAll on PostgreSQL (set-wise: look-ups, reserved ids, COPY, one
// UPDATE of the flags) stores the rows SaveAll stores on SQLite (row by
// row) and reports the same outcomes, ids, versions superseded and
// alternatives, compared through a copy of the PostgreSQL archive into
// SQLite. Blob ids included: a row-by-row INSERT … ON CONFLICT on
// PostgreSQL spends an id on a body already stored.
func TestSaveAllSetWiseSameAsSQLite(t *testing.T) {
	pg := testutil.Postgres(t)
	dir := t.TempDir()
	lite := openAt(t, filepath.Join(dir, "lite.db"))
	want := mixedBatch(t, lite)
	pgdb := openAt(t, pg)
	got := mixedBatch(t, pgdb)
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("document %d on PostgreSQL: %+v\n                     SQLite: %+v", i, got[i], want[i])
		}
	}
	back := openAt(t, filepath.Join(dir, "back.db"))
	copyOK(t, pgdb, back)
	w, g := dumpArchive(t, lite), dumpArchive(t, back)
	for name := range w {
		if !slices.Contains(savedTables, name) {
			delete(w, name)
			delete(g, name)
		}
	}
	sameDump(t, w, g)
	assertLatestConsistent(t, pgdb)
}

// statementCounter counts the statements pgx sends: queries, the
// queries of batches, and COPYs.
type statementCounter struct{ n atomic.Int64 }

func (c *statementCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	return ctx
}
func (c *statementCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}
func (c *statementCounter) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	return ctx
}
func (c *statementCounter) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {
	c.n.Add(1)
}
func (c *statementCounter) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}
func (c *statementCounter) TraceCopyFromStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceCopyFromStartData) context.Context {
	c.n.Add(1)
	return ctx
}
func (c *statementCounter) TraceCopyFromEnd(context.Context, *pgx.Conn, pgx.TraceCopyFromEndData) {}

// SaveAll on PostgreSQL sends a few statements a batch, not some 14 a
// document: 600 new documents (three batches) take fewer than one
// statement per 8 documents.
func TestSaveAllSetWiseStatements(t *testing.T) {
	ctx := context.Background()
	dsn := testutil.Postgres(t)
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatal(err)
	}
	var counter statementCounter
	cfg.Tracer = &counter
	db := &DB{db: sql.OpenDB(pgConnector{stdlib.GetConnector(*cfg)}), dia: postgresDialect{}, path: "traced", dsn: dsn,
		opt: testOptions, Now: time.Now, stmts: map[string]*sql.Stmt{}}
	if db, err = db.setUp(ctx); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	body := mustRead(t, seed)
	r := mustParse(t, body)
	var docs []Document
	for i := range 600 {
		docs = append(docs, Document{Source: fmt.Sprintf("doc/%d", i), Body: fmt.Appendf(slices.Clone(body), "\n<!-- %d -->\n", i)})
	}
	parse := func(d Document) (*nianbao.Report, error) {
		c := *r
		c.Agency = r.Agency + d.Source
		return &c, nil
	}
	counter.n.Store(0)
	saved := 0
	err = db.saveAll(ctx, slices.Values(docs), parse, func(d Document, res SaveResult, err error) error {
		if err != nil || res.Outcome != nianbao.OutcomeNew {
			return fmt.Errorf("%s: %v %v", d.Source, res.Outcome, err)
		}
		saved++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	n := counter.n.Load()
	t.Logf("%d documents saved with %d statements", saved, n)
	if saved != len(docs) || n > int64(len(docs)/8) {
		t.Errorf("%d documents saved with %d statements, want %d with at most %d", saved, n, len(docs), len(docs)/8)
	}
	if n == 0 {
		t.Fatal("no statement counted: the tracer is not on the pool's connections")
	}
	if c := count(t, db, `SELECT count(*) FROM stats`); c != len(docs)*len(r.Stats) {
		t.Errorf("%d values stored, want %d", c, len(docs)*len(r.Stats))
	}
}
