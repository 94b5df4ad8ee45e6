package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"nianbao/store"
)

// RunsCommand lists the crawl runs.
type RunsCommand struct {
	Stdout, Stderr io.Writer
}

// Run prints the last -n runs, newest first, as a table, JSON Lines
// (-json) or CSV (-csv). A run still "running" whose crawl is not
// running any more was killed. No run yet is not an error: stderr says
// so and the exit status is 0.
func (c *RunsCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("runs", "[-db FILE] [-n N] [-site NAME [-skipped] [-run ID]] [-json | -csv [-no-bom]]", c.Stderr)
	dbPath := dbFlag(fs, defaultDB, "")
	n := fs.Int("n", 20, "how many runs to list")
	site := fs.String("site", "", "list this site's runs: listing pages and list-interface pages read, reports found, links judged not reports")
	skipped := fs.Bool("skipped", false, "with -site: print the links of the site's last run (or -run) judged not to be reports, and the URLs not fetched, with the reason")
	runID := fs.Int64("run", 0, "with -site -skipped: this run instead of the site's last")
	ff := addFormatFlags(fs, true)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := ff.check(); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: runs takes no arguments", errUsage)
	}
	if (*skipped || *runID != 0) && *site == "" {
		return fmt.Errorf("%w: -skipped and -run need -site", errUsage)
	}
	db, err := store.OpenReadOnly(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if *site != "" {
		if *skipped {
			return c.printSkips(ctx, db, ff, *site, *runID)
		}
		return c.printSiteRuns(ctx, db, ff, *site, *n)
	}
	runs, err := db.Runs(ctx, *n)
	if err != nil {
		return err
	}
	if len(runs) == 0 {
		fmt.Fprintf(c.Stderr, "no runs yet in %s: nianbao crawl records one per crawl\n", shownDB(*dbPath))
	}
	if rw := ff.records(c.Stdout, "run", "started_at", "ended_at", "status", "error", "pages", "requests", "bytes", "reports",
		"new", "changed", "unchanged", "gone", "blocked", "skipped", "errors", "sites"); rw != nil {
		for _, r := range runs {
			var ended *time.Time
			if !r.EndedAt.IsZero() {
				t := r.EndedAt.UTC()
				ended = &t
			}
			if err := rw.Write(r.ID, r.StartedAt.UTC(), ended, r.Status, r.Error, r.Pages, r.Requests, r.Bytes, r.Reports,
				r.New, r.Changed, r.Unchanged, r.Gone, r.Blocked, r.Skipped, r.Errors, r.Sites); err != nil {
				return err
			}
		}
		return rw.Flush()
	}
	if len(runs) == 0 {
		return nil
	}
	rows := [][]string{{"run", "started (UTC)", "took", "status", "pages", "reports", "new", "changed", "unchanged", "gone", "blocked", "skipped", "errors", "sites"}}
	for _, r := range runs {
		took := "—"
		if !r.EndedAt.IsZero() {
			took = r.EndedAt.Sub(r.StartedAt).Round(time.Millisecond).String()
		}
		status := r.Status
		if r.Error != "" {
			status += ": " + r.Error
		}
		rows = append(rows, []string{fmt.Sprint(r.ID), r.StartedAt.UTC().Format("2006-01-02 15:04:05"), took, status,
			fmt.Sprint(r.Pages), fmt.Sprint(r.Reports), fmt.Sprint(r.New), fmt.Sprint(r.Changed), fmt.Sprint(r.Unchanged),
			fmt.Sprint(r.Gone), fmt.Sprint(r.Blocked), fmt.Sprint(r.Skipped), fmt.Sprint(r.Errors), strings.Join(r.Sites, ",")})
	}
	printTable(c.Stdout, "", rows)
	return nil
}
