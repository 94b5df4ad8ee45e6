package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"
	_ "time/tzdata" // Asia/Shanghai on machines without a zoneinfo database

	"github.com/robfig/cron/v3"

	"nianbao/internal/filelock"
)

// ScheduleCommand runs crawls on a cron schedule.
type ScheduleCommand struct {
	Stdout, Stderr io.Writer
	// Transport, when set, sends the crawls' requests
	// (crawler.Options.Transport): the tests serve a portal in memory.
	Transport http.RoundTripper
}

// defaultZone is the time zone of a schedule that names none: the
// portals' own.
const defaultZone = "Asia/Shanghai"

// cronParser reads the five-field cron syntax, descriptors such as
// @weekly and @every 1h, and a CRON_TZ= or TZ= prefix.
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// parseSchedule reads spec, in defaultZone unless it names its own zone.
func parseSchedule(spec string) (cron.Schedule, error) {
	if !strings.HasPrefix(spec, "CRON_TZ=") && !strings.HasPrefix(spec, "TZ=") && !strings.HasPrefix(spec, "@every") {
		spec = "CRON_TZ=" + defaultZone + " " + spec
	}
	s, err := cronParser.Parse(spec)
	if err != nil {
		return nil, fmt.Errorf("%w: -cron %q: %w", errUsage, spec, err)
	}
	return s, nil
}

// Run crawls at each time of the schedule until interrupted. Runs never
// overlap: this scheduler runs one crawl at a time, the lock file keeps
// a second scheduler from starting on the same database (it says who
// holds it), and a manual crawl holding the crawl lock makes the
// scheduled one skip its turn, with a log line.
func (c *ScheduleCommand) Run(ctx context.Context, args []string) error {
	return withCrawlMemory(func() error { return c.run(ctx, args) })
}

func (c *ScheduleCommand) run(ctx context.Context, args []string) error {
	fs := newFlagSet("schedule", `-cron "0 3 * * 1" [crawl flags]`, c.Stderr)
	spec := fs.String("cron", "", "schedule: 5-field cron (minute hour day-of-month month day-of-week), @daily, @every 6h…; CRON_TZ=Zone prefix, default "+defaultZone)
	f := addCrawlFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *spec == "" || fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: schedule needs -cron and no arguments", errUsage)
	}
	sched, err := parseSchedule(*spec)
	if err != nil {
		return err
	}
	if f.progress == "auto" {
		f.progress = "off" // a scheduler logs lines
	}
	job, err := f.job(c.Stderr)
	if err != nil {
		return err
	}
	job.holder = "nianbao schedule (crawl)"
	job.opts.Transport = c.Transport
	lock, err := filelock.Lock(f.db+".schedule.lock", fmt.Sprintf("nianbao schedule -cron %q", *spec))
	if err != nil {
		return fmt.Errorf("another scheduler runs on %s: %w", f.db, err)
	}
	defer lock.Unlock()

	lg := newLogger(c.Stderr, f.log, slog.LevelInfo)
	for {
		next := sched.Next(time.Now())
		lg.Info("schedule", "cron", *spec, "next", next.Format(time.RFC3339))
		select {
		case <-ctx.Done():
			lg.Info("schedule stopped")
			return nil
		case <-time.After(time.Until(next)):
		}
		run, err := job.run(ctx)
		switch {
		case errors.Is(err, filelock.ErrLocked):
			lg.Warn("skipped: another crawl holds the database", "err", err)
		case err != nil && ctx.Err() != nil:
			printRun(c.Stdout, run)
			return nil
		case err != nil:
			lg.Error("run failed", "run", run.ID, "err", err)
		default:
			printRun(c.Stdout, run)
		}
	}
}
