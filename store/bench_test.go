package store

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"nianbao"
	"nianbao/internal/testutil"
	"nianbao/parser"
)

// benchFixtures are the real documents the parser reads a table from.
var benchFixtures = []string{
	testutil.Fixture("seed/000_d451e8e22817c643.txt"),
	testutil.Fixture("html/pingtan_2015.html"),
	testutil.Fixture("text/001_pingtan-zhqsyq_2011.txt"),
	testutil.Fixture("text/005_pingtan-zhqsyq_2012.txt"),
}

type parsedFixture struct {
	body   []byte
	report *nianbao.Report
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

// variants yields documents from to to-1: document i is fixture
// i%len(fx) under a source and with bytes of its own, so that every one
// is a new document. Its report is the fixture's, under an agency of its
// own (a new agency × year).
func variants(fx []parsedFixture, from, to int) (iter.Seq[Document], map[string]*nianbao.Report) {
	reports := map[string]*nianbao.Report{}
	docs := make([]Document, 0, to-from)
	for i := from; i < to; i++ {
		f := fx[i%len(fx)]
		body := make([]byte, 0, len(f.body)+32)
		body = append(body, f.body...)
		body = fmt.Appendf(body, "\n<!-- copy %d -->\n", i)
		r := *f.report
		r.Agency = fmt.Sprintf("%s%d", f.report.Agency, i)
		d := Document{Source: fmt.Sprintf("bench/%d", i), Body: body}
		docs = append(docs, d)
		reports[d.Source] = &r
	}
	return slices.Values(docs), reports
}

// saveVariants stores docs as nianbao import does, with their reports
// given (the parse left out), each a new document, and returns how many
// values it stored.
func saveVariants(ctx context.Context, db *DB, docs iter.Seq[Document], reports map[string]*nianbao.Report) (int, error) {
	parse := func(d Document) (*nianbao.Report, error) { return reports[d.Source], nil }
	n := 0
	err := db.saveAll(ctx, docs, parse, func(d Document, res SaveResult, err error) error {
		if err != nil {
			return err
		}
		if res.Outcome != nianbao.OutcomeNew {
			return fmt.Errorf("%s: %s", d.Source, res.Outcome)
		}
		n += len(res.Report.Stats)
		return nil
	})
	return n, err
}

// BenchmarkImport stores parsed fixture reports as nianbao import does,
// each a new document: hash, compress, and the document, report, values
// and findings whole, in batches. The parse itself is left out (see
// BenchmarkImportParse) so that the store is measured against
// BenchmarkBareInsert.
func BenchmarkImport(b *testing.B) {
	ctx := context.Background()
	fx := loadBenchFixtures(b)
	db, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"), testOptions)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	docs, reports := variants(fx, 0, b.N)
	b.ResetTimer()
	rows, err := saveVariants(ctx, db, docs, reports)
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
	db, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"), testOptions)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	docs, _ := variants(fx, 0, b.N)
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
	named, err := json.Marshal(codes[:2]) // the finding's codes
	if err != nil {
		b.Fatal(err)
	}
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
	exec(`INSERT INTO blobs (sha256, size, encoding, data) VALUES ('gen', 0, 'gzip', ?)`, []byte{})
	// Report r: agency r/8 and year 2014+r%8; the first n*8 current,
	// the rest older versions of agencies 0..older-1.
	exec(`WITH RECURSIVE g(r) AS (SELECT 0 UNION ALL SELECT r + 1 FROM g WHERE r + 1 < ?)
		INSERT INTO documents (id, source, fetched_at, sha256)
		SELECT r + 1, 'gen/' || r, CASE WHEN r < ?2 THEN '2025-02-01T00:00:00.000000Z' ELSE '2025-01-01T00:00:00.000000Z' END, 'gen' FROM g`,
		reports, n*8)
	exec(`INSERT INTO reports (id, document_id, version_key, latest, fetched_at, agency, year, template, title, parser_version, status, parsed_at)
		SELECT id, id, agency || '|' || year, CASE WHEN id <= ?1 THEN 1 ELSE 0 END, fetched_at, agency, year, 'national-2014', '', 'gen', 'ok', fetched_at
		FROM (SELECT d.id, d.fetched_at, '第' || (((d.id - 1) % ?1) / 8) || '局' AS agency, 2014 + ((d.id - 1) % ?1) % 8 AS year
			FROM documents d WHERE d.sha256 = 'gen') AS gen`, n*8)
	exec(`INSERT INTO stat_labels (id, table_name, section, row_label, column_label)
		SELECT c.c + 1, '政府信息公开情况统计表', '一、主动公开情况', '（一）主动公开政府信息数' || c.code, '统计数' FROM gen_codes c`)
	exec(`INSERT INTO stat_rows (report_id, seq, label_id, code, dim, unit, value, raw, derived, findings)
		SELECT r.id, c.c, c.c + 1, c.code, '', '条',
			(r.id * 7 + c.c * 13) % 1000, CAST((r.id * 7 + c.c * 13) % 1000 AS TEXT), 0, CASE WHEN c.c < 2 THEN 1 ELSE 0 END
		FROM reports r, gen_codes c ORDER BY r.id, c.c`)
	exec(`INSERT INTO findings (report_id, seq, rule, severity, message, codes)
		SELECT r.id, 0, 'proactive-channels', 'warning', 'generated', ? FROM reports r`, string(named))
	exec(`INSERT INTO finding_codes (report_id, seq, code) SELECT r.id, 0, c.code FROM reports r, gen_codes c WHERE c.c < 2`)
	exec(`DROP TABLE gen_codes`)
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return codes
}

// BenchmarkCompareQuery compares one code across all agencies and years
// on a database of one million values: the compare_values view, every
// row read into Go.
func BenchmarkCompareQuery(b *testing.B) {
	db, err := Open(context.Background(), filepath.Join(b.TempDir(), "compare.db"), testOptions)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	benchCompare(b, db, genStats(b, db, 2250), nil)
}

// benchCompare runs the comparisons of BenchmarkCompareQuery on db,
// which genStats filled with codes. Besides the wall time it reports
// the CPU time per comparison (cpu-ms/op): this process's, plus what
// server returns, a server's CPU time so far (nil for SQLite).
func benchCompare(b *testing.B, db *DB, codes []string, server func() time.Duration) {
	ctx := context.Background()
	cpu := cpuTime
	if server != nil {
		cpu = func() time.Duration { return cpuTime() + server() }
	}
	var stats int
	db.db.QueryRow(`SELECT count(*) FROM stats`).Scan(&stats)
	if stats != 1_000_000 {
		b.Fatalf("%d stats, want 1,000,000", stats)
	}
	b.Run("all", func(b *testing.B) {
		c0 := cpu()
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
		b.ReportMetric(float64((cpu()-c0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	})
	b.Run("agency", func(b *testing.B) {
		c0 := cpu()
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
		b.ReportMetric(float64((cpu()-c0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	})
}
