package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"nianbao/internal/testutil"
	"nianbao/parser"
	"nianbao/store"
)

// TestMain runs the command line instead of the tests when the test
// binary is started as a subprocess (see TestKillDuringImport).
func TestMain(m *testing.M) {
	if os.Getenv("NIANBAO_RUN_MAIN") == "1" {
		mm := &Main{Stdout: os.Stdout, Stderr: os.Stderr}
		os.Exit(mm.Run(context.Background(), os.Args[1:]))
	}
	// The tests name their databases; a developer's own archive in
	// $NIANBAO_DB must not become the default of a command they run.
	os.Unsetenv(dbEnv)
	os.Exit(m.Run())
}

// importedDB imports every fixture into a new database and returns its
// path.
func importedDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "test.db")
	files := testutil.Fixtures(t)
	code, out, stderr := run(t, append([]string{"import", "-db", db}, files...)...)
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	if want := fmt.Sprintf("%d new, 0 revised, 0 unchanged", len(files)); !strings.Contains(out, want) {
		t.Fatalf("import output lacks %q:\n%s", want, out)
	}
	return db
}

func TestImportCommand(t *testing.T) {
	db := importedDB(t)
	abs, _ := filepath.Abs(seed)
	// The same bytes again: nothing new.
	code, out, _ := run(t, "import", "-db", db, seed)
	if code != 0 || !strings.Contains(out, "unchanged  "+abs) || !strings.Contains(out, "0 new, 0 revised, 1 unchanged") {
		t.Errorf("re-import: exit %d\n%s", code, out)
	}
	// A copy, imported, then corrected: a revision.
	body, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(t.TempDir(), "seed.txt")
	if err := os.WriteFile(cp, body, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := run(t, "import", "-db", db, cp); code != 0 || !strings.Contains(out, "1 new") {
		t.Fatalf("copy: exit %d\n%s", code, out)
	}
	changed := bytes.Replace(body, []byte("\n806 |"), []byte("\n804 |"), 1)
	if err := os.WriteFile(cp, changed, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = run(t, "import", "-db", db, cp)
	if code != 0 || !strings.Contains(out, "revised") || !strings.Contains(out, "(revises document") || !strings.Contains(out, "0 new, 1 revised") {
		t.Errorf("changed copy: exit %d\n%s", code, out)
	}
	code, out, _ = run(t, "compare", "-db", db, "-code", "proactive.total", "-agency", "赣州")
	if code != 0 || !strings.Contains(out, "804") || strings.Contains(out, "806") {
		t.Errorf("compare after the revision:\n%s", out)
	}
	code, out, _ = run(t, "query", "-db", db, "-csv", "-no-bom", "SELECT count(*) FROM report_versions WHERE agency = '赣州市商务局' AND year = 2017")
	// The seed, its PDF (fixtures/pdf/seed_identityh.pdf), the copy's two versions.
	if code != 0 || out != "count(*)\n4\n" {
		t.Errorf("versions: %q", out)
	}
	// A file that cannot be read is named; one that cannot be parsed is
	// archived.
	pdf := filepath.Join(t.TempDir(), "report.pdf")
	os.WriteFile(pdf, []byte("%PDF-1.7\n"), 0o644)
	code, out, stderr := run(t, "import", "-db", db, pdf, filepath.Join(t.TempDir(), "missing.html"))
	if code != 1 || !strings.Contains(out, "archived, not parsed") || !strings.Contains(stderr, "missing.html") || !strings.Contains(stderr, "1 of 2 files not stored") {
		t.Errorf("pdf and missing: exit %d\n%s\n%s", code, out, stderr)
	}
}

func TestReparseCommand(t *testing.T) {
	db := importedDB(t)
	code, out, stderr := run(t, "reparse", "-db", db)
	want := fmt.Sprintf("reparsed %d documents with parser %s: 0 changed", len(testutil.Fixtures(t)), parser.Version)
	if code != 0 || !strings.Contains(out, want) {
		t.Errorf("reparse: exit %d\n%s%s", code, out, stderr)
	}
}

func TestExportCommand(t *testing.T) {
	db := importedDB(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "values.csv")
	code, _, stderr := run(t, "export", "-db", db, "-o", out, "-layout", "wide", "-year", "2011-2017")
	if code != 0 || !strings.Contains(stderr, "report rows to "+out) {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		t.Error("no byte-order mark")
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 2 || !slices.Contains(recs[0], "主动公开政府信息数 (条)") {
		t.Errorf("wide header %q", recs[0])
	}
	for _, r := range recs[1:] {
		if r[3] < "2011" || r[3] > "2017" {
			t.Errorf("row of year %s outside -year 2011-2017", r[3])
		}
	}
	// JSON Lines on standard output; -findings.
	code, stdout, _ := run(t, "export", "-db", db, "-format", "jsonl", "-findings", "-code", "proactive.total")
	if code != 0 {
		t.Fatal(code)
	}
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		var f struct {
			Rule  string
			Codes []string
		}
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		if !strings.Contains(strings.Join(f.Codes, " "), "proactive.total") {
			t.Errorf("finding %s does not name proactive.total", line)
		}
	}
	if !strings.Contains(stdout, `"rule":"proactive-channels"`) {
		t.Errorf("findings export lacks the seed's channels finding:\n%s", stdout)
	}
	code, stdout, _ = run(t, "export", "-db", db, "-no-bom", "-code", "proactive.total", "-agency", "赣州市商务局")
	if code != 0 || !strings.HasPrefix(stdout, "agency,region,year,") || strings.Count(stdout, "\n") != 2 {
		t.Errorf("-no-bom long export:\n%s", stdout)
	}
}

func TestCompareCommand(t *testing.T) {
	db := importedDB(t)
	code, out, stderr := run(t, "compare", "-db", db, "-code", "proactive.total", "-year", "2011-2017")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"proactive.total 主动公开政府信息数", "(条)", "赣州市商务局", "806 [1]", "—", "cumulative 历年累计",
		"[1] 赣州市商务局 2017: warning source proactive-channels: publication channels: 0+662+0+142+0 = 804",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("compare lacks %q:\n%s", want, out)
		}
	}
	// A dim is shown with the column it is printed under.
	_, byApplicant, _ := run(t, "compare", "-db", db, "-code", "requests.received", "-year", "2019-2019")
	for _, want := range []string{"requests.received 收到申请数 (件)", "natural_person 自然人", "business 商业企业"} {
		if !strings.Contains(byApplicant, want) {
			t.Errorf("compare by applicant lacks %q:\n%s", want, byApplicant)
		}
	}
	// The table is aligned for Chinese: with its last column aligned to
	// the right, every line is as wide as the header, counting wide
	// characters double.
	lines := strings.Split(out, "\n")
	table := lines[1:]
	for i, l := range table {
		if l == "" {
			table = table[:i]
			break
		}
	}
	for _, l := range table[1:] {
		if displayWidth(l) != displayWidth(table[0]) {
			t.Errorf("misaligned:\n%s\n%s", table[0], l)
		}
	}
	// Usage errors.
	for _, args := range [][]string{
		{"compare", "-db", db},
		{"compare", "-db", db, "-code", "proactive.total", "-year", "2019-2011"},
		{"export", "-db", db, "-format", "xml"},
		{"query", "-db", db},
	} {
		if code, _, _ := run(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, stderr := run(t, "compare", "-db", db, "-code", "no.such.code"); code != 1 || !strings.Contains(stderr, "no.such.code") {
		t.Errorf("unknown code: exit %d: %s", code, stderr)
	}
}

func TestQueryCommand(t *testing.T) {
	db := importedDB(t)
	code, out, _ := run(t, "query", "-db", db, "SELECT agency, year, value FROM compare_values WHERE code = 'proactive.total' AND agency = '赣州市商务局'")
	if code != 0 || !strings.Contains(out, "赣州市商务局  2017  806") {
		t.Errorf("query: exit %d\n%s", code, out)
	}
	code, out, _ = run(t, "query", "-db", db, "-csv", "SELECT code, zh FROM indicators WHERE code = 'proactive.total' AND dim = ''")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 0 || err != nil || len(recs) != 2 || !strings.HasPrefix(recs[1][1], "主动公开政府信息数") {
		t.Errorf("query -csv: exit %d %v %q", code, err, recs)
	}
	// The connection refuses writes.
	for _, q := range []string{"DELETE FROM stats", "DROP TABLE stats", "UPDATE reports SET agency = ''", "CREATE TABLE x (y)"} {
		if code, _, stderr := run(t, "query", "-db", db, q); code != 1 || !strings.Contains(stderr, "refused") {
			t.Errorf("%s: exit %d: %s", q, code, stderr)
		}
	}
	if _, out, _ := run(t, "query", "-db", db, "-csv", "-no-bom", "SELECT count(*) > 0 FROM stats"); out != "count(*) > 0\n1\n" {
		t.Errorf("stats gone after refused writes: %q", out)
	}
	if code, _, stderr := run(t, "query", "-db", filepath.Join(t.TempDir(), "none.db"), "SELECT 1"); code != 1 || !strings.Contains(stderr, "none.db") {
		t.Errorf("missing database: exit %d: %s", code, stderr)
	}
}

// TestKillDuringImport kills an import with SIGKILL once some reports
// have landed, then checks that the database opens, passes
// PRAGMA integrity_check and holds only whole reports.
func TestKillDuringImport(t *testing.T) {
	dir := t.TempDir()
	seedBody, err := os.ReadFile(seed)
	if err != nil {
		t.Fatal(err)
	}
	htmlBody := testutil.ReadFixture(t, "html/pingtan_2015.html")
	const n = 1500
	files := make([]string, n)
	for i := range files {
		body, ext := seedBody, ".txt"
		if i%5 == 4 {
			body, ext = htmlBody, ".html"
		}
		files[i] = filepath.Join(dir, fmt.Sprintf("doc%04d%s", i, ext))
		b := append(append([]byte{}, body...), fmt.Sprintf("\n<!-- copy %d -->\n", i)...)
		if err := os.WriteFile(files[i], b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dbPath := filepath.Join(dir, "kill.db")
	cmd := exec.Command(os.Args[0], append([]string{"import", "-db", dbPath}, files...)...)
	cmd.Env = append(os.Environ(), "NIANBAO_RUN_MAIN=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	// Wait for the first reports to land, then kill.
	ctx := context.Background()
	deadline := time.Now().Add(30 * time.Second)
	landed := 0
	for landed == 0 {
		select {
		case err := <-exited:
			t.Fatalf("import ended before it was killed (%v): %s", err, stderr.String())
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("no report landed in 30s: %s", stderr.String())
		}
		landed = countReports(ctx, dbPath)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	if err := <-exited; err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("import was not killed: %v", err)
	}

	db, err := store.Open(ctx, dbPath, storeOptions())
	if err != nil {
		t.Fatalf("database does not open after the kill: %v", err)
	}
	db.Close()
	ro, err := store.OpenQuery(ctx, dbPath, store.QueryLimits{})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	one := func(q string) string {
		t.Helper()
		rows, err := ro.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		return strings.Join(out, "\n")
	}
	if got := one("PRAGMA integrity_check"); got != "ok" {
		t.Fatalf("integrity_check: %s", got)
	}
	if got := one("PRAGMA foreign_key_check"); got != "" {
		t.Errorf("foreign_key_check: %s", got)
	}
	if got := one("SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.document_id = d.id)"); got != "0" {
		t.Errorf("%s documents without a report", got)
	}
	// Every report is whole: as many values and findings as the parser
	// reads from its document.
	rows, err := ro.Query(ctx, `SELECT r.id, r.document_id, (SELECT count(*) FROM stats s WHERE s.report_id = r.id),
		(SELECT count(*) FROM findings f WHERE f.report_id = r.id) FROM reports r`)
	if err != nil {
		t.Fatal(err)
	}
	type counts struct{ id, doc, stats, findings int64 }
	var reports []counts
	for rows.Next() {
		var c counts
		if err := rows.Scan(&c.id, &c.doc, &c.stats, &c.findings); err != nil {
			t.Fatal(err)
		}
		reports = append(reports, c)
	}
	rows.Close()
	if len(reports) == 0 || len(reports) >= n {
		t.Fatalf("%d reports after the kill; want some of %d", len(reports), n)
	}
	for _, c := range reports {
		body, err := ro.Body(ctx, c.doc)
		if err != nil {
			t.Fatal(err)
		}
		r, err := parser.Parse(body, parser.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if c.stats != int64(len(r.Stats)) || c.findings != int64(len(r.Findings)) {
			t.Errorf("report %d: %d values and %d findings stored, the document has %d and %d", c.id, c.stats, c.findings, len(r.Stats), len(r.Findings))
		}
	}
	t.Logf("killed after %d reports had landed; %d whole reports in the database", landed, len(reports))
}

// countReports returns how many reports the database at path holds, 0
// while it cannot be read yet.
func countReports(ctx context.Context, path string) int {
	db, err := store.OpenQuery(ctx, path, store.QueryLimits{})
	if err != nil {
		return 0
	}
	defer db.Close()
	rows, err := db.Query(ctx, "SELECT count(*) FROM reports")
	if err != nil {
		return 0
	}
	defer rows.Close()
	n := 0
	if rows.Next() {
		rows.Scan(&n)
	}
	return n
}
