package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// LatestDocument returns the newest version stored for source, without
// its body: what a crawler needs for a conditional GET (ETag,
// Last-Modified) and to tell a changed page (SHA256). It returns
// ErrNotFound when source has never been stored.
func (db *DB) LatestDocument(ctx context.Context, source string) (Document, error) {
	stmt, err := db.prepared(ctx, `SELECT `+latestColumns+`
		FROM documents d JOIN blobs b ON b.sha256 = d.sha256 LEFT JOIN reports r ON r.document_id = d.id
		WHERE d.source = ? ORDER BY d.fetched_at DESC, d.id DESC LIMIT 1`)
	if err != nil {
		return Document{}, fmt.Errorf("document %s: %w", source, err)
	}
	d, err := scanLatest(stmt.QueryRowContext(ctx, source))
	if errors.Is(err, sql.ErrNoRows) {
		return Document{}, fmt.Errorf("document %s: %w", source, ErrNotFound)
	}
	if err != nil {
		return Document{}, fmt.Errorf("document %s: %w", source, err)
	}
	return d, nil
}

// latestColumns are what LatestDocument reads of a document (d), its
// blob (b) and its report (r), in scanLatest's order.
const latestColumns = `d.id, d.source, d.final_url, d.fetched_at, d.http_status, d.content_type, d.charset,
			d.sha256, d.etag, d.last_modified, b.size, r.region`

// scanLatest reads a row of latestColumns.
func scanLatest(row interface{ Scan(...any) error }) (Document, error) {
	var d Document
	var fetched string
	var finalURL, ctype, charset, etag, lastMod, region sql.NullString
	var status sql.NullInt64
	if err := row.Scan(&d.ID, &d.Source, &finalURL, &fetched, &status, &ctype, &charset, &d.SHA256, &etag, &lastMod, &d.Size, &region); err != nil {
		return Document{}, err
	}
	d.FinalURL, d.ContentType, d.Charset, d.ETag, d.LastModified = finalURL.String, ctype.String, charset.String, etag.String, lastMod.String
	d.Region = region.String
	d.Status = int(status.Int64)
	var err error
	if d.FetchedAt, err = ParseTime(fetched); err != nil {
		return Document{}, fmt.Errorf("fetched_at: %w", err)
	}
	return d, nil
}

// Body returns the bytes of document id as they were fetched, checked
// against their SHA-256 (ErrCorruptBlob, naming the blob, when they
// differ).
func (db *DB) Body(ctx context.Context, id int64) ([]byte, error) {
	var b storedBlob
	err := db.db.QueryRowContext(ctx, `SELECT b.id, b.sha256, b.size, b.encoding, b.dict_id, b.data
		FROM documents d JOIN blobs b ON b.sha256 = d.sha256 WHERE d.id = ?`, id).Scan(&b.id, &b.sha256, &b.size, &b.encoding, &b.dictID, &b.data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("document %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("document %d: %w", id, err)
	}
	body, err := db.decode(ctx, b)
	if err != nil {
		return nil, fmt.Errorf("document %d: %w", id, err)
	}
	return body, nil
}
