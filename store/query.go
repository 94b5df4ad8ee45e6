package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"nianbao"
)

// A Filter selects values of the current reports. Zero fields select
// everything; every field reaches SQL as a bound parameter.
type Filter struct {
	Codes            []string         // indicator codes, any of
	Dims             []string         // dims, any of; nil for all
	YearFrom, YearTo int              // report years, inclusive; 0 for no bound
	Agency           string           // text the agency name contains
	Template         nianbao.Template // template id
}

// where returns the conditions of f on a view with agency, year,
// template, code and dim columns, and their arguments. codes says
// whether the view has one code per row (values) or not (findings).
func (f Filter) where(codes bool) (string, []any) {
	var conds []string
	var args []any
	in := func(col string, vals []string) {
		conds = append(conds, col+" IN ("+strings.TrimSuffix(strings.Repeat("?,", len(vals)), ",")+")")
		for _, v := range vals {
			args = append(args, v)
		}
	}
	if len(f.Codes) > 0 && codes {
		in("code", f.Codes)
	}
	if len(f.Dims) > 0 && codes {
		in("dim", f.Dims)
	}
	if f.YearFrom != 0 {
		conds, args = append(conds, "year >= ?"), append(args, f.YearFrom)
	}
	if f.YearTo != 0 {
		conds, args = append(conds, "year <= ?"), append(args, f.YearTo)
	}
	if f.Agency != "" {
		conds, args = append(conds, "instr(agency, ?) > 0"), append(args, f.Agency)
	}
	if f.Template != "" {
		conds, args = append(conds, "template = ?"), append(args, f.Template)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// A Value is one row of the stat_values view: a value of a current
// report with its provenance.
type Value struct {
	ReportID         int64
	Agency, Region   string
	Year             int // 0 when unknown
	Template         nianbao.Template
	Seq              int
	Table, Section   string
	Code, Dim        string
	LabelZH, LabelEN string // from the data dictionary; "" for an unknown code
	Row, Column      string
	Unit             string
	Value            *float64
	Raw              string
	Derived          bool
	Source, FinalURL string
	SHA256           string
	FetchedAt        string
	Findings         int // findings that name this value's code
}

// Values calls fn for each value of the current reports that f selects,
// ordered by agency, year, report and position in the table.
//
// With no code filter it reads the selected reports in that order, then
// each one's values by the stats primary key, so that SQLite never sorts
// every value of the database (an export of all of them); with codes it
// reads them through the stats_code index and sorts the few it finds.
func (db *DB) Values(ctx context.Context, f Filter, fn func(Value) error) error {
	if len(f.Codes) > 0 {
		return db.valuesSorted(ctx, f, fn)
	}
	tx, err := db.db.BeginTx(ctx, nil) // one snapshot for both queries
	if err != nil {
		return fmt.Errorf("values: %w", err)
	}
	defer tx.Rollback()
	rf := f
	rf.Dims = nil
	where, args := rf.where(true)
	if where == "" {
		where = " WHERE r.latest = 1"
	} else {
		where += " AND r.latest = 1"
	}
	q := `SELECT s.seq, s.table_name, s.section, s.code, s.dim, i.zh, i.en, s.row_label, s.column_label, s.unit, s.value, s.raw, s.derived, s.findings
		FROM stats s LEFT JOIN indicators i ON i.code = s.code AND i.dim = s.dim WHERE s.report_id = ?`
	if len(f.Dims) > 0 {
		q += " AND s.dim IN (" + strings.TrimSuffix(strings.Repeat("?,", len(f.Dims)), ",") + ")"
	}
	stmt, err := tx.PrepareContext(ctx, q+" ORDER BY s.seq")
	if err != nil {
		return fmt.Errorf("values: %w", err)
	}
	defer stmt.Close()
	reports, err := tx.QueryContext(ctx, `SELECT r.id, r.agency, r.region, r.year, r.template, d.source, d.final_url, d.sha256, d.fetched_at
		FROM reports r JOIN documents d ON d.id = r.document_id`+where+` ORDER BY r.agency, r.year, r.id`, args...)
	if err != nil {
		return fmt.Errorf("values: %w", err)
	}
	defer reports.Close()
	statArgs := make([]any, 1, 1+len(f.Dims))
	for _, d := range f.Dims {
		statArgs = append(statArgs, d)
	}
	// held keeps the reports for an engine that cannot read a second
	// result while the first is open on the connection.
	var held []Value
	for reports.Next() {
		var r Value
		var region, finalURL sql.NullString
		var year sql.NullInt64
		if err := reports.Scan(&r.ReportID, &r.Agency, &region, &year, &r.Template, &r.Source, &finalURL, &r.SHA256, &r.FetchedAt); err != nil {
			return fmt.Errorf("values: %w", err)
		}
		r.Region, r.FinalURL, r.Year = region.String, finalURL.String, int(year.Int64)
		if !db.dia.nestedQueries() {
			held = append(held, r)
			continue
		}
		statArgs[0] = r.ReportID
		if err := reportValues(ctx, stmt, statArgs, r, fn); err != nil {
			return err
		}
	}
	if err := reports.Err(); err != nil {
		return fmt.Errorf("values: %w", err)
	}
	reports.Close()
	for _, r := range held {
		statArgs[0] = r.ReportID
		if err := reportValues(ctx, stmt, statArgs, r, fn); err != nil {
			return err
		}
	}
	return nil
}

// reportValues calls fn with each value stmt reads of report r.
func reportValues(ctx context.Context, stmt *sql.Stmt, args []any, r Value, fn func(Value) error) error {
	rows, err := stmt.QueryContext(ctx, args...)
	if err != nil {
		return fmt.Errorf("values of report %d: %w", r.ReportID, err)
	}
	defer rows.Close()
	for rows.Next() {
		v := r
		var zh, en sql.NullString
		var value sql.NullFloat64
		if err := rows.Scan(&v.Seq, &v.Table, &v.Section, &v.Code, &v.Dim, &zh, &en, &v.Row, &v.Column, &v.Unit, &value, &v.Raw, &v.Derived, &v.Findings); err != nil {
			return fmt.Errorf("values of report %d: %w", r.ReportID, err)
		}
		v.LabelZH, v.LabelEN = zh.String, en.String
		if value.Valid {
			v.Value = &value.Float64
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("values of report %d: %w", r.ReportID, err)
	}
	return nil
}

// valuesSorted is Values through the stat_values view, sorted by SQLite.
func (db *DB) valuesSorted(ctx context.Context, f Filter, fn func(Value) error) error {
	where, args := f.where(true)
	rows, err := db.db.QueryContext(ctx, `SELECT report_id, agency, region, year, template, seq, table_name, section, code, dim,
			label_zh, label_en, row_label, column_label, unit, value, raw, derived, source, final_url, sha256, fetched_at, findings
		FROM stat_values`+where+` ORDER BY agency, year, report_id, seq`, args...)
	if err != nil {
		return fmt.Errorf("values: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v Value
		var region, zh, en, finalURL sql.NullString
		var year sql.NullInt64
		var value sql.NullFloat64
		if err := rows.Scan(&v.ReportID, &v.Agency, &region, &year, &v.Template, &v.Seq, &v.Table, &v.Section, &v.Code, &v.Dim,
			&zh, &en, &v.Row, &v.Column, &v.Unit, &value, &v.Raw, &v.Derived, &v.Source, &finalURL, &v.SHA256, &v.FetchedAt, &v.Findings); err != nil {
			return fmt.Errorf("values: %w", err)
		}
		v.Region, v.LabelZH, v.LabelEN, v.FinalURL = region.String, zh.String, en.String, finalURL.String
		v.Year = int(year.Int64)
		if value.Valid {
			v.Value = &value.Float64
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("values: %w", err)
	}
	return nil
}

// A FindingRow is a validation finding of a current report, with the
// report's agency, year and provenance.
type FindingRow struct {
	ReportID       int64
	Seq            int // position in the report's findings
	Agency, Region string
	Year           int
	Template       nianbao.Template
	Rule           string
	Severity       nianbao.Severity
	Kind           nianbao.Kind // source, reading or metadata
	Message        string
	Codes          []string
	Source         string
	SHA256         string
	FetchedAt      string
}

// Findings calls fn for each finding of the current reports that f
// selects (by codes it names, years, agency and template), ordered by
// agency, year, report and position.
func (db *DB) Findings(ctx context.Context, f Filter, fn func(FindingRow) error) error {
	where, args := f.where(false)
	where, args = andCodesIn(where, args, "EXISTS (SELECT 1 FROM finding_codes fc WHERE fc.report_id = x.report_id AND fc.seq = x.seq AND fc.code IN (", f.Codes)
	rows, err := db.db.QueryContext(ctx, `SELECT report_id, seq, agency, region, year, template, rule, severity, kind, message, codes, source, sha256, fetched_at
		FROM (SELECT f.seq, lr.report_id, lr.agency, lr.region, lr.year, lr.template, f.rule, f.severity, f.kind, f.message, f.codes,
				lr.source, lr.sha256, lr.fetched_at
			FROM findings f JOIN latest_reports lr ON lr.report_id = f.report_id) x`+where+`
		ORDER BY agency, year, report_id, seq`, args...)
	if err != nil {
		return fmt.Errorf("findings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var x FindingRow
		var region sql.NullString
		var year sql.NullInt64
		var codes string
		if err := rows.Scan(&x.ReportID, &x.Seq, &x.Agency, &region, &year, &x.Template, &x.Rule, &x.Severity, &x.Kind, &x.Message, &codes,
			&x.Source, &x.SHA256, &x.FetchedAt); err != nil {
			return fmt.Errorf("findings: %w", err)
		}
		x.Region, x.Year = region.String, int(year.Int64)
		if err := json.Unmarshal([]byte(codes), &x.Codes); err != nil {
			return fmt.Errorf("findings: codes of finding %d/%d: %w", x.ReportID, x.Seq, err)
		}
		if err := fn(x); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("findings: %w", err)
	}
	return nil
}

// A CompareValue is one value of the compare_values view.
type CompareValue struct {
	Dim            string
	Agency, Region string
	RegionCode     string // GB/T 2260; "" when unknown
	Year           int
	Value          *float64
	Unit           string
	ReportID       int64
	Findings       int
}

// Compare calls fn with each value of code across the current reports,
// in the dims, years, agencies and template f selects (f.Codes is
// ignored), ordered by dim and report. It reads what the compare_values
// view holds, but in two queries that need no join: the selected
// current reports once, then the values of code from the stats_code
// index alone, matched to their report in Go, since a comparison can be
// tens of thousands of values.
func (db *DB) Compare(ctx context.Context, code string, f Filter, fn func(CompareValue) error) error {
	if code == "" {
		return nil // compare_values holds no value without a code
	}
	reports, byID, err := db.compareReports(ctx, f)
	if err != nil {
		return err
	}
	var conds []string
	args := []any{code}
	if len(f.Dims) > 0 {
		conds = append(conds, " AND dim IN ("+strings.TrimSuffix(strings.Repeat("?,", len(f.Dims)), ",")+")")
		for _, d := range f.Dims {
			args = append(args, d)
		}
	}
	// The index holds each code's values in report order (migration
	// 012): they are read in that order, without a sort, and put in
	// order of dim here, one bucket a dim (a code has a few).
	rows, err := db.db.QueryContext(ctx, `SELECT dim, report_id, value, unit, findings FROM stat_rows INDEXED BY stats_code
		WHERE code = ?`+strings.Join(conds, "")+` ORDER BY code, report_id, seq`, args...)
	if err != nil {
		return fmt.Errorf("compare: %w", err)
	}
	defer rows.Close()
	// Values in blocks rather than one allocation each; scanned into
	// variables made once (what Scan is given the address of escapes,
	// and would be allocated per row).
	var block []float64
	var col [5]any
	dest := []any{&col[0], &col[1], &col[2], &col[3], &col[4]}
	var byDim []dimValues
	var v CompareValue
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("compare: %w", err)
		}
		id, err := anyInt(col[1])
		if err != nil {
			return fmt.Errorf("compare: report_id: %w", err)
		}
		if id < 0 || id >= int64(len(byID)) || byID[id] == 0 {
			continue // not current, or not selected
		}
		// Units seldom change: the string of the value before is kept
		// when equal, not one copy per value.
		last := v
		v = CompareValue{ReportID: id}
		dim, err := anyText(col[0])
		if err != nil {
			return fmt.Errorf("compare: dim: %w", err)
		}
		if v.Unit, err = anyText(col[3]); err != nil {
			return fmt.Errorf("compare: unit: %w", err)
		}
		if v.Unit == last.Unit {
			v.Unit = last.Unit
		}
		findings, err := anyInt(col[4])
		if err != nil {
			return fmt.Errorf("compare: findings: %w", err)
		}
		v.Findings = int(findings)
		value, ok, err := anyFloat(col[2])
		if err != nil {
			return fmt.Errorf("compare: value: %w", err)
		}
		if ok {
			if len(block) == cap(block) {
				block = make([]float64, 0, 1024)
			}
			block = append(block, value)
			v.Value = &block[len(block)-1]
		}
		byDim = addByDim(byDim, dim, dimValue{id: id, value: v.Value, unit: v.Unit, findings: v.Findings})
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("compare: %w", err)
	}
	slices.SortFunc(byDim, func(a, b dimValues) int { return strings.Compare(a.dim, b.dim) })
	for _, d := range byDim {
		for _, dv := range d.values {
			r := &reports[byID[dv.id]-1]
			v := CompareValue{Dim: d.dim, Agency: r.agency, Region: r.region, RegionCode: r.regionCode, Year: r.year,
				Value: dv.value, Unit: dv.unit, ReportID: dv.id, Findings: dv.findings}
			if err := fn(v); err != nil {
				return err
			}
		}
	}
	return nil
}

// dimValues are the values of one dim of a comparison, in report order.
type dimValues struct {
	dim    string
	values []dimValue
}

// A dimValue is one value of a comparison as read from stats_code; its
// report gives the rest.
type dimValue struct {
	id       int64
	value    *float64
	unit     string
	findings int
}

// addByDim adds v to the values of dim in byDim.
func addByDim(byDim []dimValues, dim string, v dimValue) []dimValues {
	for i := range byDim {
		if byDim[i].dim == dim {
			byDim[i].values = append(byDim[i].values, v)
			return byDim
		}
	}
	return append(byDim, dimValues{dim: dim, values: append(make([]dimValue, 0, 256), v)})
}

// compareReport is what a comparison shows of a report.
type compareReport struct {
	agency, region, regionCode string
	year                       int
}

// compareReports returns the agency, region, region code and year of
// each current report that f's years, agency and template select:
// reports[byID[id]-1] for report id, byID[id] 0 for a report not
// selected (ids are dense, so a slice serves where a map would cost a
// hash per value).
func (db *DB) compareReports(ctx context.Context, f Filter) (reports []compareReport, byID []int32, err error) {
	f.Codes, f.Dims = nil, nil
	// latest is tested here, not in the WHERE clause: SQLite would read
	// the reports through the reports_latest index, each row then a seek
	// into the table in another order (three times the time of reading
	// the table in id order, nearly all of it page reads). No condition
	// of f has an index of its own, so the table is read in id order.
	where, args := f.where(true)
	rows, err := db.db.QueryContext(ctx, `SELECT id, latest, agency, region, region_code, year FROM reports`+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("compare: reports: %w", err)
	}
	defer rows.Close()
	var col [6]any
	dest := []any{&col[0], &col[1], &col[2], &col[3], &col[4], &col[5]}
	var ids []int32
	var last compareReport
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, nil, fmt.Errorf("compare: reports: %w", err)
		}
		r, id, current, err := scanCompareReport(col)
		if err != nil {
			return nil, nil, fmt.Errorf("compare: reports: %w", err)
		}
		if !current {
			continue
		}
		// Regions repeat from one report to the next: one copy.
		if r.region == last.region {
			r.region = last.region
		}
		if r.regionCode == last.regionCode {
			r.regionCode = last.regionCode
		}
		last = r
		reports = append(reports, r)
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("compare: reports: %w", err)
	}
	if len(ids) > 0 {
		byID = make([]int32, ids[len(ids)-1]+1)
		for i, id := range ids {
			byID[id] = int32(i + 1)
		}
	}
	return reports, byID, nil
}

// scanCompareReport reads a row of compareReports' query: the report,
// its id and whether it is the current version.
func scanCompareReport(col [6]any) (r compareReport, id int32, current bool, err error) {
	id64, err := anyInt(col[0])
	if err != nil {
		return r, 0, false, fmt.Errorf("id: %w", err)
	}
	if id64 < 0 || id64 > math.MaxInt32 {
		return r, 0, false, fmt.Errorf("id %d out of range", id64)
	}
	latest, err := anyInt(col[1])
	if err != nil {
		return r, 0, false, fmt.Errorf("report %d: latest: %w", id64, err)
	}
	if latest != 1 {
		return r, int32(id64), false, nil
	}
	if r.agency, err = anyText(col[2]); err != nil {
		return r, 0, false, fmt.Errorf("report %d: agency: %w", id64, err)
	}
	if r.region, err = anyText(col[3]); err != nil {
		return r, 0, false, fmt.Errorf("report %d: region: %w", id64, err)
	}
	if r.regionCode, err = anyText(col[4]); err != nil {
		return r, 0, false, fmt.Errorf("report %d: region_code: %w", id64, err)
	}
	year, err := anyInt(col[5])
	if err != nil {
		return r, 0, false, fmt.Errorf("report %d: year: %w", id64, err)
	}
	r.year = int(year)
	return r, int32(id64), true, nil
}

// An IndicatorRow is one row of the data dictionary.
type IndicatorRow struct {
	Code, Dim   string
	ZH, EN      string
	Unit        string
	Templates   string
	Description string
}

// Indicator returns the data dictionary's entry for code and dim, or
// ErrNotFound.
func (db *DB) Indicator(ctx context.Context, code, dim string) (IndicatorRow, error) {
	in := IndicatorRow{Code: code, Dim: dim}
	err := db.db.QueryRowContext(ctx, `SELECT zh, en, unit, templates, description FROM indicators WHERE code = ? AND dim = ?`, code, dim).Scan(
		&in.ZH, &in.EN, &in.Unit, &in.Templates, &in.Description)
	if errors.Is(err, sql.ErrNoRows) {
		return in, fmt.Errorf("indicator %s %q: %w", code, dim, ErrNotFound)
	}
	if err != nil {
		return in, fmt.Errorf("indicator %s %q: %w", code, dim, err)
	}
	return in, nil
}

// DimColumn returns the column the values of code's dim are printed
// under (自然人 for requests.received's natural_person), as the first
// stored value has it; "" when no value has a column label.
func (db *DB) DimColumn(ctx context.Context, code, dim string) (string, error) {
	var col string
	err := db.db.QueryRowContext(ctx, `SELECT column_label FROM stats WHERE code = ? AND dim = ? AND column_label <> '' LIMIT 1`, code, dim).Scan(&col)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("column of %s %q: %w", code, dim, err)
	}
	return col, nil
}

// ValueFindings returns the findings of report id that name code.
func (db *DB) ValueFindings(ctx context.Context, reportID int64, code string) ([]FindingRow, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT f.seq, f.rule, f.severity, f.kind, f.message, f.codes FROM findings f
		JOIN finding_codes fc ON fc.report_id = f.report_id AND fc.seq = f.seq WHERE fc.report_id = ? AND fc.code = ? ORDER BY f.seq`, reportID, code)
	if err != nil {
		return nil, fmt.Errorf("findings of report %d: %w", reportID, err)
	}
	defer rows.Close()
	var out []FindingRow
	for rows.Next() {
		x := FindingRow{ReportID: reportID}
		var codes string
		if err := rows.Scan(&x.Seq, &x.Rule, &x.Severity, &x.Kind, &x.Message, &codes); err != nil {
			return nil, fmt.Errorf("findings of report %d: %w", reportID, err)
		}
		if err := json.Unmarshal([]byte(codes), &x.Codes); err != nil {
			return nil, fmt.Errorf("findings of report %d: %w", reportID, err)
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// andCodesIn adds to a WHERE clause (possibly empty) the condition that
// exists, an EXISTS (… IN ( opening, holds one of codes; nothing when
// codes is empty. The codes are bound parameters.
func andCodesIn(where string, args []any, exists string, codes []string) (string, []any) {
	if len(codes) == 0 {
		return where, args
	}
	cond := exists + strings.TrimSuffix(strings.Repeat("?,", len(codes)), ",") + "))"
	if where == "" {
		where = " WHERE " + cond
	} else {
		where += " AND " + cond
	}
	for _, c := range codes {
		args = append(args, c)
	}
	return where, args
}
