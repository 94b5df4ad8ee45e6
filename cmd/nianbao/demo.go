package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"nianbao/crawler"
	"nianbao/crawler/demosite"
	"nianbao/store"
)

// DemoCommand shows the whole job offline: it serves a TRS-like portal of
// real report pages on loopback (with a second column served through a
// Hanweb-style list interface), crawls it through exactly the path of
// nianbao crawl, and prints a comparison table and an exported CSV.
type DemoCommand struct {
	Stdout, Stderr io.Writer
}

// Run runs the demo.
func (c *DemoCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("demo", "[-db FILE] [-o FILE.csv] [-delay D] [-addr HOST:PORT [-public]]", c.Stderr)
	dbPath := fs.String("db", "nianbao-demo.db", "database `file` the demo crawls into")
	out := fs.String("o", "nianbao-demo.csv", "CSV `file` the demo exports to")
	delay := fs.Duration("delay", 100*time.Millisecond, "pause between two requests to the demo portal (real crawls default to 2s)")
	progress := fs.String("progress", "auto", "progress bar on stderr: auto (on a terminal), on or off")
	addr := fs.String("addr", "127.0.0.1:8760", "loopback `address` of the demo portal; the same address on every run lets the second run show what is unchanged")
	public := fs.Bool("public", false, "allow an -addr other machines can reach (0.0.0.0, a LAN address, a host name)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: demo takes no arguments", errUsage)
	}
	if !*public {
		if err := checkLoopback(*addr); err != nil {
			return fmt.Errorf("%w: demo -addr: %w; -public serves it there all the same", errUsage, err)
		}
	}
	// Refused now rather than after the crawl.
	if _, err := outputPath(*out, *dbPath); err != nil {
		return fmt.Errorf("demo: %w", err)
	}

	portal, err := demosite.New(demosite.Options{ListAPI: true})
	if err != nil {
		return fmt.Errorf("demo portal: %w", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		// taken: any free port will do, the run just starts afresh
		if ln, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			return fmt.Errorf("demo portal: %w", err)
		}
	}
	srv := &http.Server{Handler: portal, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Shutdown(context.WithoutCancel(ctx))
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(c.Stdout, "Demo portal (real pages of the 平潭综合实验区 政府信息公开年报 column) at %s%s\n", base, demosite.ListingPath)
	fmt.Fprintf(c.Stdout, "and a second column served through a Hanweb-style list interface (POST %s) at %s%s\n", demosite.DataproxyPath, base, demosite.APIColumnPath)

	opts := crawler.DefaultOptions()
	opts.Delay, opts.Jitter = *delay, *delay/2
	opts.AllowPrivate = true // the portal is on loopback
	if opts.UserAgent, err = crawler.UserAgent(version, base+"/ (nianbao demo)"); err != nil {
		return err
	}
	site := crawler.Site{Name: "pingtan-demo", Agency: "平潭综合实验区", Listings: []string{base + demosite.ListingPath, base + demosite.APIColumnPath}}
	job := &crawlJob{db: *dbPath, sites: []crawler.Site{site}, opts: opts, log: "text", progress: *progress,
		stderr: c.Stderr, holder: "nianbao demo"}
	run, err := job.run(ctx)
	printRun(c.Stdout, run)
	if err != nil {
		return err
	}
	if err := printListAPIReports(ctx, c.Stdout, *dbPath, site.Name); err != nil {
		return err
	}
	if err := printFileValues(ctx, c.Stdout, *dbPath, base); err != nil {
		return err
	}

	fmt.Fprintf(c.Stdout, "\nRequests received (requests.received) by agency and year, one row across the three formats (dim \"\"), with the applicants of the 2019/2021 tables and the Fujian annex's cumulative count:\n")
	if err := (&CompareCommand{Stdout: c.Stdout, Stderr: c.Stderr}).Run(ctx, []string{"-db", *dbPath, "-code", "requests.received"}); err != nil {
		return err
	}
	fmt.Fprintln(c.Stdout)
	if err := (&ExportCommand{Stdout: c.Stdout, Stderr: c.Stderr}).Run(ctx, []string{"-db", *dbPath, "-o", *out}); err != nil {
		return err
	}
	abs, err := filepath.Abs(*out)
	if err != nil {
		abs = *out
	}
	dbAbs, _ := filepath.Abs(*dbPath)
	fmt.Fprintf(c.Stdout, "Database: %s\nCSV (UTF-8 with BOM, opens in Excel and WPS): %s\n", dbAbs, abs)
	fmt.Fprintf(c.Stdout, "Next: nianbao runs -db %s; nianbao compare -db %s -code review.total; nianbao query -db %s \"SELECT * FROM report_findings\"\n", *dbPath, *dbPath, *dbPath)
	fmt.Fprintf(c.Stdout, "Browse: nianbao serve -db %s\n", *dbPath)
	if errors.Is(ctx.Err(), context.Canceled) {
		return ctx.Err()
	}
	return nil
}

// printListAPIReports names the reports of site that a list interface
// listed (their referrer is a listing-api answer).
func printListAPIReports(ctx context.Context, w io.Writer, dbPath, site string) error {
	db, err := store.OpenReadOnly(ctx, dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	urls, err := db.KnownURLs(ctx, site)
	if err != nil {
		return err
	}
	api := map[string]bool{}
	for _, u := range urls {
		if u.Kind == string(crawler.ListingAPI) {
			api[u.URL] = true
		}
	}
	for _, u := range urls {
		if u.Kind == string(crawler.Report) && api[u.Referrer] {
			fmt.Fprintf(w, "found through the list interface: %s (%d)\n", u.Title, u.Year)
		}
	}
	return nil
}
