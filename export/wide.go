package export

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"nianbao"
	"nianbao/store"
)

// templateOrder ranks the templates for the wide layout's columns: the
// 2014 table and the Fujian annex, then the 2019 and 2021 formats, each
// template's tables together, in the order it prints them.
var templateOrder = map[nianbao.Template]int{
	nianbao.TemplateNational2014: 1, nianbao.TemplateProvincial: 2, nianbao.TemplateNational2019: 3, nianbao.TemplateNational2021: 4,
}

// A column of the wide layout: one code and dim.
type column struct {
	code, dim string
	label     string   // short Chinese label, with the dim's column
	units     []string // the units its values are in
	ind       store.ValueColumn
	// Where it sorts: the first template that prints it, the rank of
	// its table in that template, its position in the table.
	template, table, seq int
	tmplName             nianbao.Template
}

// key names the column: the code, with the dim after a slash when there
// is one.
func (c *column) key() string {
	if c.dim == "" {
		return c.code
	}
	return c.code + "/" + c.dim
}

// title is the column's header for people: its short label and unit, 收到
// 申请数 (件), or 条/件 when its values mix units.
func (c *column) title() string {
	if len(c.units) == 0 {
		return c.label
	}
	return c.label + " (" + strings.Join(c.units, "/") + ")"
}

// wideFixed are the columns of the wide layout before the values, by
// code and by Chinese label.
var (
	wideFixed   = []string{"report_id", "agency", "region", "year", "template", "source"}
	wideFixedZH = []string{"报告编号", "机关", "地区", "年度", "模板", "来源"}
)

// wideColumns returns the columns of the values f selects: grouped by
// the template that first prints them (templateOrder), then by table in
// the order the template prints its tables, then by position.
func wideColumns(ctx context.Context, db *store.DB, f store.Filter) ([]*column, error) {
	vcs, err := db.ValueColumns(ctx, f)
	if err != nil {
		return nil, err
	}
	// tableRank ranks each template's tables by their smallest position.
	type tableKey struct {
		tmpl  nianbao.Template
		table string
	}
	first := map[tableKey]int{}
	for _, vc := range vcs {
		k := tableKey{vc.Template, vc.Table}
		if s, ok := first[k]; !ok || vc.Seq < s {
			first[k] = vc.Seq
		}
	}
	byKey := map[string]*column{}
	var cols []*column
	for _, vc := range vcs {
		rank := templateOrder[vc.Template]
		if rank == 0 {
			rank = len(templateOrder) + 1
		}
		c := &column{code: vc.Code, dim: vc.Dim, ind: vc, template: rank, tmplName: vc.Template, table: first[tableKey{vc.Template, vc.Table}], seq: vc.Seq}
		have := byKey[c.key()]
		if have == nil {
			byKey[c.key()] = c
			cols = append(cols, c)
			have = c
		} else if less(c, have) {
			have.template, have.tmplName, have.table, have.seq = c.template, c.tmplName, c.table, c.seq
		}
		for _, u := range vc.Units {
			if !contains(have.units, u) {
				have.units = append(have.units, u)
			}
		}
	}
	sort.Slice(cols, func(i, j int) bool { return less(cols[i], cols[j]) })
	titles := map[string]int{}
	for _, c := range cols {
		sort.Strings(c.units)
		c.label = shortLabel(c.ind.LabelZH)
		if c.label == "" {
			c.label = c.key()
		} else if c.dim != "" {
			// the dim's column as printed, as compare shows it, so
			// that 收到申请数 by applicant reads 收到申请数（自然人）
			col, err := db.DimColumn(ctx, c.code, c.dim)
			if err != nil {
				return nil, err
			}
			if col = shortLabel(col); col != "" {
				c.label += "（" + col + "）"
			}
		}
		titles[c.title()]++
	}
	// Two codes with one label (其他情形数 of reconsiderations and of
	// lawsuits) are told apart by their codes.
	for _, c := range cols {
		if titles[c.title()] > 1 {
			c.label += " [" + c.key() + "]"
		}
	}
	return cols, nil
}

func less(a, b *column) bool {
	if a.template != b.template {
		return a.template < b.template
	}
	if a.tmplName != b.tmplName {
		return a.tmplName < b.tmplName
	}
	if a.table != b.table {
		return a.table < b.table
	}
	if a.seq != b.seq {
		return a.seq < b.seq
	}
	if a.code != b.code {
		return a.code < b.code
	}
	return a.dim < b.dim
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// shortLabel is a label without its notes in full-width brackets:
// 主动公开政府信息数（不同渠道和方式公开相同信息计1条） is 主动公开政府信息数.
// A label that is all note stays as it is.
func shortLabel(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '（':
			depth++
		case r == '）' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	if short := strings.TrimSpace(b.String()); short != "" {
		return short
	}
	return strings.TrimSpace(s)
}

// wideHeader returns the header rows of the wide layout as header asks.
func wideHeader(cols []*column, header string) [][]string {
	codes := append([]string(nil), wideFixed...)
	titles := append([]string(nil), wideFixed...)
	zh := append([]string(nil), wideFixedZH...)
	for _, c := range cols {
		codes = append(codes, c.key())
		titles = append(titles, c.title())
		zh = append(zh, c.title())
	}
	switch header {
	case HeaderTwo:
		return [][]string{codes, zh}
	case HeaderCode:
		return [][]string{codes}
	default:
		return [][]string{titles}
	}
}

// wide writes one record per current report with values, one column per
// code and dim (cols, wideColumns of f). Rows a template does not know
// (no code) are left out: they have no column to line up in; the long
// layout has them. The values are streamed report by report, so that
// memory holds one report's values at a time.
func wide(ctx context.Context, db *store.DB, enc *encoder, f store.Filter, header string, cols []*column) (int, error) {
	// Keys made once, and looked up by code and dim: a string built per
	// value and per column of every row was most of the layout's garbage.
	index := make(map[[2]string]int, len(cols))
	keys := make([]string, len(cols))
	for i, c := range cols {
		index[[2]string{c.code, c.dim}] = i
		keys[i] = c.key()
	}
	if err := enc.writeHeader(wideHeader(cols, header)...); err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	n := 0
	// the report being gathered, a copy: pointing at the callback's
	// argument made every value escape to the heap (1 GB of garbage for
	// the 3.3 million values of a 10,000-report workbook's two passes)
	var cur store.Value
	gathering := false
	values := make([]*float64, len(cols))
	seen := make([]bool, len(cols))
	// the record, reused: the encoder keeps nothing of it
	fields := make([]field, 0, len(wideFixed)+len(cols))
	emit := func() error {
		if !gathering {
			return nil
		}
		yt, yj := year(cur.Year)
		fields = append(fields[:0],
			field{"report_id", strconv.FormatInt(cur.ReportID, 10), cur.ReportID}, text("agency", cur.Agency), nullable("region", cur.Region),
			field{"year", yt, yj}, text("template", string(cur.Template)), text("source", cur.Source),
		)
		fixed := len(fields)
		var vals orderedObject
		for i := range cols {
			t, j := number(values[i])
			fields = append(fields, field{keys[i], t, j})
			if seen[i] && enc.json != nil {
				vals = append(vals, field{keys[i], t, j})
			}
			values[i], seen[i] = nil, false
		}
		var obj orderedObject
		if enc.json != nil {
			obj = append(orderedObject(fields[:fixed:fixed]), field{"values", "", vals})
		}
		n++
		return enc.write(fields, obj)
	}
	err := db.Values(ctx, f, func(v store.Value) error {
		if v.Code == "" {
			return nil
		}
		if !gathering || v.ReportID != cur.ReportID {
			if err := emit(); err != nil {
				return err
			}
			cur, gathering = v, true
		}
		i, ok := index[[2]string{v.Code, v.Dim}]
		if !ok {
			return fmt.Errorf("value %s %q of report %d has no column", v.Code, v.Dim, v.ReportID)
		}
		values[i], seen[i] = v.Value, true
		return nil
	})
	if err == nil {
		err = emit()
	}
	if err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	return n, nil
}
