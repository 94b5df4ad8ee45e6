package store

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// statsCodeColumns are the columns of the stats_code index since
// migration 012: by code, then report, so that a report's values go to
// the end of one run per code, not of one per code and dim.
var statsCodeColumns = []string{"code", "report_id", "seq", "dim", "value", "unit", "findings"}

// An archive of schema 011 opened by this nianbao: migration 012
// rebuilds stats_code by code and report with the values already
// stored, and Compare still gives them by dim, then report, read from
// the index alone in its order (no sort in SQLite's plan).
func TestMigrationStatsCodeByReport(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old := openSchema(t, path, 11)
	exec := oldReports(t, old, 3)
	dims := []string{"natural_person", "", "legal_person"}
	for r := 1; r <= 3; r++ {
		for i, d := range dims {
			for j, code := range []string{"requests.received", "proactive.total"} {
				exec(`INSERT INTO stats (report_id, seq, table_name, section, code, dim, row_label, column_label, unit, value, raw)
					VALUES (?, ?, '三', '', ?, ?, '', '', '件', ?, '')`, r, 2*i+j, code, d, 100*r+10*i+j)
			}
		}
	}
	old.Close()

	db, err := Open(ctx, path, testOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var cols []string
	rows, err := db.db.Query(`SELECT name FROM pragma_index_info('stats_code') ORDER BY seqno`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(cols, statsCodeColumns) {
		t.Errorf("stats_code columns %v, want %v", cols, statsCodeColumns)
	}

	var got []string
	err = db.Compare(ctx, "requests.received", Filter{}, func(v CompareValue) error {
		got = append(got, fmt.Sprintf("%s/%d/%g", v.Dim, v.ReportID, *v.Value))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"/1/110", "/2/210", "/3/310", "legal_person/1/120", "legal_person/2/220", "legal_person/3/320",
		"natural_person/1/100", "natural_person/2/200", "natural_person/3/300"}
	if !slices.Equal(got, want) {
		t.Errorf("Compare gave %v, want %v", got, want)
	}

	// The plan of Compare's read: the index alone, in its order.
	plan, err := db.db.Query(`EXPLAIN QUERY PLAN SELECT dim, report_id, value, unit, findings FROM stat_rows INDEXED BY stats_code
		WHERE code = ? ORDER BY code, report_id, seq`, "requests.received")
	if err != nil {
		t.Fatal(err)
	}
	var steps []string
	for plan.Next() {
		var id, parent, notused int
		var detail string
		if err := plan.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		steps = append(steps, detail)
	}
	if p := strings.Join(steps, "; "); !strings.Contains(p, "COVERING INDEX stats_code") || strings.Contains(p, "TEMP B-TREE") {
		t.Errorf("plan of the comparison: %s", p)
	}
}

// stats_code is by code, then report, on either engine (migration 012
// is shared).
func TestStatsCodeIndexColumns(t *testing.T) {
	db := mustOpen(t)
	q := `SELECT name FROM pragma_index_info('stats_code') ORDER BY seqno`
	if !db.dia.localFile() {
		q = `SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
			JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
			CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
			JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
			WHERE c.relname = 'stats_code' ORDER BY k.ord`
	}
	rows, err := db.db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(cols, statsCodeColumns) {
		t.Errorf("stats_code columns %v, want %v", cols, statsCodeColumns)
	}
}
