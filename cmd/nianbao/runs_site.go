package main

import (
	"context"
	"fmt"

	"nianbao/store"
)

// printSiteRuns prints what the last n runs of site found: listing pages
// and list-interface pages read, report links found, links judged not
// to be reports.
func (c *RunsCommand) printSiteRuns(ctx context.Context, db *store.DB, ff *formatFlags, site string, n int) error {
	rs, err := db.RunSites(ctx, site, n)
	if err != nil {
		return err
	}
	if len(rs) == 0 {
		fmt.Fprintf(c.Stderr, "no run of site %q recorded its counts yet\n", site)
	}
	if rw := ff.records(c.Stdout, "run", "site", "started_at", "status", "listings", "api_pages", "reports", "not_reports"); rw != nil {
		for _, r := range rs {
			if err := rw.Write(r.RunID, site, r.StartedAt.UTC(), r.Status, r.Listings, r.APIPages, r.Reports, r.NotReports); err != nil {
				return err
			}
		}
		return rw.Flush()
	}
	if len(rs) == 0 {
		return nil
	}
	rows := [][]string{{"run", "started (UTC)", "status", "listings", "api pages", "reports", "not reports"}}
	for _, r := range rs {
		rows = append(rows, []string{fmt.Sprint(r.RunID), r.StartedAt.UTC().Format("2006-01-02 15:04:05"), r.Status,
			fmt.Sprint(r.Listings), fmt.Sprint(r.APIPages), fmt.Sprint(r.Reports), fmt.Sprint(r.NotReports)})
	}
	printAligned(c.Stdout, "", rows, []bool{true, false, false, true, true, true, true})
	fmt.Fprintf(c.Stdout, "nianbao runs -site %s -skipped lists the links judged not reports, with the reason\n", site)
	return nil
}

// printSkips prints the links of site that run runID (the site's last
// run when 0) judged not to be reports, and the URLs it did not fetch,
// each with the reason.
func (c *RunsCommand) printSkips(ctx context.Context, db *store.DB, ff *formatFlags, site string, runID int64) error {
	if runID == 0 {
		rs, err := db.RunSites(ctx, site, 1)
		if err != nil {
			return err
		}
		if len(rs) == 0 {
			fmt.Fprintf(c.Stderr, "no run of site %q recorded its counts yet\n", site)
			if rw := ff.records(c.Stdout, "run", "site", "url", "title", "reason", "linked_from"); rw != nil {
				return rw.Flush()
			}
			return nil
		}
		runID = rs[0].RunID
	}
	skips, err := db.Skips(ctx, site, runID)
	if err != nil {
		return err
	}
	if rw := ff.records(c.Stdout, "run", "site", "url", "title", "reason", "linked_from"); rw != nil {
		for _, s := range skips {
			if err := rw.Write(runID, site, s.URL, s.Title, s.Reason, s.Referrer); err != nil {
				return err
			}
		}
		return rw.Flush()
	}
	fmt.Fprintf(c.Stdout, "run %d, site %s: %d links not taken for reports or not fetched\n", runID, site, len(skips))
	if len(skips) == 0 {
		return nil
	}
	rows := [][]string{{"url", "title", "reason", "linked from"}}
	for _, s := range skips {
		rows = append(rows, []string{s.URL, dash(s.Title), s.Reason, dash(s.Referrer)})
	}
	printTable(c.Stdout, "", rows)
	return nil
}
