package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"nianbao"
	"nianbao/internal/testutil"
	"nianbao/parser"
)

var seed = testutil.Fixture("seed/000_d451e8e22817c643.txt")

// mustOpen opens a new database, with a clock that starts at a fixed
// time and ticks a second per call: a file in a temporary directory, or
// with NIANBAO_TEST_BACKEND=postgres a new schema of the test server
// (testutil.Postgres).
func mustOpen(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), testDSN(t), testOptions)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	var mu sync.Mutex // an import prepares documents on every core
	db.Now = func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		clock = clock.Add(time.Second)
		return clock
	}
	return db
}

// testDSN is where mustOpen opens its database: a new file, or a new
// PostgreSQL schema when the suite runs on PostgreSQL.
func testDSN(t testing.TB) string {
	if testutil.StoreBackend() == "postgres" {
		return testutil.Postgres(t)
	}
	return filepath.Join(t.TempDir(), "test.db")
}

// sqliteOnly skips a test of what only the SQLite backend has (the file,
// its WAL, its authorizer) when the suite runs on PostgreSQL.
func sqliteOnly(t testing.TB) {
	t.Helper()
	if testutil.StoreBackend() != "sqlite" {
		t.Skip("SQLite only: the test is about the SQLite file")
	}
}

// refuseInsert makes every INSERT into table whose new row meets cond
// (SQL naming the row NEW) fail, by a trigger of the backend's own.
func refuseInsert(t testing.TB, db *DB, table, cond string) {
	t.Helper()
	stmts := []string{`CREATE TRIGGER refuse BEFORE INSERT ON ` + table + ` WHEN ` + cond + `
		BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`}
	if db.Dialect() == "postgres" {
		stmts = []string{
			`CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN IF ` + cond + ` THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`,
			`CREATE TRIGGER refuse BEFORE INSERT ON ` + table + ` FOR EACH ROW EXECUTE FUNCTION refuse()`,
		}
	}
	for _, q := range stmts {
		if _, err := db.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}

func mustSave(t testing.TB, db *DB, source string, body []byte) SaveResult {
	t.Helper()
	res, err := db.SaveDocument(context.Background(), Document{Source: source, Body: body})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func mustRead(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// importAll stores every fixture and returns what the parser reads from
// each, by source.
func importAll(t testing.TB, db *DB) map[string]*nianbao.Report {
	t.Helper()
	want := map[string]*nianbao.Report{}
	for _, name := range testutil.Fixtures(t) {
		body := mustRead(t, name)
		res := mustSave(t, db, name, body)
		if res.Outcome != nianbao.OutcomeNew {
			t.Fatalf("%s: outcome %s, want new", name, res.Outcome)
		}
		r, err := parser.Parse(body, parser.Options{Source: name})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want[name] = r
	}
	return want
}

func count(t testing.TB, db *DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func TestImportFixtures(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	want := importAll(t, db)

	if n := count(t, db, `SELECT count(*) FROM documents`); n != len(want) {
		t.Errorf("%d documents, want %d", n, len(want))
	}
	for source, r := range want {
		var status, template, agency string
		var nstats, nfindings int
		err := db.db.QueryRow(`SELECT r.status, r.template, r.agency,
				(SELECT count(*) FROM stats s WHERE s.report_id = r.id),
				(SELECT count(*) FROM findings f WHERE f.report_id = r.id)
			FROM reports r JOIN documents d ON d.id = r.document_id WHERE d.source = ?`, source).Scan(&status, &template, &agency, &nstats, &nfindings)
		if err != nil {
			t.Fatalf("%s: %v", source, err)
		}
		if status != r.Status() || template != string(r.Template) || agency != r.Agency || nstats != len(r.Stats) || nfindings != len(r.Findings) {
			t.Errorf("%s: stored %s %s %s, %d values, %d findings; parser %s %s %s, %d, %d",
				source, status, template, agency, nstats, nfindings, r.Status(), r.Template, r.Agency, len(r.Stats), len(r.Findings))
		}
	}

	// The seed, value by value, through stat_values.
	r := want[seed]
	var got []Value
	if err := db.Values(ctx, Filter{Agency: "赣州市商务局", YearFrom: 2017, YearTo: 2017}, func(v Value) error {
		got = append(got, v)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(r.Stats) {
		t.Fatalf("%d seed values, want %d", len(got), len(r.Stats))
	}
	for i, v := range got {
		s := r.Stats[i]
		if v.Code != s.Code || v.Dim != s.Dim || v.Row != s.Row || v.Column != s.Column || v.Unit != s.Unit || v.Raw != s.Raw ||
			v.Table != s.Table || v.Section != s.Section || (v.Value == nil) != (s.Value == nil) || (v.Value != nil && *v.Value != *s.Value) {
			t.Errorf("value %d: stored %+v, parser %+v", i, v, s)
		}
		if v.Source != seed || v.Year != 2017 || v.Template != nianbao.TemplateNational2014 || len(v.SHA256) != 64 || v.FetchedAt == "" {
			t.Errorf("value %d provenance: %+v", i, v)
		}
		// Findings on a value: those whose codes name it.
		n := 0
		for _, f := range r.Findings {
			if slices.Contains(f.Codes, s.Code) {
				n++
			}
		}
		if v.Findings != n {
			t.Errorf("%s: %d findings on the value, want %d", v.Code, v.Findings, n)
		}
	}
	// The seed's published total, and the channels finding on it.
	var total *Value
	for i := range got {
		if got[i].Code == "proactive.total" {
			total = &got[i]
		}
	}
	if total == nil || total.Value == nil || *total.Value != 806 || total.Findings == 0 || total.LabelZH == "" {
		t.Errorf("seed proactive.total: %+v", total)
	}

	// report_findings counts each current report's findings by severity
	// and by kind.
	checked := 0
	for source, r := range want {
		sev, kind := map[nianbao.Severity]int{}, map[nianbao.Kind]int{}
		sourceWarnings := 0
		var rules []string
		for _, f := range r.Findings {
			sev[f.Severity]++
			kind[f.Kind]++
			if f.Kind == nianbao.KindSource && f.Severity != nianbao.SeverityInfo {
				sourceWarnings++
			}
			if !slices.Contains(rules, f.Rule) {
				rules = append(rules, f.Rule)
			}
		}
		var n, errs, warns, infos, src, reading, meta, srcWarn int
		var got string
		err := db.db.QueryRow(`SELECT findings, errors, warnings, infos, source_findings, reading_findings, metadata_findings, source_warnings, rules
			FROM report_findings WHERE source = ?`, source).Scan(&n, &errs, &warns, &infos, &src, &reading, &meta, &srcWarn, &got)
		if errors.Is(err, sql.ErrNoRows) && count(t, db, `SELECT count(*) FROM latest_reports WHERE source = ?`, source) == 0 {
			continue // an older version of the same agency × year
		}
		if err != nil {
			t.Fatalf("report_findings %s: %v", source, err)
		}
		gotRules := strings.Split(got, ",")
		if got == "" {
			gotRules = nil
		}
		slices.Sort(gotRules)
		slices.Sort(rules)
		if n != len(r.Findings) || errs != sev[nianbao.SeverityError] || warns != sev[nianbao.SeverityWarning] || infos != sev[nianbao.SeverityInfo] || !slices.Equal(gotRules, rules) {
			t.Errorf("report_findings %s: %d = %d+%d+%d %v; want %d %v %v", source, n, errs, warns, infos, gotRules, len(r.Findings), sev, rules)
		}
		if src != kind[nianbao.KindSource] || reading != kind[nianbao.KindReading] || meta != kind[nianbao.KindMetadata] ||
			src+reading+meta != n || srcWarn != sourceWarnings {
			t.Errorf("report_findings %s: kinds %d+%d+%d, %d source warnings; want %v, %d", source, src, reading, meta, srcWarn, kind, sourceWarnings)
		}
		// the findings table holds each finding's kind
		for i, f := range r.Findings {
			var k nianbao.Kind
			if err := db.db.QueryRow(`SELECT f.kind FROM findings f JOIN latest_reports lr ON lr.report_id = f.report_id
				WHERE lr.source = ? AND f.seq = ?`, source, i).Scan(&k); err != nil || k != f.Kind {
				t.Errorf("%s finding %d (%s): stored kind %q (%v), want %q", source, i, f.Rule, k, err, f.Kind)
			}
		}
		checked++
	}
	if rows := count(t, db, `SELECT count(*) FROM report_findings`); checked != rows || checked < 10 {
		t.Errorf("checked %d reports of report_findings' %d", checked, rows)
	}
}

func TestDataDictionary(t *testing.T) {
	db := mustOpen(t)
	inds := parser.Indicators()
	rows := 0
	for _, in := range inds {
		rows += max(1, len(in.Dims))
	}
	if n := count(t, db, `SELECT count(*) FROM indicators`); n != rows {
		t.Errorf("%d indicator rows, want %d (one per code and dim)", n, rows)
	}
	for _, in := range inds {
		dims := in.Dims
		if len(dims) == 0 {
			dims = []string{""}
		}
		for _, dim := range dims {
			var zh, en, unit, templates, desc string
			err := db.db.QueryRow(`SELECT zh, en, unit, templates, description FROM indicators WHERE code = ? AND dim = ?`, in.Code, dim).Scan(&zh, &en, &unit, &templates, &desc)
			if err != nil {
				t.Fatalf("%s/%s: %v", in.Code, dim, err)
			}
			if zh != in.ZH || en != in.EN || unit != in.UnitOf(dim) || templates != strings.Join(in.Templates, ",") || desc != in.DescribeDim(dim) {
				t.Errorf("%s/%s: stored %q %q %q %q %q", in.Code, dim, zh, en, unit, templates, desc)
			}
		}
	}
	// A dim in a unit of its own says so, and says which column it is.
	for _, c := range []struct{ code, dim, unit, column string }{
		{"proactive.procurement", "amount", "万元", "采购总金额 (2019)"},
		{"proactive.licensing", "decisions", "件", "本年处理决定数量 (2021)"},
		{"requests.received", "natural_person", "件", "自然人 (2019, 2021)"},
		{"proactive.total", "cumulative", "条", "历年累计 (Fujian annex)"},
		{"requests.received", "", "件/条", "总计 (2019, 2021)"},
	} {
		var unit, desc string
		if err := db.db.QueryRow(`SELECT unit, description FROM indicators WHERE code = ? AND dim = ?`, c.code, c.dim).Scan(&unit, &desc); err != nil {
			t.Fatalf("%s/%s: %v", c.code, c.dim, err)
		}
		if unit != c.unit || !strings.Contains(desc, c.column) {
			t.Errorf("%s/%s: unit %q, description %q; want %q and column %q", c.code, c.dim, unit, desc, c.unit, c.column)
		}
	}
	// Every table and view explains itself.
	q := `SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'`
	if db.Dialect() == "postgres" {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> 'nianbao_schema'`
	}
	rs, err := db.db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	for rs.Next() {
		var name string
		rs.Scan(&name)
		if n := count(t, db, `SELECT count(*) FROM notes WHERE name = ?`, name); n != 1 {
			t.Errorf("no note for %s", name)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM meta WHERE key = 'indicators_parser_version' AND value = ?`, parser.Version); n != 1 {
		t.Error("meta lacks the parser version of the dictionary")
	}
}

func TestSameBytesTwice(t *testing.T) {
	db := mustOpen(t)
	body := mustRead(t, seed)
	first := mustSave(t, db, seed, body)
	before := count(t, db, `SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM blobs) + (SELECT count(*) FROM reports) + (SELECT count(*) FROM stats)`)
	again := mustSave(t, db, seed, body)
	if again.Outcome != nianbao.OutcomeUnchanged || again.DocumentID != first.DocumentID || again.ReportID != first.ReportID {
		t.Errorf("second save: %+v, first %+v", again, first)
	}
	if after := count(t, db, `SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM blobs) + (SELECT count(*) FROM reports) + (SELECT count(*) FROM stats)`); after != before {
		t.Errorf("rows %d → %d: the same bytes stored something", before, after)
	}
	// The same bytes under another source: a document of its own, the
	// bytes kept once.
	other := mustSave(t, db, "copy-of-seed.txt", body)
	if other.Outcome != nianbao.OutcomeNew || count(t, db, `SELECT count(*) FROM blobs`) != 1 {
		t.Errorf("same bytes, other source: %+v, %d blobs", other, count(t, db, `SELECT count(*) FROM blobs`))
	}
}

func TestRevision(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	body := mustRead(t, seed)
	first := mustSave(t, db, seed, body)
	// The publisher corrects 806 to 804.
	changed := bytes.Replace(body, []byte("\n806 |"), []byte("\n804 |"), 1)
	if bytes.Equal(changed, body) {
		t.Fatal("seed does not print 806 at the start of a line")
	}
	second := mustSave(t, db, seed, changed)
	if second.Outcome != nianbao.OutcomeRevised || second.PreviousID != first.DocumentID || second.ReportID == first.ReportID {
		t.Fatalf("revision: %+v", second)
	}
	// latest_reports has the new version only; history keeps both.
	var latestID int64
	if err := db.db.QueryRow(`SELECT report_id FROM latest_reports WHERE agency = '赣州市商务局' AND year = 2017`).Scan(&latestID); err != nil {
		t.Fatal(err)
	}
	if latestID != second.ReportID || count(t, db, `SELECT count(*) FROM latest_reports`) != 1 {
		t.Errorf("latest report %d, want %d", latestID, second.ReportID)
	}
	if n := count(t, db, `SELECT count(*) FROM report_versions WHERE agency = '赣州市商务局' AND year = 2017`); n != 2 {
		t.Errorf("%d versions in history, want 2", n)
	}
	if n := count(t, db, `SELECT version FROM report_versions WHERE report_id = ?`, second.ReportID); n != 2 {
		t.Errorf("revision is version %d, want 2", n)
	}
	var cv []CompareValue
	if err := db.Compare(ctx, "proactive.total", Filter{}, func(v CompareValue) error { cv = append(cv, v); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(cv) != 1 || *cv[0].Value != 804 || cv[0].ReportID != second.ReportID {
		t.Errorf("compare after revision: %+v", cv)
	}
	// The old version's values stay.
	if n := count(t, db, `SELECT count(*) FROM stats WHERE report_id = ? AND code = 'proactive.total' AND value = 806`, first.ReportID); n != 1 {
		t.Error("the first version lost its value")
	}
	// The body of each version is kept, byte for byte.
	for id, want := range map[int64][]byte{first.DocumentID: body, second.DocumentID: changed} {
		got, err := db.Body(ctx, id)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("body of document %d: %d bytes, %v", id, len(got), err)
		}
	}
	// Back to the first bytes: that is a change too.
	third := mustSave(t, db, seed, body)
	if third.Outcome != nianbao.OutcomeRevised || third.PreviousID != second.DocumentID {
		t.Errorf("back to the first bytes: %+v", third)
	}
	assertLatestConsistent(t, db)
}

// assertLatestConsistent checks reports.latest against a computation
// from scratch: one per version key, the last fetched.
func assertLatestConsistent(t *testing.T, db *DB) {
	t.Helper()
	ctx := context.Background()
	rows, err := db.db.Query(`SELECT version_key, sum(latest) FROM reports GROUP BY version_key`)
	if err != nil {
		t.Fatal(err)
	}
	type kc struct {
		key string
		n   int
	}
	var keys []kc
	for rows.Next() {
		var k kc
		if err := rows.Scan(&k.key, &k.n); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k)
	}
	rows.Close()
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, k := range keys {
		hs, err := heads(ctx, inTx{tx: tx}, k.key)
		if err != nil {
			t.Fatal(err)
		}
		var latest int64
		if err := tx.QueryRow(`SELECT id FROM reports WHERE version_key = ? AND latest = 1`, k.key).Scan(&latest); err != nil && k.n == 1 {
			t.Fatal(err)
		}
		if k.n != 1 || latest != hs[0].id {
			t.Errorf("%s: %d current versions, report %d current, want report %d alone", k.key, k.n, latest, hs[0].id)
		}
	}
}

func TestFailedParse(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	pdf := []byte("%PDF-1.4\n%âãÏÓ\n1 0 obj <<>> endobj\n")
	res := mustSave(t, db, "https://example.gov.cn/2019.pdf", pdf)
	if res.Outcome != nianbao.OutcomeNew || res.ParseErr == nil || !errors.Is(res.ParseErr, parser.ErrNotReport) || res.Status() != "failed" {
		t.Fatalf("PDF: %+v", res)
	}
	var status, errText string
	if err := db.db.QueryRow(`SELECT status, error FROM reports WHERE id = ?`, res.ReportID).Scan(&status, &errText); err != nil {
		t.Fatal(err)
	}
	if status != "failed" || !strings.Contains(errText, "PDF") {
		t.Errorf("stored status %q, error %q", status, errText)
	}
	got, err := db.Body(ctx, res.DocumentID)
	if err != nil || !bytes.Equal(got, pdf) {
		t.Errorf("archived body %q, %v", got, err)
	}
	// An empty document too.
	if res := mustSave(t, db, "empty.html", nil); res.Status() != "failed" {
		t.Errorf("empty: %+v", res)
	}
}

func TestLatestDocument(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	if _, err := db.LatestDocument(ctx, "https://example.gov.cn/none"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown source: %v", err)
	}
	body := testutil.ReadFixture(t, "html/pingtan_2015.html")
	doc := Document{
		Source:       "http://www.pingtan.gov.cn/2015.htm",
		FinalURL:     "https://www.pingtan.gov.cn/2015.htm",
		FetchedAt:    time.Date(2025, 4, 5, 6, 7, 8, 9000, time.UTC),
		Status:       200,
		ContentType:  "text/html",
		ETag:         `"abc"`,
		LastModified: "Tue, 01 Apr 2025 00:00:00 GMT",
		Region:       "福建省平潭综合实验区",
		Body:         body,
	}
	res, err := db.SaveDocument(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.LatestDocument(ctx, doc.Source)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != res.DocumentID || got.FinalURL != doc.FinalURL || !got.FetchedAt.Equal(doc.FetchedAt) || got.Status != 200 ||
		got.ContentType != doc.ContentType || got.ETag != doc.ETag || got.LastModified != doc.LastModified || got.Region != doc.Region ||
		got.Size != int64(len(body)) || len(got.SHA256) != 64 || got.Charset == "" || got.Body != nil {
		t.Errorf("latest document: %+v", got)
	}
	if n := count(t, db, `SELECT count(*) FROM stat_values WHERE region = '福建省平潭综合实验区'`); n != len(res.Report.Stats) {
		t.Errorf("%d values with the region, want %d", n, len(res.Report.Stats))
	}
	// An earlier fetch stored later does not become the current version.
	old := doc
	old.FetchedAt = doc.FetchedAt.Add(-24 * time.Hour)
	old.Body = append(slices.Clone(body), "\n<!-- older -->"...)
	if _, err := db.SaveDocument(ctx, old); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.LatestDocument(ctx, doc.Source); got.ID != res.DocumentID {
		t.Errorf("latest is document %d, want %d (fetched last)", got.ID, res.DocumentID)
	}
	assertLatestConsistent(t, db)
}

func TestReparse(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	want := importAll(t, db)
	sum, err := db.Reparse(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Documents != len(want) || sum.Changed != 0 {
		t.Errorf("reparse with the same parser: %+v", sum)
	}
	// Damage the seed's report as an older parser might have stored it.
	var id int64
	if err := db.db.QueryRow(`SELECT r.id FROM reports r JOIN documents d ON d.id = r.document_id WHERE d.source = ?`, seed).Scan(&id); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`UPDATE stat_rows SET value = 1, raw = '1' WHERE report_id = ? AND code = 'proactive.total'`,
		`DELETE FROM stat_rows WHERE report_id = ? AND code = 'requests.received'`,
		`DELETE FROM findings WHERE report_id = ? AND rule = 'proactive-channels'`,
		`UPDATE reports SET agency = 'old', version_key = 'old|2017', parser_version = '0.0.1' WHERE id = ?`,
	} {
		if _, err := db.db.Exec(q, id); err != nil {
			t.Fatal(err)
		}
	}
	var changes []ReparseChange
	sum, err = db.Reparse(ctx, func(c ReparseChange) error {
		if c.Changed() {
			changes = append(changes, c)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 1 || changes[0].ReportID != id || changes[0].ValuesChanged != 1 || changes[0].ValuesAdded != 1 ||
		changes[0].ValuesRemoved != 0 || changes[0].FindingsAdded != 1 || !slices.Equal(changes[0].Report, []string{"agency"}) {
		t.Errorf("changes: %+v", changes)
	}
	if sum.Changed != 1 || sum.ValuesChanged != 1 || sum.ValuesAdded != 1 || sum.FindingsAdded != 1 {
		t.Errorf("summary: %+v", sum)
	}
	// The report is whole again, under the same id, current.
	r := want[seed]
	if n := count(t, db, `SELECT count(*) FROM stats WHERE report_id = ?`, id); n != len(r.Stats) {
		t.Errorf("%d values after reparse, want %d", n, len(r.Stats))
	}
	if n := count(t, db, `SELECT count(*) FROM latest_reports WHERE report_id = ? AND agency = '赣州市商务局' AND parser_version = ?`, id, parser.Version); n != 1 {
		t.Error("reparsed report is not current under its agency")
	}
	if n := count(t, db, `SELECT count(*) FROM finding_codes WHERE report_id = ? AND code = 'proactive.total'`, id); n != 1 {
		t.Errorf("%d findings name proactive.total, want 1", n)
	}
	assertLatestConsistent(t, db)
}

func TestMigrations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "m.db")
	db, err := Open(ctx, path, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	last := ms[len(ms)-1].version
	if v, _ := db.userVersion(ctx, db.db); v != last {
		t.Errorf("user_version %d, want %d", v, last)
	}
	mustSave(t, db, seed, mustRead(t, seed))
	db.Close()
	// Opening again applies nothing and keeps the data.
	db, err = Open(ctx, path, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM reports`); n != 1 {
		t.Errorf("%d reports after reopening", n)
	}
	for _, p := range []string{"journal_mode", "foreign_keys", "busy_timeout"} {
		var v string
		db.db.QueryRow("PRAGMA " + p).Scan(&v)
		if v == "" || v == "0" || v == "delete" {
			t.Errorf("PRAGMA %s = %q", p, v)
		}
	}
	// A database from a newer nianbao is refused.
	if _, err := db.db.Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(ctx, path, testOptions); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("newer schema: %v", err)
	}
}

func TestReadOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ro.db")
	db, err := Open(ctx, path, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	mustSave(t, db, seed, mustRead(t, seed))
	db.Close()

	ro, err := OpenQuery(ctx, path, QueryLimits{})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	for _, q := range []string{
		`DELETE FROM stats`,
		`UPDATE reports SET agency = 'x'`,
		`INSERT INTO meta (key, value) VALUES ('a', 'b')`,
		`CREATE TABLE evil (x)`,
		`DROP VIEW stat_values`,
		`PRAGMA user_version = 99`,
	} {
		rows, err := ro.Query(ctx, q)
		if err == nil {
			for rows.Next() {
			}
			err = rows.Err()
			rows.Close()
		}
		if err == nil {
			t.Errorf("%s: allowed on a read-only database", q)
		}
	}
	rows, err := ro.Query(ctx, `SELECT count(*) FROM stats`)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	for rows.Next() {
		rows.Scan(&n)
	}
	rows.Close()
	if n == 0 {
		t.Error("no stats through the read-only connection")
	}
	// Nothing changed.
	db, err = Open(ctx, path, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := count(t, db, `SELECT count(*) FROM stats`); n == 0 {
		t.Error("stats deleted through the read-only connection")
	}
	if v, _ := db.userVersion(ctx, db.db); v == 99 {
		t.Error("user_version changed through the read-only connection")
	}
	// Query refuses a read-write database.
	if _, err := db.Query(ctx, `SELECT 1`); !errors.Is(err, ErrNotReadOnly) {
		t.Errorf("query on a read-write database: %v", err)
	}
	if _, err := OpenReadOnly(ctx, filepath.Join(t.TempDir(), "missing.db")); err == nil {
		t.Error("opened a missing database read-only")
	}
}

func TestFilters(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	importAll(t, db)
	collect := func(f Filter) []Value {
		var vs []Value
		if err := db.Values(ctx, f, func(v Value) error { vs = append(vs, v); return nil }); err != nil {
			t.Fatal(err)
		}
		return vs
	}
	all := collect(Filter{})
	if len(all) == 0 {
		t.Fatal("no values")
	}
	for _, tc := range []struct {
		name string
		f    Filter
		keep func(Value) bool
	}{
		{"codes", Filter{Codes: []string{"proactive.total", "requests.received"}}, func(v Value) bool { return v.Code == "proactive.total" || v.Code == "requests.received" }},
		{"dim", Filter{Dims: []string{"cumulative"}}, func(v Value) bool { return v.Dim == "cumulative" }},
		{"years", Filter{YearFrom: 2012, YearTo: 2016}, func(v Value) bool { return v.Year >= 2012 && v.Year <= 2016 }},
		{"agency", Filter{Agency: "平潭"}, func(v Value) bool { return strings.Contains(v.Agency, "平潭") }},
		{"template", Filter{Template: nianbao.TemplateProvincial}, func(v Value) bool { return v.Template == nianbao.TemplateProvincial }},
		// Filters are bound, never spliced into SQL.
		{"quote", Filter{Agency: "' OR 1=1 --"}, func(Value) bool { return false }},
		{"percent", Filter{Agency: "%"}, func(Value) bool { return false }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			type id struct {
				report int64
				seq    int
			}
			var want []id
			for _, v := range all {
				if tc.keep(v) {
					want = append(want, id{v.ReportID, v.Seq})
				}
			}
			var got []id
			for _, v := range collect(tc.f) {
				got = append(got, id{v.ReportID, v.Seq})
			}
			if !slices.Equal(got, want) {
				t.Errorf("%d values, want %d", len(got), len(want))
			}
		})
	}
	var fs []FindingRow
	if err := db.Findings(ctx, Filter{Codes: []string{"proactive.total"}}, func(f FindingRow) error { fs = append(fs, f); return nil }); err != nil {
		t.Fatal(err)
	}
	seedFinding := false
	for _, f := range fs {
		if !slices.Contains(f.Codes, "proactive.total") {
			t.Errorf("finding %+v does not name proactive.total", f)
		}
		if f.Agency == "赣州市商务局" && f.Rule == "proactive-channels" && f.Year == 2017 {
			seedFinding = true
		}
	}
	if !seedFinding {
		t.Errorf("findings on proactive.total lack the seed's channels finding: %+v", fs)
	}
}

func TestSaveAll(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	names := testutil.Fixtures(t)
	docs := func(yield func(Document) bool) {
		for _, n := range append(names, names[0]) { // the last one twice
			if !yield(Document{Source: n, Body: mustRead(t, n)}) {
				return
			}
		}
	}
	var outcomes []nianbao.Outcome
	err := db.SaveAll(ctx, docs, func(d Document, res SaveResult, err error) error {
		if err != nil {
			return err
		}
		outcomes = append(outcomes, res.Outcome)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(outcomes) != len(names)+1 || outcomes[len(outcomes)-1] != nianbao.OutcomeUnchanged || slices.Index(outcomes, nianbao.OutcomeUnchanged) != len(names) {
		t.Errorf("outcomes %v", outcomes)
	}
	if n := count(t, db, `SELECT count(*) FROM documents`); n != len(names) {
		t.Errorf("%d documents, want %d", n, len(names))
	}
	// A cancelled import commits what it saved and says why it stopped.
	cctx, cancel := context.WithCancel(ctx)
	seen := 0
	err = db.SaveAll(cctx, func(yield func(Document) bool) {
		for i := 0; i < 1000; i++ {
			if !yield(Document{Source: "copy/" + string(rune('a'+i%26)) + strings.Repeat("x", i/26), Body: append(mustRead(t, seed), byte('0'+i%10))}) {
				return
			}
		}
	}, func(Document, SaveResult, error) error {
		if seen++; seen == 3 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled import: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM documents WHERE source LIKE 'copy/%'`); n < 3 || n >= 1000 {
		t.Errorf("%d documents after cancelling", n)
	}
	var bad int
	db.db.QueryRow(`SELECT count(*) FROM reports r WHERE r.status <> 'failed' AND (SELECT count(*) FROM stats s WHERE s.report_id = r.id) = 0 AND r.template <> 'none'`).Scan(&bad)
	if bad != 0 {
		t.Errorf("%d reports without their values", bad)
	}
}

// TestSaveAllFailure makes one document of a batch fail half-way and
// checks that it alone is left out, whole, and the others are stored.
func TestSaveAllFailure(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	// The report insert fails for one source, after its document row.
	refuseInsert(t, db, "reports", "(SELECT source FROM documents WHERE id = NEW.document_id) = 'bad'")
	body := mustRead(t, seed)
	sources := []string{"a", "b", "bad", "c", "a"}
	docs := func(yield func(Document) bool) {
		for i, s := range sources {
			b := append(slices.Clone(body), byte('0'+i))
			if i == 4 {
				b = append(slices.Clone(body), '0') // a again, same bytes
			}
			if !yield(Document{Source: s, Body: b}) {
				return
			}
		}
	}
	var got []string
	err := db.saveAll(ctx, docs, parseDocument, func(d Document, res SaveResult, err error) error {
		if err != nil {
			got = append(got, d.Source+":error")
		} else {
			got = append(got, d.Source+":"+string(res.Outcome))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a:new", "b:new", "bad:error", "c:new", "a:unchanged"}; !slices.Equal(got, want) {
		t.Errorf("results %v, want %v", got, want)
	}
	if n := count(t, db, `SELECT count(*) FROM documents`); n != 3 {
		t.Errorf("%d documents, want 3 (a, b, c)", n)
	}
	if n := count(t, db, `SELECT count(*) FROM documents WHERE source = 'bad'`); n != 0 {
		t.Error("the failed document was stored")
	}
	if n := count(t, db, `SELECT count(*) FROM reports r WHERE (SELECT count(*) FROM stats s WHERE s.report_id = r.id) <> ?`, len(mustParse(t, body).Stats)); n != 0 {
		t.Errorf("%d reports not whole", n)
	}
}

func mustParse(t *testing.T, body []byte) *nianbao.Report {
	t.Helper()
	r, err := parser.Parse(body, parser.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}
