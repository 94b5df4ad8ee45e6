package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"nianbao"
	"nianbao/internal/testutil"
	"nianbao/parser"
)

// openSchema creates a database at path with the migrations up to and
// including version, as a nianbao of that schema would have left it.
func openSchema(t *testing.T, path string, version int) *sql.DB {
	t.Helper()
	sdb, err := sql.Open("sqlite", "file:"+escapePath(path)+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sdb.Close() })
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.version > version {
			break
		}
		src, err := migrationFS.ReadFile(m.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sdb.Exec(string(src)); err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
		if _, err := sdb.Exec(fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
			t.Fatal(err)
		}
	}
	return sdb
}

// oldReports writes n current reports (ids 1 to n, agency 某局N, year
// 2020), their documents and blobs into sdb, an archive openSchema made,
// and returns a function that runs a statement there or fails t.
func oldReports(t *testing.T, sdb *sql.DB, n int) func(q string, args ...any) {
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := sdb.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for r := 1; r <= n; r++ {
		sha := fmt.Sprintf("%064d", r)
		exec(`INSERT INTO blobs (sha256, size, encoding, data) VALUES (?, 0, 'gzip', x'')`, sha)
		exec(`INSERT INTO documents (id, source, fetched_at, sha256) VALUES (?, ?, '2025-01-01T00:00:00.000000Z', ?)`, r, fmt.Sprintf("old%d.html", r), sha)
		exec(`INSERT INTO reports (id, document_id, version_key, latest, fetched_at, agency, year, template, parser_version, status, parsed_at)
			VALUES (?, ?, ?, 1, '2025-01-01T00:00:00.000000Z', ?, 2020, 'national-2019', '0.9', 'ok', '2025-01-01T00:00:00.000000Z')`,
			r, r, fmt.Sprintf("某局%d|2020", r), fmt.Sprintf("某局%d", r))
	}
	return exec
}

// rulesAfter004 are the rules of kind other than reading the parser
// first emitted after migration 004: no database of schema 003 holds
// them, so the migration's backfill need not know them.
var rulesAfter004 = map[string]bool{"missing-column": true, "identity-from-link": true}

// A database of schema 003 (findings without a kind) opened by this
// nianbao: migration 004 gives every stored finding the kind the parser
// gives its rule, including the one-per-cell blank-cell of parser 0.4, and
// reading to a rule nobody decided; report_findings counts them by kind.
func TestMigrationBackfillsKind(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old := openSchema(t, path, 3)
	for _, q := range []string{
		`INSERT INTO blobs (sha256, size, encoding, data) VALUES ('ab', 0, 'gzip', x'')`,
		`INSERT INTO documents (id, source, fetched_at, sha256) VALUES (1, 'old.html', '2025-01-01T00:00:00.000000Z', 'ab')`,
		`INSERT INTO reports (id, document_id, version_key, latest, fetched_at, agency, year, template, parser_version, status, parsed_at)
			VALUES (1, 1, '某局|2020', 1, '2025-01-01T00:00:00.000000Z', '某局', 2020, 'national-2019', '0.4.1', 'partial', '2025-01-01T00:00:00.000000Z')`,
	} {
		if _, err := old.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	rules := []string{"a-rule-nobody-decided"}
	for r := range parser.RuleKinds() {
		if !rulesAfter004[r] {
			rules = append(rules, r)
		}
	}
	want := map[nianbao.Kind]int{}
	sourceWarnings := 0
	for i, r := range rules {
		sev := nianbao.SeverityWarning
		if i%3 == 0 {
			sev = nianbao.SeverityInfo
		}
		if _, err := old.Exec(`INSERT INTO findings (report_id, seq, rule, severity, message, codes) VALUES (1, ?, ?, ?, 'm', '[]')`, i, r, sev); err != nil {
			t.Fatal(err)
		}
		k := parser.KindOf(r)
		want[k]++
		if k == nianbao.KindSource && sev != nianbao.SeverityInfo {
			sourceWarnings++
		}
	}
	old.Close()

	db, err := Open(ctx, path, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.db.Query(`SELECT rule, kind FROM findings ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		var rule string
		var kind nianbao.Kind
		if err := rows.Scan(&rule, &kind); err != nil {
			t.Fatal(err)
		}
		if kind != parser.KindOf(rule) {
			t.Errorf("migrated %s: kind %q, the parser says %q (migration 004's CASE and parser/kind.go disagree)", rule, kind, parser.KindOf(rule))
		}
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if n != len(rules) {
		t.Errorf("%d findings after migration, want %d", n, len(rules))
	}
	var src, reading, meta, srcWarn, total int
	if err := db.db.QueryRow(`SELECT source_findings, reading_findings, metadata_findings, source_warnings, findings FROM report_findings WHERE report_id = 1`).
		Scan(&src, &reading, &meta, &srcWarn, &total); err != nil {
		t.Fatal(err)
	}
	if src != want[nianbao.KindSource] || reading != want[nianbao.KindReading] || meta != want[nianbao.KindMetadata] || srcWarn != sourceWarnings || total != len(rules) {
		t.Errorf("report_findings: %d source (%d warnings), %d reading, %d metadata of %d; want %v, %d", src, srcWarn, reading, meta, total, want, sourceWarnings)
	}
	if src == 0 || reading == 0 || meta == 0 || srcWarn == 0 {
		t.Errorf("the test should cover every kind: %v", want)
	}
	var note string
	if err := db.db.QueryRow(`SELECT note FROM notes WHERE name = 'report_findings'`).Scan(&note); err != nil || !strings.Contains(note, "source_warnings") {
		t.Errorf("report_findings note %q (%v)", note, err)
	}
	if err := db.db.QueryRow(`SELECT note FROM notes WHERE name = 'findings'`).Scan(&note); err != nil || !strings.Contains(note, "kind") {
		t.Errorf("findings note %q (%v)", note, err)
	}
	var schema string
	if err := db.db.QueryRow(`SELECT sql FROM sqlite_schema WHERE name = 'findings'`).Scan(&schema); err != nil || !strings.Contains(schema, "kind /* source, reading or metadata") {
		t.Errorf("findings.kind has no comment in the schema: %q (%v)", schema, err)
	}
	// a new report stores the parser's kinds next to the migrated ones
	mustSave(t, db, seed, mustRead(t, seed))
	if n := count(t, db, `SELECT count(*) FROM findings f JOIN reports r ON r.id = f.report_id JOIN documents d ON d.id = r.document_id
		WHERE d.source = ? AND f.rule = 'proactive-channels' AND f.kind = 'source'`, seed); n != 1 {
		t.Errorf("%d source proactive-channels findings on the seed, want 1", n)
	}
}

// Findings and ValueFindings carry the stored kind.
func TestFindingsKind(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	mustSave(t, db, seed, mustRead(t, seed))
	kinds := map[string]nianbao.Kind{}
	if err := db.Findings(ctx, Filter{}, func(f FindingRow) error {
		kinds[f.Rule] = f.Kind
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, rule := range []string{"proactive-channels", "published-before-year-end", "truncated"} {
		if kinds[rule] != parser.KindOf(rule) {
			t.Errorf("Findings: %s kind %q, want %q", rule, kinds[rule], parser.KindOf(rule))
		}
	}
	var id int64
	if err := db.db.QueryRow(`SELECT report_id FROM latest_reports`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	fs, err := db.ValueFindings(ctx, id, "proactive.total")
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].Rule != "proactive-channels" || fs[0].Kind != nianbao.KindSource {
		t.Errorf("ValueFindings: %+v", fs)
	}
}

// The blank values of a real rendering keep their link to the one
// blank-cells finding of their table: stats.findings counts it and
// ValueFindings returns it.
func TestBlankValuesLinked(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	name := testutil.Fixture("renderings/030_shidz-gxq-shfzj_2022_excerpt.txt")
	res := mustSave(t, db, name, mustRead(t, name))
	if n := count(t, db, `SELECT count(*) FROM findings WHERE report_id = ? AND rule = 'blank-cells' AND severity = 'info' AND kind = 'reading'`, res.ReportID); n != 1 {
		t.Fatalf("%d blank-cells findings, want 1", n)
	}
	rows, err := db.db.Query(`SELECT code, dim, findings FROM stats WHERE report_id = ? AND value IS NULL AND raw = '' AND derived = 0`, res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	type blank struct {
		code, dim string
		n         int
	}
	var blanks []blank
	for rows.Next() {
		var b blank
		if err := rows.Scan(&b.code, &b.dim, &b.n); err != nil {
			t.Fatal(err)
		}
		blanks = append(blanks, b)
	}
	rows.Close()
	if len(blanks) != 9 {
		t.Errorf("%d blank values, want 9", len(blanks))
	}
	for _, b := range blanks {
		fs, err := db.ValueFindings(ctx, res.ReportID, b.code)
		if err != nil {
			t.Fatal(err)
		}
		linked := false
		for _, f := range fs {
			linked = linked || f.Rule == "blank-cells"
		}
		if !linked || b.n != len(fs) {
			t.Errorf("%s/%s: %d findings on the value, %+v; want the blank-cells finding among them", b.code, b.dim, b.n, fs)
		}
	}
}
