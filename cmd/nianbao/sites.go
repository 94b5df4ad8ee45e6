package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"nianbao/crawler"
	"nianbao/store"
)

// SitesCommand lists the sites of a sites file with what the archive
// holds of each.
type SitesCommand struct {
	Stdout, Stderr io.Writer
}

// siteLine is one site as sites prints it.
type siteLine struct {
	Name, Family, Agency, Region string
	Listings                     int
	Reports                      int // report pages in the sites file
	// LastFetch and Found are nil without a database, or for a site it
	// has never fetched from.
	LastFetch *time.Time
	Found     *int // report URLs the archive holds
}

// Run prints each site of the sites file: name, family, agency, region,
// the last fetch from it and the reports found, from the database when
// it exists.
func (c *SitesCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("sites", "[-sites sites.toml] [-db FILE] [-json | -csv [-no-bom]]", c.Stderr)
	sitesPath := fs.String("sites", "sites.toml", "sites `file` (TOML)")
	dbPath := dbFlag(fs, defaultDB, ": last run and reports found per site, when it exists")
	ff := addFormatFlags(fs, true)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := ff.check(); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: sites takes no arguments", errUsage)
	}
	cfg, err := crawler.LoadConfig(*sitesPath)
	if err != nil {
		return err
	}
	sums, err := siteSummaries(ctx, *dbPath)
	if err != nil {
		return err
	}
	if sums == nil {
		fmt.Fprintf(c.Stderr, "no database at %s: last run and reports found are not known\n", shownDB(*dbPath))
	}
	lines := make([]siteLine, len(cfg.Sites))
	for i, s := range cfg.Sites {
		l := siteLine{Name: s.Name, Family: s.Family, Agency: s.Agency, Region: s.Region, Listings: len(s.Listings), Reports: len(s.Reports)}
		if sum, ok := sums[s.Name]; ok {
			if !sum.LastFetch.IsZero() {
				t := sum.LastFetch.UTC()
				l.LastFetch = &t
			}
			n := sum.Reports
			l.Found = &n
		} else if sums != nil {
			n := 0
			l.Found = &n
		}
		lines[i] = l
	}
	if rw := ff.records(c.Stdout, "name", "family", "agency", "region", "listings", "report_pages", "last_fetch", "reports_found"); rw != nil {
		for _, l := range lines {
			if err := rw.Write(l.Name, l.Family, l.Agency, l.Region, l.Listings, l.Reports, l.LastFetch, l.Found); err != nil {
				return fmt.Errorf("sites: %w", err)
			}
		}
		return rw.Flush()
	}
	rows := [][]string{{"name", "family", "agency", "region", "last run (UTC)", "reports found"}}
	for _, l := range lines {
		last, found := "—", "—"
		if l.LastFetch != nil {
			last = l.LastFetch.Format("2006-01-02 15:04")
		}
		if l.Found != nil {
			found = fmt.Sprint(*l.Found)
		}
		rows = append(rows, []string{l.Name, dash(l.Family), dash(l.Agency), dash(l.Region), last, found})
	}
	printTable(c.Stdout, "", rows)
	fmt.Fprintf(c.Stdout, "%d sites\n", len(lines))
	return nil
}

// siteSummaries reads what the database at path holds per site; nil and
// no error when there is no database there.
func siteSummaries(ctx context.Context, path string) (map[string]store.SiteSummary, error) {
	if _, err := os.Stat(path); !store.IsPostgres(path) && errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	db, err := store.OpenReadOnly(ctx, path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return db.SiteSummaries(ctx)
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
