package store

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/parser"
)

// benchFixtures are the real documents the parser reads a table from.
var benchFixtures = []string{
	"../fixtures/seed/000_d451e8e22817c643.txt",
	"../fixtures/html/pingtan_2015.html",
	"../fixtures/text/001_pingtan-zhqsyq_2011.txt",
	"../fixtures/text/005_pingtan-zhqsyq_2012.txt",
}

type parsedFixture struct {
	body   []byte
	report *parser.Report
}

func loadBenchFixtures(b *testing.B) []parsedFixture {
	b.Helper()
	var out []parsedFixture
	for _, name := range benchFixtures {
		body, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		r, err := parser.Parse(body, parser.Options{Source: name})
		if err != nil {
			b.Fatal(err)
		}
		if len(r.Stats) == 0 {
			b.Fatalf("%s: no stats", name)
		}
		out = append(out, parsedFixture{body, r})
	}
	return out
}

// variants yields n documents: fixture i%len(fx) under a source and with
// bytes of its own, so that every one is a new document. Its report is
// the fixture's, under an agency of its own (a new agency × year).
func variants(fx []parsedFixture, n int) (iter.Seq[Document], map[string]*parser.Report) {
	reports := map[string]*parser.Report{}
	docs := make([]Document, n)
	for i := range n {
		f := fx[i%len(fx)]
		body := make([]byte, 0, len(f.body)+32)
		body = append(body, f.body...)
		body = fmt.Appendf(body, "\n<!-- copy %d -->\n", i)
		r := *f.report
		r.Agency = fmt.Sprintf("%s%d", f.report.Agency, i)
		docs[i] = Document{Source: fmt.Sprintf("bench/%d", i), Body: body}
		reports[docs[i].Source] = &r
	}
	return func(yield func(Document) bool) {
		for _, d := range docs {
			if !yield(d) {
				return
			}
		}
	}, reports
}

// BenchmarkImport stores parsed fixture reports as nianbao import does,
// each a new document: hash, compress, and the document, report, values
// and findings whole, in batches. The parse itself is left out (see
// BenchmarkImportParse) so that the store is measured against
// BenchmarkBareInsert.
func BenchmarkImport(b *testing.B) {
	ctx := context.Background()
	fx := loadBenchFixtures(b)
	db, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	docs, reports := variants(fx, b.N)
	parse := func(d Document) (*parser.Report, error) { return reports[d.Source], nil }
	rows := 0
	b.ResetTimer()
	err = db.saveAll(ctx, docs, parse, func(d Document, res SaveResult, err error) error {
		if err != nil {
			return err
		}
		if res.Outcome != New {
			return fmt.Errorf("%s: %s", d.Source, res.Outcome)
		}
		rows += len(res.Report.Stats)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "stats/s")
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reports/s")
}

// BenchmarkImportParse is BenchmarkImport with the parse: what
// nianbao import does per document.
func BenchmarkImportParse(b *testing.B) {
	ctx := context.Background()
	fx := loadBenchFixtures(b)
	db, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	docs, _ := variants(fx, b.N)
	rows := 0
	b.ResetTimer()
	err = db.SaveAll(ctx, docs, func(d Document, res SaveResult, err error) error {
		if err != nil {
			return err
		}
		rows += len(res.Report.Stats)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "stats/s")
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reports/s")
}

// BenchmarkBareInsert inserts the same values as BenchmarkImport into a
// bare table of the same columns, no index, with one prepared INSERT per
// row, committing every batchDocs reports as the store does: the floor
// the store is measured against.
func BenchmarkBareInsert(b *testing.B) {
	ctx := context.Background()
	fx := loadBenchFixtures(b)
	path := filepath.Join(b.TempDir(), "bare.db")
	sdb, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		b.Fatal(err)
	}
	defer sdb.Close()
	if _, err := sdb.Exec(`CREATE TABLE stats (id INTEGER PRIMARY KEY, report_id INTEGER NOT NULL, seq INTEGER NOT NULL,
		table_name TEXT NOT NULL, section TEXT NOT NULL, code TEXT NOT NULL, dim TEXT NOT NULL, row_label TEXT NOT NULL,
		column_label TEXT NOT NULL, unit TEXT NOT NULL, value REAL, raw TEXT NOT NULL, derived INTEGER NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	rows := 0
	b.ResetTimer()
	var tx *sql.Tx
	var stmt *sql.Stmt
	for i := range b.N {
		if tx == nil {
			if tx, err = sdb.BeginTx(ctx, nil); err != nil {
				b.Fatal(err)
			}
			stmt, err = tx.PrepareContext(ctx, `INSERT INTO stats (report_id, seq, table_name, section, code, dim, row_label, column_label, unit, value, raw, derived)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
			if err != nil {
				b.Fatal(err)
			}
		}
		r := fx[i%len(fx)].report
		for j, s := range r.Stats {
			var v any
			if s.Value != nil {
				v = *s.Value
			}
			if _, err := stmt.ExecContext(ctx, i, j, s.Table, s.Section, s.Code, s.Dim, s.Row, s.Column, s.Unit, v, s.Raw, s.Derived); err != nil {
				b.Fatal(err)
			}
		}
		rows += len(r.Stats)
		if (i+1)%batchDocs == 0 || i == b.N-1 {
			stmt.Close()
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
			tx = nil
		}
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "stats/s")
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reports/s")
}

// genStats fills db with n agencies' reports for 8 years, 50 values each,
// plus an older version of every ninth agency's reports, and a finding
// naming two codes on every report. With n = 2250: 18,000 current
// reports, 2,000 older ones and 1,000,000 values. It returns the codes.
func genStats(b *testing.B, db *DB, n int) []string {
	b.Helper()
	var codes []string
	for _, in := range parser.Indicators() {
		codes = append(codes, in.Code)
	}
	if len(codes) < 50 {
		b.Fatalf("only %d codes", len(codes))
	}
	codes = codes[:50]
	older := n / 9
	reports := (n + older) * 8
	ctx := context.Background()
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	exec := func(q string, args ...any) {
		b.Helper()
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	exec(`CREATE TEMP TABLE gen_codes (c INTEGER PRIMARY KEY, code TEXT NOT NULL)`)
	for i, c := range codes {
		exec(`INSERT INTO gen_codes (c, code) VALUES (?, ?)`, i, c)
	}
	exec(`INSERT INTO blobs (sha256, size, encoding, data) VALUES ('gen', 0, 'gzip', x'')`)
	// Report r: agency r/8 and year 2014+r%8; the first n*8 current,
	// the rest older versions of agencies 0..older-1.
	exec(`WITH RECURSIVE g(r) AS (SELECT 0 UNION ALL SELECT r + 1 FROM g WHERE r + 1 < ?)
		INSERT INTO documents (id, source, fetched_at, sha256)
		SELECT r + 1, 'gen/' || r, CASE WHEN r < ?2 THEN '2025-02-01T00:00:00.000000Z' ELSE '2025-01-01T00:00:00.000000Z' END, 'gen' FROM g`,
		reports, n*8)
	exec(`INSERT INTO reports (id, document_id, version_key, latest, fetched_at, agency, year, template, title, parser_version, status, parsed_at)
		SELECT id, id, agency || '|' || year, id <= ?1, fetched_at, agency, year, 'national-2014', '', 'gen', 'ok', fetched_at
		FROM (SELECT d.id, d.fetched_at, '第' || (((d.id - 1) % ?1) / 8) || '局' AS agency, 2014 + ((d.id - 1) % ?1) % 8 AS year
			FROM documents d WHERE d.sha256 = 'gen')`, n*8)
	exec(`INSERT INTO stats (report_id, seq, table_name, section, code, dim, row_label, column_label, unit, value, raw, derived, findings)
		SELECT r.id, c.c, '政府信息公开情况统计表', '一、主动公开情况', c.code, '', '（一）主动公开政府信息数' || c.code, '统计数', '条',
			(r.id * 7 + c.c * 13) % 1000, CAST((r.id * 7 + c.c * 13) % 1000 AS TEXT), 0, c.c < 2
		FROM reports r, gen_codes c ORDER BY r.id, c.c`)
	exec(`INSERT INTO findings (report_id, seq, rule, severity, message, codes)
		SELECT r.id, 0, 'proactive-channels', 'warning', 'generated', json_array(?1, ?2) FROM reports r`, codes[0], codes[1])
	exec(`INSERT INTO finding_codes (report_id, seq, code) SELECT f.report_id, f.seq, j.value FROM findings f, json_each(f.codes) j`)
	exec(`DROP TABLE temp.gen_codes`)
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return codes
}

// BenchmarkCompareQuery compares one code across all agencies and years
// on a database of one million values: the compare_values view, every
// row read into Go.
func BenchmarkCompareQuery(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(b.TempDir(), "compare.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	codes := genStats(b, db, 2250)
	var stats int
	db.db.QueryRow(`SELECT count(*) FROM stats`).Scan(&stats)
	if stats != 1_000_000 {
		b.Fatalf("%d stats, want 1,000,000", stats)
	}
	b.Run("all", func(b *testing.B) {
		for b.Loop() {
			n := 0
			if err := db.Compare(ctx, codes[0], Filter{}, func(CompareValue) error { n++; return nil }); err != nil {
				b.Fatal(err)
			}
			if n != 18000 {
				b.Fatalf("%d values, want 18000", n)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
	})
	b.Run("agency", func(b *testing.B) {
		for b.Loop() {
			n := 0
			if err := db.Compare(ctx, codes[0], Filter{Agency: "第12", YearFrom: 2016, YearTo: 2019}, func(CompareValue) error { n++; return nil }); err != nil {
				b.Fatal(err)
			}
			if n == 0 {
				b.Fatal("no values")
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
	})
}

// BenchmarkBareInsertAll writes every row the store writes for a
// document (its bytes, gzipped beforehand, the document, the report, the
// values and the findings) into bare tables with no index beyond their
// row ids, one prepared INSERT per row, committing every batchDocs
// reports: what the store's hashing, dedupe, indexes and current-version
// tracking are measured against. Compression is done before the timer.
func BenchmarkBareInsertAll(b *testing.B) {
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
	path := filepath.Join(b.TempDir(), "bare.db")
	sdb, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		b.Fatal(err)
	}
	defer sdb.Close()
	for _, q := range []string{
		`CREATE TABLE docs (id INTEGER PRIMARY KEY, source TEXT, fetched_at TEXT, sha256 TEXT, body BLOB)`,
		`CREATE TABLE reports (id INTEGER PRIMARY KEY, doc INTEGER, agency TEXT, year INTEGER, template TEXT, title TEXT, status TEXT)`,
		`CREATE TABLE stats (id INTEGER PRIMARY KEY, report_id INTEGER NOT NULL, seq INTEGER NOT NULL,
			table_name TEXT NOT NULL, section TEXT NOT NULL, code TEXT NOT NULL, dim TEXT NOT NULL, row_label TEXT NOT NULL,
			column_label TEXT NOT NULL, unit TEXT NOT NULL, value REAL, raw TEXT NOT NULL, derived INTEGER NOT NULL)`,
		`CREATE TABLE findings (id INTEGER PRIMARY KEY, report_id INTEGER, seq INTEGER, rule TEXT, severity TEXT, message TEXT, codes TEXT)`,
	} {
		if _, err := sdb.Exec(q); err != nil {
			b.Fatal(err)
		}
	}
	rows := 0
	b.ResetTimer()
	var tx *sql.Tx
	var docStmt, repStmt, statStmt, findStmt *sql.Stmt
	prep := func(q string) *sql.Stmt {
		s, err := tx.PrepareContext(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		return s
	}
	for i := range b.N {
		if tx == nil {
			if tx, err = sdb.BeginTx(ctx, nil); err != nil {
				b.Fatal(err)
			}
			docStmt = prep(`INSERT INTO docs (source, fetched_at, sha256, body) VALUES (?, ?, ?, ?)`)
			repStmt = prep(`INSERT INTO reports (doc, agency, year, template, title, status) VALUES (?, ?, ?, ?, ?, ?)`)
			statStmt = prep(`INSERT INTO stats (report_id, seq, table_name, section, code, dim, row_label, column_label, unit, value, raw, derived)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
			findStmt = prep(`INSERT INTO findings (report_id, seq, rule, severity, message, codes) VALUES (?, ?, ?, ?, ?, ?)`)
		}
		r := fx[i%len(fx)].report
		if _, err := docStmt.ExecContext(ctx, fmt.Sprintf("bench/%d", i), "2025-01-01T00:00:00.000000Z", fmt.Sprintf("%064d", i), gz[i%len(gz)]); err != nil {
			b.Fatal(err)
		}
		if _, err := repStmt.ExecContext(ctx, i, r.Agency, r.Year, r.Template, r.Title, r.Status()); err != nil {
			b.Fatal(err)
		}
		for j, s := range r.Stats {
			var v any
			if s.Value != nil {
				v = *s.Value
			}
			if _, err := statStmt.ExecContext(ctx, i, j, s.Table, s.Section, s.Code, s.Dim, s.Row, s.Column, s.Unit, v, s.Raw, s.Derived); err != nil {
				b.Fatal(err)
			}
		}
		for j, f := range r.Findings {
			if _, err := findStmt.ExecContext(ctx, i, j, f.Rule, f.Severity, f.Message, strings.Join(f.Codes, ",")); err != nil {
				b.Fatal(err)
			}
		}
		rows += len(r.Stats)
		if (i+1)%batchDocs == 0 || i == b.N-1 {
			for _, s := range []*sql.Stmt{docStmt, repStmt, statStmt, findStmt} {
				s.Close()
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
			tx = nil
		}
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "stats/s")
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reports/s")
}

// BenchmarkBareInsertSchema writes the same rows as BenchmarkImport into
// the store's own schema, indexes included, with one prepared INSERT per
// row and 64 documents a transaction, and nothing else: no hashing,
// dedupe, compression (done before the timer) or version tracking. The
// store's own overhead is what separates the two.
func BenchmarkBareInsertSchema(b *testing.B) {
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
	db, err := Open(ctx, filepath.Join(b.TempDir(), "schema.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	rows := 0
	b.ResetTimer()
	var tx *sql.Tx
	var stmts []*sql.Stmt
	prep := func(q string) *sql.Stmt {
		s, err := tx.PrepareContext(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		stmts = append(stmts, s)
		return s
	}
	var blobStmt, docStmt, repStmt, statStmt, findStmt, codeStmt *sql.Stmt
	for i := range b.N {
		if tx == nil {
			if tx, err = db.db.BeginTx(ctx, nil); err != nil {
				b.Fatal(err)
			}
			stmts = stmts[:0]
			blobStmt = prep(`INSERT INTO blobs (sha256, size, encoding, data) VALUES (?, ?, 'gzip', ?)`)
			docStmt = prep(`INSERT INTO documents (id, source, fetched_at, sha256) VALUES (?, ?, ?, ?)`)
			repStmt = prep(`INSERT INTO reports (id, document_id, fetched_at, latest, version_key, agency, year, template, title, parser_version, status, parsed_at)
				VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)`)
			statStmt = prep(`INSERT INTO stats (report_id, seq, table_name, section, code, dim, row_label, column_label, unit, value, raw, derived, findings)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`)
			findStmt = prep(`INSERT INTO findings (report_id, seq, rule, severity, message, codes) VALUES (?, ?, ?, ?, ?, '[]')`)
			codeStmt = prep(`INSERT OR IGNORE INTO finding_codes (report_id, seq, code) VALUES (?, ?, ?)`)
		}
		r := fx[i%len(fx)].report
		id := i + 1
		sum := fmt.Sprintf("%064d", i)
		now := "2025-01-01T00:00:00.000000Z"
		agency := fmt.Sprintf("%s%d", r.Agency, i)
		for _, e := range []struct {
			s    *sql.Stmt
			args []any
		}{
			{blobStmt, []any{sum, len(fx[i%len(fx)].body), gz[i%len(gz)]}},
			{docStmt, []any{id, fmt.Sprintf("bench/%d", i), now, sum}},
			{repStmt, []any{id, id, now, fmt.Sprintf("%s|%d", agency, r.Year), agency, r.Year, r.Template, r.Title, parser.Version, r.Status(), now}},
		} {
			if _, err := e.s.ExecContext(ctx, e.args...); err != nil {
				b.Fatal(err)
			}
		}
		for j, s := range r.Stats {
			var v any
			if s.Value != nil {
				v = *s.Value
			}
			if _, err := statStmt.ExecContext(ctx, id, j, s.Table, s.Section, s.Code, s.Dim, s.Row, s.Column, s.Unit, v, s.Raw, s.Derived); err != nil {
				b.Fatal(err)
			}
		}
		for j, f := range r.Findings {
			if _, err := findStmt.ExecContext(ctx, id, j, f.Rule, f.Severity, f.Message); err != nil {
				b.Fatal(err)
			}
			for _, c := range f.Codes {
				if _, err := codeStmt.ExecContext(ctx, id, j, c); err != nil {
					b.Fatal(err)
				}
			}
		}
		rows += len(r.Stats)
		if (i+1)%batchDocs == 0 || i == b.N-1 {
			for _, s := range stmts {
				s.Close()
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
			tx = nil
		}
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "stats/s")
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reports/s")
}
