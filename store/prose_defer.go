package store

import (
	"context"
	"database/sql"

	"nianbao"
)

// proseQueue holds the full-text rows of the reports a transaction
// stored, to be written together just before it commits (flush). FTS5
// keeps the terms of a transaction in memory and writes them once, at
// commit, unless a later statement opens a statement journal: each such
// statement (an upsert, an UPDATE of several rows) makes FTS5 flush what
// it holds to a new segment. Written last, the prose of a batch of 64
// reports is one segment instead of 64.
type proseQueue struct {
	rows []proseRow
}

type proseRow struct {
	id int64
	r  *nianbao.Report
}

type proseQueueKey struct{}

// withProseQueue returns ctx carrying q: insertReport in a transaction
// run with it queues its report's prose on q instead of writing it.
func withProseQueue(ctx context.Context, q *proseQueue) context.Context {
	return context.WithValue(ctx, proseQueueKey{}, q)
}

// queueProse queues report id's prose on ctx's queue and reports true,
// or reports false when ctx has none.
func queueProse(ctx context.Context, id int64, r *nianbao.Report) bool {
	q, _ := ctx.Value(proseQueueKey{}).(*proseQueue)
	if q == nil {
		return false
	}
	q.rows = append(q.rows, proseRow{id, r})
	return true
}

// flush writes the queued prose in tx and empties the queue.
func (q *proseQueue) flush(ctx context.Context, db *DB, tx *sql.Tx) error {
	for _, p := range q.rows {
		if err := db.writeProse(ctx, tx, p.id, p.r); err != nil {
			return err
		}
	}
	q.reset()
	return nil
}

// reset empties the queue (after a rollback).
func (q *proseQueue) reset() {
	clear(q.rows)
	q.rows = q.rows[:0]
}
