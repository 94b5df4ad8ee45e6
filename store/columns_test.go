package store

import (
	"context"
	"slices"
	"testing"

	"nianbao"
)

// TestValueColumns: one entry per code, dim, template and table of the
// values a filter selects, with the smallest position, the units and the
// dictionary's labels, as the values themselves say.
func TestValueColumns(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	importAll(t, db)
	for _, f := range []Filter{{}, {Codes: []string{"requests.received"}, YearFrom: 2012, YearTo: 2021}, {Template: nianbao.TemplateNational2021}} {
		type key struct {
			code, dim string
			tmpl      nianbao.Template
			table     string
		}
		want := map[key]*ValueColumn{}
		err := db.Values(ctx, f, func(v Value) error {
			if v.Code == "" {
				return nil
			}
			k := key{v.Code, v.Dim, v.Template, v.Table}
			c := want[k]
			if c == nil {
				c = &ValueColumn{Code: v.Code, Dim: v.Dim, Template: v.Template, Table: v.Table, Seq: v.Seq, LabelZH: v.LabelZH, LabelEN: v.LabelEN}
				want[k] = c
			}
			c.Seq = min(c.Seq, v.Seq)
			if !slices.Contains(c.Units, v.Unit) {
				c.Units = append(c.Units, v.Unit)
				slices.Sort(c.Units)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.ValueColumns(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) || len(got) == 0 {
			t.Errorf("%+v: %d columns, the values have %d", f, len(got), len(want))
		}
		for i, c := range got {
			w := want[key{c.Code, c.Dim, c.Template, c.Table}]
			if w == nil || c.Seq != w.Seq || !slices.Equal(c.Units, w.Units) || c.LabelZH != w.LabelZH || c.LabelEN != w.LabelEN {
				t.Errorf("%+v: column %+v, the values say %+v", f, c, w)
			}
			if i > 0 && (got[i-1].Template > c.Template || got[i-1].Template == c.Template && got[i-1].Seq > c.Seq) {
				t.Errorf("%+v: column %d out of order", f, i)
			}
		}
	}
}

// TestSources: the current reports a filter selects, with their
// provenance; -code keeps those with a value of the code.
func TestSources(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	importAll(t, db)
	collect := func(f Filter) []Source {
		var out []Source
		if err := db.Sources(ctx, f, func(s Source) error { out = append(out, s); return nil }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	all := collect(Filter{})
	if n := count(t, db, "SELECT count(*) FROM latest_reports"); len(all) != n {
		t.Fatalf("%d sources, %d current reports", len(all), n)
	}
	for _, s := range all {
		if s.SHA256 == "" || s.Source == "" || s.FetchedAt == "" || s.Status == "" {
			t.Errorf("source without provenance: %+v", s)
		}
	}
	years := collect(Filter{YearFrom: 2019, YearTo: 2021, Agency: "平潭"})
	if len(years) == 0 {
		t.Fatal("no 平潭 report of 2019-2021")
	}
	for _, s := range years {
		if s.Year < 2019 || s.Year > 2021 {
			t.Errorf("source of %d escapes the filter", s.Year)
		}
	}
	// The seed has a value of training.trainees; the 2021 format has no
	// such row.
	trainees := collect(Filter{Codes: []string{"training.trainees"}})
	for _, s := range trainees {
		if s.Template != nianbao.TemplateNational2014 {
			t.Errorf("report %d (%s) has no training.trainees", s.ReportID, s.Template)
		}
	}
	if len(trainees) == 0 || len(trainees) >= len(all) {
		t.Errorf("%d of %d reports have training.trainees", len(trainees), len(all))
	}
}
