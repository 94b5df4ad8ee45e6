package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"

	"nianbao/export"
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
	return withGCPercent(compareGCPercent, func() error { return c.run(ctx, args) })
}

// run is Run with the garbage collector's target of a comparison.
func (c *CompareCommand) run(ctx context.Context, args []string) error {
	fs := newFlagSet("compare", "[-db FILE] -code C [-dim D] [-year 2019-2023] [-agency TEXT] [-template T] [-json | -csv [-no-bom]]", c.Stderr)
	dbPath := dbFlag(fs, defaultDB, "")
	code := fs.String("code", "", "indicator `code` to compare (see nianbao indicators)")
	dim := fs.String("dim", "", "only this `dim` (\"\" for the year's value in every template, cumulative, natural_person, …); all when not given")
	ff := addFilterFlags(fs, false)
	format := addFormatFlags(fs, true)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := format.check(); err != nil {
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
	if format.structured() {
		return c.writeValues(ctx, db, format, *code, filter)
	}

	tbl, err := export.Compare(ctx, db, *code, filter)
	if err != nil {
		return err
	}
	// A comparison can be tens of thousands of lines: one write each
	// would cost more than making them.
	out := bufio.NewWriterSize(c.Stdout, 64<<10)
	fmt.Fprintln(out, tbl.Title)
	right := make([]bool, len(tbl.Header))
	for i := tbl.Labels; i < len(right); i++ {
		right[i] = true
	}
	widths := tbl.Widths(displayWidth)
	for i, h := range tbl.Header {
		widths[i] = max(widths[i], displayWidth(h))
	}
	printRows(out, "", 1+tbl.Len(), func(r int, dst []string) []string {
		if r == 0 {
			return append(dst, tbl.Header...)
		}
		return tbl.Row(r-1, dst)
	}, right, widths)
	if len(tbl.Notes) > 0 {
		fmt.Fprintln(out)
		for _, n := range tbl.Notes {
			fmt.Fprintln(out, n)
		}
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("compare: %w", err)
	}
	return nil
}
