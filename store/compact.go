package store

import (
	"context"
	"fmt"

	"nianbao/store/zdict"
)

// CompactResult is what Compact rewrote.
type CompactResult struct {
	Blobs       int   // blobs rewritten
	BytesBefore int64 // their stored bytes before
	BytesAfter  int64 // and after
}

// compactBatch is how many blobs Compact rewrites a transaction.
const compactBatch = 64

// Compact rewrites every blob not compressed with zstd and the current
// dictionary (gzip blobs, and zstd blobs of an older dictionary): each
// is decoded, checked against its SHA-256, compressed again and checked
// to decode to the same bytes, a transaction per 64 blobs, so that an
// interrupted Compact keeps what it did. The hashes, and so the
// documents pointing at them, do not change. progress, when not nil, is
// called after each transaction with the totals so far.
func (db *DB) Compact(ctx context.Context, progress func(CompactResult)) (CompactResult, error) {
	var res CompactResult
	var after int64
	for {
		n, err := db.compactBatch(ctx, &after, &res)
		if err != nil {
			return res, fmt.Errorf("compact: %w", err)
		}
		if n == 0 {
			return res, nil
		}
		if progress != nil {
			progress(res)
		}
	}
}

// compactBatch rewrites up to compactBatch blobs with ids above *after.
func (db *DB) compactBatch(ctx context.Context, after *int64, res *CompactResult) (int, error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT id, sha256, size, encoding, dict_id, data FROM blobs
		WHERE id > ? AND NOT (encoding = 'zstd' AND dict_id IS NOT NULL AND dict_id = ?) ORDER BY id LIMIT ?`, *after, zdict.ID, compactBatch)
	if err != nil {
		return 0, err
	}
	var todo []storedBlob
	for rows.Next() {
		var b storedBlob
		if err := rows.Scan(&b.id, &b.sha256, &b.size, &b.encoding, &b.dictID, &b.data); err != nil {
			rows.Close()
			return 0, err
		}
		todo = append(todo, b)
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	if len(todo) == 0 {
		return 0, nil
	}
	var batch CompactResult
	for _, b := range todo {
		raw, err := db.decode(ctx, b)
		if err != nil {
			return 0, err
		}
		z, err := compress(raw)
		if err != nil {
			return 0, fmt.Errorf("blob %s: %w", b.sha256, err)
		}
		// Check the new form before the old one is gone.
		nb := storedBlob{id: b.id, sha256: b.sha256, size: b.size, encoding: codecZstd, data: z}
		nb.dictID.Int64, nb.dictID.Valid = zdict.ID, true
		if _, err := db.decode(ctx, nb); err != nil {
			return 0, fmt.Errorf("recompressed: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE blobs SET encoding = ?, dict_id = ?, data = ? WHERE id = ?`,
			codecZstd, zdict.ID, z, b.id); err != nil {
			return 0, fmt.Errorf("blob %s: %w", b.sha256, err)
		}
		batch.Blobs++
		batch.BytesBefore += int64(len(b.data))
		batch.BytesAfter += int64(len(z))
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	*after = todo[len(todo)-1].id
	res.Blobs += batch.Blobs
	res.BytesBefore += batch.BytesBefore
	res.BytesAfter += batch.BytesAfter
	return len(todo), nil
}

// Vacuum rebuilds the database file without its free pages: after
// Compact, the space the old blobs took is free within the file but not
// given back until then. It needs as much free disk as the file takes.
func (db *DB) Vacuum(ctx context.Context) error {
	if err := db.dia.vacuum(ctx, db.db); err != nil {
		return fmt.Errorf("vacuum: %w", err)
	}
	return nil
}
