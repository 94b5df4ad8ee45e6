package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"nianbao/parser"
)

// IndicatorsCommand prints the data dictionary.
type IndicatorsCommand struct {
	Stdout io.Writer
}

// Run prints every indicator code with its labels, unit, templates and
// dims, as a table, or with -json as JSON Lines (one code per line, with
// the columns and units of its dims), or with -csv as CSV.
func (c *IndicatorsCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("indicators", "[-json | -csv [-no-bom]]", c.Stdout)
	ff := addFormatFlags(fs, true)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := ff.check(); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: indicators takes no arguments", errUsage)
	}
	inds := parser.Indicators()
	if *ff.json {
		enc := json.NewEncoder(c.Stdout)
		enc.SetEscapeHTML(false)
		for _, in := range inds {
			if err := enc.Encode(in); err != nil {
				return fmt.Errorf("write json: %w", err)
			}
		}
		return nil
	}
	if rw := ff.records(c.Stdout, "code", "zh", "en", "unit", "templates", "dims", "description"); rw != nil {
		for _, in := range inds {
			if err := rw.Write(in.Code, in.ZH, in.EN, in.Unit, in.Templates, dimList(in.Dims), in.Description); err != nil {
				return err
			}
		}
		return rw.Flush()
	}
	rows := [][]string{{"code", "unit", "templates", "dims", "中文", "English"}}
	for _, in := range inds {
		rows = append(rows, []string{in.Code, in.Unit, strings.Join(in.Templates, ","), strings.Join(dimList(in.Dims), ","), in.ZH, in.EN})
	}
	printTable(c.Stdout, "", rows)
	fmt.Fprintln(c.Stdout, "\nThe same code in the 2019 and 2021 formats (dim \"\" is the 总计 column of table 三):")
	cw := [][]string{}
	for _, x := range parser.Crosswalk() {
		cw = append(cw, []string{x[0], x[1]})
	}
	printTable(c.Stdout, "  ", cw)
	return nil
}

// dimList is dims with the year's value, dim "", shown as "".
func dimList(dims []string) []string {
	out := make([]string, len(dims))
	for i, d := range dims {
		if d == "" {
			d = `""`
		}
		out[i] = d
	}
	return out
}
