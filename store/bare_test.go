package store

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nianbao"
	"nianbao/parser"
)

// A bareLoop writes the rows the store writes for a document (its
// compressed bytes, the document, the report, the values and the findings)
// with one prepared INSERT per row and nothing else: no hashing, dedupe,
// compression (done beforehand) or version tracking. The store's import
// rate is measured against it.
type bareLoop struct {
	name   string
	db     *sql.DB
	schema bool // the store's own tables and indexes; else plain tables
	fx     []parsedFixture
	gz     [][]byte // fx's bodies, compressed as the store does

	labels map[labelKey]int64 // schema: the stat_labels rows written
}

// plainTables hold the rows the store writes, with no index beyond their
// row ids.
var plainTables = []string{
	`CREATE TABLE docs (id INTEGER PRIMARY KEY, source TEXT, fetched_at TEXT, sha256 TEXT, body BLOB)`,
	`CREATE TABLE reports (id INTEGER PRIMARY KEY, doc INTEGER, agency TEXT, year INTEGER, template TEXT, title TEXT, status TEXT)`,
	`CREATE TABLE stats (id INTEGER PRIMARY KEY, report_id INTEGER NOT NULL, seq INTEGER NOT NULL,
		table_name TEXT NOT NULL, section TEXT NOT NULL, code TEXT NOT NULL, dim TEXT NOT NULL, row_label TEXT NOT NULL,
		column_label TEXT NOT NULL, unit TEXT NOT NULL, value REAL, raw TEXT NOT NULL, derived INTEGER NOT NULL)`,
	`CREATE TABLE findings (id INTEGER PRIMARY KEY, report_id INTEGER, seq INTEGER, rule TEXT, severity TEXT, message TEXT, codes TEXT)`,
}

// plainIndex is the store's stats_code index on the plain stats table:
// what comparing one code across agencies and years reads.
const plainIndex = `CREATE INDEX stats_code ON stats(code, dim, report_id, seq, value, unit)`

// newPlainLoop writes into plain tables in a database of its own, with
// the stats_code index when indexed is set.
func newPlainLoop(b *testing.B, name string, fx []parsedFixture, gz [][]byte, indexed bool) *bareLoop {
	b.Helper()
	path := filepath.Join(b.TempDir(), name+".db")
	sdb, err := sql.Open("sqlite", "file:"+path+"?_txlock=immediate&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { sdb.Close() })
	qs := plainTables
	if indexed {
		qs = append(qs[:len(qs):len(qs)], plainIndex)
	}
	for _, q := range qs {
		if _, err := sdb.Exec(q); err != nil {
			b.Fatal(err)
		}
	}
	return &bareLoop{name: name, db: sdb, fx: fx, gz: gz}
}

// newSchemaLoop writes into the store's own tables and indexes, in a
// database Open created.
func newSchemaLoop(b *testing.B, name string, fx []parsedFixture, gz [][]byte) *bareLoop {
	b.Helper()
	db, err := Open(context.Background(), filepath.Join(b.TempDir(), name+".db"), testOptions)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return &bareLoop{name: name, db: db.db, schema: true, fx: fx, gz: gz, labels: map[labelKey]int64{}}
}

// Statements of the bare loops, by table: blob, document, report,
// value, finding, finding code.
var (
	plainInserts = []string{
		``,
		`INSERT INTO docs (source, fetched_at, sha256, body) VALUES (?, ?, ?, ?)`,
		`INSERT INTO reports (doc, agency, year, template, title, status) VALUES (?, ?, ?, ?, ?, ?)`,
		`INSERT INTO stats (report_id, seq, table_name, section, code, dim, row_label, column_label, unit, value, raw, derived)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		`INSERT INTO findings (report_id, seq, rule, severity, message, codes) VALUES (?, ?, ?, ?, ?, ?)`,
		``,
	}
	schemaInserts = []string{
		`INSERT INTO blobs (sha256, size, encoding, dict_id, data) VALUES (?, ?, 'zstd', 1, ?)`,
		`INSERT INTO documents (id, source, fetched_at, sha256) VALUES (?, ?, ?, ?)`,
		`INSERT INTO reports (id, document_id, fetched_at, latest, version_key, agency, year, template, title, parser_version, status, parsed_at)
			VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
		`INSERT INTO stat_rows (report_id, seq, label_id, code, dim, unit, value, raw, derived, findings)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
		`INSERT INTO findings (report_id, seq, rule, severity, message, codes) VALUES (?, ?, ?, ?, ?, '[]')`,
		`INSERT INTO finding_codes (report_id, seq, code) VALUES (?, ?, ?)`,
		`INSERT INTO stat_labels (table_name, section, row_label, column_label) VALUES (?, ?, ?, ?) RETURNING id`,
	}
)

// write stores documents from to to-1 (document i is fixture i%len(fx),
// under an agency of its own) in one transaction, and returns how many
// values it wrote.
func (l *bareLoop) write(ctx context.Context, from, to int) (int, error) {
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	inserts := plainInserts
	if l.schema {
		inserts = schemaInserts
	}
	stmts := make([]*sql.Stmt, len(inserts))
	for i, q := range inserts {
		if q == "" {
			continue
		}
		if stmts[i], err = tx.PrepareContext(ctx, q); err != nil {
			return 0, err
		}
		defer stmts[i].Close()
	}
	exec := func(s *sql.Stmt, args ...any) {
		if err == nil {
			_, err = s.ExecContext(ctx, args...)
		}
	}
	const now = "2025-01-01T00:00:00.000000Z"
	n := 0
	for i := from; i < to; i++ {
		f := l.fx[i%len(l.fx)]
		r := f.report
		id := i + 1
		sum := fmt.Sprintf("%064d", i)
		source := fmt.Sprintf("bench/%d", i)
		agency := fmt.Sprintf("%s%d", r.Agency, i)
		if l.schema {
			exec(stmts[0], sum, len(f.body), l.gz[i%len(l.gz)])
			exec(stmts[1], id, source, now, sum)
			exec(stmts[2], id, id, now, fmt.Sprintf("%s|%d", agency, r.Year), agency, r.Year, r.Template, r.Title, parser.Version, r.Status(), now)
		} else {
			exec(stmts[1], source, now, sum, l.gz[i%len(l.gz)])
			exec(stmts[2], id, agency, r.Year, r.Template, r.Title, r.Status())
		}
		for j, s := range r.Stats {
			var v any
			if s.Value != nil {
				v = *s.Value
			}
			if !l.schema {
				exec(stmts[3], id, j, s.Table, s.Section, s.Code, s.Dim, s.Row, s.Column, s.Unit, v, s.Raw, s.Derived)
				continue
			}
			// The labels once each, by number (migration 014).
			k := labelKey{s.Table, s.Section, s.Row, s.Column}
			label, ok := l.labels[k]
			if !ok && err == nil {
				if err = stmts[6].QueryRowContext(ctx, k.table, k.section, k.row, k.column).Scan(&label); err == nil {
					l.labels[k] = label
				}
			}
			exec(stmts[3], id, j, label, s.Code, s.Dim, s.Unit, v, s.Raw, s.Derived)
		}
		for j, f := range r.Findings {
			if l.schema {
				exec(stmts[4], id, j, f.Rule, f.Severity, f.Message)
				for _, c := range f.Codes {
					exec(stmts[5], id, j, c)
				}
			} else {
				exec(stmts[4], id, j, f.Rule, f.Severity, f.Message, strings.Join(f.Codes, ","))
			}
		}
		n += len(r.Stats)
	}
	if err != nil {
		return 0, fmt.Errorf("%s: %w", l.name, err)
	}
	return n, tx.Commit()
}

// BenchmarkImportVsBare stores the same documents through the store (as
// BenchmarkImport: parse left out) and through three bare loops, in
// turns of one batch (batchDocs documents, one transaction) each, so
// that all four see the same machine load; the order rotates every turn.
// The bare loops write the same rows:
//
//   - schema: into the store's own tables and indexes;
//   - indexed: into plain tables, with the stats_code index only;
//   - plain: into plain tables with no index.
//
// It reports each one's values (stats rows) per second and the ratios
// that matter: store/schema is the store's own overhead; store/indexed
// is the store against the same rows with only the index the comparison
// query needs; indexed/plain is what that index costs by itself.
func BenchmarkImportVsBare(b *testing.B) {
	ctx := context.Background()
	fx := loadBenchFixtures(b)
	var gz [][]byte
	for _, f := range fx {
		z, err := compress(f.body)
		if err != nil {
			b.Fatal(err)
		}
		gz = append(gz, z)
	}
	db, err := Open(ctx, filepath.Join(b.TempDir(), "store.db"), testOptions)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	loops := []*bareLoop{
		newSchemaLoop(b, "schema", fx, gz),
		newPlainLoop(b, "indexed", fx, gz, true),
		newPlainLoop(b, "plain", fx, gz, false),
	}
	// writers[0] is the store; writers[k] is loops[k-1].
	writers := make([]func(from, to int) (int, error), 1+len(loops))
	// The store's documents of a turn are made before the clocks start.
	var (
		docs    iter.Seq[Document]
		reports map[string]*nianbao.Report
	)
	writers[0] = func(from, to int) (int, error) { return saveVariants(ctx, db, docs, reports) }
	for k, l := range loops {
		writers[k+1] = func(from, to int) (int, error) { return l.write(ctx, from, to) }
	}
	elapsed := make([]time.Duration, len(writers))
	stats := make([]int, len(writers))
	b.ResetTimer()
	for turn, from := 0, 0; from < b.N; turn, from = turn+1, from+batchDocs {
		to := min(from+batchDocs, b.N)
		docs, reports = variants(fx, from, to)
		for k := range writers {
			w := (k + turn) % len(writers)
			start := time.Now()
			n, err := writers[w](from, to)
			elapsed[w] += time.Since(start)
			if err != nil {
				b.Fatal(err)
			}
			stats[w] += n
		}
	}
	b.StopTimer()
	rate := func(w int) float64 { return float64(stats[w]) / elapsed[w].Seconds() }
	b.ReportMetric(rate(0), "store-stats/s")
	b.ReportMetric(float64(b.N)/elapsed[0].Seconds(), "store-reports/s")
	for k, l := range loops {
		b.ReportMetric(rate(k+1), l.name+"-stats/s")
	}
	b.ReportMetric(rate(0)/rate(1), "store/schema")
	b.ReportMetric(rate(0)/rate(2), "store/indexed")
	b.ReportMetric(rate(0)/rate(3), "store/plain")
	b.ReportMetric(rate(2)/rate(3), "indexed/plain")
}
