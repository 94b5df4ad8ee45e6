package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"nianbao/region"
	"nianbao/store"
)

// CompareCommand prints one indicator code as an agency × year table.
type CompareCommand struct {
	Stdout, Stderr io.Writer
}

// Run prints the values of -code in the current reports: one row per
// agency (and dim, when the code has several), one column per year, —
// where there is no value, and a footnote mark on every value a finding
// names, with the findings under the table.
func (c *CompareCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("compare", "[-db FILE] -code C [-dim D] [-year 2019-2023] [-agency TEXT] [-template T]", c.Stderr)
	dbPath := fs.String("db", defaultDB, "database `file`")
	code := fs.String("code", "", "indicator `code` to compare (see nianbao indicators)")
	dim := fs.String("dim", "", "only this `dim` (\"\" for the year's value in every template, cumulative, natural_person, …); all when not given")
	ff := addFilterFlags(fs, false)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *code == "" || fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: compare needs -code and no arguments", errUsage)
	}
	filter, err := ff.filter()
	if err != nil {
		return err
	}
	dimSet := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "dim" {
			dimSet = true
		}
	})
	if dimSet {
		filter.Dims = []string{*dim}
	}
	db, err := store.OpenReadOnly(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := checkCodes(ctx, db, []string{*code}); err != nil {
		return err
	}

	var vals []store.CompareValue
	if err := db.Compare(ctx, *code, filter, func(v store.CompareValue) error {
		vals = append(vals, v)
		return nil
	}); err != nil {
		return err
	}
	if len(vals) == 0 {
		return fmt.Errorf("no current report has a value of %s for these filters", *code)
	}

	// Rows: agency (an agency whose name repeats in other regions is
	// shown with its region), then dim; columns: years.
	type rowKey struct{ agency, region, code, dim string }
	var rowKeys []rowKey
	var years []int
	dims := map[string]bool{}
	units := map[string]bool{}
	cells := map[rowKey]map[int][]store.CompareValue{}
	for _, v := range vals {
		k := rowKey{v.Agency, v.Region, v.RegionCode, v.Dim}
		if cells[k] == nil {
			cells[k] = map[int][]store.CompareValue{}
			rowKeys = append(rowKeys, k)
		}
		cells[k][v.Year] = append(cells[k][v.Year], v)
		if !slices.Contains(years, v.Year) {
			years = append(years, v.Year)
		}
		dims[v.Dim] = true
		units[v.Unit] = true
	}
	slices.Sort(years)
	slices.SortFunc(rowKeys, func(a, b rowKey) int {
		return cmp.Or(strings.Compare(a.agency, b.agency), strings.Compare(a.code, b.code), strings.Compare(a.region, b.region),
			strings.Compare(a.dim, b.dim))
	})
	places := map[string]map[[2]string]bool{}
	for _, k := range rowKeys {
		if places[k.agency] == nil {
			places[k.agency] = map[[2]string]bool{}
		}
		places[k.agency][[2]string{k.region, k.code}] = true
	}
	agencyText := func(k rowKey) string {
		if len(places[k.agency]) < 2 {
			return orDash(k.agency)
		}
		where := k.region
		if where == "" {
			where = region.FullName(k.code)
		}
		if where == "" {
			where = "region?"
		}
		return orDash(k.agency) + " (" + where + ")"
	}
	showDim := len(dims) > 1
	showUnit := len(units) > 1

	// Title: the code, its Chinese label and unit.
	title := *code
	dimList := slices.Sorted(maps.Keys(dims))
	if in, err := db.Indicator(ctx, *code, dimList[0]); err == nil && in.ZH != "" {
		title += " " + in.ZH
	}
	if !showUnit {
		for u := range units {
			if u != "" {
				title += " (" + u + ")"
			}
		}
	}
	fmt.Fprintln(c.Stdout, title)

	// Footnotes, numbered as they first appear.
	type noteKey struct {
		report int64
		seq    int
	}
	notes := map[noteKey]int{}
	var noteText []string
	findingsOf := map[int64][]store.FindingRow{}
	mark := func(v store.CompareValue) (string, error) {
		if v.Findings == 0 {
			return "", nil
		}
		fs, ok := findingsOf[v.ReportID]
		if !ok {
			var err error
			if fs, err = db.ValueFindings(ctx, v.ReportID, *code); err != nil {
				return "", err
			}
			findingsOf[v.ReportID] = fs
		}
		var nums []string
		for _, f := range fs {
			k := noteKey{v.ReportID, f.Seq}
			n, ok := notes[k]
			if !ok {
				n = len(noteText) + 1
				notes[k] = n
				noteText = append(noteText, fmt.Sprintf("[%d] %s %s: %s %s %s: %s", n, v.Agency, yearText(v.Year), f.Severity, f.Kind, f.Rule, f.Message))
			}
			nums = append(nums, strconv.Itoa(n))
		}
		return " [" + strings.Join(nums, ",") + "]", nil
	}

	// A dim other than "" is shown with the column it is printed
	// under: natural_person 自然人.
	dimLabel := map[string]string{}
	if showDim {
		for _, d := range dimList {
			dimLabel[d] = dimText(d)
			if d == "" {
				continue
			}
			col, err := db.DimColumn(ctx, *code, d)
			if err != nil {
				return err
			}
			if col != "" {
				dimLabel[d] += " " + col
			}
		}
	}

	header := []string{"agency"}
	right := []bool{false}
	if showDim {
		header = append(header, "dim")
		right = append(right, false)
	}
	for _, y := range years {
		header = append(header, yearText(y))
		right = append(right, true)
	}
	rows := [][]string{header}
	for _, k := range rowKeys {
		row := []string{agencyText(k)}
		if showDim {
			row = append(row, dimLabel[k.dim])
		}
		for _, y := range years {
			vs := cells[k][y]
			if len(vs) == 0 {
				row = append(row, "—")
				continue
			}
			var parts []string
			for _, v := range vs {
				s := "—"
				if v.Value != nil {
					s = strconv.FormatFloat(*v.Value, 'f', -1, 64)
					if showUnit && v.Unit != "" {
						s += " " + v.Unit
					}
				}
				m, err := mark(v)
				if err != nil {
					return err
				}
				parts = append(parts, s+m)
			}
			row = append(row, strings.Join(parts, " / "))
		}
		rows = append(rows, row)
	}
	printAligned(c.Stdout, "", rows, right)
	if len(noteText) > 0 {
		fmt.Fprintln(c.Stdout)
		for _, n := range noteText {
			fmt.Fprintln(c.Stdout, n)
		}
	}
	return nil
}

func yearText(y int) string {
	if y == 0 {
		return "year?"
	}
	return strconv.Itoa(y)
}

func dimText(d string) string {
	if d == "" {
		return `""`
	}
	return d
}
