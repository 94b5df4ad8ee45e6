package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"nianbao/internal/testutil"
)

// copyTables is the schema: a migration that adds a table must add it
// there, or Copy would leave its rows behind.
func TestCopyTablesAreTheSchema(t *testing.T) {
	db := mustOpen(t)
	have, err := db.dia.tables(context.Background(), db.db)
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, tb := range copyTables {
		listed = append(listed, tb.name)
	}
	slices.Sort(listed)
	slices.Sort(have)
	if !slices.Equal(have, listed) {
		t.Errorf("the schema's tables are\n%v\ncopyTables lists\n%v", have, listed)
	}
}

// fillArchive imports every fixture and writes a crawl's history: runs
// (one deleted, so that ids have a gap), fetches, URLs (one gone), a
// document fetched twice (previous_id), discovery skips and run sites.
func fillArchive(t *testing.T, db *DB) {
	t.Helper()
	ctx := context.Background()
	importAll(t, db)
	for range 3 {
		if _, err := db.StartRun(ctx, []string{"a", "b"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.db.Exec(`DELETE FROM runs WHERE id = 2`); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 3, 2, 8, 0, 0, 0, time.UTC)
	page := "http://a.gov.cn/xxgk/ndbg/2020.htm"
	for i, body := range [][]byte{mustRead(t, seed), append(mustRead(t, seed), "\n（修订）\n"...)} {
		u := URL{URL: page, Site: "a", Kind: "report", Agency: "某局", Title: "某局2020年政府信息公开工作年度报告", Year: 2020,
			Referrer: "http://a.gov.cn/xxgk/ndbg/", FetchedAt: at.Add(time.Duration(i) * time.Hour), Status: 200, ETag: fmt.Sprintf(`"e%d"`, i)}
		if _, err := db.SaveFetched(ctx, u, &Document{Source: page, FinalURL: page, Status: 200, ContentType: "text/html", Body: body}); err != nil {
			t.Fatal(err)
		}
	}
	gone := URL{URL: "http://a.gov.cn/xxgk/ndbg/2019.htm", Site: "a", Kind: "report", FetchedAt: at, Status: 404, GoneAt: at}
	if _, err := db.SaveFetched(ctx, gone, nil); err != nil {
		t.Fatal(err)
	}
	for i, f := range []Fetch{
		{Site: "a", URL: "http://a.gov.cn/robots.txt", StartedAt: at, Status: 404, Result: "ok"},
		{Site: "a", URL: "http://a.gov.cn/xxgk/ndbg/", StartedAt: at, Status: 200, Bytes: 5120, Duration: 1500 * time.Microsecond, Result: "ok", Kind: "listing"},
		{Site: "a", URL: page, StartedAt: at, Status: 503, Attempt: 1, Result: "retry", Error: "503 Service Unavailable", Kind: "report"},
		{Site: "b", URL: "http://b.gov.cn/", StartedAt: at, Result: "error", Error: "dial tcp: connection refused"},
	} {
		if err := db.LogFetch(ctx, []int64{1, 3, 3, 0}[i], f); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.LogSkip(ctx, 3, Skip{Site: "a", URL: "http://a.gov.cn/notice.htm", Title: "关于报送年度报告的通知", Referrer: "http://a.gov.cn/xxgk/ndbg/", Reason: "notice"}); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveRunSites(ctx, 3, []RunSite{{Site: "a", Listings: 2, Reports: 1, NotReports: 1}, {Site: "b"}}); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishRun(ctx, Run{ID: 3, Status: "ok", Pages: 3, Requests: 4, Bytes: 5120, New: 1, Changed: 1, Gone: 1}); err != nil {
		t.Fatal(err)
	}
}

// smallArchive is a new archive of two documents and a run.
func smallArchive(t *testing.T) *DB {
	t.Helper()
	db := mustOpen(t)
	mustSave(t, db, seed, mustRead(t, seed))
	other := testutil.Fixture("text/013_pingtan-zhqsyq_2021.txt")
	mustSave(t, db, other, mustRead(t, other))
	if _, err := db.StartRun(context.Background(), []string{"a"}); err != nil {
		t.Fatal(err)
	}
	return db
}

// dumpArchive returns every row of every table, every column with its
// type, in key order.
func dumpArchive(t *testing.T, db *DB) map[string][]string {
	t.Helper()
	ctx := context.Background()
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	dump := map[string][]string{}
	for _, tb := range copyTables {
		cols, err := copyColumns(ctx, tx, tx, tb)
		if err != nil {
			t.Fatal(err)
		}
		err = scanTable(ctx, tx, tb, cols, func(rows [][]any) error {
			for _, r := range rows {
				dump[tb.name] = append(dump[tb.name], fmt.Sprintf("%#v", r))
			}
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v", tb.name, err)
		}
	}
	return dump
}

// sameDump reports the first difference of two dumps.
func sameDump(t *testing.T, want, got map[string][]string) {
	t.Helper()
	for _, tb := range copyTables {
		w, g := want[tb.name], got[tb.name]
		if len(w) != len(g) {
			t.Errorf("%s: %d rows, want %d", tb.name, len(g), len(w))
			continue
		}
		for i := range w {
			if w[i] != g[i] {
				t.Errorf("%s row %d:\n got %.300s\nwant %.300s", tb.name, i, g[i], w[i])
				break
			}
		}
	}
}

func copyOK(t *testing.T, from, to *DB) CopyResult {
	t.Helper()
	res, err := Copy(context.Background(), from, to, nil)
	if err != nil {
		t.Fatalf("copy %s → %s: %v", from.Path(), to.Path(), err)
	}
	return res
}

func openAt(t *testing.T, dsn string) *DB {
	t.Helper()
	db, err := Open(context.Background(), dsn, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// A copy to a new archive of the same backend holds every row of every
// table, ids and blob bytes as they were.
func TestCopyKeepsEveryRow(t *testing.T) {
	src := mustOpen(t)
	fillArchive(t, src)
	dst := openAt(t, testDSN(t))
	res := copyOK(t, src, dst)
	sameDump(t, dumpArchive(t, src), dumpArchive(t, dst))
	var docs int64
	for _, tc := range res.Tables {
		if !tc.Equal() {
			t.Errorf("%+v", tc)
		}
		if tc.Table == "documents" {
			docs = tc.Target
		}
	}
	if docs < int64(len(testutil.Fixtures(t))) || res.Blobs == 0 {
		t.Errorf("copied %d documents and checked %d blobs", docs, res.Blobs)
	}
}

// SQLite → PostgreSQL → SQLite gives back the archive, row for row and
// byte for byte, and PostgreSQL's ids continue after the copied ones.
func TestCopyThroughPostgres(t *testing.T) {
	pg := testutil.Postgres(t)
	ctx := context.Background()
	dir := t.TempDir()
	src := openAt(t, filepath.Join(dir, "src.db"))
	fillArchive(t, src)
	mid := openAt(t, pg)
	copyOK(t, src, mid)
	back := openAt(t, filepath.Join(dir, "back.db"))
	copyOK(t, mid, back)
	sameDump(t, dumpArchive(t, src), dumpArchive(t, back))

	var maxRun, maxDoc int64
	src.db.QueryRow(`SELECT max(id) FROM runs`).Scan(&maxRun)
	src.db.QueryRow(`SELECT max(id) FROM documents`).Scan(&maxDoc)
	id, err := mid.StartRun(ctx, []string{"c"})
	if err != nil {
		t.Fatal(err)
	}
	if id != maxRun+1 {
		t.Errorf("new run on PostgreSQL has id %d, want %d", id, maxRun+1)
	}
	res, err := mid.SaveDocument(ctx, Document{Source: "new.txt", Body: []byte("某局2024年政府信息公开工作年度报告\n")})
	if err != nil {
		t.Fatalf("save after copy: %v", err)
	}
	if res.DocumentID != maxDoc+1 {
		t.Errorf("new document on PostgreSQL has id %d, want %d", res.DocumentID, maxDoc+1)
	}
}

// A blob that does not decode to its SHA-256 stops the copy, named, and
// the target stays empty.
func TestCopyStopsAtCorruptBlob(t *testing.T) {
	src := smallArchive(t)
	var sha string
	if err := src.db.QueryRow(`SELECT sha256 FROM blobs ORDER BY id DESC LIMIT 1`).Scan(&sha); err != nil {
		t.Fatal(err)
	}
	// another blob's bytes: they decode, to the wrong SHA-256
	if _, err := src.db.Exec(`UPDATE blobs SET data = (SELECT data FROM blobs WHERE id = (SELECT min(id) FROM blobs)),
		encoding = (SELECT encoding FROM blobs WHERE id = (SELECT min(id) FROM blobs)),
		dict_id = (SELECT dict_id FROM blobs WHERE id = (SELECT min(id) FROM blobs)) WHERE sha256 = ?`, sha); err != nil {
		t.Fatal(err)
	}
	dst := openAt(t, testDSN(t))
	_, err := Copy(context.Background(), src, dst, nil)
	if !errors.Is(err, ErrCorruptBlob) || !strings.Contains(err.Error(), sha) {
		t.Fatalf("copy of a corrupt blob: %v, want %v naming %s", err, ErrCorruptBlob, sha)
	}
	var n int
	dst.db.QueryRow(`SELECT count(*) FROM blobs`).Scan(&n)
	if n != 0 {
		t.Errorf("the target holds %d blobs after the failed copy", n)
	}
}

// A target holding documents is refused, and left as it was.
func TestCopyRefusesNonEmptyTarget(t *testing.T) {
	src := mustOpen(t)
	mustSave(t, src, seed, mustRead(t, seed))
	dst := openAt(t, testDSN(t))
	mustSave(t, dst, "other.txt", []byte("某局2021年政府信息公开工作年度报告\n"))
	_, err := Copy(context.Background(), src, dst, nil)
	if !errors.Is(err, ErrTargetNotEmpty) || !strings.Contains(err.Error(), "1 documents") {
		t.Fatalf("copy into a non-empty archive: %v, want %v saying it holds 1 documents", err, ErrTargetNotEmpty)
	}
	var n int
	dst.db.QueryRow(`SELECT count(*) FROM documents`).Scan(&n)
	if n != 1 {
		t.Errorf("the target holds %d documents after the refusal, want 1", n)
	}
}

// A row the target does not keep as written (here a trigger rewrites it)
// fails the check: the copy is rolled back, naming the table.
func TestCopyChecksWhatItWrote(t *testing.T) {
	src := smallArchive(t)
	dst := openAt(t, testDSN(t))
	stmts := []string{`CREATE TRIGGER alter_runs AFTER INSERT ON runs BEGIN UPDATE runs SET sites = 'altered' WHERE id = NEW.id; END`}
	if dst.Dialect() == "postgres" {
		stmts = []string{
			`CREATE FUNCTION alter_runs() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.sites := 'altered'; RETURN NEW; END $$`,
			`CREATE TRIGGER alter_runs BEFORE INSERT ON runs FOR EACH ROW EXECUTE FUNCTION alter_runs()`,
		}
	}
	for _, q := range stmts {
		if _, err := dst.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Copy(context.Background(), src, dst, nil)
	if !errors.Is(err, ErrCopyMismatch) || !strings.Contains(err.Error(), "runs") {
		t.Fatalf("copy into a target that alters rows: %v, want %v naming runs", err, ErrCopyMismatch)
	}
	for _, tc := range res.Tables {
		if tc.Equal() == (tc.Table == "runs") {
			t.Errorf("%s: equal %v", tc.Table, tc.Equal())
		}
	}
	var n int
	dst.db.QueryRow(`SELECT count(*) FROM documents`).Scan(&n)
	if n != 0 {
		t.Errorf("the target holds %d documents after the failed check", n)
	}
}
