package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"nianbao"
	"nianbao/parser"
)

// ParseCommand parses report files and prints their records.
type ParseCommand struct {
	Stdout, Stderr io.Writer
}

// Run parses each file named in args. With -json it prints one JSON object
// a file, one a line; otherwise a readable table a report. A file that
// cannot be read is reported on stderr; the status is non-zero only when
// no file could be read at all.
func (c *ParseCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("parse", "[-json] FILE...", c.Stderr)
	asJSON := fs.Bool("json", false, "print one JSON object per file, one per line")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("%w: parse needs at least one file", errUsage)
	}
	enc := json.NewEncoder(c.Stdout)
	enc.SetEscapeHTML(false)
	read := 0
	var last error
	for _, name := range fs.Args() {
		if err := ctx.Err(); err != nil {
			return err
		}
		r, err := parseFile(name)
		if err != nil {
			fmt.Fprintln(c.Stderr, "nianbao:", err)
			last = err
			continue
		}
		read++
		if *asJSON {
			if err := enc.Encode(r); err != nil {
				return fmt.Errorf("write json: %w", err)
			}
			continue
		}
		printReport(c.Stdout, r)
	}
	if read == 0 && last != nil {
		return fmt.Errorf("no file could be read")
	}
	return nil
}

func parseFile(name string) (*nianbao.Report, error) {
	src, err := parser.ReadFile(name)
	if err != nil {
		return nil, err
	}
	r, err := parser.Parse(src, parser.Options{Source: name})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return r, nil
}

// printReport prints one report as a readable table.
func printReport(w io.Writer, r *nianbao.Report) {
	fmt.Fprintf(w, "%s\n", r.Source)
	fmt.Fprintf(w, "  title:     %s\n", r.Title)
	fmt.Fprintf(w, "  agency:    %s\n", r.Agency)
	fmt.Fprintf(w, "  year:      %d\n", r.Year)
	fmt.Fprintf(w, "  published: %s\n", r.Published)
	fmt.Fprintf(w, "  template:  %s (%s, %s)\n", r.Template, r.Form, r.Charset)
	if c := r.Contact; c != nil {
		var parts []string
		for _, kv := range [][2]string{{"address", c.Address}, {"postcode", c.Postcode}, {"phone", c.Phone}, {"fax", c.Fax}, {"email", c.Email}, {"website", c.Website}} {
			if kv[1] != "" {
				parts = append(parts, kv[0]+" "+kv[1])
			}
		}
		fmt.Fprintf(w, "  contact:   %s\n", strings.Join(parts, "; "))
	}
	if len(r.Stats) > 0 {
		rows := [][]string{{"code", "dim", "value", "unit", "row"}}
		for _, s := range r.Stats {
			v := "—"
			if s.Value != nil {
				v = fmt.Sprint(*s.Value)
			}
			code := s.Code
			if code == "" {
				code = "(no code)"
			}
			rows = append(rows, []string{code, s.Dim, v, s.Unit, s.Row})
		}
		printTable(w, "  ", rows)
	}
	if len(r.Findings) > 0 {
		fmt.Fprintf(w, "  findings:\n")
		for _, f := range r.Findings {
			fmt.Fprintf(w, "    [%s %s] %s: %s\n", f.Severity, f.Kind, f.Rule, f.Message)
		}
	}
	fmt.Fprintln(w)
}
