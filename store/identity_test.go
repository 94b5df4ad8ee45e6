package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nianbao"
	"nianbao/internal/testutil"
)

// The Pingtan 2019 report as the portal served it, and the same report
// as a glued text rendering (19 values unreadable).
var (
	pingtanHTML  = testutil.Fixture("html/pingtan_2019.html")
	pingtanGlued = testutil.Fixture("text/003_pingtan-zhqsyq_2019.txt")
)

func saveRegion(t *testing.T, db *DB, source, region string, body []byte) SaveResult {
	t.Helper()
	res, err := db.SaveDocument(context.Background(), Document{Source: source, Region: region, Body: body})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func latestOf(t *testing.T, db *DB, key string) []int64 {
	t.Helper()
	rows, err := db.db.Query(`SELECT id FROM reports WHERE version_key = ? AND latest = 1 ORDER BY id`, key)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

func TestSameAgencyTwoRegions(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	body := mustRead(t, seed)
	js := saveRegion(t, db, "/a/seed.txt", "江苏省", body)
	zj := saveRegion(t, db, "/b/seed.txt", "浙江省", body)
	if zj.Supersedes != 0 || zj.AlternativeTo != 0 {
		t.Errorf("second region's report: %+v, want a report of its own", zj)
	}
	if n := count(t, db, `SELECT count(*) FROM latest_reports WHERE agency = '赣州市商务局'`); n != 2 {
		t.Errorf("%d current reports of 赣州市商务局, want 2 (Jiangsu and Zhejiang)", n)
	}
	codes := map[int64]string{}
	if err := db.Compare(ctx, "proactive.total", Filter{}, func(v CompareValue) error {
		codes[v.ReportID] = v.RegionCode
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if codes[js.ReportID] != "320000" || codes[zj.ReportID] != "330000" {
		t.Errorf("compare: region codes by report %v, want %d: 320000, %d: 330000", codes, js.ReportID, zj.ReportID)
	}
	seen := map[int64]bool{}
	if err := db.Values(ctx, Filter{}, func(v Value) error {
		seen[v.ReportID] = true
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !seen[js.ReportID] || !seen[zj.ReportID] {
		t.Errorf("values (export) of reports %v, want both %d and %d", seen, js.ReportID, zj.ReportID)
	}
	if n := count(t, db, `SELECT count(*) FROM stat_values WHERE region_code LIKE '32%' AND agency_kind = 'department'`); n == 0 {
		t.Error("no Jiangsu department values in stat_values")
	}
	assertLatestConsistent(t, db)
}

func TestGluedAfterHTMLIsAlternative(t *testing.T) {
	db := mustOpen(t)
	html := mustSave(t, db, pingtanHTML, mustRead(t, pingtanHTML))
	glued := mustSave(t, db, pingtanGlued, mustRead(t, pingtanGlued))
	if glued.AlternativeTo != html.ReportID || glued.Supersedes != 0 {
		t.Fatalf("glued after HTML: %+v, want an alternative to report %d", glued, html.ReportID)
	}
	if want := "status partial, report 1 is ok"; glued.Reason != want {
		t.Errorf("reason %q, want %q", glued.Reason, want)
	}
	if n := count(t, db, `SELECT count(*) FROM latest_reports WHERE report_id = ? AND region_code = '350128'`, html.ReportID); n != 1 {
		t.Error("the HTML report is not current")
	}
	if n := count(t, db, `SELECT count(*) FROM report_versions WHERE report_id = ? AND role = 'alternative'`, glued.ReportID); n != 1 {
		t.Error("the glued report is not listed as an alternative")
	}
	assertLatestConsistent(t, db)
}

func TestHTMLAfterGluedSupersedes(t *testing.T) {
	db := mustOpen(t)
	glued := mustSave(t, db, pingtanGlued, mustRead(t, pingtanGlued))
	html := mustSave(t, db, pingtanHTML, mustRead(t, pingtanHTML))
	if html.Supersedes != glued.ReportID || html.AlternativeTo != 0 {
		t.Fatalf("HTML after glued: %+v, want it to supersede report %d", html, glued.ReportID)
	}
	if ids := latestOf(t, db, "平潭综合实验区|350128|2019"); len(ids) != 1 || ids[0] != html.ReportID {
		t.Errorf("current %v, want [%d]", ids, html.ReportID)
	}
	assertLatestConsistent(t, db)
}

func TestRefetchOfSameSourceSupersedes(t *testing.T) {
	db := mustOpen(t)
	first := mustSave(t, db, "https://www.pingtan.gov.cn/2019.htm", mustRead(t, pingtanHTML))
	// The portal now serves the glued rendering: less complete, but the
	// source's latest word.
	again := mustSave(t, db, "https://www.pingtan.gov.cn/2019.htm", mustRead(t, pingtanGlued))
	if again.Outcome != nianbao.OutcomeRevised || again.Supersedes != first.ReportID {
		t.Fatalf("refetch: %+v, want a revision superseding report %d", again, first.ReportID)
	}
	if n := count(t, db, `SELECT count(*) FROM report_versions WHERE report_id = ? AND role = 'superseded'`, first.ReportID); n != 1 {
		t.Error("the first fetch is not listed as superseded")
	}
	assertLatestConsistent(t, db)
}

func TestReparseRecomputesCurrent(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	html := mustSave(t, db, pingtanHTML, mustRead(t, pingtanHTML))
	glued := mustSave(t, db, pingtanGlued, mustRead(t, pingtanGlued))
	// As an older nianbao left them: agency × year, the later import current.
	if _, err := db.db.Exec(`UPDATE reports SET version_key = '平潭综合实验区|2019', region_code = NULL, latest = CASE WHEN id = ? THEN 1 ELSE 0 END`, glued.ReportID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Reparse(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if ids := latestOf(t, db, "平潭综合实验区|350128|2019"); len(ids) != 1 || ids[0] != html.ReportID {
		t.Errorf("after reparse current %v, want [%d]", ids, html.ReportID)
	}
	if n := count(t, db, `SELECT count(*) FROM reports WHERE version_key = '平潭综合实验区|2019'`); n != 0 {
		t.Errorf("%d reports keep the old key", n)
	}
	assertLatestConsistent(t, db)
}

// TestMigrateOldDatabase builds a database as nianbao's migrations 001
// to 003 left it (identity agency × year, the last import current) and
// opens it: the rows stay, and identity and current versions are
// recomputed.
func TestMigrateOldDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"migrations/001_init.sql", "migrations/002_crawl.sql", "migrations/003_report_findings.sql"} {
		src, err := migrationFS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(string(src)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	at := func(i int) string { return formatTime(time.Date(2025, 1, 1, 0, 0, i, 0, time.UTC)) }
	stmts := []string{
		`PRAGMA user_version = 3`,
		`INSERT INTO blobs (sha256, size, encoding, data) VALUES ('a', 1, 'gzip', x'00'), ('b', 1, 'gzip', x'00'), ('c', 1, 'gzip', x'00'), ('d', 1, 'gzip', x'00')`,
		`INSERT INTO documents (id, source, fetched_at, sha256) VALUES (1, '/html', '` + at(1) + `', 'a'), (2, '/glued', '` + at(2) + `', 'b'),
			(3, '/bj', '` + at(3) + `', 'c'), (4, '/cc', '` + at(4) + `', 'd')`,
		`INSERT INTO reports (id, document_id, version_key, latest, fetched_at, agency, region, year, template, title, parser_version, status, parsed_at) VALUES
			(1, 1, '平潭综合实验区|2019', 0, '` + at(1) + `', '平潭综合实验区', NULL, 2019, 'national-2019', '', 'old', 'ok', '` + at(1) + `'),
			(2, 2, '平潭综合实验区|2019', 1, '` + at(2) + `', '平潭综合实验区', NULL, 2019, 'national-2019', '', 'old', 'partial', '` + at(2) + `'),
			(3, 3, '朝阳区人民政府|2020', 0, '` + at(3) + `', '朝阳区人民政府', '北京市', 2020, 'national-2019', '', 'old', 'ok', '` + at(3) + `'),
			(4, 4, '朝阳区人民政府|2020', 1, '` + at(4) + `', '朝阳区人民政府', '吉林省长春市', 2020, 'national-2019', '', 'old', 'ok', '` + at(4) + `')`,
		`INSERT INTO stats (report_id, seq, table_name, section, code, dim, row_label, column_label, unit, value, raw) VALUES
			(1, 0, 't', '', 'proactive.total', '', 'r', 'c', '条', 3, '3'), (1, 1, 't', '', 'requests.received', '', 'r', 'c', '件', 2, '2'),
			(2, 0, 't', '', 'proactive.total', '', 'r', 'c', '条', 3, '3'), (2, 1, 't', '', 'requests.received', '', 'r', 'c', '件', NULL, '2x'),
			(3, 0, 't', '', 'proactive.total', '', 'r', 'c', '条', 5, '5'), (4, 0, 't', '', 'proactive.total', '', 'r', 'c', '条', 7, '7')`,
		`INSERT INTO findings (report_id, seq, rule, severity, message) VALUES (2, 0, 'unreadable-cell', 'warning', 'cell 2x')`,
	}
	for _, q := range stmts {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()

	db, err := Open(ctx, path, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n := count(t, db, `SELECT count(*) FROM stats`); n != 6 {
		t.Errorf("%d values after migration, want 6", n)
	}
	if n := count(t, db, `SELECT count(*) FROM findings`); n != 1 {
		t.Errorf("%d findings after migration, want 1", n)
	}
	got := map[int64]string{}
	rows, err := db.db.Query(`SELECT id, version_key, latest, coalesce(region_code, ''), coalesce(region_level, ''), coalesce(agency_kind, '') FROM reports ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var key, code, level, kind string
		var latest int
		if err := rows.Scan(&id, &key, &latest, &code, &level, &kind); err != nil {
			t.Fatal(err)
		}
		got[id] = strings.Join([]string{key, map[int]string{0: "-", 1: "current"}[latest], code, level, kind}, " ")
	}
	rows.Close()
	want := map[int64]string{
		1: "平潭综合实验区|350128|2019 current 350128 county government",
		2: "平潭综合实验区|350128|2019 - 350128 county government",
		3: "朝阳区人民政府|110105|2020 current 110105 county government",
		4: "朝阳区人民政府|220104|2020 current 220104 county government",
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("report %d after migration: %q, want %q", id, got[id], w)
		}
	}
	assertLatestConsistent(t, db)
}
