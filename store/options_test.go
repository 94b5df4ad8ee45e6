package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"

	"nianbao"
)

// A database opened without a reader refuses to save or re-parse before
// storing anything, and leaves the data dictionary it holds as it is.
func TestOpenWithoutParser(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "test.db")
	db, err := Open(ctx, path, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	mustSave(t, db, seed, mustRead(t, seed))
	dict := count(t, db, `SELECT count(*) FROM indicators`)
	db.Close()

	db, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := count(t, db, `SELECT count(*) FROM indicators`); n != dict || n == 0 {
		t.Errorf("%d dictionary rows after an Open without one, want %d", n, dict)
	}
	if _, err := db.SaveDocument(ctx, Document{Source: "other.txt", Body: []byte("x")}); !errors.Is(err, errNoParser) {
		t.Errorf("SaveDocument without a parser: %v", err)
	}
	if _, err := db.Reparse(ctx, nil); !errors.Is(err, errNoParser) {
		t.Errorf("Reparse without a parser: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM reports WHERE status = 'failed'`); n != 0 {
		t.Errorf("%d failed reports stored without a parser", n)
	}
	if n := count(t, db, `SELECT count(*) FROM documents`); n != 1 {
		t.Errorf("%d documents, want the 1 saved with the parser", n)
	}
}

// The version a report names is the one stored with it; a document that
// could not be read gets the one given at Open.
func TestParserVersionTravelsInReport(t *testing.T) {
	ctx := context.Background()
	opt := Options{
		Parse: func(doc Document) (*nianbao.Report, error) {
			if doc.Source == "bad" {
				return nil, errors.New("unreadable")
			}
			return &nianbao.Report{Source: doc.Source, Template: nianbao.TemplateNone, ParserVersion: "9.9.9"}, nil
		},
		ParserVersion: "1.0.0",
	}
	db, err := Open(ctx, filepath.Join(t.TempDir(), "test.db"), opt)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, src := range []string{"good", "bad"} {
		if _, err := db.SaveDocument(ctx, Document{Source: src, Body: []byte(src)}); err != nil {
			t.Fatal(err)
		}
	}
	for src, want := range map[string]string{"good": "9.9.9", "bad": "1.0.0"} {
		if n := count(t, db, `SELECT count(*) FROM reports r JOIN documents d ON d.id = r.document_id WHERE d.source = ? AND r.parser_version = ?`, src, want); n != 1 {
			t.Errorf("%s: no report with parser version %s", src, want)
		}
	}
}

// Options.CacheKiB sets the page cache of every pooled connection to a
// SQLite file, several at once included; zero leaves SQLite's default.
func TestOpenCacheKiB(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct{ kib, want int }{{0, -2000}, {512, -512}} {
		opt := testOptions
		opt.CacheKiB = c.kib
		db, err := Open(ctx, filepath.Join(t.TempDir(), "test.db"), opt)
		if err != nil {
			t.Fatal(err)
		}
		conns := make([]*sql.Conn, 3)
		for i := range conns {
			if conns[i], err = db.db.Conn(ctx); err != nil {
				t.Fatal(err)
			}
			var got int
			if err := conns[i].QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("CacheKiB %d: connection %d has cache_size %d, want %d", c.kib, i, got, c.want)
			}
		}
		for _, conn := range conns {
			conn.Close()
		}
		db.Close()
	}
}
