package store

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"nianbao"
)

// TestCompareMatchesView checks that Compare, which reads the reports
// and the stats_code index apart, returns what the compare_values view
// holds for the same filters, in the same order, with an older version
// of a report left out.
func TestCompareMatchesView(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	importAll(t, db)
	// An older version: the seed revised, so its first reading is no
	// longer current.
	body := mustRead(t, seed)
	mustSave(t, db, seed, append(body, "\n"...))
	for _, tc := range []struct {
		code string
		f    Filter
	}{
		{"proactive.total", Filter{}},
		{"requests.received", Filter{}},
		{"requests.received", Filter{Dims: []string{"natural_person", ""}}},
		{"requests.received", Filter{YearFrom: 2019, YearTo: 2023}},
		{"proactive.total", Filter{Agency: "平潭"}},
		{"proactive.total", Filter{Template: nianbao.TemplateProvincial}},
		{"proactive.total", Filter{Agency: "' OR 1=1 --"}},
		{"", Filter{}},
	} {
		t.Run(fmt.Sprintf("%s %+v", tc.code, tc.f), func(t *testing.T) {
			var got []string
			if err := db.Compare(ctx, tc.code, tc.f, func(v CompareValue) error {
				got = append(got, compareText(v))
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			f := tc.f
			f.Codes = []string{tc.code}
			where, args := f.where(true)
			rows, err := db.db.QueryContext(ctx, `SELECT dim, agency, region, region_code, year, value, unit, report_id, findings
				FROM compare_values`+where+` ORDER BY code, dim, report_id, seq`, args...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var want []string
			for rows.Next() {
				var v CompareValue
				var region, regionCode sql.NullString
				var year sql.NullInt64
				var value sql.NullFloat64
				if err := rows.Scan(&v.Dim, &v.Agency, &region, &regionCode, &year, &value, &v.Unit, &v.ReportID, &v.Findings); err != nil {
					t.Fatal(err)
				}
				v.Region, v.RegionCode, v.Year = region.String, regionCode.String, int(year.Int64)
				if value.Valid {
					v.Value = &value.Float64
				}
				want = append(want, compareText(v))
			}
			if len(want) == 0 && tc.code != "" && tc.f.Agency == "" {
				t.Fatal("the view holds no value")
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("Compare:\n%q\nview:\n%q", got, want)
			}
		})
	}
}

func compareText(v CompareValue) string {
	val := "null"
	if v.Value != nil {
		val = fmt.Sprint(*v.Value)
	}
	return fmt.Sprintf("%s|%s|%s|%s|%d|%s|%s|%d|%d", v.Dim, v.Agency, v.Region, v.RegionCode, v.Year, val, v.Unit, v.ReportID, v.Findings)
}

// TestValuesMatchesView checks that Values, which reads the reports in
// order and then each one's values by key, returns what the stat_values
// view sorted by agency, year, report and position holds, for the
// filters that take that path.
func TestValuesMatchesView(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	importAll(t, db)
	mustSave(t, db, seed, append(mustRead(t, seed), "\n"...)) // an older version
	for _, f := range []Filter{
		{},
		{Dims: []string{"cumulative", "natural_person"}},
		{YearFrom: 2012, YearTo: 2020},
		{Agency: "平潭"},
		{Template: nianbao.TemplateProvincial},
		{Codes: []string{"proactive.total"}},
	} {
		t.Run(fmt.Sprintf("%+v", f), func(t *testing.T) {
			var got []string
			if err := db.Values(ctx, f, func(v Value) error {
				got = append(got, valueText(v))
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			var want []string
			if err := db.valuesSorted(ctx, f, func(v Value) error {
				want = append(want, valueText(v))
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 && f.Agency == "" {
				t.Fatal("the view holds no value")
			}
			if len(got) != len(want) {
				t.Fatalf("%d values, the view %d", len(got), len(want))
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("value %d:\n%s\nthe view:\n%s", i, got[i], want[i])
				}
			}
		})
	}
}

// valueText is v with its value, not the value's address.
func valueText(v Value) string {
	var x any
	if v.Value != nil {
		x = *v.Value
	}
	v.Value = nil
	return fmt.Sprintf("%+v %v", v, x)
}
