package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"nianbao/export"
	"nianbao/store"
)

// ExportCommand writes the values or findings of the current reports as
// CSV or JSON Lines.
type ExportCommand struct {
	Stdout, Stderr io.Writer
}

// Run exports what the flags select. A file named with -o is written
// whole or not at all: into a temporary file renamed at the end.
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
	db, err := store.OpenReadOnly(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	opt := export.Options{Format: *format, Layout: *layout, NoBOM: *noBOM, Findings: *findings, Filter: filter}
	if *out == "-" {
		_, err := export.Write(ctx, db, c.Stdout, opt)
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(*out), "."+filepath.Base(*out)+".*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(f.Name())
	n, err := export.Write(ctx, db, f, opt)
	if err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return fmt.Errorf("export: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := os.Rename(f.Name(), *out); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	what := "values"
	if *findings {
		what = "findings"
	} else if *layout == export.Wide {
		what = "agency × year rows"
	}
	fmt.Fprintf(c.Stderr, "nianbao: wrote %d %s to %s\n", n, what, *out)
	return nil
}
