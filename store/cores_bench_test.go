package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"nianbao"
	"nianbao/internal/testutil"
	"nianbao/parser"
)

// realReports are the fixtures' real report pages: every page of html/
// but the listing, every text rendering of text/, and the seed.
func realReports(tb testing.TB) []string {
	var out []string
	for _, n := range testutil.Fixtures(tb) {
		dir := filepath.Base(filepath.Dir(n))
		if dir == "seed" || dir == "text" || (dir == "html" && filepath.Base(n) != "listing_index.html") {
			out = append(out, n)
		}
	}
	return out
}

// copies yields n distinct documents made from bodies: copy i is page
// i%len(bodies) with a comment of its own appended, under a source of
// its own, copy/i.
func copies(bodies [][]byte, n int) iter.Seq[Document] {
	return func(yield func(Document) bool) {
		for i := range n {
			b := bodies[i%len(bodies)]
			body := fmt.Appendf(append(make([]byte, 0, len(b)+32), b...), "\n<!-- copy %d -->\n", i)
			if !yield(Document{Source: fmt.Sprintf("copy/%d", i), Body: body}) {
				return
			}
		}
	}
}

// parseCopy parses a copy with the parser and gives its report an agency
// of its own (the page's agency and the copy's number), so that every
// copy is a report identity of its own, as n different reports would be.
func parseCopy(d Document) (*nianbao.Report, error) {
	r, err := parseDocument(d)
	if r != nil {
		r.Agency += strings.TrimPrefix(d.Source, "copy/")
	}
	return r, err
}

// importCopies runs nianbao import's path (SaveAll with the parser) over
// n copies on procs cores, into a new database, and returns the time.
func importCopies(b testing.TB, bodies [][]byte, n, procs int) time.Duration {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("import-%d-%d.db", n, procs)), testOptions)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	runtime.GC()
	old := runtime.GOMAXPROCS(procs)
	defer runtime.GOMAXPROCS(old)
	stored := 0
	start := time.Now()
	err = db.saveAll(ctx, copies(bodies, n), parseCopy, func(d Document, res SaveResult, err error) error {
		if err != nil {
			return err
		}
		if res.Outcome != nianbao.OutcomeNew {
			return fmt.Errorf("%s: %s", d.Source, res.Outcome)
		}
		stored++
		return nil
	})
	elapsed := time.Since(start)
	if err != nil {
		b.Fatal(err)
	}
	if stored != n {
		b.Fatalf("%d of %d stored", stored, n)
	}
	return elapsed
}

// bareParseInsert is the bare loop import is measured against: one
// goroutine that, for each copy, parses the page with goquery, hashes and
// compresses it, and inserts the rows the store writes for it (blob,
// document, report, values, findings, finding codes; the report read
// beforehand from the same page by the parser) with one prepared INSERT
// per row, importBatchDocs documents a transaction (as SaveAll commits
// them), into the store's schema.
// It returns the time.
func bareParseInsert(b testing.TB, bodies [][]byte, reports []*nianbao.Report, n int) time.Duration {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("bare-%d.db", n)), testOptions)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	runtime.GC()
	const now = "2025-01-01T00:00:00.000000Z"
	start := time.Now()
	var tx *sql.Tx
	var stmts []*sql.Stmt
	begin := func() {
		if tx, err = db.db.BeginTx(ctx, nil); err != nil {
			b.Fatal(err)
		}
		stmts = stmts[:0]
		for _, q := range schemaInserts {
			s, err := tx.PrepareContext(ctx, q)
			if err != nil {
				b.Fatal(err)
			}
			stmts = append(stmts, s)
		}
	}
	exec := func(s *sql.Stmt, args ...any) {
		if _, err := s.ExecContext(ctx, args...); err != nil {
			b.Fatal(err)
		}
	}
	i := 0
	for d := range copies(bodies, n) {
		if i%importBatchDocs == 0 {
			begin()
		}
		if _, err := goquery.NewDocumentFromReader(bytes.NewReader(d.Body)); err != nil {
			b.Fatal(err)
		}
		sum := sha256.Sum256(d.Body)
		hash := hex.EncodeToString(sum[:])
		z, err := compress(d.Body)
		if err != nil {
			b.Fatal(err)
		}
		r := reports[i%len(reports)]
		id := i + 1
		exec(stmts[0], hash, len(d.Body), z)
		exec(stmts[1], id, d.Source, now, hash)
		agency := r.Agency + strconv.Itoa(i)
		exec(stmts[2], id, id, now, fmt.Sprintf("%s||%d", agency, r.Year), agency, r.Year, r.Template, r.Title, parser.Version, r.Status(), now)
		for j, s := range r.Stats {
			var v any
			if s.Value != nil {
				v = *s.Value
			}
			exec(stmts[3], id, j, s.Table, s.Section, s.Code, s.Dim, s.Row, s.Column, s.Unit, v, s.Raw, s.Derived)
		}
		for j, f := range r.Findings {
			exec(stmts[4], id, j, f.Rule, f.Severity, f.Message)
			for _, c := range f.Codes {
				exec(stmts[5], id, j, c)
			}
		}
		i++
		if i%importBatchDocs == 0 || i == n {
			for _, s := range stmts {
				s.Close()
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
		}
	}
	return time.Since(start)
}

// BenchmarkImportCores imports 1,000 and 10,000 distinct copies of the
// fixtures' real report pages as nianbao import does (read, hash,
// compress, parse, store), with GOMAXPROCS=1 and with GOMAXPROCS=2, and
// runs the bare loop (bareParseInsert, GOMAXPROCS=2) over the same
// copies; the three take turns in each iteration, in an order that
// rotates. It reports the time per document of each (median over the
// iterations) and the ratios of each iteration's paired runs: speedup
// is 1-core time over 2-core time; of-bare is the bare loop's time over
// import's on 2 cores (import's rate as a share of the bare loop's).
// NIANBAO_IMPORT_DOCS=1000,3000 sets other sizes.
//
//	go test ./store -run XXX -bench ImportCores -benchtime 3x -timeout 60m
func BenchmarkImportCores(b *testing.B) {
	names := realReports(b)
	var bodies [][]byte
	var reports []*nianbao.Report
	for _, n := range names {
		body := mustRead(b, n)
		r, err := parser.Parse(body, parser.Options{Source: n})
		if err != nil {
			b.Fatalf("%s: %v", n, err)
		}
		bodies = append(bodies, body)
		reports = append(reports, r)
	}
	sizes := []int{1000, 10000}
	if env := os.Getenv("NIANBAO_IMPORT_DOCS"); env != "" {
		sizes = nil
		for _, f := range strings.Split(env, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n <= 0 {
				b.Fatalf("NIANBAO_IMPORT_DOCS: %q is not a number of documents", f)
			}
			sizes = append(sizes, n)
		}
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			var one, two, bare []time.Duration
			var speedup, ofBare []float64
			for it := range b.N {
				var t1, t2, tb time.Duration
				var cpu [3]time.Duration // CPU time of each run
				runs := []func(){
					func() { t1 = importCopies(b, bodies, n, 1) },
					func() { t2 = importCopies(b, bodies, n, 2) },
					func() { tb = bareParseInsert(b, bodies, reports, n) },
				}
				for k := range runs {
					r := (k + it) % len(runs)
					c := cpuTime()
					runs[r]()
					cpu[r] = cpuTime() - c
				}
				one, two, bare = append(one, t1), append(two, t2), append(bare, tb)
				speedup = append(speedup, t1.Seconds()/t2.Seconds())
				ofBare = append(ofBare, tb.Seconds()/t2.Seconds())
				// Printed at once, not logged at the end: a long run
				// stopped half-way keeps the pairs it measured.
				fmt.Fprintf(os.Stderr, "ImportCores docs=%d run %d: 1 core %v, 2 cores %v, bare %v; speedup %.2f, of bare %.2f; CPU time %v, %v, %v\n", n, it+1,
					t1.Round(time.Millisecond), t2.Round(time.Millisecond), tb.Round(time.Millisecond), speedup[it], ofBare[it],
					cpu[0].Round(time.Millisecond), cpu[1].Round(time.Millisecond), cpu[2].Round(time.Millisecond))
			}
			perDoc := func(ds []time.Duration) float64 { return float64(median(ds)) / float64(n) / 1e6 }
			b.ReportMetric(perDoc(one), "ms/doc-1core")
			b.ReportMetric(perDoc(two), "ms/doc-2cores")
			b.ReportMetric(perDoc(bare), "ms/doc-bare")
			b.ReportMetric(slices.Min(speedup), "speedup-min")
			b.ReportMetric(medianF(speedup), "speedup-median")
			b.ReportMetric(slices.Max(speedup), "speedup-max")
			b.ReportMetric(slices.Min(ofBare), "of-bare-min")
			b.ReportMetric(medianF(ofBare), "of-bare-median")
			b.ReportMetric(slices.Max(ofBare), "of-bare-max")
			b.ReportMetric(0, "ns/op")
		})
	}
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func medianF(fs []float64) float64 {
	s := slices.Clone(fs)
	sort.Float64s(s)
	return s[len(s)/2]
}

// BenchmarkImportProfile imports NIANBAO_IMPORT_DOCS (1,000 by default)
// distinct copies as BenchmarkImportCores does, on one core (cores=1) or
// two (cores=2), for a CPU profile: SaveAll's goroutines carry the
// labels store=writer (the one goroutine that inserts and commits) and
// store=prepare (those that hash, compress, parse and build the rows on
// every core), so that the writer's share of the CPU, the serial
// fraction of an import, is read from the profile whatever the
// machine's load:
//
//	go test ./store -run XXX -bench 'ImportProfile/cores=1' -benchtime 3x -cpuprofile cpu.out
//	go tool pprof -tags cpu.out
func BenchmarkImportProfile(b *testing.B) {
	names := realReports(b)
	var bodies [][]byte
	for _, n := range names {
		bodies = append(bodies, mustRead(b, n))
	}
	n := envCount(b, "NIANBAO_IMPORT_DOCS", 1000)
	for _, procs := range []int{1, 2} {
		b.Run(fmt.Sprintf("cores=%d", procs), func(b *testing.B) {
			var total time.Duration
			for range b.N {
				total += importCopies(b, bodies, n, procs)
			}
			b.ReportMetric(float64(total)/float64(b.N)/float64(n)/1e6, "ms/doc")
			b.ReportMetric(0, "ns/op")
		})
	}
}
