package store

import (
	"context"
	"fmt"
	"iter"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"nianbao"
	"nianbao/internal/testutil"
)

// withProcs runs f with GOMAXPROCS set to n.
func withProcs(n int, f func()) {
	old := runtime.GOMAXPROCS(n)
	defer runtime.GOMAXPROCS(old)
	f()
}

// SaveAll parses on as many goroutines as GOMAXPROCS: with two, two
// parses run at once.
func TestSaveAllParsesOnEveryCore(t *testing.T) {
	db := mustOpen(t)
	body := mustRead(t, seed)
	var mu sync.Mutex
	active, most := 0, 0
	both := make(chan struct{})
	var once sync.Once // active reaches 2 again when later documents overlap
	parse := func(d Document) (*nianbao.Report, error) {
		mu.Lock()
		active++
		if active > most {
			most = active
		}
		if active == 2 {
			once.Do(func() { close(both) })
		}
		mu.Unlock()
		select { // wait for a second parse, or give up
		case <-both:
		case <-time.After(3 * time.Second):
		}
		mu.Lock()
		active--
		mu.Unlock()
		return parseDocument(d)
	}
	docs := func(yield func(Document) bool) {
		for i := range 4 {
			if !yield(Document{Source: fmt.Sprint(i), Body: append(slices.Clone(body), byte('0'+i))}) {
				return
			}
		}
	}
	withProcs(2, func() {
		if err := db.saveAll(context.Background(), docs, parse, func(_ Document, _ SaveResult, err error) error { return err }); err != nil {
			t.Fatal(err)
		}
	})
	if most < 2 {
		t.Errorf("at most %d parses at once with GOMAXPROCS=2, want 2", most)
	}
}

// parallelDocs are the fixtures, copies of them under sources of their
// own, the same bytes again (unchanged) and changed bytes for the same
// source (revisions), and a document the parser cannot read.
func parallelDocs(t *testing.T) iter.Seq[Document] {
	var docs []Document
	for i, name := range testutil.Fixtures(t) {
		body := mustRead(t, name)
		docs = append(docs, Document{Source: name, Body: body})
		docs = append(docs, Document{Source: fmt.Sprintf("copy/%d", i), Body: append(slices.Clone(body), "\n<!-- copy -->\n"...)})
		if i%3 == 0 {
			docs = append(docs, Document{Source: name, Body: body})
		}
		if i%4 == 1 {
			docs = append(docs, Document{Source: name, Body: append(slices.Clone(body), "\n<!-- revised -->\n"...)})
		}
	}
	docs = append(docs, Document{Source: "empty", Body: nil})
	return slices.Values(docs)
}

// dump is what a database holds of its documents, reports, values and
// findings, as text to compare.
func dump(t *testing.T, db *DB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		// fetched_at is left out: the test clock ticks once per call, and
		// documents prepared on several cores may ask it a different number
		// of times; what must hold is checked below: it never goes back.
		`SELECT id, source, sha256, coalesce(previous_id, 0) FROM documents ORDER BY id`,
		`SELECT count(*) FROM documents d JOIN documents e ON e.id > d.id AND e.fetched_at < d.fetched_at`,
		`SELECT id, document_id, agency, year, template, status, latest, coalesce(error, '') FROM reports ORDER BY id`,
		`SELECT report_id, seq, code, dim, coalesce(CAST(value AS TEXT), 'null'), raw FROM stats ORDER BY report_id, seq`,
		`SELECT report_id, seq, rule, message FROM findings ORDER BY report_id, seq`,
		`SELECT sha256, size, encoding, dict_id, length(data) FROM blobs ORDER BY id`,
	} {
		rows, err := db.db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		n := 0
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
			n++
		}
		rows.Close()
		fmt.Fprintf(&b, "%d rows of %s\n", n, q)
	}
	return b.String()
}

// Import on many cores stores the same documents, reports, values and
// findings as on one, and reports the outcomes in the same order, even
// when later documents finish parsing first.
func TestSaveAllParallelSameAsSequential(t *testing.T) {
	run := func(procs int) (string, string) {
		db := mustOpen(t)
		var mu sync.Mutex
		calls := 0
		parse := func(d Document) (*nianbao.Report, error) {
			mu.Lock()
			calls++
			wait := time.Duration((calls*7)%5) * time.Millisecond // out of order
			mu.Unlock()
			time.Sleep(wait)
			return parseDocument(d)
		}
		var out strings.Builder
		withProcs(procs, func() {
			err := db.saveAll(context.Background(), parallelDocs(t), parse, func(d Document, res SaveResult, err error) error {
				fmt.Fprintf(&out, "%s %s doc %d report %d prev %d supersedes %d alt %d %q status %q err %v\n", d.Source, res.Outcome,
					res.DocumentID, res.ReportID, res.PreviousID, res.Supersedes, res.AlternativeTo, res.Reason, res.Status(), err)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
		return out.String(), dump(t, db)
	}
	out1, db1 := run(1)
	for _, procs := range []int{2, 4} {
		out, db := run(procs)
		if out != out1 {
			t.Errorf("GOMAXPROCS=%d: outcomes\n%s\nwant (GOMAXPROCS=1)\n%s", procs, out, out1)
		}
		if db != db1 {
			t.Errorf("GOMAXPROCS=%d: database differs from GOMAXPROCS=1:\n%s\nwant\n%s", procs, db, db1)
		}
	}
	for _, want := range []string{" new ", " revised ", " unchanged ", "empty"} {
		if !strings.Contains(out1, want) {
			t.Errorf("outcomes lack %q:\n%s", want, out1)
		}
	}
}

// While the writer waits (here on fn), SaveAll goes on preparing the
// next documents on every core, up to lookahead of them, instead of a
// few per core: the parsers do not stop while the writer commits.
func TestSaveAllPreparesAheadOfWriter(t *testing.T) {
	db := mustOpen(t)
	body := mustRead(t, seed)
	var mu sync.Mutex
	parsed := 0
	parse := func(d Document) (*nianbao.Report, error) {
		mu.Lock()
		parsed++
		mu.Unlock()
		return parseDocument(d)
	}
	docs := func(yield func(Document) bool) {
		// The first has no source: its error goes to fn at once, before
		// anything is written, and fn holds the writer there.
		if !yield(Document{Body: body}) {
			return
		}
		for i := range 2 * lookahead {
			if !yield(Document{Source: fmt.Sprint(i), Body: fmt.Appendf(slices.Clone(body), "\n%d", i)}) {
				return
			}
		}
	}
	want := lookahead - 2 // the writer may hold one
	ahead := -1
	withProcs(2, func() {
		err := db.saveAll(context.Background(), docs, parse, func(d Document, _ SaveResult, err error) error {
			if ahead >= 0 {
				return nil
			}
			ahead = waitCount(&mu, &parsed, want)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
	if ahead < want {
		t.Errorf("%d documents prepared while the writer waited, want at least %d", ahead, want)
	}
}

// While the writer is busy (here in fn), one preparer fewer than
// GOMAXPROCS parses: the spare one works only while the writer waits for
// a document, so that the writer is not one of more goroutines than
// cores. With GOMAXPROCS=2, parses overlap only at the start (the writer
// waits for its first document), not once spareBelow documents are
// ready and the writer holds.
func TestSaveAllSpareOnlyWhileWriterWaits(t *testing.T) {
	db := mustOpen(t)
	body := mustRead(t, seed)
	var mu sync.Mutex
	parsed, active, overlapLate := 0, 0, 0
	parse := func(d Document) (*nianbao.Report, error) {
		mu.Lock()
		parsed++
		active++
		if active > 1 && parsed > 2*spareBelow {
			overlapLate++
		}
		mu.Unlock()
		time.Sleep(2 * time.Millisecond) // room to overlap
		mu.Lock()
		active--
		mu.Unlock()
		return parseDocument(d)
	}
	docs := func(yield func(Document) bool) {
		// The first has no source: its error goes to fn at once, and fn
		// holds the writer there.
		if !yield(Document{Body: body}) {
			return
		}
		for i := range lookahead {
			if !yield(Document{Source: fmt.Sprint(i), Body: fmt.Appendf(slices.Clone(body), "\n%d", i)}) {
				return
			}
		}
	}
	held := false
	withProcs(2, func() {
		err := db.saveAll(context.Background(), docs, parse, func(d Document, _ SaveResult, err error) error {
			if held {
				return nil
			}
			held = true
			waitCount(&mu, &parsed, lookahead)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
	if parsed < lookahead {
		t.Fatalf("%d documents parsed, want %d", parsed, lookahead)
	}
	if overlapLate > 0 {
		t.Errorf("%d parses began beside another while the writer held, want none", overlapLate)
	}
}

// SaveAll commits importBatchDocs documents a transaction: the first
// outcome comes once all of them are visible to another connection.
func TestSaveAllCommitsLargeBatches(t *testing.T) {
	db := mustOpen(t)
	n := importBatchDocs - 1
	docs := func(yield func(Document) bool) {
		for i := range n {
			if !yield(Document{Source: fmt.Sprint(i), Body: []byte(fmt.Sprint("document ", i))}) {
				return
			}
		}
	}
	// Not parsed: archived with a failed report, quickly, so that the
	// batch is not cut by its age.
	parse := func(Document) (*nianbao.Report, error) { return nil, fmt.Errorf("not a report") }
	seen := -1
	err := db.saveAll(context.Background(), docs, parse, func(d Document, _ SaveResult, err error) error {
		if err != nil {
			return err
		}
		if seen < 0 {
			if err := db.db.QueryRow(`SELECT count(*) FROM documents`).Scan(&seen); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen != n {
		t.Errorf("%d documents committed with the first, want all %d in one transaction", seen, n)
	}
}

// prepare builds the rows the writer inserts: a report's values and
// findings with everything but the report id, filled in at the write.
func TestPrepareBuildsRows(t *testing.T) {
	db := mustOpen(t)
	p := db.prepare(context.Background(), Document{Source: "seed", Body: mustRead(t, seed)}, parseDocument)
	if p.err != nil || p.report == nil {
		t.Fatalf("prepare: %v, report %v", p.err, p.report)
	}
	r, a := p.report, p.rows.rows
	if len(r.Stats) == 0 || len(r.Findings) == 0 {
		t.Fatalf("the seed gave %d values and %d findings, want some of each", len(r.Stats), len(r.Findings))
	}
	if len(a.stats) != statsColumns*len(r.Stats) || len(a.findings) != findingsColumns*len(r.Findings) {
		t.Fatalf("rows of %d and %d values for %d values and %d findings", len(a.stats), len(a.findings), len(r.Stats), len(r.Findings))
	}
	if p.rows.key != p.rows.args[0] || p.rows.key == "" {
		t.Errorf("version key %q, args[0] %v", p.rows.key, p.rows.args[0])
	}
	a.setReport(42)
	for i := 0; i < len(a.stats); i += statsColumns {
		if a.stats[i] != any(int64(42)) || a.stats[i+3] != r.Stats[i/statsColumns].Code {
			t.Fatalf("stats row %d: %v", i/statsColumns, a.stats[i:i+statsColumns])
		}
	}
	for i := 0; i < len(a.findings); i += findingsColumns {
		if a.findings[i] != any(int64(42)) || a.findings[i+2] != r.Findings[i/findingsColumns].Rule {
			t.Fatalf("findings row %d: %v", i/findingsColumns, a.findings[i:i+findingsColumns])
		}
	}
}

// SaveAll writes the full text of a batch's reports just before it
// commits, so that FTS5 writes one segment a batch, not one a report;
// and each report's text once.
func TestSaveAllProseOneSegmentABatch(t *testing.T) {
	sqliteOnly(t) // SQLite's page cache and FTS5 segments
	db := mustOpen(t)
	body := mustRead(t, seed)
	const n = 12
	docs := func(yield func(Document) bool) {
		for i := range n {
			if !yield(Document{Source: fmt.Sprint(i), Body: fmt.Appendf(slices.Clone(body), "\n%d", i)}) {
				return
			}
		}
	}
	err := db.saveAll(context.Background(), docs, parseDocument, func(_ Document, _ SaveResult, err error) error { return err })
	if err != nil {
		t.Fatal(err)
	}
	if got := count(t, db, `SELECT count(*) FROM report_text`); got != n {
		t.Errorf("%d rows of text for %d reports", got, n)
	}
	if got := count(t, db, `SELECT count(DISTINCT segid) FROM report_text_idx`); got != 1 {
		t.Errorf("%d full-text segments after one batch, want 1", got)
	}
}

// waitCount waits up to 10 seconds for *n, guarded by mu, to reach want,
// and returns it.
func waitCount(mu *sync.Mutex, n *int, want int) int {
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		mu.Lock()
		got := *n
		mu.Unlock()
		if got >= want || !time.Now().Before(deadline) {
			return got
		}
	}
}
