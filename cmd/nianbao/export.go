package main

import (
	"context"
	"fmt"
	"io"

	"nianbao/export"
	"nianbao/store"
)

// ExportCommand writes the values or findings of the current reports as
// CSV or JSON Lines.
type ExportCommand struct {
	Stdout, Stderr io.Writer
}

// Run exports what the flags select. A file named with -o is written
// whole or not at all: into a temporary file renamed at the end. -o
// refuses the database and its companion files, devices, FIFOs and
// directories; a symbolic link is written through (see outputPath).
func (c *ExportCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("export", "[-db FILE] [-o FILE] [-format csv|jsonl] [-layout long|wide] [-code C,...] [-year 2019-2023] [-agency TEXT] [-template T] [-findings] [-no-bom]", c.Stderr)
	dbPath := fs.String("db", defaultDB, "database `file`")
	out := fs.String("o", "-", "output `file`; - for standard output")
	format := fs.String("format", export.CSV, "csv or jsonl")
	layout := fs.String("layout", export.Long, "long (one row per value, with provenance) or wide (one row per agency and year, one column per code)")
	findings := fs.Bool("findings", false, "export the validation findings instead of the values")
	noBOM := fs.Bool("no-bom", false, "leave out the UTF-8 byte-order mark that Excel and WPS need to show Chinese")
	ff := addFilterFlags(fs, true)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: export takes no arguments", errUsage)
	}
	filter, err := ff.filter()
	if err != nil {
		return err
	}
	if *format != export.CSV && *format != export.JSONL {
		return fmt.Errorf("%w: -format %q: csv or jsonl", errUsage, *format)
	}
	if *layout != export.Long && *layout != export.Wide {
		return fmt.Errorf("%w: -layout %q: long or wide", errUsage, *layout)
	}
	target := *out
	if *out != "-" {
		if target, err = outputPath(*out, *dbPath); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	db, err := store.OpenReadOnly(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := checkCodes(ctx, db, filter.Codes); err != nil {
		return err
	}
	opt := export.Options{Format: *format, Layout: *layout, NoBOM: *noBOM, Findings: *findings, Filter: filter}
	if *out == "-" {
		_, err := export.Write(ctx, db, c.Stdout, opt)
		return err
	}
	var n int
	var werr error
	err = writeWhole(target, func(w io.Writer) error {
		n, werr = export.Write(ctx, db, w, opt)
		return werr
	})
	if werr != nil {
		return werr
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	what := "values"
	if *findings {
		what = "findings"
	} else if *layout == export.Wide {
		what = "agency × year rows"
	}
	through := ""
	if target != *out {
		through = " (through the link, to " + target + ")"
	}
	fmt.Fprintf(c.Stderr, "nianbao: wrote %d %s to %s%s\n", n, what, *out, through)
	return nil
}
