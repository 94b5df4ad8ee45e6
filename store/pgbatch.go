package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"nianbao"
	"nianbao/store/zdict"
)

// On PostgreSQL every statement is a round trip to the server and a
// statement the server parses, plans and runs: writing a document row
// by row took some 14 of them (saveTx). writeSetWise writes a batch of
// prepared documents with a fixed number of statements whatever its
// size: the identities' locks and three look-ups (the sources' latest
// versions, the bodies stored, the identities' versions) in one round
// trip, the ids reserved in another, one COPY per table, and one UPDATE
// of the current versions that were current before. What it stores, and
// the results it returns, are those of saveTx run on each document in
// turn in one transaction; it works out in Go, from what the look-ups
// read, what each saveTx would have read.

// The columns writeSetWise copies into, in the order of the rows it
// builds (reports and the values, findings and codes as saveTx and
// insertRowArgs write them).
var (
	pgBlobColumns    = []string{"sha256", "size", "encoding", "dict_id", "data"}
	pgDocColumns     = []string{"id", "source", "final_url", "fetched_at", "http_status", "content_type", "charset", "sha256", "etag", "last_modified", "previous_id"}
	pgReportColumns  = append([]string{"id", "document_id", "fetched_at", "latest"}, strings.Split(reportColumns, ", ")...)
	pgStatsColumns   = []string{"report_id", "seq", "label_id", "code", "dim", "unit", "value", "raw", "derived", "findings"}
	pgFindingColumns = []string{"report_id", "seq", "rule", "severity", "kind", "message", "codes"}
	pgCodeColumns    = []string{"report_id", "seq", "code"}
	pgTextColumns    = []string{"rowid", "title", "prose"}
)

// statusArg is the index of status in reportValues.
const statusArg = 13

// The look-ups of a batch.
const (
	// pgLockKeys takes the identities' locks (lockKey's), in one order
	// for every writer so that two batches never wait on each other.
	pgLockKeys = `SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest($1::text[]) AS k ORDER BY h) AS l`
	// pgLatestDocs reads each source's latest version (saveTx's look-up)
	// with its report.
	pgLatestDocs = `SELECT DISTINCT ON (d.source) d.source, d.id, d.sha256, d.fetched_at, r.id
		FROM documents d LEFT JOIN reports r ON r.document_id = d.id
		WHERE d.source = ANY($1) ORDER BY d.source, d.fetched_at DESC, d.id DESC`
	// pgStoredBlobs reads which bodies are stored.
	pgStoredBlobs = `SELECT sha256 FROM blobs WHERE sha256 = ANY($1)`
	// pgVersions reads, for each identity, the versions markLatest and
	// heads read: the latest fetch of each source (head) with its
	// completeness, and those marked current.
	pgVersions = `SELECT id, version_key, source, status, latest, fetched_at, document_id, head,
		CASE WHEN head THEN (SELECT count(*) FROM stat_rows s WHERE s.report_id = v.id AND s.value IS NOT NULL) ELSE 0 END,
		CASE WHEN head THEN (SELECT count(*) FROM findings f WHERE f.report_id = v.id AND ` + readingFindings + `) ELSE 0 END
	FROM (SELECT r.id, r.version_key, d.source, r.status, r.latest, r.fetched_at, r.document_id,
			NOT EXISTS (SELECT 1 FROM reports r2 JOIN documents d2 ON d2.id = r2.document_id
				WHERE r2.version_key = r.version_key AND d2.source = d.source
				  AND (r2.fetched_at > r.fetched_at OR (r2.fetched_at = r.fetched_at AND r2.document_id > r.document_id))) AS head
		FROM reports r JOIN documents d ON d.id = r.document_id
		WHERE r.version_key = ANY($1)) AS v
	WHERE head OR latest = 1`
	// pgReserve reserves ids of a table's identity column.
	pgReserve = `SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2::bigint)`
	// pgSetLatest sets the flags of versions stored before the batch.
	pgSetLatest = `UPDATE reports SET latest = CASE WHEN id = ANY($2) THEN 1 ELSE 0 END WHERE id = ANY($1)`
)

// pgDoc is a source's latest version as one document of a batch after
// another finds it: stored before the batch, or written by it.
type pgDoc struct {
	id        int64 // 0 until reserved, for a document of the batch
	sha256    string
	fetchedAt string
	reportID  int64 // 0 when none
}

// pgWrite is a document of the batch: written, or unchanged (doc nil)
// when its source's latest version has its bytes.
type pgWrite struct {
	p         *prepared
	i         int // its index in the batch
	fetchedAt string
	prev      *pgDoc // its source's latest version before it; nil when none
	doc       *pgDoc // itself, as the next of its source finds it
}

// writeSetWise stores ps, prepared documents none of which failed to
// prepare, in one transaction on conn, and returns what saveTx would
// have returned for each, in order. On an error nothing is stored: the
// caller saves them again row by row, which tells whose the error is.
func (db *DB) writeSetWise(ctx context.Context, conn *sql.Conn, ps []*prepared) ([]SaveResult, error) {
	var out []SaveResult
	err := conn.Raw(func(dc any) error {
		c, ok := dc.(*pgConn)
		if !ok {
			return fmt.Errorf("set-wise write: connection is a %T, not PostgreSQL's", dc)
		}
		tx, err := c.Conn.Conn().Begin(ctx)
		if err != nil {
			return fmt.Errorf("begin: %w", err)
		}
		defer func() {
			tx.Rollback(ctx)
			db.labels.rolledBack(tx) // after a commit: nothing left
		}()
		if out, err = db.writeBatch(ctx, tx, ps); err != nil {
			return err
		}
		if err := tx.Commit(ctx); err != nil {
			return fmt.Errorf("commit: %w", err)
		}
		db.labels.committed(tx)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("save %d documents: %w", len(ps), err)
	}
	return out, nil
}

// writeBatch writes ps in tx (writeSetWise).
func (db *DB) writeBatch(ctx context.Context, tx pgx.Tx, ps []*prepared) ([]SaveResult, error) {
	var sources, sums, keys []string
	for _, p := range ps {
		sources = append(sources, p.doc.Source)
		sums = append(sums, p.doc.SHA256)
		if !p.noReport {
			keys = append(keys, p.rows.key)
		}
	}
	sources, sums, keys = distinct(sources), distinct(sums), distinct(keys)
	latest, stored, versions, err := db.lookUp(ctx, tx, sources, sums, keys)
	if err != nil {
		return nil, err
	}

	// Each document in turn, as saveTx: unchanged when its source's
	// latest version, stored or written before it, has its bytes.
	out := make([]SaveResult, len(ps))
	var writes []*pgWrite
	ndocs, nreports := 0, 0
	for i, p := range ps {
		prev := latest[p.doc.Source]
		if prev != nil && prev.sha256 == p.doc.SHA256 {
			out[i] = SaveResult{Outcome: nianbao.OutcomeUnchanged}
			writes = append(writes, &pgWrite{p: p, i: i, prev: prev}) // resolved below, once ids are known
			continue
		}
		fetched := p.doc.FetchedAt
		if fetched.IsZero() {
			fetched = db.Now()
		}
		w := &pgWrite{p: p, i: i, fetchedAt: formatTime(fetched), prev: prev}
		w.doc = &pgDoc{sha256: p.doc.SHA256, fetchedAt: w.fetchedAt}
		// Ids are reserved in the batch's order, after every stored one:
		// of two versions fetched at the same time the batch's is later.
		if prev == nil || w.fetchedAt >= prev.fetchedAt {
			latest[p.doc.Source] = w.doc
		}
		ndocs++
		if !p.noReport {
			nreports++
		}
		writes = append(writes, w)
	}
	reserved, err := reserve(ctx, tx, ndocs, nreports)
	if err != nil {
		return nil, err
	}
	di, ri := 0, 0
	for _, w := range writes {
		if w.doc == nil {
			continue
		}
		w.doc.id = reserved[0][di]
		di++
		if !w.p.noReport {
			w.doc.reportID = reserved[1][ri]
			ri++
		}
	}

	// The rows, and each document's result.
	var blobs, docs, reports, stats, findings, codes, texts [][]any
	var labelled []*rowArgs // the values of the batch, their labels to resolve
	for _, w := range writes {
		p := w.p
		res := &out[w.i]
		if w.doc == nil {
			res.DocumentID, res.ReportID = w.prev.id, w.prev.reportID
			if res.ReportID == 0 && !p.noReport {
				return nil, fmt.Errorf("document %s: document %d has no report", p.doc.Source, res.DocumentID)
			}
			continue
		}
		docID, reportID := w.doc.id, w.doc.reportID
		*res = SaveResult{Outcome: nianbao.OutcomeNew, DocumentID: docID, Report: p.report, ParseErr: p.perr}
		var prev any
		if w.prev != nil {
			res.Outcome, res.PreviousID, prev = nianbao.OutcomeRevised, w.prev.id, w.prev.id
		}
		if !stored[p.doc.SHA256] {
			stored[p.doc.SHA256] = true
			blobs = append(blobs, []any{p.doc.SHA256, p.doc.Size, codecZstd, zdict.ID, p.blob})
		}
		var status any
		if p.doc.Status != 0 {
			status = p.doc.Status
		}
		d := p.doc
		docs = append(docs, []any{docID, d.Source, nullString(d.FinalURL), w.fetchedAt, status, nullString(d.ContentType), nullString(d.Charset),
			d.SHA256, nullString(d.ETag), nullString(d.LastModified), prev})
		if p.noReport {
			res.Report = nil
			continue
		}
		res.ReportID = reportID
		rr := p.rows
		row := make([]any, 0, len(pgReportColumns))
		row = append(append(append(row, reportID, docID, w.fetchedAt, int64(0)), rr.args...), db.now())
		reports = append(reports, row)
		versions.add(rr.key, pgVersion{
			completeness: newCompleteness(reportID, d.Source, rr),
			fetchedAt:    w.fetchedAt, docID: docID, batch: true,
		}, res)
		if rr.report != nil {
			rr.rows.setReport(reportID)
			labelled = append(labelled, rr.rows)
			findings = appendRows(findings, rr.rows.findings, findingsColumns)
			codes = appendRows(codes, rr.rows.codes, codesColumns)
			if title, prose := proseOf(rr.report); title != "" || prose != "" {
				texts = append(texts, []any{reportID, title, prose})
			}
		}
	}
	if err := db.pgResolveLabels(ctx, tx, labelled); err != nil {
		return nil, err
	}
	for _, a := range labelled {
		stats = appendRows(stats, a.stats, statsColumns)
	}
	// The new versions are written with the flags they end the batch
	// with; those stored before are updated after.
	cur := versions.current()
	for _, r := range reports {
		if cur[r[0].(int64)] {
			r[3] = int64(1)
		}
	}
	for _, t := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"blobs", pgBlobColumns, blobs},
		{"documents", pgDocColumns, docs},
		{"reports", pgReportColumns, reports},
		{"stat_rows", pgStatsColumns, stats},
		{"findings", pgFindingColumns, findings},
		{"finding_codes", pgCodeColumns, codes},
		{"report_text", pgTextColumns, texts},
	} {
		if len(t.rows) == 0 {
			continue
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{t.table}, t.cols, pgx.CopyFromRows(t.rows)); err != nil {
			return nil, fmt.Errorf("copy %s: %w", t.table, err)
		}
	}
	if change, set := versions.changes(); len(change) > 0 {
		if _, err := tx.Exec(ctx, pgSetLatest, change, set); err != nil {
			return nil, fmt.Errorf("mark latest: %w", err)
		}
	}
	return out, nil
}

// lookUp takes the locks of keys and reads, in one round trip, the
// latest version of each source, which of sums are stored, and the
// versions of each identity.
func (db *DB) lookUp(ctx context.Context, tx pgx.Tx, sources, sums, keys []string) (map[string]*pgDoc, map[string]bool, *pgIdentities, error) {
	b := &pgx.Batch{}
	if len(keys) > 0 {
		b.Queue(pgLockKeys, keys)
	}
	b.Queue(pgLatestDocs, sources)
	b.Queue(pgStoredBlobs, sums)
	b.Queue(pgVersions, keys)
	br := tx.SendBatch(ctx, b)
	defer br.Close()
	if len(keys) > 0 {
		if _, err := br.Exec(); err != nil {
			return nil, nil, nil, fmt.Errorf("lock identities: %w", err)
		}
	}
	latest := map[string]*pgDoc{}
	rows, _ := br.Query()
	for rows.Next() {
		var source string
		var d pgDoc
		var report *int64
		if err := rows.Scan(&source, &d.id, &d.sha256, &d.fetchedAt, &report); err != nil {
			rows.Close()
			return nil, nil, nil, fmt.Errorf("latest documents: %w", err)
		}
		if report != nil {
			d.reportID = *report
		}
		latest[source] = &d
	}
	if err := rows.Err(); err != nil {
		return nil, nil, nil, fmt.Errorf("latest documents: %w", err)
	}
	stored := map[string]bool{}
	rows, _ = br.Query()
	for rows.Next() {
		var sum string
		if err := rows.Scan(&sum); err != nil {
			rows.Close()
			return nil, nil, nil, fmt.Errorf("stored blobs: %w", err)
		}
		stored[sum] = true
	}
	if err := rows.Err(); err != nil {
		return nil, nil, nil, fmt.Errorf("stored blobs: %w", err)
	}
	versions := newPGIdentities()
	rows, _ = br.Query()
	for rows.Next() {
		var v pgVersion
		var key string
		var latest int64
		var head bool
		if err := rows.Scan(&v.id, &key, &v.source, &v.status, &latest, &v.fetchedAt, &v.docID, &head, &v.values, &v.findings); err != nil {
			rows.Close()
			return nil, nil, nil, fmt.Errorf("versions: %w", err)
		}
		v.rank = statusRank(v.status)
		versions.stored(key, v, head, latest == 1)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, nil, fmt.Errorf("versions: %w", err)
	}
	return latest, stored, versions, nil
}

// reserve reserves ndocs document ids and nreports report ids, each in
// increasing order, in one round trip.
func reserve(ctx context.Context, tx pgx.Tx, ndocs, nreports int) ([2][]int64, error) {
	var ids [2][]int64
	b := &pgx.Batch{}
	for _, t := range []struct {
		table string
		n     int
	}{{"documents", ndocs}, {"reports", nreports}} {
		b.Queue(pgReserve, t.table, t.n)
	}
	br := tx.SendBatch(ctx, b)
	defer br.Close()
	for i := range ids {
		rows, _ := br.Query()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return ids, fmt.Errorf("reserve ids: %w", err)
			}
			ids[i] = append(ids[i], id)
		}
		if err := rows.Err(); err != nil {
			return ids, fmt.Errorf("reserve ids: %w", err)
		}
		slices.Sort(ids[i])
	}
	if len(ids[0]) != ndocs || len(ids[1]) != nreports {
		return ids, fmt.Errorf("reserve ids: got %d and %d, want %d and %d", len(ids[0]), len(ids[1]), ndocs, nreports)
	}
	return ids, nil
}

// appendRows appends the rows of flat, width values each.
func appendRows(rows [][]any, flat []any, width int) [][]any {
	for i := 0; i+width <= len(flat); i += width {
		rows = append(rows, flat[i:i+width:i+width])
	}
	return rows
}

// distinct returns ss without repeats, in first-seen order.
func distinct(ss []string) []string {
	seen := make(map[string]bool, len(ss))
	out := ss[:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
