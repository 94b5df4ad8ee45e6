// Command nianbao collects government information-disclosure annual
// reports (政府信息公开工作年度报告), turns their statistics tables into
// records and compares agencies across years.
//
// This file only wires the subcommands; each lives in a file of its own.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// errUsage marks an error in how the command was called: exit status 2.
var errUsage = errors.New("usage")

// command is one subcommand.
type command interface {
	Run(ctx context.Context, args []string) error
}

// Main holds what the subcommands write to, so tests can capture it.
type Main struct {
	Stdout io.Writer
	Stderr io.Writer
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := &Main{Stdout: os.Stdout, Stderr: os.Stderr}
	os.Exit(m.Run(ctx, os.Args[1:]))
}

// Run runs the subcommand named by args[0] and returns the exit status:
// 0, 1 on failure, 2 on a usage error.
func (m *Main) Run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		m.usage(m.Stderr)
		return 2
	}
	var cmd command
	switch args[0] {
	case "parse":
		cmd = &ParseCommand{Stdout: m.Stdout, Stderr: m.Stderr}
	case "indicators":
		cmd = &IndicatorsCommand{Stdout: m.Stdout}
	case "import":
		cmd = &ImportCommand{Stdout: m.Stdout, Stderr: m.Stderr}
	case "reparse":
		cmd = &ReparseCommand{Stdout: m.Stdout, Stderr: m.Stderr}
	case "compact":
		cmd = &CompactCommand{Stdout: m.Stdout, Stderr: m.Stderr}
	case "copy":
		cmd = &CopyCommand{Stdout: m.Stdout, Stderr: m.Stderr}
	case "export":
		cmd = &ExportCommand{Stdout: m.Stdout, Stderr: m.Stderr}
	case "compare":
		cmd = &CompareCommand{Stdout: m.Stdout, Stderr: m.Stderr}
	case "query":
		cmd = &QueryCommand{Stdout: m.Stdout, Stderr: m.Stderr}
	case "crawl":
		cmd = &CrawlCommand{Stdout: m.Stdout, Stderr: m.Stderr}
	case "runs":
		cmd = &RunsCommand{Stdout: m.Stdout, Stderr: m.Stderr}
	case "sites":
		cmd = &SitesCommand{Stdout: m.Stdout, Stderr: m.Stderr}
	case "demo":
		cmd = &DemoCommand{Stdout: m.Stdout, Stderr: m.Stderr}
	case "serve":
		cmd = &ServeCommand{Stdout: m.Stdout, Stderr: m.Stderr}
	case "schedule":
		cmd = &ScheduleCommand{Stdout: m.Stdout, Stderr: m.Stderr}
	case "version", "-version", "--version":
		cmd = &VersionCommand{Stdout: m.Stdout, Stderr: m.Stderr}
	case "help", "-h", "-help", "--help":
		m.usage(m.Stdout)
		return 0
	default:
		fmt.Fprintf(m.Stderr, "nianbao: unknown command %q\n", args[0])
		m.usage(m.Stderr)
		return 2
	}
	err := cmd.Run(ctx, args[1:])
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintln(m.Stderr, "nianbao:", err)
		return 2
	default:
		fmt.Fprintln(m.Stderr, "nianbao:", err)
		return 1
	}
}

func (m *Main) usage(w io.Writer) {
	fmt.Fprint(w, `nianbao collects government information-disclosure annual reports
(政府信息公开工作年度报告) and turns their statistics tables into records.

Usage:
	nianbao <command> [flags] [arguments]

Commands:
	demo        crawl a demo portal of real report pages on loopback (offline)
	crawl       crawl the report columns of the portals in sites.toml
	schedule    crawl on a cron schedule
	sites       list the sites of sites.toml, their last run and reports found
	runs        list the crawl runs, or one site's (-site NAME [-skipped])
	parse       parse report files and print their records
	indicators  list the indicator codes (the data dictionary)
	import      parse local documents and store them in the database
	reparse     run the current parser over every archived document
	compact     recompress older archived documents with the current codec
	copy        copy the archive between SQLite files and PostgreSQL (-from, -to)
	export      write values or findings as CSV or JSON Lines
	compare     print one indicator as an agency × year table
	query       run read-only SQL on the database
	serve       browse the archive in a web browser (read-only, loopback)
	version     print the version, commit and parser version (also -version, --version)
	help        print this help

Run "nianbao <command> -h" for a command's flags.
`)
}

// newFlagSet returns a flag set whose errors come back to Run, with a
// usage line naming the command.
func newFlagSet(name, args string, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("nianbao "+name, flag.ContinueOnError)
	fs.SetOutput(w)
	fs.Usage = func() {
		fmt.Fprintf(w, "Usage: nianbao %s %s\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args into fs and turns a bad flag into a usage error.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	return nil
}
