package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
)

// A ReparseChange is what re-parsing one document changed.
type ReparseChange struct {
	DocumentID int64
	ReportID   int64
	Source     string
	// Report lists the report fields that changed (agency, year,
	// template, status, …), in a fixed order.
	Report []string
	// Values added, removed and changed (same code, dim, row and column,
	// other value or raw text).
	ValuesAdded, ValuesRemoved, ValuesChanged int
	// Findings added and removed (by rule and message).
	FindingsAdded, FindingsRemoved int
	// Err is why the document could not be parsed now, if it could not.
	Err error
}

// Changed reports whether anything but the parser version changed.
func (c ReparseChange) Changed() bool {
	return len(c.Report) > 0 || c.ValuesAdded+c.ValuesRemoved+c.ValuesChanged+c.FindingsAdded+c.FindingsRemoved > 0
}

// ReparseSummary adds up a Reparse.
type ReparseSummary struct {
	Documents, Changed                        int
	ValuesAdded, ValuesRemoved, ValuesChanged int
	FindingsAdded, FindingsRemoved            int
}

// Reparse runs the parser given at Open over every archived document
// (corrections aside: they have no report) and replaces its report,
// values and findings, one transaction per document. fn, if not nil, is called with each document's change.
func (db *DB) Reparse(ctx context.Context, fn func(ReparseChange) error) (ReparseSummary, error) {
	var sum ReparseSummary
	if db.opt.Parse == nil {
		return sum, fmt.Errorf("reparse: %w", errNoParser)
	}
	var ids []int64
	rows, err := db.db.QueryContext(ctx, `SELECT id FROM documents
		WHERE source NOT IN (SELECT url FROM urls WHERE kind = 'correction') ORDER BY id`)
	if err != nil {
		return sum, fmt.Errorf("reparse: %w", err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return sum, fmt.Errorf("reparse: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return sum, fmt.Errorf("reparse: %w", err)
	}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		c, err := db.reparseOne(ctx, id)
		if err != nil {
			return sum, fmt.Errorf("reparse document %d: %w", id, err)
		}
		sum.Documents++
		if c.Changed() {
			sum.Changed++
		}
		sum.ValuesAdded += c.ValuesAdded
		sum.ValuesRemoved += c.ValuesRemoved
		sum.ValuesChanged += c.ValuesChanged
		sum.FindingsAdded += c.FindingsAdded
		sum.FindingsRemoved += c.FindingsRemoved
		if fn != nil {
			if err := fn(c); err != nil {
				return sum, err
			}
		}
	}
	return sum, nil
}

// storedReport is the part of a reports row that re-parsing compares.
type storedReport struct {
	id                                    int64
	key                                   string
	agency, template, title, status       string
	region, published, form, contact, err sql.NullString
	year                                  sql.NullInt64
}

type statKey struct{ table, code, dim, row, column string }

type statVal struct {
	value sql.NullFloat64
	raw   string
	unit  string
}

type findingKey struct{ rule, severity, message string }

// reparseOne re-parses document id and replaces its rows.
func (db *DB) reparseOne(ctx context.Context, id int64) (ReparseChange, error) {
	body, err := db.Body(ctx, id)
	if err != nil {
		return ReparseChange{}, err
	}
	c := ReparseChange{DocumentID: id}
	var ctype sql.NullString
	var fetchedAt string
	if err := db.db.QueryRowContext(ctx, `SELECT source, content_type, fetched_at FROM documents WHERE id = ?`, id).Scan(&c.Source, &ctype, &fetchedAt); err != nil {
		return ReparseChange{}, err
	}
	doc := Document{Source: c.Source, ContentType: ctype.String, Body: body}
	if doc.TitleHint, doc.YearHint, err = db.linkHint(ctx, c.Source); err != nil {
		return ReparseChange{}, err
	}
	r, perr := db.opt.Parse(doc)
	c.Err = perr

	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return ReparseChange{}, err
	}
	defer func() {
		tx.Rollback()
		db.labels.rolledBack(tx) // after a commit: nothing left
	}()
	var old storedReport
	err = tx.QueryRowContext(ctx, `SELECT id, version_key, agency, region, year, template, title, published, form, contact, status, error
		FROM reports WHERE document_id = ?`, id).Scan(&old.id, &old.key, &old.agency, &old.region, &old.year, &old.template,
		&old.title, &old.published, &old.form, &old.contact, &old.status, &old.err)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return ReparseChange{}, err
	}
	oldStats, err := loadStats(ctx, tx, old.id)
	if err != nil {
		return ReparseChange{}, err
	}
	oldFindings, err := loadFindings(ctx, tx, old.id)
	if err != nil {
		return ReparseChange{}, err
	}

	// Replace: the report row keeps its id; its values and findings are
	// written anew.
	newID := old.id
	if old.id != 0 {
		err = db.replaceReport(ctx, tx, old.id, old.key, c.Source, old.region.String, r, perr)
	} else {
		newID, err = db.insertReport(ctx, tx, id, fetchedAt, c.Source, "", r, perr, nil)
	}
	if err != nil {
		return ReparseChange{}, err
	}
	c.ReportID = newID

	var now storedReport
	err = tx.QueryRowContext(ctx, `SELECT agency, year, template, title, published, form, contact, status, error FROM reports WHERE id = ?`, newID).Scan(
		&now.agency, &now.year, &now.template, &now.title, &now.published, &now.form, &now.contact, &now.status, &now.err)
	if err != nil {
		return ReparseChange{}, err
	}
	if old.id == 0 {
		c.Report = append(c.Report, "report")
	} else {
		c.Report = diffReport(old, now)
	}
	newStats, err := loadStats(ctx, tx, newID)
	if err != nil {
		return ReparseChange{}, err
	}
	newFindings, err := loadFindings(ctx, tx, newID)
	if err != nil {
		return ReparseChange{}, err
	}
	c.ValuesAdded, c.ValuesRemoved, c.ValuesChanged = diffStats(oldStats, newStats)
	c.FindingsAdded, c.FindingsRemoved = diffFindings(oldFindings, newFindings)
	if err := tx.Commit(); err != nil {
		return ReparseChange{}, err
	}
	db.labels.committed(tx)
	return c, nil
}

func diffReport(a, b storedReport) []string {
	var out []string
	check := func(name string, same bool) {
		if !same {
			out = append(out, name)
		}
	}
	check("agency", a.agency == b.agency)
	check("year", a.year == b.year)
	check("template", a.template == b.template)
	check("title", a.title == b.title)
	check("published", a.published == b.published)
	check("form", a.form == b.form)
	check("contact", a.contact == b.contact)
	check("status", a.status == b.status)
	check("error", a.err == b.err)
	return out
}

// loadStats reads the values of report id, counting repeats of a key.
func loadStats(ctx context.Context, tx *sql.Tx, id int64) (map[statKey][]statVal, error) {
	m := map[statKey][]statVal{}
	if id == 0 {
		return m, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT table_name, code, dim, row_label, column_label, unit, value, raw FROM stats WHERE report_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k statKey
		var v statVal
		if err := rows.Scan(&k.table, &k.code, &k.dim, &k.row, &k.column, &v.unit, &v.value, &v.raw); err != nil {
			return nil, err
		}
		m[k] = append(m[k], v)
	}
	return m, rows.Err()
}

func loadFindings(ctx context.Context, tx *sql.Tx, id int64) (map[findingKey]int, error) {
	m := map[findingKey]int{}
	if id == 0 {
		return m, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT rule, severity, message FROM findings WHERE report_id = ?`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k findingKey
		if err := rows.Scan(&k.rule, &k.severity, &k.message); err != nil {
			return nil, err
		}
		m[k]++
	}
	return m, rows.Err()
}

func diffStats(old, now map[statKey][]statVal) (added, removed, changed int) {
	for k, ov := range old {
		nv := now[k]
		for i := range max(len(ov), len(nv)) {
			switch {
			case i >= len(nv):
				removed++
			case i >= len(ov):
				added++
			case !sameVal(ov[i], nv[i]):
				changed++
			}
		}
	}
	for k, nv := range now {
		if _, ok := old[k]; !ok {
			added += len(nv)
		}
	}
	return added, removed, changed
}

func sameVal(a, b statVal) bool {
	if a.raw != b.raw || a.unit != b.unit || a.value.Valid != b.value.Valid {
		return false
	}
	return !a.value.Valid || a.value.Float64 == b.value.Float64 || (math.IsNaN(a.value.Float64) && math.IsNaN(b.value.Float64))
}

func diffFindings(old, now map[findingKey]int) (added, removed int) {
	for k, n := range old {
		if d := n - now[k]; d > 0 {
			removed += d
		}
	}
	for k, n := range now {
		if d := n - old[k]; d > 0 {
			added += d
		}
	}
	return added, removed
}
