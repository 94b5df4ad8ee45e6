package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
)

// A labelKey is the labels of a value: a row of stat_labels (migration
// 014).
type labelKey struct {
	table, section, row, column string
}

// labelCache remembers the ids of stat_labels, so that writing a value
// names its labels by number without a look-up. An id is remembered for
// every writer once the transaction that found or added it commits;
// until then only that transaction uses it (pending), so that a rolled
// back transaction leaves no id of a row that is not there. Rows of
// stat_labels are never removed.
type labelCache struct {
	mu      sync.RWMutex
	ids     map[labelKey]int64
	pending map[any]map[labelKey]int64 // by transaction
}

// fill sets the label id of each row of a that has a committed one
// (a.labelIDs), leaving the others to resolve in the writer's
// transaction.
func (c *labelCache) fill(a *rowArgs) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	for i, k := range a.labels {
		a.labelIDs[i] = c.ids[k]
	}
}

// lookup returns the id of k committed, or added or found by tx.
func (c *labelCache) lookup(tx any, k labelKey) (int64, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if id, ok := c.ids[k]; ok {
		return id, true
	}
	id, ok := c.pending[tx][k]
	return id, ok
}

// add records that tx added or found k as id.
func (c *labelCache) add(tx any, k labelKey, id int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending == nil {
		c.pending = map[any]map[labelKey]int64{}
	}
	p := c.pending[tx]
	if p == nil {
		p = map[labelKey]int64{}
		c.pending[tx] = p
	}
	p[k] = id
}

// committed makes the ids tx added or found known to every writer.
func (c *labelCache) committed(tx any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.pending[tx]
	if p == nil {
		return
	}
	if c.ids == nil {
		c.ids = make(map[labelKey]int64, len(p))
	}
	for k, id := range p {
		c.ids[k] = id
	}
	delete(c.pending, tx)
}

// rolledBack forgets the ids tx added or found.
func (c *labelCache) rolledBack(tx any) {
	c.mu.Lock()
	delete(c.pending, tx)
	c.mu.Unlock()
}

// resolveLabels sets the label id of each row of a: the committed one
// prepare found (fill), else one known since or found in tx, adding the
// labels to stat_labels in tx when they are not there. Ids found in tx
// are not kept in a, so that a written again after a rollback (the
// crawl writer's replay) looks them up again.
func (db *DB) resolveLabels(ctx context.Context, tx *sql.Tx, a *rowArgs) error {
	for i, k := range a.labels {
		id := a.labelIDs[i]
		if id == 0 {
			var err error
			if id, err = db.labelID(ctx, tx, k); err != nil {
				return err
			}
		}
		a.stats[i*statsColumns+statsLabelArg] = id
	}
	return nil
}

// labelID returns the id of k in stat_labels, adding the row in tx when
// it is not there.
func (db *DB) labelID(ctx context.Context, tx *sql.Tx, k labelKey) (int64, error) {
	if id, ok := db.labels.lookup(tx, k); ok {
		return id, nil
	}
	if err := db.exec(ctx, tx, `INSERT INTO stat_labels (table_name, section, row_label, column_label) VALUES (?, ?, ?, ?)
		ON CONFLICT (table_name, section, row_label, column_label) DO NOTHING`, k.table, k.section, k.row, k.column); err != nil {
		return 0, fmt.Errorf("insert labels: %w", err)
	}
	var id int64
	if err := db.queryRow(ctx, tx, `SELECT id FROM stat_labels WHERE table_name = ? AND section = ? AND row_label = ? AND column_label = ?`,
		[]any{k.table, k.section, k.row, k.column}, &id); err != nil {
		return 0, fmt.Errorf("labels: %w", err)
	}
	db.labels.add(tx, k, id)
	return id, nil
}

// pgLabels adds the labels of a batch that stat_labels lacks and reads
// the ids of all of them, in one statement (writeSetWise's budget).
const pgLabels = `WITH k AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS k(t, s, r, c)),
	added AS (INSERT INTO stat_labels (table_name, section, row_label, column_label) SELECT t, s, r, c FROM k
		ON CONFLICT (table_name, section, row_label, column_label) DO NOTHING
		RETURNING id, table_name, section, row_label, column_label)
	SELECT id, table_name, section, row_label, column_label FROM added
	UNION ALL
	SELECT l.id, l.table_name, l.section, l.row_label, l.column_label FROM stat_labels l
	JOIN k ON l.table_name = k.t AND l.section = k.s AND l.row_label = k.r AND l.column_label = k.c`

// pgResolveLabels is resolveLabels for the rows of a batch written in a
// transaction of pgx's (writeSetWise): the labels neither known nor
// found before in tx are added and read in one statement.
func (db *DB) pgResolveLabels(ctx context.Context, tx pgx.Tx, rows []*rowArgs) error {
	var cols [4][]string
	asked := map[labelKey]bool{}
	for _, a := range rows {
		for i, k := range a.labels {
			if a.labelIDs[i] != 0 || asked[k] {
				continue
			}
			if _, ok := db.labels.lookup(tx, k); ok {
				continue
			}
			asked[k] = true
			for j, v := range [4]string{k.table, k.section, k.row, k.column} {
				cols[j] = append(cols[j], v)
			}
		}
	}
	if len(asked) > 0 {
		rs, err := tx.Query(ctx, pgLabels, cols[0], cols[1], cols[2], cols[3])
		if err != nil {
			return fmt.Errorf("labels: %w", err)
		}
		for rs.Next() {
			var id int64
			var k labelKey
			if err := rs.Scan(&id, &k.table, &k.section, &k.row, &k.column); err != nil {
				rs.Close()
				return fmt.Errorf("labels: %w", err)
			}
			db.labels.add(tx, k, id)
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return fmt.Errorf("labels: %w", err)
		}
	}
	for _, a := range rows {
		for i, k := range a.labels {
			id := a.labelIDs[i]
			if id == 0 {
				var ok bool
				if id, ok = db.labels.lookup(tx, k); !ok {
					return fmt.Errorf("labels %q / %q / %q / %q: no id read", k.table, k.section, k.row, k.column)
				}
			}
			a.stats[i*statsColumns+statsLabelArg] = id
		}
	}
	return nil
}
