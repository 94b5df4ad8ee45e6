package main

import (
	"context"
	"fmt"

	"nianbao/store"
)

// writeValues prints the values a comparison shows as records, one per
// value, in the format ff asks for: agency, region, region code, year,
// code, dim, unit, value (null when the cell is printed but unreadable),
// the report and the findings that name the value.
func (c *CompareCommand) writeValues(ctx context.Context, db *store.DB, ff *formatFlags, code string, f store.Filter) error {
	var vals []store.CompareValue
	if err := db.Compare(ctx, code, f, func(v store.CompareValue) error {
		vals = append(vals, v)
		return nil
	}); err != nil {
		return err
	}
	if len(vals) == 0 {
		return fmt.Errorf("no current report has a value of %s for these filters", code)
	}
	rw := ff.records(c.Stdout, "agency", "region", "region_code", "year", "code", "dim", "unit", "value", "report_id", "findings")
	findings := map[int64][]string{}
	for _, v := range vals {
		notes := []string{}
		if v.Findings > 0 {
			ns, ok := findings[v.ReportID]
			if !ok {
				fs, err := db.ValueFindings(ctx, v.ReportID, code)
				if err != nil {
					return err
				}
				ns = make([]string, len(fs))
				for i, f := range fs {
					ns[i] = fmt.Sprintf("%s %s %s: %s", f.Severity, f.Kind, f.Rule, f.Message)
				}
				findings[v.ReportID] = ns
			}
			notes = ns
		}
		var year any
		if v.Year != 0 {
			year = v.Year
		}
		if err := rw.Write(v.Agency, v.Region, v.RegionCode, year, code, v.Dim, v.Unit, v.Value, v.ReportID, notes); err != nil {
			return err
		}
	}
	return rw.Flush()
}
