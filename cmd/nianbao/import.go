package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"nianbao"
	"nianbao/parser"
	"nianbao/store"
)

// defaultDB is the database the store commands use without -db.
const defaultDB = "nianbao.db"

// ImportCommand parses local documents and stores them with their
// reports.
type ImportCommand struct {
	Stdout, Stderr io.Writer
}

// Run archives each file named in args and the report parsed from it. A
// file with the same bytes as its last import stores nothing; changed
// bytes are a new version (a revision). A file the parser cannot read is
// archived with its error.
func (c *ImportCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("import", "[-db FILE] [-region TEXT] FILE...", c.Stderr)
	dbPath := dbFlag(fs, defaultDB, "")
	region := fs.String("region", "", "region of the documents' agencies, when known")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("%w: import needs at least one file", errUsage)
	}
	db, err := store.Open(ctx, *dbPath, storeOptions())
	if err != nil {
		return err
	}
	defer db.Close()

	// The documents are read as SaveAll asks for them; read errors are
	// printed once it is done.
	var unreadable []error
	docs := func(yield func(store.Document) bool) {
		for _, name := range fs.Args() {
			abs, err := filepath.Abs(name)
			if err != nil {
				unreadable = append(unreadable, err)
				continue
			}
			body, err := parser.ReadFile(name)
			if err != nil {
				unreadable = append(unreadable, err)
				continue
			}
			if !yield(store.Document{Source: abs, Region: *region, Body: body}) {
				return
			}
		}
	}
	counts := map[nianbao.Outcome]int{}
	failed, notStored, alternatives := 0, 0, 0
	err = db.SaveAll(ctx, docs, func(d store.Document, res store.SaveResult, err error) error {
		if err != nil {
			fmt.Fprintln(c.Stderr, "nianbao:", err)
			notStored++
			return nil
		}
		counts[res.Outcome]++
		switch {
		case res.Outcome == nianbao.OutcomeUnchanged:
			fmt.Fprintf(c.Stdout, "unchanged  %s (document %d)\n", d.Source, res.DocumentID)
			return nil
		case res.ParseErr != nil:
			failed++
			fmt.Fprintf(c.Stdout, "%-9s  %s: archived, not parsed: %v%s\n", res.Outcome, d.Source, res.ParseErr, standing(res))
			return nil
		}
		if res.AlternativeTo != 0 {
			alternatives++
		}
		r := res.Report
		fmt.Fprintf(c.Stdout, "%-9s  %s %d %s, %s: %d values, %d findings  %s", res.Outcome, orDash(r.Agency), r.Year, r.Template,
			res.Status(), len(r.Stats), len(r.Findings), d.Source)
		if res.Outcome == nianbao.OutcomeRevised {
			fmt.Fprintf(c.Stdout, " (revises document %d)", res.PreviousID)
		}
		fmt.Fprintln(c.Stdout, standing(res))
		return nil
	})
	for _, e := range unreadable {
		fmt.Fprintln(c.Stderr, "nianbao:", e)
	}
	fmt.Fprintf(c.Stdout, "%d new, %d revised, %d unchanged", counts[nianbao.OutcomeNew], counts[nianbao.OutcomeRevised], counts[nianbao.OutcomeUnchanged])
	if failed > 0 {
		fmt.Fprintf(c.Stdout, "; %d archived without a report (the parser could not read them)", failed)
	}
	if alternatives > 0 {
		fmt.Fprintf(c.Stdout, "; %d kept as alternatives (less complete than the current version)", alternatives)
	}
	fmt.Fprintf(c.Stdout, "; database %s\n", shownDB(*dbPath))
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	if n := len(unreadable) + notStored; n > 0 {
		return fmt.Errorf("import: %d of %d files not stored", n, fs.NArg())
	}
	return nil
}

// standing says where a stored report stands among the versions of its
// identity (agency, region, year): ", report N supersedes report M" or
// ", report N kept as alternative to report M (reason)".
func standing(res store.SaveResult) string {
	switch {
	case res.Supersedes != 0:
		return fmt.Sprintf(": report %d supersedes report %d", res.ReportID, res.Supersedes)
	case res.AlternativeTo != 0:
		return fmt.Sprintf(": report %d kept as alternative to report %d (%s)", res.ReportID, res.AlternativeTo, res.Reason)
	}
	return ""
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
