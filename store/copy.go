package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strings"
)

// A copyTable is one table of the archive as Copy moves it.
type copyTable struct {
	name string
	// key is the primary key: rows are read in its order, a batch at a
	// time, each batch starting after the last key of the one before.
	key []string
	// seeded: Open writes it on every archive (the zstd dictionary, the
	// data dictionary and its meta rows), so the target's rows make way
	// for the source's.
	seeded bool
	// compared: the migrations write it on both ends (notes); Copy checks
	// that both hold the same rows instead of copying them.
	compared bool
}

// copyTables are the archive's tables in the order Copy writes them: a
// row comes after the rows it refers to. Copy refuses an archive with a
// table that is not here (TestCopyTablesAreTheSchema checks the list
// against the migrations).
var copyTables = []copyTable{
	{name: "dictionaries", key: []string{"id"}, seeded: true},
	{name: "blobs", key: []string{"id"}},
	{name: "documents", key: []string{"id"}},
	{name: "reports", key: []string{"id"}},
	{name: "stat_labels", key: []string{"id"}},
	{name: "stat_rows", key: []string{"report_id", "seq"}},
	{name: "findings", key: []string{"report_id", "seq"}},
	{name: "finding_codes", key: []string{"report_id", "seq", "code"}},
	{name: "report_text", key: []string{"rowid"}},
	{name: "urls", key: []string{"url"}},
	{name: "runs", key: []string{"id"}},
	{name: "fetches", key: []string{"id"}},
	{name: "run_sites", key: []string{"run_id", "site"}},
	{name: "discovery_skips", key: []string{"id"}},
	{name: "indicators", key: []string{"code", "dim"}, seeded: true},
	{name: "meta", key: []string{"key"}, seeded: true},
	{name: "notes", key: []string{"name"}, compared: true},
}

// notCopied are the tables of the shared crawl frontier (011, 013): the work
// in progress of the crawlers of one PostgreSQL archive, leases and host
// holds timed by that server's clock, not the archive. Copy leaves them
// empty on the target; crawlers there start a new crawl.
var notCopied = []string{"frontiers", "frontier", "crawl_hosts", "frontier_sites"}

// Batches: Copy reads at most copyBatchRows rows or copyBatchBytes bytes
// of a table at a time, and writes them with INSERTs of at most
// copyInsertRows rows (fewer for wide tables: SQLite binds at most 32766
// values a statement).
const (
	copyBatchRows  = 1024
	copyBatchBytes = 16 << 20
	copyInsertRows = 256
	copyMaxArgs    = 30000
)

// ErrTargetNotEmpty is returned by Copy when the target archive already
// holds rows: Copy does not merge.
var ErrTargetNotEmpty = errors.New("target archive is not empty")

// ErrCopyMismatch is returned by Copy when a table of the target does not
// hold what the source's does, counted and hashed.
var ErrCopyMismatch = errors.New("copy check failed")

// CopyResult is what Copy copied and checked.
type CopyResult struct {
	Tables []TableCopy // in the order copied
	Blobs  int64       // blobs decoded and checked against their SHA-256
	Bytes  int64       // the bytes they decode to
}

// TableCopy is one table's rows at both ends.
type TableCopy struct {
	Table string
	// Source is the source's row count (in the snapshot copied); Target
	// the target's, counted in the copy's transaction before it commits.
	Source, Target int64
	// SourceSum and TargetSum are the SHA-256 of the rows (every column;
	// independent of order), equal when the copy is exact.
	SourceSum, TargetSum string
	// Compared is set for a table the migrations write at both ends
	// (notes): not copied, compared.
	Compared bool
}

// Equal reports whether the target holds the source's rows.
func (t TableCopy) Equal() bool { return t.Source == t.Target && t.SourceSum == t.TargetSum }

// CopyProgress is where Copy is: the table and its rows written so far.
type CopyProgress struct {
	Table string
	Rows  int64
}

// Copy copies the archive from into the empty archive to: every table,
// rows with their ids, blobs as stored (encoding, dictionary, bytes),
// each decoded on the way and checked against its SHA-256 (a blob that
// does not match stops the copy, named). Both must be open read-write at
// the same schema version (Open migrates them). An archive to that
// already holds documents or any other row of its own is refused
// (ErrTargetNotEmpty): Copy does not merge.
//
// The source is read in one read-only snapshot; the target is written
// in one transaction, committed only after each table of the target is
// counted and hashed and found equal to the source's: an interrupted or
// failed copy leaves the target as empty as it was, never part-filled.
// Memory stays bounded: rows go a batch at a time (1024 rows or 16 MiB).
// On PostgreSQL the identity sequences then continue after the copied
// ids. progress, when not nil, is called after each batch.
func Copy(ctx context.Context, from, to *DB, progress func(CopyProgress)) (CopyResult, error) {
	var res CopyResult
	if to.readOnly || to.query != nil {
		return res, fmt.Errorf("copy: target %s is open read-only", to.path)
	}
	for _, db := range []*DB{from, to} {
		if err := checkCopyTables(ctx, db); err != nil {
			return res, fmt.Errorf("copy: %w", err)
		}
	}
	fv, err := from.userVersion(ctx, from.db)
	if err != nil {
		return res, fmt.Errorf("copy: %s: %w", from.path, err)
	}
	tv, err := to.userVersion(ctx, to.db)
	if err != nil {
		return res, fmt.Errorf("copy: %s: %w", to.path, err)
	}
	if fv != tv {
		return res, fmt.Errorf("copy: %s is at schema version %d, %s at %d: open both with this nianbao first", from.path, fv, to.path, tv)
	}

	src, err := from.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return res, fmt.Errorf("copy: %s: snapshot: %w", from.path, err)
	}
	defer src.Rollback()
	dst, err := to.db.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("copy: %s: %w", to.path, err)
	}
	defer dst.Rollback()
	if err := refuseNonEmpty(ctx, dst, to.path); err != nil {
		return res, fmt.Errorf("copy: %w", err)
	}

	c := copier{from: from, to: to, src: src, dst: dst, progress: progress, res: &res}
	for _, t := range copyTables {
		tc, err := c.table(ctx, t)
		if err != nil {
			return res, fmt.Errorf("copy: %s: %w", t.name, err)
		}
		res.Tables = append(res.Tables, tc)
	}
	var bad []string
	for _, tc := range res.Tables {
		if !tc.Equal() {
			bad = append(bad, tc.Table)
		}
	}
	if len(bad) > 0 {
		return res, fmt.Errorf("copy: %w: %s differ; the target is left as it was", ErrCopyMismatch, strings.Join(bad, ", "))
	}
	if err := to.dia.resetIdentities(ctx, dst); err != nil {
		return res, fmt.Errorf("copy: %s: %w", to.path, err)
	}
	if err := dst.Commit(); err != nil {
		return res, fmt.Errorf("copy: %s: commit: %w", to.path, err)
	}
	return res, nil
}

// checkCopyTables refuses an archive holding a table copyTables lacks:
// Copy would leave its rows behind.
func checkCopyTables(ctx context.Context, db *DB) error {
	names, err := db.dia.tables(ctx, db.db)
	if err != nil {
		return fmt.Errorf("%s: tables: %w", db.path, err)
	}
	for _, n := range names {
		if !slices.ContainsFunc(copyTables, func(t copyTable) bool { return t.name == n }) && !slices.Contains(notCopied, n) {
			return fmt.Errorf("%s: table %s is not one copy knows (store.copyTables)", db.path, n)
		}
	}
	return nil
}

// refuseNonEmpty refuses a target holding rows other than those Open
// writes on every archive.
func refuseNonEmpty(ctx context.Context, tx *sql.Tx, path string) error {
	var docs int64
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&docs); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if docs > 0 {
		return fmt.Errorf("%w: %s already holds %d documents; copy writes only into a new, empty archive and does not merge", ErrTargetNotEmpty, path, docs)
	}
	for _, t := range copyTables {
		if t.seeded || t.compared {
			continue
		}
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM `+t.name+` LIMIT 1`).Scan(&one)
		if err == nil {
			return fmt.Errorf("%w: %s already holds rows in %s; copy writes only into a new, empty archive and does not merge", ErrTargetNotEmpty, path, t.name)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%s: %s: %w", path, t.name, err)
		}
	}
	return nil
}

// copier is one Copy under way.
type copier struct {
	from, to *DB
	src, dst *sql.Tx
	progress func(CopyProgress)
	res      *CopyResult
}

// table copies (or, for notes, compares) one table and returns its
// counts and sums at both ends.
func (c *copier) table(ctx context.Context, t copyTable) (TableCopy, error) {
	tc := TableCopy{Table: t.name, Compared: t.compared}
	cols, err := copyColumns(ctx, c.src, c.dst, t)
	if err != nil {
		return tc, err
	}
	if t.seeded {
		if _, err := c.dst.ExecContext(ctx, `DELETE FROM `+t.name); err != nil {
			return tc, fmt.Errorf("%s: %w", c.to.path, err)
		}
	}
	if err := c.src.QueryRowContext(ctx, `SELECT count(*) FROM `+t.name).Scan(&tc.Source); err != nil {
		return tc, fmt.Errorf("%s: %w", c.from.path, err)
	}
	blob := t.name == "blobs"
	var check blobColumns
	if blob {
		if check, err = blobColumnsOf(cols); err != nil {
			return tc, err
		}
	}
	var srcSum rowSum
	var written int64
	err = scanTable(ctx, c.src, t, cols, func(rows [][]any) error {
		for _, r := range rows {
			srcSum.add(r)
			if blob {
				n, err := c.checkBlob(ctx, check, r)
				if err != nil {
					return err
				}
				c.res.Blobs++
				c.res.Bytes += n
			}
		}
		if t.compared {
			return nil
		}
		if err := insertRows(ctx, c.dst, t.name, cols, rows); err != nil {
			return fmt.Errorf("%s: rows after %v: %w", c.to.path, keyOf(t, cols, rows[0]), err)
		}
		written += int64(len(rows))
		if c.progress != nil {
			c.progress(CopyProgress{Table: t.name, Rows: written})
		}
		return nil
	})
	if err != nil {
		return tc, err
	}
	tc.SourceSum = srcSum.hex()
	var dstSum rowSum
	err = scanTable(ctx, c.dst, t, cols, func(rows [][]any) error {
		for _, r := range rows {
			dstSum.add(r)
			tc.Target++
		}
		return nil
	})
	if err != nil {
		return tc, fmt.Errorf("%s: check: %w", c.to.path, err)
	}
	tc.TargetSum = dstSum.hex()
	return tc, nil
}

// copyColumns returns the columns of t, its key first, and checks that
// the target's table has the same.
func copyColumns(ctx context.Context, src, dst *sql.Tx, t copyTable) ([]string, error) {
	var sets [2][]string
	for i, tx := range []*sql.Tx{src, dst} {
		rows, err := tx.QueryContext(ctx, `SELECT * FROM `+t.name+` LIMIT 0`)
		if err != nil {
			return nil, err
		}
		names, err := rows.Columns()
		rows.Close()
		if err != nil {
			return nil, err
		}
		// The key first; SQLite's SELECT * leaves out a virtual table's
		// rowid, PostgreSQL's twin of it has a rowid column.
		cols := slices.Clone(t.key)
		for _, n := range names {
			if !slices.Contains(cols, n) {
				cols = append(cols, n)
			}
		}
		sets[i] = cols
	}
	a, b := slices.Sorted(slices.Values(sets[0])), slices.Sorted(slices.Values(sets[1]))
	if !slices.Equal(a, b) {
		return nil, fmt.Errorf("columns differ: source (%s), target (%s)", strings.Join(a, ", "), strings.Join(b, ", "))
	}
	return sets[0], nil
}

// scanTable reads every row of t in key order, a batch at a time, and
// passes each batch to fn. No rows are open while fn runs, so that fn
// may use the same connection (pgx reads one result at a time).
func scanTable(ctx context.Context, tx *sql.Tx, t copyTable, cols []string, fn func([][]any) error) error {
	keys := strings.Join(t.key, ", ")
	sel := `SELECT ` + strings.Join(cols, ", ") + ` FROM ` + t.name
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(t.key)), ", ")
	first := sel + ` ORDER BY ` + keys + ` LIMIT ?`
	next := sel + ` WHERE (` + keys + `) > (` + marks + `) ORDER BY ` + keys + ` LIMIT ?`
	var after []any
	for {
		q, args := first, []any{copyBatchRows}
		if after != nil {
			q, args = next, append(slices.Clone(after), copyBatchRows)
		}
		batch, err := readBatch(ctx, tx, q, args, len(cols))
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		after = batch[len(batch)-1][:len(t.key)]
		if err := fn(batch); err != nil {
			return err
		}
	}
}

// readBatch returns the rows of query, stopping early once they hold
// copyBatchBytes of text and bytes.
func readBatch(ctx context.Context, tx *sql.Tx, query string, args []any, ncols int) ([][]any, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var batch [][]any
	size := 0
	for rows.Next() {
		r := make([]any, ncols)
		ptrs := make([]any, ncols)
		for i := range r {
			ptrs[i] = &r[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		// Scan into *any copies []byte: the driver's buffer is not kept.
		for _, v := range r {
			switch v := v.(type) {
			case []byte:
				size += len(v)
			case string:
				size += len(v)
			}
		}
		batch = append(batch, r)
		if size >= copyBatchBytes {
			break
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return batch, rows.Close()
}

// insertRows writes rows into table with multi-row INSERTs whose sizes
// are powers of two, so that few statement texts recur.
func insertRows(ctx context.Context, tx *sql.Tx, table string, cols []string, rows [][]any) error {
	most := copyInsertRows
	for most*len(cols) > copyMaxArgs {
		most /= 2
	}
	head := `INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) VALUES `
	tuple := `(` + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + `)`
	for len(rows) > 0 {
		n := most
		for n > len(rows) {
			n /= 2
		}
		args := make([]any, 0, n*len(cols))
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		q := head + strings.TrimSuffix(strings.Repeat(tuple+", ", n), ", ")
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// keyOf is r's key, for messages.
func keyOf(t copyTable, cols []string, r []any) []any {
	k := make([]any, len(t.key))
	for i := range t.key {
		k[i] = r[slices.Index(cols, t.key[i])]
	}
	return k
}

// blobColumns are where a blobs row holds what checkBlob reads.
type blobColumns struct{ id, sha, size, encoding, dict, data int }

func blobColumnsOf(cols []string) (blobColumns, error) {
	var b blobColumns
	for _, f := range []struct {
		name string
		at   *int
	}{{"id", &b.id}, {"sha256", &b.sha}, {"size", &b.size}, {"encoding", &b.encoding}, {"dict_id", &b.dict}, {"data", &b.data}} {
		if *f.at = slices.Index(cols, f.name); *f.at < 0 {
			return b, fmt.Errorf("blobs has no column %s", f.name)
		}
	}
	return b, nil
}

// checkBlob decodes a blobs row with the source's dictionaries and checks
// it against its SHA-256 and size; it returns the decoded length.
func (c *copier) checkBlob(ctx context.Context, at blobColumns, r []any) (int64, error) {
	b := storedBlob{}
	var ok [5]bool
	b.id, ok[0] = r[at.id].(int64)
	b.sha256, ok[1] = r[at.sha].(string)
	b.size, ok[2] = r[at.size].(int64)
	b.encoding, ok[3] = r[at.encoding].(string)
	b.data, ok[4] = r[at.data].([]byte)
	if d, isInt := r[at.dict].(int64); isInt {
		b.dictID = sql.NullInt64{Int64: d, Valid: true}
	} else if r[at.dict] != nil {
		return 0, fmt.Errorf("blob %v: dict_id %T", r[at.sha], r[at.dict])
	}
	for i, good := range ok {
		if !good {
			return 0, fmt.Errorf("blob %v: column %d holds %T", r[at.sha], i, r[[]int{at.id, at.sha, at.size, at.encoding, at.data}[i]])
		}
	}
	if _, err := c.from.decode(ctx, b); err != nil {
		return 0, err
	}
	return b.size, nil
}

// rowSum is the SHA-256 of a set of rows, whatever their order: the sum,
// modulo 2²⁵⁶, of each row's SHA-256 over its values, each written with
// its type and length (so that NULL, the empty text and 0 differ, and 1 and 1.0).
type rowSum struct{ n big.Int }

var mod256 = new(big.Int).Lsh(big.NewInt(1), 256)

func (s *rowSum) add(r []any) {
	h := sha256.New()
	var buf [9]byte
	for _, v := range r {
		switch v := v.(type) {
		case nil:
			h.Write([]byte{'n'})
		case int64:
			buf[0] = 'i'
			binary.BigEndian.PutUint64(buf[1:], uint64(v))
			h.Write(buf[:])
		case float64:
			buf[0] = 'f'
			binary.BigEndian.PutUint64(buf[1:], math.Float64bits(v))
			h.Write(buf[:])
		case string:
			buf[0] = 's'
			binary.BigEndian.PutUint64(buf[1:], uint64(len(v)))
			h.Write(buf[:])
			h.Write([]byte(v))
		case []byte:
			buf[0] = 'b'
			binary.BigEndian.PutUint64(buf[1:], uint64(len(v)))
			h.Write(buf[:])
			h.Write(v)
		default:
			fmt.Fprintf(h, "?%T:%v", v, v)
		}
	}
	var x big.Int
	x.SetBytes(h.Sum(nil))
	s.n.Add(&s.n, &x)
	s.n.Mod(&s.n, mod256)
}

func (s *rowSum) hex() string { return fmt.Sprintf("%064x", &s.n) }
