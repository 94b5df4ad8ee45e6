package store

import (
	"context"
	"fmt"
	"hash/maphash"
	"slices"
)

// A HashSet tells without a query whether the archive may hold a key (a
// URL with a record, a source with a document): it holds a hash of each
// key the archive held when the set was read. A key whose hash it lacks
// was not there then; one whose hash it holds may be (two keys can share
// a hash) and is looked up.
//
// A crawl reads the URLs' set once at its start and an import the
// sources', so that what they meet for the first time, nearly all of a
// first crawl or import, is not looked up before it is fetched or
// parsed: the look-up ran on a connection of its own, and SQLite's page
// cache has one lock for every connection, which the one writer then
// waited for (docs/performance.md). A key added after the set was read
// is missed: its URL is fetched without a conditional GET, or its
// document parsed, and the write finds the bytes unchanged (saveTx).
type HashSet struct {
	seed maphash.Seed
	sums []uint64 // sorted
}

// hashSetMax is the most keys a HashSet holds (8 bytes each: 32 MiB). An
// archive with more has no set (nil), and each key is looked up.
const hashSetMax = 4 << 20

// ReadURLSet reads the hashes of the URLs the archive has a record of.
// It returns nil, and no error, when they are more than hashSetMax.
func (db *DB) ReadURLSet(ctx context.Context) (*HashSet, error) {
	s, err := db.readHashSet(ctx, `SELECT count(*) FROM urls`, `SELECT url FROM urls`)
	if err != nil {
		return nil, fmt.Errorf("url set: %w", err)
	}
	return s, nil
}

// readSourceSet reads the hashes of the sources the archive has a
// document of (nil when they are more than hashSetMax).
func (db *DB) readSourceSet(ctx context.Context) (*HashSet, error) {
	s, err := db.readHashSet(ctx, `SELECT count(DISTINCT source) FROM documents`, `SELECT DISTINCT source FROM documents`)
	if err != nil {
		return nil, fmt.Errorf("source set: %w", err)
	}
	return s, nil
}

// readHashSet reads the keys that query selects, after count has told
// how many there are.
func (db *DB) readHashSet(ctx context.Context, count, query string) (*HashSet, error) {
	var n int
	if err := db.db.QueryRowContext(ctx, count).Scan(&n); err != nil {
		return nil, err
	}
	if n > hashSetMax {
		return nil, nil
	}
	s := &HashSet{seed: maphash.MakeSeed(), sums: make([]uint64, 0, n)}
	rows, err := db.db.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var k string
	for rows.Next() {
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		if len(s.sums) == hashSetMax {
			return nil, nil // added since the count
		}
		s.sums = append(s.sums, maphash.String(s.seed, k))
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.Sort(s.sums)
	return s, nil
}

// MayHave reports whether the archive may have held key when the set
// was read; false means it did not.
func (s *HashSet) MayHave(key string) bool {
	_, ok := slices.BinarySearch(s.sums, maphash.String(s.seed, key))
	return ok
}
