package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/mattn/go-isatty"

	"nianbao/export"
	"nianbao/store"
)

// ExportCommand writes the values or findings of the current reports as
// CSV or JSON Lines, or all of it as an Excel workbook.
type ExportCommand struct {
	Stdout, Stderr io.Writer
}

// Run exports what the flags select. A file named with -o is written
// whole or not at all: into a temporary file renamed at the end. -o
// refuses the database and its companion files, devices, FIFOs and
// directories; a symbolic link is written through (see outputPath). A
// CSV file has its data dictionary written beside it, FILE.dictionary.csv,
// the same way. A workbook is binary: it needs -o, and -o - only when
// standard output is not a terminal.
func (c *ExportCommand) Run(ctx context.Context, args []string) error {
	return withMemoryLimit(exportMemoryLimit, func() error { return c.run(ctx, args) })
}

// run is Run under the export's memory limit.
func (c *ExportCommand) run(ctx context.Context, args []string) error {
	fs := newFlagSet("export", "[-db FILE] [-o FILE] [-format csv|jsonl|xlsx] [-layout long|wide] [-header short|two|code] [-code C,...] [-year 2019-2023] [-agency TEXT] [-template T] [-findings] [-no-bom] [-no-dictionary]", c.Stderr)
	dbPath := dbFlag(fs, defaultDB, "")
	out := fs.String("o", "-", "output `file`; - for standard output (xlsx: only to a pipe)")
	format := fs.String("format", export.CSV, "csv, jsonl or xlsx (a workbook: data, dictionary, findings and sources sheets)")
	layout := fs.String("layout", export.Long, "long (one row per value, with provenance) or wide (one row per report, one column per code and dim)")
	header := fs.String("header", export.HeaderShort, "header of the wide layout: short (Chinese label and unit), two (a row of codes, then the labels) or code")
	findings := fs.Bool("findings", false, "export the validation findings instead of the values (csv, jsonl)")
	noBOM := fs.Bool("no-bom", false, "leave out the UTF-8 byte-order mark that Excel and WPS need to show Chinese")
	noDict := fs.Bool("no-dictionary", false, "do not write FILE.dictionary.csv beside a CSV file")
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
	if *format != export.CSV && *format != export.JSONL && *format != export.XLSX {
		return fmt.Errorf("%w: -format %q: csv, jsonl or xlsx", errUsage, *format)
	}
	if *layout != export.Long && *layout != export.Wide {
		return fmt.Errorf("%w: -layout %q: long or wide", errUsage, *layout)
	}
	if *header != export.HeaderShort && *header != export.HeaderTwo && *header != export.HeaderCode {
		return fmt.Errorf("%w: -header %q: short, two or code", errUsage, *header)
	}
	if *format == export.XLSX {
		if *findings {
			return fmt.Errorf("%w: -findings: a workbook has a findings sheet; -findings is for csv and jsonl", errUsage)
		}
		if !flagGiven(fs, "o") {
			return fmt.Errorf("%w: -format xlsx needs -o FILE (or -o - to a pipe)", errUsage)
		}
		if *out == "-" && isTerminal(c.Stdout) {
			return fmt.Errorf("%w: refusing to write a workbook to a terminal: name a file with -o, or pipe -o - into a program", errUsage)
		}
	}
	target := *out
	if *out != "-" {
		if target, err = outputPath(*out, *dbPath); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	// dict is the data dictionary's file, beside a CSV file.
	var dict, dictTarget string
	if *format == export.CSV && *out != "-" && !*noDict {
		dict = dictionaryPath(*out)
		if dictTarget, err = outputPath(dict, *dbPath, target); err != nil {
			return fmt.Errorf("export: dictionary: %w", err)
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
	opt := export.Options{Format: *format, Layout: *layout, Header: *header, NoBOM: *noBOM, Findings: *findings, Filter: filter}
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
		what = "report rows"
	}
	if *format == export.XLSX {
		what += " (sheet " + export.SheetData + "; " + export.SheetDictionary + ", " + export.SheetFindings + " and " + export.SheetSources + " beside)"
	}
	fmt.Fprintf(c.Stderr, "nianbao: wrote %d %s to %s%s\n", n, what, *out, through(*out, target))
	if dict == "" {
		return nil
	}
	var nd int
	err = writeWhole(dictTarget, func(w io.Writer) error {
		nd, werr = export.Dictionary(ctx, db, w, opt)
		return werr
	})
	if werr != nil {
		return werr
	}
	if err != nil {
		return fmt.Errorf("export: dictionary: %w", err)
	}
	fmt.Fprintf(c.Stderr, "nianbao: wrote %d dictionary entries to %s%s\n", nd, dict, through(dict, dictTarget))
	return nil
}

// through says where a file named through a symbolic link went.
func through(name, target string) string {
	if target == name {
		return ""
	}
	return " (through the link, to " + target + ")"
}

// dictionaryPath is the name of the data dictionary written beside the
// CSV file out: values.csv's is values.dictionary.csv.
func dictionaryPath(out string) string {
	ext := filepath.Ext(out)
	if strings.EqualFold(ext, ".csv") {
		out = strings.TrimSuffix(out, ext)
	}
	return out + ".dictionary.csv"
}

// flagGiven says whether the flag name was given on the command line.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// isTerminal says whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}
