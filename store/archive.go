package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"nianbao/internal/filemode"
)

// ErrNotArchive is returned by Open for a file it will not write to: a
// file that is not a SQLite database, or a SQLite database of another
// program.
var ErrNotArchive = errors.New("not a nianbao archive")

// sqliteHeader is how every SQLite 3 database file begins.
const sqliteHeader = "SQLite format 3\x00"

// checkArchive refuses, before anything is written, a path that Open must
// not turn into a nianbao archive: anything but a regular file, a file
// that is not a SQLite database, and a SQLite database that is neither
// empty nor one of ours (PRAGMA user_version set by our migrations and
// our notes table). A missing or empty file is fine: Open creates the
// archive in it.
func checkArchive(ctx context.Context, path string) error {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is %s, not a regular file (%w); refusing to use it as a database", path, filemode.Kind(fi.Mode()), ErrNotArchive)
	}
	if fi.Size() == 0 {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	head := make([]byte, len(sqliteHeader))
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return err
	}
	if string(head) != sqliteHeader {
		return fmt.Errorf("%s is not a SQLite database (%w); refusing to write to it", path, ErrNotArchive)
	}
	// Read-only, without the pragmas of Open (journal_mode(WAL) would
	// already change the file).
	sdb, err := sql.Open("sqlite", "file:"+escapePath(path)+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer sdb.Close()
	var version int
	if err := sdb.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("%s: schema version: %w", path, err)
	}
	names, err := schemaNames(ctx, sdb)
	if err != nil {
		return fmt.Errorf("%s: schema: %w", path, err)
	}
	if len(names) == 0 && version == 0 {
		return nil // a new database: Open creates the archive
	}
	if version > 0 && hasOurNotes(ctx, sdb) {
		return nil
	}
	what := "no tables"
	if len(names) > 0 {
		what = "tables: " + strings.Join(names, ", ")
	}
	if version != 0 {
		what = fmt.Sprintf("user_version %d, %s", version, what)
	}
	return fmt.Errorf("%s is a SQLite database but %w (%s); refusing to add tables to it", path, ErrNotArchive, what)
}

// schemaNames returns the tables and views of a database, SQLite's own
// left out.
func schemaNames(ctx context.Context, sdb *sql.DB) ([]string, error) {
	rows, err := sdb.QueryContext(ctx, `SELECT name FROM sqlite_schema
		WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// hasOurNotes says whether the database has the notes table that our
// first migration creates, with its row describing itself.
func hasOurNotes(ctx context.Context, sdb *sql.DB) bool {
	var n int
	err := sdb.QueryRowContext(ctx, `SELECT count(*) FROM notes WHERE name = 'notes'`).Scan(&n)
	return err == nil && n == 1
}
