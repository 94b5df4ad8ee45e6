package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// readStats reads the stats view (or, at schema 013, the table), a line
// a value with every column.
func readStats(t *testing.T, sdb *sql.DB) []string {
	t.Helper()
	rows, err := sdb.Query(`SELECT report_id, seq, coalesce(table_name, '<null>'), coalesce(section, '<null>'), code, dim,
		coalesce(row_label, '<null>'), coalesce(column_label, '<null>'), unit, coalesce(CAST(value AS TEXT), 'null'), raw, derived, findings
		FROM stats ORDER BY report_id, seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		v := make([]any, 13)
		s := make([]string, 13)
		for i := range v {
			v[i] = &s[i]
		}
		if err := rows.Scan(v...); err != nil {
			t.Fatal(err)
		}
		out = append(out, strings.Join(s, "|"))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// An archive of schema 013 opened by this nianbao: migration 014 moves
// the labels of its values into stat_labels, each combination once, and
// the stats view gives every value with every column as the table did;
// the comparison's index is on stat_rows, by code and report.
func TestMigrationStatLabels(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old := openSchema(t, path, 13)
	exec := oldReports(t, old, 3)
	for r := 1; r <= 3; r++ {
		// Two reports print the same labels, the third another row label.
		row := "（一）收到申请数"
		if r == 3 {
			row = "一、收到申请数"
		}
		exec(`INSERT INTO stats (report_id, seq, table_name, section, code, dim, row_label, column_label, unit, value, raw, derived, findings) VALUES
			(?, 0, '三、收到和处理政府信息公开申请情况', '', 'requests.received', 'natural_person', ?, '自然人', '件', ?, ?, 0, 1),
			(?, 1, '三、收到和处理政府信息公开申请情况', '', 'requests.received', '', ?, '总计', '件', NULL, '', 0, 0),
			(?, 2, '二、主动公开政府信息情况', '第二十条第（一）项', '', '', '规章', '本年制发件数', '', ?, ?, 1, 0)`,
			r, row, 10*r, fmt.Sprint(10*r), r, row, r, r, fmt.Sprint(r))
	}
	before := readStats(t, old)
	old.Close()

	db, err := Open(ctx, path, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if after := readStats(t, db.db); !slices.Equal(after, before) {
		t.Errorf("stats after migration 014:\n%s\nwant\n%s", strings.Join(after, "\n"), strings.Join(before, "\n"))
	}
	if n := count(t, db, `SELECT count(*) FROM stat_labels`); n != 5 {
		t.Errorf("%d rows of labels, want 5 (each combination once)", n)
	}
	if n := count(t, db, `SELECT count(*) FROM stat_rows`); n != 9 {
		t.Errorf("%d values, want 9", n)
	}
	var got []string
	err = db.Compare(ctx, "requests.received", Filter{}, func(v CompareValue) error {
		got = append(got, fmt.Sprintf("%s/%d", v.Dim, v.ReportID))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"/1", "/2", "/3", "natural_person/1", "natural_person/2", "natural_person/3"}; !slices.Equal(got, want) {
		t.Errorf("Compare gave %v, want %v", got, want)
	}
	// New values with labels the file holds name them by their number;
	// new labels are added once.
	if _, err := db.SaveDocument(ctx, Document{Source: "seed", Body: mustRead(t, seed)}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM stats WHERE table_name IS NULL`); n != 0 {
		t.Errorf("%d values without labels", n)
	}
	if n := count(t, db, `SELECT count(*) FROM (SELECT table_name, section, row_label, column_label FROM stat_labels
		GROUP BY table_name, section, row_label, column_label HAVING count(*) > 1)`); n != 0 {
		t.Errorf("%d label combinations twice", n)
	}
}

// A batch rolled back takes the labels it added with it: the same
// document written again in a new batch adds them again, and every
// value has its labels (no id of a label row that is not there).
func TestLabelsAfterRollback(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	doc := Document{Source: "seed", Body: mustRead(t, seed)}
	b, err := db.begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.save(ctx, db.prepare(ctx, doc, parseDocument)); err != nil {
		t.Fatal(err)
	}
	b.rollback()
	if n := count(t, db, `SELECT count(*) FROM stat_labels`); n != 0 {
		t.Fatalf("%d rows of labels after the rollback", n)
	}
	b, err = db.begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.save(ctx, db.prepare(ctx, doc, parseDocument)); err != nil {
		t.Fatal(err)
	}
	if err := b.commit(); err != nil {
		t.Fatal(err)
	}
	values := count(t, db, `SELECT count(*) FROM stats`)
	if values == 0 {
		t.Fatal("no values saved")
	}
	if n := count(t, db, `SELECT count(*) FROM stats WHERE table_name IS NULL OR row_label IS NULL`); n != 0 {
		t.Errorf("%d of %d values without labels", n, values)
	}
	// Known now: a second document with the same labels adds none.
	labels := count(t, db, `SELECT count(*) FROM stat_labels`)
	if _, err := db.SaveDocument(ctx, Document{Source: "seed-copy", Body: append(mustRead(t, seed), '\n')}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM stat_labels`); n != labels {
		t.Errorf("%d rows of labels after a second report with the same labels, want %d", n, labels)
	}
	if n := count(t, db, `SELECT count(*) FROM stats WHERE table_name IS NULL`); n != 0 {
		t.Errorf("%d values without labels", n)
	}
}
