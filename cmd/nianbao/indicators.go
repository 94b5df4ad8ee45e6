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
// dims, as a table or, with -json, as one JSON array.
func (c *IndicatorsCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("indicators", "[-json]", c.Stdout)
	asJSON := fs.Bool("json", false, "print the dictionary as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	inds := parser.Indicators()
	if *asJSON {
		enc := json.NewEncoder(c.Stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(inds); err != nil {
			return fmt.Errorf("write json: %w", err)
		}
		return nil
	}
	rows := [][]string{{"code", "unit", "templates", "dims", "中文", "English"}}
	for _, in := range inds {
		dims := make([]string, len(in.Dims))
		for i, d := range in.Dims {
			if d == "" {
				d = `""`
			}
			dims[i] = d
		}
		rows = append(rows, []string{in.Code, in.Unit, strings.Join(in.Templates, ","), strings.Join(dims, ","), in.ZH, in.EN})
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
