package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"nianbao"
	"nianbao/internal/testutil"
	"nianbao/store/zdict"
)

// pgxLoop writes the rows the store writes for a new document (its
// compressed bytes, the document, the report marked current, its values,
// findings, finding codes and text) straight through pgx with COPY, one
// transaction and one COPY per table a batch, into the store's own
// tables and indexes in a schema of its own: the fastest honest way to
// put those rows into PostgreSQL, which the store's import is measured
// against. Like the bare loop of BenchmarkImportCores it hashes and
// compresses each body it writes (the blob rows are the store's bytes,
// not a stand-in), one goroutine; it does no dedupe, look-ups or
// version tracking.
type pgxLoop struct {
	app  string // the connection's application_name
	conn *pgx.Conn
	fx   []parsedFixture
	args *DB // computes a report's columns as the store does

	labels map[labelKey]int64 // the stat_labels rows written, numbered from 1
}

// newPgxLoop makes the store's schema in a new PostgreSQL schema and
// connects to it with pgx.
func newPgxLoop(b *testing.B, fx []parsedFixture) *pgxLoop {
	b.Helper()
	ctx := context.Background()
	dsn := testutil.Postgres(b)
	app := benchApp("pgx")
	dsn = withParam(dsn, "application_name", app)
	db, err := Open(ctx, dsn, testOptions)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { conn.Close(context.Background()) })
	return &pgxLoop{app: app, conn: conn, fx: fx, args: db, labels: map[labelKey]int64{}}
}

// The columns of the rows the store writes for a new document.
var (
	pgxBlobCols    = []string{"sha256", "size", "encoding", "dict_id", "data"}
	pgxDocCols     = []string{"id", "source", "final_url", "fetched_at", "http_status", "content_type", "charset", "sha256", "etag", "last_modified", "previous_id"}
	pgxReportCols  = append([]string{"id", "document_id", "fetched_at", "latest"}, strings.Split(strings.ReplaceAll(reportColumns, " ", ""), ",")...)
	pgxLabelCols   = []string{"id", "table_name", "section", "row_label", "column_label"}
	pgxStatCols    = []string{"report_id", "seq", "label_id", "code", "dim", "unit", "value", "raw", "derived", "findings"}
	pgxFindingCols = []string{"report_id", "seq", "rule", "severity", "kind", "message", "codes"}
	pgxCodeCols    = []string{"report_id", "seq", "code"}
	pgxTextCols    = []string{"rowid", "title", "prose"}
)

// write stores the documents from to to-1 that variants made (bodies;
// document i is fixture i%len(fx) under source bench/i and an agency of
// its own), in one transaction, and returns how many values it wrote.
func (l *pgxLoop) write(ctx context.Context, from, to int, bodies [][]byte) (int, error) {
	var blobs, docs, reports, labels, stats, findings, codes, texts [][]any
	n := 0
	now := formatTime(time.Now())
	for i := from; i < to; i++ {
		f := l.fx[i%len(l.fx)]
		r := *f.report
		r.Agency = fmt.Sprintf("%s%d", f.report.Agency, i)
		id := int64(i + 1)
		source := fmt.Sprintf("bench/%d", i)
		body := bodies[i-from]
		h := sha256.Sum256(body)
		sum := hex.EncodeToString(h[:])
		z, err := compress(body)
		if err != nil {
			return 0, err
		}
		blobs = append(blobs, []any{sum, int64(len(body)), "zstd", zdict.ID, z})
		docs = append(docs, []any{id, source, nil, now, nil, nil, nullString(r.Charset), sum, nil, nil, nil})
		args, err := l.args.reportArgs(source, "", &r, nil)
		if err != nil {
			return 0, err
		}
		reports = append(reports, append([]any{id, id, now, int64(1)}, args...))
		onCode := map[string]int{}
		for j, fd := range r.Findings {
			b, err := json.Marshal(fd.Codes)
			if err != nil {
				return 0, err
			}
			if fd.Codes == nil {
				b = []byte("[]")
			}
			kind := fd.Kind
			if kind == "" {
				kind = nianbao.KindReading
			}
			findings = append(findings, []any{id, j, fd.Rule, fd.Severity, kind, fd.Message, string(b)})
			for _, c := range slices.Compact(slices.Sorted(slices.Values(fd.Codes))) {
				if c != "" {
					onCode[c]++
					codes = append(codes, []any{id, j, c})
				}
			}
		}
		for j, s := range r.Stats {
			var v any
			if s.Value != nil {
				v = *s.Value
			}
			derived := 0
			if s.Derived {
				derived = 1
			}
			k := labelKey{s.Table, s.Section, s.Row, s.Column}
			label, ok := l.labels[k]
			if !ok {
				label = int64(len(l.labels) + 1)
				l.labels[k] = label
				labels = append(labels, []any{label, k.table, k.section, k.row, k.column})
			}
			stats = append(stats, []any{id, j, label, s.Code, s.Dim, s.Unit, v, s.Raw, derived, onCode[s.Code]})
		}
		var prose strings.Builder
		for _, s := range r.Sections {
			prose.WriteString(s.Heading + "\n" + s.Text + "\n")
		}
		if r.Title != "" || prose.Len() > 0 {
			texts = append(texts, []any{id, r.Title, prose.String()})
		}
		n += len(r.Stats)
	}
	tx, err := l.conn.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(ctx)
	for _, t := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"blobs", pgxBlobCols, blobs},
		{"documents", pgxDocCols, docs},
		{"reports", pgxReportCols, reports},
		{"stat_labels", pgxLabelCols, labels},
		{"stat_rows", pgxStatCols, stats},
		{"findings", pgxFindingCols, findings},
		{"finding_codes", pgxCodeCols, codes},
		{"report_text", pgxTextCols, texts},
	} {
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{t.table}, t.cols, pgx.CopyFromRows(t.rows)); err != nil {
			return 0, fmt.Errorf("pgx loop: copy %s: %w", t.table, err)
		}
	}
	return n, tx.Commit(ctx)
}

// benchApp returns an application_name of its own for the connections
// of one side of a benchmark, whose server processes backendCPU reads.
func benchApp(side string) string {
	var b [4]byte
	rand.Read(b[:])
	return "nianbao-bench-" + side + "-" + hex.EncodeToString(b[:])
}

// backendCPU is the CPU time (user and system) that the server processes
// serving the connections named app have used, read from /proc: the
// server is on this machine. Clock ticks are taken as 1/100 s, Linux's.
func backendCPU(ctx context.Context, b *testing.B, mon *sql.DB, app string) time.Duration {
	b.Helper()
	rows, err := mon.QueryContext(ctx, `SELECT pid FROM pg_stat_activity WHERE application_name = $1`, app)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var total time.Duration
	for rows.Next() {
		var pid int
		if err := rows.Scan(&pid); err != nil {
			b.Fatal(err)
		}
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			b.Skipf("server process CPU time: %v (the server must run on this machine)", err)
		}
		// Fields 14 and 15 (utime, stime) are the 12th and 13th after
		// the command's closing parenthesis.
		f := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		for _, s := range f[11:13] {
			t, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				b.Fatalf("/proc/%d/stat: %v", pid, err)
			}
			total += time.Duration(t) * 10 * time.Millisecond
		}
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return total
}

// pgImportDocs is how many documents one turn of BenchmarkPGImportVsPgx
// writes through each side.
const pgImportDocs = 4 * batchDocs

// BenchmarkPGImportVsPgx stores the same documents into PostgreSQL
// through the store's import (SaveAll with the reports given, as
// BenchmarkImport) and through pgxLoop, each into a fresh schema of the
// same server, alternating which goes first: one pair of turns of
// pgImportDocs documents per iteration (-benchtime=5x is five pairs).
// The machine is shared, so what counts is the ratio within each pair,
// the store's values per second over the loop's (the loop's time over
// the store's): it reports their minimum, median and maximum, of wall
// time (store/pgx) and of CPU time, this process's and the server
// processes' serving each side (cpu-store/pgx), which the load changes
// less.
func BenchmarkPGImportVsPgx(b *testing.B) {
	ctx := context.Background()
	testutil.Postgres(b) // skips, with how to get a server, when there is none
	fx := loadBenchFixtures(b)
	storeApp := benchApp("store")
	db, err := Open(ctx, withParam(testutil.Postgres(b), "application_name", storeApp), testOptions)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	loop := newPgxLoop(b, fx)
	mon, err := sql.Open("pgx", os.Getenv(testutil.PostgresEnv))
	if err != nil {
		b.Fatal(err)
	}
	defer mon.Close()
	var ratios, cpuRatios []float64
	var storeTime, loopTime time.Duration
	var values int
	pair := 0
	for b.Loop() {
		from, to := pair*pgImportDocs, (pair+1)*pgImportDocs
		docs, reports := variants(fx, from, to)
		var bodies [][]byte
		for d := range docs {
			bodies = append(bodies, d.Body)
		}
		var ts, tl, cs, cl time.Duration
		var ns, nl int
		// measure times fn, returning its wall time and CPU time: this
		// process's and the server's for the connections named app.
		measure := func(app string, fn func() (int, error)) (int, time.Duration, time.Duration) {
			c0, s0 := cpuTime(), backendCPU(ctx, b, mon, app)
			start := time.Now()
			n, err := fn()
			wall := time.Since(start)
			if err != nil {
				b.Fatal(err)
			}
			c1, s1 := cpuTime(), backendCPU(ctx, b, mon, app)
			b.Logf("%s: wall %v, CPU %v here and %v in the server", app, wall, c1-c0, s1-s0)
			return n, wall, c1 - c0 + s1 - s0
		}
		runStore := func() {
			ns, ts, cs = measure(storeApp, func() (int, error) { return saveVariants(ctx, db, docs, reports) })
		}
		runLoop := func() {
			nl, tl, cl = measure(loop.app, func() (int, error) { return loop.write(ctx, from, to, bodies) })
		}
		if pair%2 == 0 {
			runStore()
			runLoop()
		} else {
			runLoop()
			runStore()
		}
		if ns != nl {
			b.Fatalf("pair %d: the store wrote %d values, the loop %d", pair, ns, nl)
		}
		ratios = append(ratios, tl.Seconds()/ts.Seconds())
		cpuRatios = append(cpuRatios, cl.Seconds()/cs.Seconds())
		storeTime += ts
		loopTime += tl
		values += ns
		pair++
	}
	reportRatios(b, ratios, "store/pgx")
	reportRatios(b, cpuRatios, "cpu-store/pgx")
	b.ReportMetric(float64(values)/storeTime.Seconds(), "store-stats/s")
	b.ReportMetric(float64(values)/loopTime.Seconds(), "pgx-stats/s")
}

// reportRatios reports the minimum, median and maximum of ratios.
func reportRatios(b *testing.B, ratios []float64, name string) {
	b.Helper()
	if len(ratios) == 0 {
		return
	}
	s := slices.Clone(ratios)
	sort.Float64s(s)
	b.ReportMetric(s[0], name+"-min")
	b.ReportMetric(s[len(s)/2], name+"-median")
	b.ReportMetric(s[len(s)-1], name+"-max")
	b.Logf("%s per pair: %.3f", name, ratios)
}

// BenchmarkPGCompareQuery is BenchmarkCompareQuery on PostgreSQL: one
// code across 18,000 current reports of 1,000,000 values, every row
// read into Go. "fresh" runs right after the bulk load, before any
// VACUUM has marked the pages all-visible, so that every value is read
// from its table page; "vacuumed" after the VACUUM an import ends with
// (and autovacuum runs in time), where the stats_code index answers
// alone (an index-only scan).
func BenchmarkPGCompareQuery(b *testing.B) {
	ctx := context.Background()
	app := benchApp("compare")
	db, err := Open(ctx, withParam(testutil.Postgres(b), "application_name", app), testOptions)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	mon, err := sql.Open("pgx", os.Getenv(testutil.PostgresEnv))
	if err != nil {
		b.Fatal(err)
	}
	defer mon.Close()
	server := func() time.Duration { return backendCPU(ctx, b, mon, app) }
	codes := genStats(b, db, 2250)
	// No autovacuum on these tables while "fresh" runs.
	for _, t := range []string{"stat_rows", "reports"} {
		if _, err := db.db.ExecContext(ctx, `ALTER TABLE `+t+` SET (autovacuum_enabled = off)`); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("fresh", func(b *testing.B) { benchCompare(b, db, codes, server) })
	// What an import leaves (SaveAll ends so).
	if err := db.dia.afterImport(ctx, db.db); err != nil {
		b.Fatal(err)
	}
	b.Run("vacuumed", func(b *testing.B) { benchCompare(b, db, codes, server) })
}
