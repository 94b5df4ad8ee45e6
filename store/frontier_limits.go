package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
)

// FrontierLimits are the limits of a shared crawl per site, over every
// worker of it: the URLs let into the frontier (Pages: -max-pages) and,
// of them, the listing and list-interface pages (Listings:
// -max-listing-pages). 0 is no limit.
type FrontierLimits struct {
	Pages, Listings int
}

// A FrontierRefusal is an entry AddWithin left out: its site reached the
// crawl's limit of pages, or of listing pages when Listings.
type FrontierRefusal struct {
	Index    int // in the entries given
	Listings bool
}

// execer is a *sql.DB or a *sql.Tx.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// isListingKind reports whether a frontier entry of kind k is a page of
// a column's list (the crawler's Listing and ListingAPI).
func isListingKind(k string) bool { return k == "listing" || k == "listing-api" }

// siteCount is a frontier_sites row.
type siteCount struct {
	pages, listings, refused int
}

// AddWithin records entries as Add does, within lim: an entry new to the
// frontier is let in, and counted against its site, while the crawl's
// count of its site (every worker's additions) is under the limits; the
// others are refused, in the order given, and returned. An entry
// already in the frontier is not counted again: ignored, or let in when
// Held (a list-interface page counted when a worker that died first
// found it, and found again by the worker fetching the page before it
// anew). The sites' rows are locked for the transaction, in order, so
// that workers adding at once never let in more than lim.
func (f *Frontier) AddWithin(ctx context.Context, entries []FrontierEntry, lim FrontierLimits) ([]FrontierRefusal, error) {
	if len(entries) == 0 {
		return nil, nil
	}
	tx, err := f.db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("frontier add: %w", err)
	}
	defer tx.Rollback()
	counts, err := f.lockSites(ctx, tx, entries)
	if err != nil {
		return nil, fmt.Errorf("frontier add: %w", err)
	}
	known, err := f.knownKeys(ctx, tx, entries)
	if err != nil {
		return nil, fmt.Errorf("frontier add: %w", err)
	}
	var in []FrontierEntry
	var refused []FrontierRefusal
	for i, e := range entries {
		if known[e.Key] {
			continue
		}
		known[e.Key] = true
		c := counts[e.Site]
		if c == nil {
			return nil, fmt.Errorf("frontier add: site %s has no row in frontier_sites of frontier %d", e.Site, f.id)
		}
		listing := isListingKind(e.Kind)
		switch {
		case listing && lim.Listings > 0 && c.listings >= lim.Listings:
			refused = append(refused, FrontierRefusal{Index: i, Listings: true})
			c.refused++
			continue
		case lim.Pages > 0 && c.pages >= lim.Pages:
			refused = append(refused, FrontierRefusal{Index: i})
			c.refused++
			continue
		}
		c.pages++
		if listing {
			c.listings++
		}
		in = append(in, e)
	}
	if err := f.insert(ctx, tx, in); err != nil {
		return nil, fmt.Errorf("frontier add: %w", err)
	}
	for _, site := range slices.Sorted(maps.Keys(counts)) {
		c := counts[site]
		if _, err := tx.ExecContext(ctx, `UPDATE frontier_sites SET pages = ?, listings = ?, refused = ? WHERE frontier_id = ? AND site = ?`,
			c.pages, c.listings, c.refused, f.id, site); err != nil {
			return nil, fmt.Errorf("frontier add: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("frontier add: %w", err)
	}
	f.mu.Lock()
	for s := range counts {
		f.sites[s] = true
	}
	f.mu.Unlock()
	return refused, nil
}

// lockSites creates the frontier_sites rows of the entries' sites when
// missing and locks them, in the sites' order (two workers lock in one
// order, never each waiting for the other), returning their counts.
func (f *Frontier) lockSites(ctx context.Context, tx *sql.Tx, entries []FrontierEntry) (map[string]*siteCount, error) {
	var sites []string
	for _, e := range entries {
		sites = append(sites, e.Site)
	}
	slices.Sort(sites)
	sites = slices.Compact(sites)
	f.mu.Lock()
	missing := slices.DeleteFunc(slices.Clone(sites), func(s string) bool { return f.sites[s] })
	f.mu.Unlock()
	for _, s := range missing {
		if _, err := tx.ExecContext(ctx, `INSERT INTO frontier_sites (frontier_id, site) VALUES (?, ?) ON CONFLICT (frontier_id, site) DO NOTHING`, f.id, s); err != nil {
			return nil, fmt.Errorf("site %s: %w", s, err)
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT site, pages, listings, refused FROM frontier_sites
		WHERE frontier_id = ? AND site = ANY(?) ORDER BY site FOR UPDATE`, f.id, sites)
	if err != nil {
		return nil, fmt.Errorf("lock sites: %w", err)
	}
	defer rows.Close()
	counts := map[string]*siteCount{}
	for rows.Next() {
		var s string
		var c siteCount
		if err := rows.Scan(&s, &c.pages, &c.listings, &c.refused); err != nil {
			return nil, fmt.Errorf("lock sites: %w", err)
		}
		counts[s] = &c
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("lock sites: %w", err)
	}
	return counts, nil
}

// knownKeys returns which of the entries' keys are in the frontier
// already. With the sites locked, no other worker adds one of them
// meanwhile.
func (f *Frontier) knownKeys(ctx context.Context, tx *sql.Tx, entries []FrontierEntry) (map[string]bool, error) {
	keys := make([]string, len(entries))
	for i, e := range entries {
		keys[i] = e.Key
	}
	rows, err := tx.QueryContext(ctx, `SELECT key FROM frontier WHERE frontier_id = ? AND key = ANY(?)`, f.id, keys)
	if err != nil {
		return nil, fmt.Errorf("known keys: %w", err)
	}
	defer rows.Close()
	known := map[string]bool{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, fmt.Errorf("known keys: %w", err)
		}
		known[k] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("known keys: %w", err)
	}
	return known, nil
}
