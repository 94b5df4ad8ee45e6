package store

import (
	"context"
	"fmt"
	"hash/maphash"
	"slices"
)

// A URLSet tells without a query whether the archive may have a record
// of a URL: it holds a hash of each URL recorded when it was read. A URL
// whose hash it lacks had no record then; one whose hash it holds may
// have one (two URLs can share a hash) and is looked up.
//
// A crawl reads it once at its start, so that the URLs it finds for the
// first time, nearly all of those of a first crawl, are not each looked
// up before their fetch: the look-up ran on a connection of its own, and
// SQLite's page cache has one lock for every connection, which the
// crawl's one writer then waited for (docs/performance.md). A record
// added after the set was read is missed: its URL would be fetched
// without a conditional GET, and the write would find the bytes
// unchanged (saveTx). A crawl of a SQLite archive holds its lock, so no
// other crawl adds any; on PostgreSQL, where crawlers share the
// archive, each URL is looked up.
type URLSet struct {
	seed maphash.Seed
	sums []uint64 // sorted
}

// urlSetMax is the most URLs a URLSet holds (8 bytes each: 32 MiB). An
// archive with more has no set (ReadURLSet returns nil), and each URL is
// looked up.
const urlSetMax = 4 << 20

// ReadURLSet reads the hashes of the URLs the archive has a record of.
// It returns nil, and no error, when they are more than urlSetMax.
func (db *DB) ReadURLSet(ctx context.Context) (*URLSet, error) {
	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM urls`).Scan(&n); err != nil {
		return nil, fmt.Errorf("url set: %w", err)
	}
	if n > urlSetMax {
		return nil, nil
	}
	s := &URLSet{seed: maphash.MakeSeed(), sums: make([]uint64, 0, n)}
	rows, err := db.db.QueryContext(ctx, `SELECT url FROM urls`)
	if err != nil {
		return nil, fmt.Errorf("url set: %w", err)
	}
	defer rows.Close()
	var u string
	for rows.Next() {
		if err := rows.Scan(&u); err != nil {
			return nil, fmt.Errorf("url set: %w", err)
		}
		if len(s.sums) == urlSetMax {
			return nil, nil // added since the count
		}
		s.sums = append(s.sums, maphash.String(s.seed, u))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("url set: %w", err)
	}
	slices.Sort(s.sums)
	return s, nil
}

// MayHave reports whether the archive may have had a record of url when
// the set was read; false means it had none.
func (s *URLSet) MayHave(url string) bool {
	_, ok := slices.BinarySearch(s.sums, maphash.String(s.seed, url))
	return ok
}
