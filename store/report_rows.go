package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"nianbao"
)

// reportRows is what storing a report writes, built before the write:
// prepare builds it on every core (SaveAll, the crawl writer), so that
// the single writer only binds values it was handed and inserts them.
type reportRows struct {
	report *nianbao.Report // nil when the document could not be parsed
	args   []any           // the values of reportColumns but parsed_at (reportValues)
	key    string          // the report's version_key, args[0]
	rows   *rowArgs        // values and findings; nil without a report
}

// newReportRows builds the rows of the report r read from source (or of
// the parse error perr).
func (db *DB) newReportRows(source, region string, r *nianbao.Report, perr error) (*reportRows, error) {
	args, err := db.reportValues(source, region, r, perr)
	if err != nil {
		return nil, err
	}
	rr := &reportRows{args: args, key: args[0].(string)}
	if perr == nil && r != nil {
		rr.report = r
		if rr.rows, err = newRowArgs(r); err != nil {
			return nil, err
		}
		db.labels.fill(rr.rows)
	}
	return rr, nil
}

// insertReportRows stores rr as the report read from document docID,
// with its values and findings, and marks the current version of its
// identity; its prose goes to ctx's proseQueue, if any, else is written
// now; res, if not nil, gets what the report superseded or is an
// alternative to.
func (db *DB) insertReportRows(ctx context.Context, tx *sql.Tx, docID int64, fetchedAt string, rr *reportRows, res *SaveResult) (int64, error) {
	// parsed_at is read from the store's clock here, at the write, after
	// fetched_at, as it was before the rows were built in prepare.
	// The first version of an identity is its current one: it is
	// stored so (latest = 1) and settle, which would find it alone and
	// mark it, is not run.
	first, err := firstVersion(ctx, inTx{db, tx}, rr.key)
	if err != nil {
		return 0, err
	}
	latest := int64(0)
	if first {
		latest = 1
	}
	args := make([]any, 0, 4+len(rr.args))
	args = append(append(append(args, docID, fetchedAt, latest), rr.args...), db.now())
	var id int64
	err = db.queryRow(ctx, tx, `INSERT INTO reports (document_id, fetched_at, latest, `+reportColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, args, &id)
	if err != nil {
		return 0, fmt.Errorf("insert report: %w", err)
	}
	if rr.report != nil {
		if err := db.insertRowArgs(ctx, tx, id, rr.rows); err != nil {
			return 0, err
		}
		if !queueProse(ctx, id, rr.report) {
			if err := db.writeProse(ctx, tx, id, rr.report); err != nil {
				return 0, err
			}
		}
	}
	if first {
		return id, nil
	}
	if res == nil {
		res = &SaveResult{}
	}
	if err := settle(ctx, inTx{db, tx}, rr.key, id, res); err != nil {
		return 0, err
	}
	return id, nil
}

// rowArgs are the values of a report's rows in stat_rows, findings and
// finding_codes, statsColumns, findingsColumns and codesColumns values a
// row, built without the report's id: the first value of each row is
// the report id, which setReport fills in once the report is inserted.
// The label id of each value (statsLabelArg) is set at the write
// (resolveLabels) from labels and labelIDs.
type rowArgs struct {
	stats, findings, codes []any

	labels   []labelKey // each value's labels
	labelIDs []int64    // their committed ids when prepared; 0: not known then
}

// The rows' widths, in values.
const (
	statsColumns    = 10
	findingsColumns = 7
	codesColumns    = 3
)

// statsLabelArg is the place of label_id in a row of stat_rows.
const statsLabelArg = 2

// newRowArgs builds the rows of r's values and findings.
func newRowArgs(r *nianbao.Report) (*rowArgs, error) {
	a := &rowArgs{
		stats:    make([]any, 0, statsColumns*len(r.Stats)),
		findings: make([]any, 0, findingsColumns*len(r.Findings)),
		labels:   make([]labelKey, len(r.Stats)),
		labelIDs: make([]int64, len(r.Stats)),
	}
	// The findings on a value are those that name its code.
	onCode := map[string]int64{}
	for i, f := range r.Findings {
		codes := slices.Compact(slices.Sorted(slices.Values(f.Codes)))
		b, err := json.Marshal(f.Codes)
		if err != nil {
			return nil, fmt.Errorf("finding %d codes: %w", i, err)
		}
		if f.Codes == nil {
			b = []byte("[]")
		}
		kind := f.Kind
		if kind == "" { // a reader that does not sort its findings: nothing is blamed on the agency
			kind = nianbao.KindReading
		}
		a.findings = append(a.findings, nil, int64(i), f.Rule, f.Severity, kind, f.Message, string(b))
		for _, c := range codes {
			if c != "" {
				onCode[c]++
				a.codes = append(a.codes, nil, int64(i), c)
			}
		}
	}
	for i, s := range r.Stats {
		var v any
		if s.Value != nil {
			v = *s.Value
		}
		derived := int64(0)
		if s.Derived {
			derived = 1
		}
		a.labels[i] = labelKey{s.Table, s.Section, s.Row, s.Column}
		// int64, not int: database/sql converts an int by reflection,
		// on the writer's goroutine, for each value.
		a.stats = append(a.stats, nil, int64(i), nil, s.Code, s.Dim, s.Unit, v, s.Raw, derived, onCode[s.Code])
	}
	return a, nil
}

// setReport puts the report id first in every row of a.
func (a *rowArgs) setReport(id int64) {
	v := any(id)
	for _, rows := range []struct {
		args  []any
		width int
	}{{a.stats, statsColumns}, {a.findings, findingsColumns}, {a.codes, codesColumns}} {
		for i := 0; i < len(rows.args); i += rows.width {
			rows.args[i] = v
		}
	}
}
