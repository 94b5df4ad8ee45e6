package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"nianbao/parser"
	"nianbao/store"
)

// ReparseCommand runs the current parser over every archived document.
type ReparseCommand struct {
	Stdout, Stderr io.Writer
}

// Run re-parses every document in the database, replacing each one's
// report, values and findings in a transaction of its own, and prints
// what changed.
func (c *ReparseCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("reparse", "[-db FILE]", c.Stderr)
	dbPath := dbFlag(fs, defaultDB, "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: reparse takes no arguments", errUsage)
	}
	db, err := store.Open(ctx, *dbPath, storeOptions())
	if err != nil {
		return err
	}
	defer db.Close()
	sum, err := db.Reparse(ctx, func(ch store.ReparseChange) error {
		if !ch.Changed() {
			return nil
		}
		var parts []string
		if len(ch.Report) > 0 {
			parts = append(parts, "report: "+strings.Join(ch.Report, ", "))
		}
		if n := ch.ValuesAdded + ch.ValuesRemoved + ch.ValuesChanged; n > 0 {
			parts = append(parts, fmt.Sprintf("values +%d -%d ~%d", ch.ValuesAdded, ch.ValuesRemoved, ch.ValuesChanged))
		}
		if n := ch.FindingsAdded + ch.FindingsRemoved; n > 0 {
			parts = append(parts, fmt.Sprintf("findings +%d -%d", ch.FindingsAdded, ch.FindingsRemoved))
		}
		if ch.Err != nil {
			parts = append(parts, "not parsed: "+ch.Err.Error())
		}
		fmt.Fprintf(c.Stdout, "document %d (report %d) %s: %s\n", ch.DocumentID, ch.ReportID, ch.Source, strings.Join(parts, "; "))
		return nil
	})
	fmt.Fprintf(c.Stdout, "reparsed %d documents with parser %s: %d changed; values +%d -%d ~%d; findings +%d -%d\n",
		sum.Documents, parser.Version, sum.Changed, sum.ValuesAdded, sum.ValuesRemoved, sum.ValuesChanged, sum.FindingsAdded, sum.FindingsRemoved)
	return err
}
