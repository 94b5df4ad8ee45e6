package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"nianbao"
)

// reportColumns are the reports columns a parse sets, in the order of
// reportArgs.
const reportColumns = `version_key, region_code, region_level, agency_kind, agency, region, year, template, title, published, form, contact, parser_version, status, error, parsed_at`

// reportArgs are the values of reportColumns for the report r read from
// source, or for the parse error perr.
func (db *DB) reportArgs(source, region string, r *nianbao.Report, perr error) ([]any, error) {
	args, err := db.reportValues(source, region, r, perr)
	if err != nil {
		return nil, err
	}
	return append(args, db.now()), nil
}

// reportValues are reportArgs but parsed_at, the time of the write.
func (db *DB) reportValues(source, region string, r *nianbao.Report, perr error) ([]any, error) {
	if r == nil || perr != nil {
		msg := "no report"
		if perr != nil {
			msg = perr.Error()
		}
		id := identify(nil, source, region)
		return []any{id.key, nullString(id.code), nullString(id.level), nil, "", nullString(region), nil, "", "", nil, nil, nil, db.parserVersion(nil), "failed", msg}, nil
	}
	var year any
	if r.Year != 0 {
		year = r.Year
	}
	contact, err := contactJSON(r.Contact)
	if err != nil {
		return nil, err
	}
	id := identify(r, source, region)
	return []any{id.key, nullString(id.code), nullString(id.level), nullString(id.kind), r.Agency, nullString(region), year, r.Template, r.Title, nullString(r.Published), nullString(r.Form),
		contact, db.parserVersion(r), r.Status(), nil}, nil
}

// insertReport stores the report read from document docID (or the parse
// error) with its values and findings, and marks the current version of
// its identity; its prose goes to ctx's proseQueue, if any, else is
// written now; res, if not nil, gets what the report superseded or is
// an alternative to.
func (db *DB) insertReport(ctx context.Context, tx *sql.Tx, docID int64, fetchedAt, source, region string, r *nianbao.Report, perr error, res *SaveResult) (int64, error) {
	rr, err := db.newReportRows(source, region, r, perr)
	if err != nil {
		return 0, err
	}
	return db.insertReportRows(ctx, tx, docID, fetchedAt, rr, res)
}

// replaceReport overwrites report id with what the parser read now (or
// the parse error), keeping the id, and replaces its values and findings.
func (db *DB) replaceReport(ctx context.Context, tx *sql.Tx, id int64, oldKey, source, region string, r *nianbao.Report, perr error) error {
	args, err := db.reportArgs(source, region, r, perr)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE reports SET (`+reportColumns+`) = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE id = ?`, append(args, id)...)
	if err != nil {
		return fmt.Errorf("update report: %w", err)
	}
	for _, q := range []string{`DELETE FROM stat_rows WHERE report_id = ?`, `DELETE FROM findings WHERE report_id = ?`} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return fmt.Errorf("replace report: %w", err)
		}
	}
	if perr == nil && r != nil {
		if err := db.insertRows(ctx, tx, id, r); err != nil {
			return err
		}
	} else {
		r = nil
	}
	if err := db.writeProse(ctx, tx, id, r); err != nil {
		return err
	}
	key := args[0].(string)
	if _, _, err := markLatest(ctx, inTx{db, tx}, key); err != nil {
		return err
	}
	if oldKey != key {
		_, _, err := markLatest(ctx, inTx{db, tx}, oldKey)
		return err
	}
	return nil
}

func contactJSON(c *nianbao.Contact) (any, error) {
	if c == nil || *c == (nianbao.Contact{}) {
		return nil, nil
	}
	b, err := json.Marshal(c)
	if err != nil {
		return nil, fmt.Errorf("contact: %w", err)
	}
	return string(b), nil
}
