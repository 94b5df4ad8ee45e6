package store

import (
	"context"
	"testing"
)

// TestReportText checks that saving a report indexes its title and
// sections 五 and 六 for full-text search, and that reparse rewrites the
// row rather than adding a second.
func TestReportText(t *testing.T) {
	db := mustOpen(t)
	name := "../fixtures/text/013_pingtan-zhqsyq_2021.txt"
	res := mustSave(t, db, name, mustRead(t, name))
	phrase, match := `"政策解读形式不够丰富"`, `report_text MATCH ?`
	if db.Dialect() == "postgres" { // a plain table there: no full-text index
		phrase, match = `政策解读形式不够丰富`, `strpos(prose, ?) > 0`
	}
	if n := count(t, db, `SELECT count(*) FROM report_text WHERE `+match, phrase); n != 1 {
		t.Fatalf("%d rows match %s, want 1", n, phrase)
	}
	var id int64
	if err := db.db.QueryRow(`SELECT rowid FROM report_text WHERE `+match, phrase).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if id != res.ReportID {
		t.Errorf("row %d, want report %d", id, res.ReportID)
	}
	if n := count(t, db, `SELECT count(*) FROM report_text WHERE title LIKE ?`, "%平潭%"); n != 1 {
		t.Errorf("title: %d rows, want 1", n)
	}
	if _, err := db.Reparse(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM report_text`); n != 1 {
		t.Errorf("after reparse: %d rows, want 1", n)
	}
}
