package web

import (
	"database/sql"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// reportData is the report page.
type reportData struct {
	ID                           int64
	Agency, Region, RegionCode   string
	RegionName                   string
	Level, AgencyKind            string
	Year                         int
	Template, Title, Published   string
	Status, Error, ParserVersion string
	Latest                       bool
	DocumentID                   int64
	Source, FinalURL, FetchedAt  string
	SHA256, ContentType          string
	HTTPStatus                   int
	Versions                     []version
	Tables                       []printedTable
	Findings                     []findingRow
}

type version struct {
	ReportID         int64
	Version          int
	Role             string
	Source           string
	FetchedAt        string
	SHA256, Template string
	Status           string
	This             bool
}

// printedTable is one statistics table as the template prints it: its
// rows and columns in the order the report has them.
type printedTable struct {
	Name    string
	Columns []string
	Rows    []printedRow
}

type printedRow struct {
	Section, Label string
	Cells          []*printedCell // per column; nil where the row has no cell
}

type printedCell struct {
	Anchor   string
	Code     string
	Dim      string
	Raw      string
	Value    *float64
	Unit     string
	Derived  bool
	Findings []int // numbers of the findings that name the cell's code
}

type findingRow struct {
	N                    int
	Rule, Severity, Kind string
	Message              string
	Codes                []string
}

func (s *Server) report(r *http.Request, l *lang) (*view, error) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, errBadRequest{"report id: a number"}
	}
	d := &reportData{ID: id}
	var region, code, level, kind, published, errText, finalURL, ctype sql.NullString
	var year, status sql.NullInt64
	var versionKey string
	found := false
	err = s.query(ctx, `SELECT r.agency, r.region, r.region_code, r.region_level, r.agency_kind, r.year, r.template, r.title, r.published,
			r.status, r.error, r.parser_version, r.latest, r.version_key, d.id, d.source, d.final_url, d.fetched_at, d.sha256,
			d.content_type, d.http_status
		FROM reports r JOIN documents d ON d.id = r.document_id WHERE r.id = ?`, []any{id}, func(scan func(...any) error) error {
		found = true
		return scan(&d.Agency, &region, &code, &level, &kind, &year, &d.Template, &d.Title, &published, &d.Status, &errText,
			&d.ParserVersion, &d.Latest, &versionKey, &d.DocumentID, &d.Source, &finalURL, &d.FetchedAt, &d.SHA256, &ctype, &status)
	})
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, errNotFound{"report " + strconv.FormatInt(id, 10)}
	}
	d.Region, d.RegionCode, d.Level, d.AgencyKind = region.String, code.String, level.String, kind.String
	d.Year, d.Published, d.Error, d.FinalURL, d.ContentType = int(year.Int64), published.String, errText.String, finalURL.String, ctype.String
	d.HTTPStatus = int(status.Int64)
	err = s.query(ctx, `SELECT report_id, version, role, source, fetched_at, sha256, template, status FROM report_versions
		WHERE version_key = ? ORDER BY version`, []any{versionKey}, func(scan func(...any) error) error {
		var v version
		if err := scan(&v.ReportID, &v.Version, &v.Role, &v.Source, &v.FetchedAt, &v.SHA256, &v.Template, &v.Status); err != nil {
			return err
		}
		v.This = v.ReportID == id
		d.Versions = append(d.Versions, v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The findings, numbered, and which codes each names.
	byCode := map[string][]int{}
	err = s.query(ctx, `SELECT rule, severity, kind, message, codes FROM findings WHERE report_id = ? ORDER BY seq`, []any{id},
		func(scan func(...any) error) error {
			f := findingRow{N: len(d.Findings) + 1}
			var codes string
			if err := scan(&f.Rule, &f.Severity, &f.Kind, &f.Message, &codes); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(codes), &f.Codes); err != nil {
				return err
			}
			for _, c := range f.Codes {
				byCode[c] = append(byCode[c], f.N)
			}
			d.Findings = append(d.Findings, f)
			return nil
		})
	if err != nil {
		return nil, err
	}
	t := &Table{Header: []string{"table", "section", "row", "column", "code", "dim", "value", "unit", "raw", "findings"}}
	tables := map[string]*printedTable{}
	rowIndex := map[[3]string]int{}
	err = s.query(ctx, `SELECT table_name, section, code, dim, row_label, column_label, unit, value, raw, derived FROM stats
		WHERE report_id = ? ORDER BY seq`, []any{id}, func(scan func(...any) error) error {
		var tableName, section, rowLabel, column string
		c := &printedCell{}
		if err := scan(&tableName, &section, &c.Code, &c.Dim, &rowLabel, &column, &c.Unit, &c.Value, &c.Raw, &c.Derived); err != nil {
			return err
		}
		c.Findings = byCode[c.Code]
		if c.Code != "" {
			c.Anchor = "v-" + c.Code
			if c.Dim != "" {
				c.Anchor += "-" + c.Dim
			}
		}
		pt := tables[tableName]
		if pt == nil {
			pt = &printedTable{Name: tableName}
			tables[tableName] = pt
			d.Tables = append(d.Tables, printedTable{})
		}
		col := slices.Index(pt.Columns, column)
		if col < 0 {
			pt.Columns = append(pt.Columns, column)
			col = len(pt.Columns) - 1
		}
		k := [3]string{tableName, section, rowLabel}
		ri, ok := rowIndex[k]
		if !ok {
			pt.Rows = append(pt.Rows, printedRow{Section: section, Label: rowLabel})
			ri = len(pt.Rows) - 1
			rowIndex[k] = ri
		}
		row := &pt.Rows[ri]
		for len(row.Cells) <= col {
			row.Cells = append(row.Cells, nil)
		}
		if row.Cells[col] == nil {
			row.Cells[col] = c
		}
		var v any
		if c.Value != nil {
			v = *c.Value
		}
		t.Rows = append(t.Rows, []any{tableName, section, rowLabel, column, c.Code, c.Dim, v, c.Unit, c.Raw, joinInts(c.Findings)})
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Tables in the order first seen, each row padded to its columns.
	i := 0
	seen := map[string]bool{}
	for _, row := range t.Rows {
		name := row[0].(string)
		if seen[name] {
			continue
		}
		seen[name] = true
		pt := tables[name]
		for j := range pt.Rows {
			for len(pt.Rows[j].Cells) < len(pt.Columns) {
				pt.Rows[j].Cells = append(pt.Rows[j].Cells, nil)
			}
		}
		d.Tables[i] = *pt
		i++
	}
	title := d.Agency + " " + yearStr(d.Year)
	return &view{Page: "report", Title: strings.TrimSpace(title), Data: d, Table: t}, nil
}

func joinInts(ns []int) string {
	var s []string
	for _, n := range ns {
		s = append(s, strconv.Itoa(n))
	}
	return strings.Join(s, ",")
}
