package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/mattn/go-isatty"

	"nianbao/crawler"
	"nianbao/internal/filelock"
	"nianbao/store"
)

// CrawlCommand crawls the sites of a sites file into the database.
type CrawlCommand struct {
	Stdout, Stderr io.Writer
}

// crawlFlags are the flags that crawl and schedule share.
type crawlFlags struct {
	db, sites, only, log, progress string
	parallel                       int
	delay                          time.Duration
	allowPrivate                   bool
	maxLinks, maxPages             int
	maxCrawlDelay                  time.Duration
	maxDepth                       int
	worker                         string
	lease                          time.Duration
}

func addCrawlFlags(fs *flag.FlagSet) *crawlFlags {
	f := &crawlFlags{}
	def := crawler.DefaultOptions()
	dbFlagVar(fs, &f.db, defaultDB, "")
	fs.StringVar(&f.sites, "sites", "sites.toml", "sites `file` (TOML)")
	fs.StringVar(&f.only, "site", "", "crawl only these sites (`names`, comma-separated)")
	fs.IntVar(&f.parallel, "parallel", def.Parallel, "hosts fetched from at once (one request at a time per host)")
	fs.DurationVar(&f.delay, "delay", def.Delay, "pause between two requests to one host, plus up to half of it at random (a longer robots.txt Crawl-delay wins)")
	fs.BoolVar(&f.allowPrivate, "allow-private", false, "allow private, loopback, link-local and other special-purpose addresses (tests, the demo)")
	fs.IntVar(&f.maxLinks, "max-links", def.MaxLinks, "most report links followed from one listing page (attachments from one report page); the rest are dropped and logged")
	fs.IntVar(&f.maxPages, "max-pages", def.MaxPages, "most pages fetched per site in one run (on PostgreSQL, by all the workers of the crawl together); the rest are dropped and logged")
	fs.IntVar(&f.maxDepth, "max-depth", def.MaxDepth, "levels of sub-columns (by year or issuer) read below a listing of the sites file; 0 reads none")
	fs.DurationVar(&f.maxCrawlDelay, "max-crawl-delay", def.MaxCrawlDelay, "longest robots.txt Crawl-delay honoured; a host asking for more is skipped")
	fs.StringVar(&f.log, "log", "text", "log `format` on stderr: text or json")
	fs.StringVar(&f.progress, "progress", "auto", "progress bar on stderr: auto (on a terminal), on or off")
	fs.StringVar(&f.worker, "worker", "", "`name` of this crawler in runs and, on PostgreSQL, in the shared frontier (default hostname-pid)")
	fs.DurationVar(&f.lease, "lease", defaultLease, "on PostgreSQL: how long a URL this crawler leased stays its own without renewal (renewed every third of it); a killed crawler's URLs go to the others after it")
	return f
}

// job turns the flags into a crawl job: the sites file read and checked.
func (f *crawlFlags) job(stderr io.Writer) (*crawlJob, error) {
	switch f.log {
	case "text", "json":
	default:
		return nil, fmt.Errorf("%w: -log must be text or json", errUsage)
	}
	switch f.progress {
	case "auto", "on", "off":
	default:
		return nil, fmt.Errorf("%w: -progress must be auto, on or off", errUsage)
	}
	if f.parallel < 1 {
		return nil, fmt.Errorf("%w: -parallel must be at least 1", errUsage)
	}
	if f.maxLinks < 1 || f.maxPages < 1 || f.maxCrawlDelay < 0 {
		return nil, fmt.Errorf("%w: -max-links and -max-pages must be at least 1, -max-crawl-delay 0 or more", errUsage)
	}
	if f.maxDepth < 0 {
		return nil, fmt.Errorf("%w: -max-depth must be 0 or more", errUsage)
	}
	if f.lease < 3*time.Millisecond {
		return nil, fmt.Errorf("%w: -lease must be at least 3ms", errUsage)
	}
	worker := f.worker
	if worker == "" {
		worker = defaultWorker()
	}
	cfg, err := crawler.LoadConfig(f.sites)
	if err != nil {
		return nil, err
	}
	sites := cfg.Sites
	if f.only != "" {
		sites = nil
		for _, name := range strings.Split(f.only, ",") {
			s := cfg.Site(strings.TrimSpace(name))
			if s == nil {
				return nil, unknownSite(name, f.sites, cfg)
			}
			sites = append(sites, *s)
		}
	}
	opts := crawler.DefaultOptions()
	opts.Parallel = f.parallel
	opts.Delay, opts.Jitter = f.delay, f.delay/2
	opts.AllowPrivate = f.allowPrivate
	opts.MaxLinks, opts.MaxPages, opts.MaxCrawlDelay = f.maxLinks, f.maxPages, f.maxCrawlDelay
	opts.MaxDepth = f.maxDepth
	if opts.UserAgent, err = crawler.UserAgent(version, cfg.Contact); err != nil {
		return nil, fmt.Errorf("%s: %w", f.sites, err)
	}
	return &crawlJob{db: f.db, sites: sites, opts: opts, log: f.log, progress: f.progress, stderr: stderr, worker: worker, lease: f.lease}, nil
}

// Run crawls the sites (all of the sites file, or -site) and stores every
// report found, with its provenance, in the database.
func (c *CrawlCommand) Run(ctx context.Context, args []string) error {
	return withCrawlMemory(func() error { return c.run(ctx, args) })
}

func (c *CrawlCommand) run(ctx context.Context, args []string) error {
	fs := newFlagSet("crawl", "[-db FILE] [-sites sites.toml] [-site NAME,...] [flags]", c.Stderr)
	f := addCrawlFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: crawl takes no arguments", errUsage)
	}
	job, err := f.job(c.Stderr)
	if err != nil {
		return err
	}
	job.holder = "nianbao crawl"
	run, err := job.run(ctx)
	printRun(c.Stdout, run)
	return err
}

// A crawlJob is one crawl, the same for crawl, schedule and demo.
type crawlJob struct {
	db       string
	sites    []crawler.Site
	opts     crawler.Options
	log      string // text or json
	progress string // auto, on or off
	stderr   io.Writer
	holder   string // who takes the lock, for the message of a refused crawl
	worker   string // in runs and the shared frontier; "" for none
	lease    time.Duration
}

// defaultLease is -lease: long enough that a busy worker renews in time,
// short enough that a dead one's URLs wait little.
const defaultLease = time.Minute

// run crawls the job's sites into its database. It holds the database's
// lock file for the whole crawl, so that two crawls never run on one
// archive, and records the run, however it ends, in the runs table. Every
// document is committed within a quarter of a second of its fetch, many
// a transaction: an interrupted crawl loses nothing committed, a killed
// one at most the last batch (whose URLs it then fetches again in full),
// and the next one fetches unchanged pages with a conditional GET.
func (j *crawlJob) run(ctx context.Context) (store.Run, error) {
	shared := store.IsPostgres(j.db) // crawlers share the archive through its frontier
	if !shared {
		lock, err := filelock.Lock(j.db+".lock", j.holder)
		if err != nil {
			return store.Run{}, err
		}
		defer lock.Unlock()
	}
	opt := storeOptions()
	opt.CacheKiB = crawlCacheKiB
	db, err := store.Open(ctx, j.db, opt)
	if err != nil {
		return store.Run{}, err
	}
	defer db.Close()

	names := make([]string, len(j.sites))
	for i, s := range j.sites {
		names[i] = s.Name
	}
	id, err := db.StartRunBy(ctx, names, j.worker)
	if err != nil {
		return store.Run{}, err
	}
	bar := j.bar()
	level := slog.LevelInfo
	if bar != nil {
		level = slog.LevelWarn // the bar says what the info lines would
	}
	logw := j.stderr
	opts := j.opts
	if bar != nil {
		logw = bar // log lines clear the bar and draw it again below
		opts.Progress = bar.Update
	}
	lg := newLogger(logw, j.log, level).With("run", id)
	lg.Info("crawl start", "db", shownDB(j.db), "sites", strings.Join(names, ","), "worker", j.worker)
	w := db.NewCrawlWriter(ctx)
	sink := &storeSink{db: db, w: w, runID: id, log: lg}
	if !shared {
		// No other crawler writes the archive while the lock is held:
		// a URL it had no record of at the start has none but this
		// run's, and is not looked up before its fetch.
		sink.urls, err = db.ReadURLSet(ctx) // an error fails the run below
	}
	var front *store.Frontier
	if shared {
		worker, lease := j.worker, j.lease
		if worker == "" {
			worker = defaultWorker() // demo
		}
		if lease == 0 {
			lease = defaultLease
		}
		if front, err = db.JoinFrontier(ctx, names, worker, lease); err == nil {
			sink.front = newSharedFrontier(front, lg)
			opts.Frontier = sink.front
			lg.Info("frontier", "id", front.ID(), "worker", worker)
		}
	}
	var c *crawler.Crawler
	if err == nil {
		c, err = crawler.New(lg, sink, opts)
	}
	var stats crawler.RunStats
	if err == nil {
		stats, err = c.Run(ctx, j.sites)
	}
	// Everything fetched is committed before the run is recorded.
	if werr := w.Close(); werr != nil && err == nil {
		err = fmt.Errorf("save: %w", werr)
	}
	// Then what this worker leased and did not finish goes back.
	if front != nil {
		if ferr := front.Close(context.WithoutCancel(ctx)); ferr != nil && err == nil {
			err = ferr
		}
	}
	if bar != nil {
		bar.Finish()
	}
	r := store.Run{ID: id, StartedAt: stats.Start, EndedAt: stats.End, Sites: names, Status: "ok",
		Pages: stats.Pages, Requests: stats.Requests, Bytes: stats.Bytes, Reports: stats.Reports, New: stats.New,
		Changed: stats.Changed, Unchanged: stats.Unchanged, Gone: stats.Gone, Blocked: stats.Blocked,
		Skipped: stats.Skipped, Errors: stats.Errors}
	fetched, failed := fetchCounts(r)
	switch {
	case ctx.Err() != nil:
		r.Status, r.Error = "interrupted", context.Cause(ctx).Error()
	case err != nil:
		r.Status, r.Error = "failed", err.Error()
	case fetched == 0 && failed > 0:
		// Nothing fetched: a dead portal, a wrong address, a wall. The
		// run fails so that cron and schedule say so.
		r.Status, r.Error = "failed", fmt.Sprintf("no fetch succeeded (%d errors, %d blocked)", r.Errors, r.Blocked)
	}
	// The run is recorded even when ctx was cancelled (Ctrl-C, SIGTERM).
	if ferr := db.FinishRun(context.WithoutCancel(ctx), r); ferr != nil && err == nil {
		err = ferr
	}
	lg.Info("crawl end", "status", r.Status, "pages", r.Pages, "new", r.New, "changed", r.Changed,
		"unchanged", r.Unchanged, "gone", r.Gone, "blocked", r.Blocked, "skipped", r.Skipped, "errors", r.Errors)
	switch {
	case err != nil:
	case r.Status == "interrupted":
		err = fmt.Errorf("crawl interrupted: %w", context.Cause(ctx))
	case r.Status == "failed":
		err = fmt.Errorf("crawl failed: %s; nianbao query -db %s \"SELECT url, error FROM fetches WHERE run_id = %d\" lists them", r.Error, shownDB(j.db), r.ID)
	}
	return r, err
}

// fetchCounts returns how many documents of run r were fetched (new,
// changed, unchanged, or found gone) and how many failed (an error, or
// an anti-bot wall). URLs skipped (robots.txt, hosts not allowed) are
// neither.
func fetchCounts(r store.Run) (fetched, failed int) {
	return r.New + r.Changed + r.Unchanged + r.Gone, r.Errors + r.Blocked
}

// bar returns a progress bar on stderr when it is a terminal (or -progress
// on), nil otherwise: scheduled runs log lines instead.
func (j *crawlJob) bar() *progressLine {
	on := j.progress == "on"
	if j.progress == "auto" {
		f, ok := j.stderr.(*os.File)
		on = ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
	}
	if !on {
		return nil
	}
	return newProgressLine(j.stderr)
}

// printRun says what a run did, in one line, ending with how many
// fetches failed when any did.
func printRun(w io.Writer, r store.Run) {
	if r.ID == 0 {
		return
	}
	took := ""
	if !r.EndedAt.IsZero() && !r.StartedAt.IsZero() {
		took = " in " + r.EndedAt.Sub(r.StartedAt).Round(time.Millisecond).String()
	}
	fmt.Fprintf(w, "run %d %s%s: %d pages fetched (%d new, %d changed, %d unchanged, %d gone), %d report links, %d blocked, %d skipped, %d errors",
		r.ID, r.Status, took, r.Pages, r.New, r.Changed, r.Unchanged, r.Gone, r.Reports, r.Blocked, r.Skipped, r.Errors)
	if fetched, failed := fetchCounts(r); failed > 0 {
		fmt.Fprintf(w, "; %d of %d fetches failed", failed, fetched+failed)
	}
	fmt.Fprintln(w)
}

// newLogger logs to w as text or, with format "json", as JSON lines.
func newLogger(w io.Writer, format string, level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
