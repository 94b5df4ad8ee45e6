package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"nianbao"
)

// A ValueColumn is one indicator code and dim as one template's table
// has it among the values a filter selects: what a wide export needs to
// lay out its columns before it reads a value.
type ValueColumn struct {
	Code, Dim string
	Template  nianbao.Template
	Table     string
	Seq       int      // smallest position of the code and dim in that table
	Units     []string // the units its values are in, sorted
	// From the data dictionary; "" for a code it does not know.
	LabelZH, LabelEN, Unit, Templates, Description string
}

// ValueColumns returns each code and dim of the current reports' values
// that f selects, once per template and table that prints it, ordered by
// template, smallest position and dim. Values with no code are left out.
func (db *DB) ValueColumns(ctx context.Context, f Filter) ([]ValueColumn, error) {
	where, args := f.where(true)
	if where == "" {
		where = " WHERE code <> ''"
	} else {
		where += " AND code <> ''"
	}
	rows, err := db.db.QueryContext(ctx, `SELECT v.code, v.dim, v.template, v.table_name, v.seq, v.units,
			coalesce(i.zh, ''), coalesce(i.en, ''), coalesce(i.unit, ''), coalesce(i.templates, ''), coalesce(i.description, '')
		FROM (SELECT code, dim, template, table_name, min(seq) AS seq, group_concat(DISTINCT unit) AS units
			FROM stat_values`+where+` GROUP BY code, dim, template, table_name) v
		LEFT JOIN indicators i ON i.code = v.code AND i.dim = v.dim
		ORDER BY v.template, v.seq, v.dim, v.code`, args...)
	if err != nil {
		return nil, fmt.Errorf("value columns: %w", err)
	}
	defer rows.Close()
	var out []ValueColumn
	for rows.Next() {
		var c ValueColumn
		var units sql.NullString
		if err := rows.Scan(&c.Code, &c.Dim, &c.Template, &c.Table, &c.Seq, &units, &c.LabelZH, &c.LabelEN, &c.Unit, &c.Templates, &c.Description); err != nil {
			return nil, fmt.Errorf("value columns: %w", err)
		}
		for _, u := range strings.Split(units.String, ",") {
			if u != "" && !slices.Contains(c.Units, u) {
				c.Units = append(c.Units, u)
			}
		}
		slices.Sort(c.Units)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("value columns: %w", err)
	}
	return out, nil
}
