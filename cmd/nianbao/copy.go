package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"nianbao/store"
)

// CopyCommand copies an archive into a new one, between SQLite files and
// PostgreSQL databases in any direction.
type CopyCommand struct {
	Stdout, Stderr io.Writer
}

// Run copies -from into -to (each a file or a postgres:// URL), then
// prints each table's rows at both ends and the check: exit 1 when a
// count or a table's SHA-256 differs, a blob does not decode to its
// SHA-256, or -to already holds an archive's rows.
func (c *CopyCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("copy", "-from FILE|postgres://… -to FILE|postgres://…", c.Stderr)
	from := fs.String("from", "", "the archive to copy: a file or a postgres:// URL")
	to := fs.String("to", "", "the new archive: a file or a postgres:// URL, empty or not yet there")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *from == "" || *to == "" {
		fs.Usage()
		return fmt.Errorf("%w: copy takes -from and -to and no arguments", errUsage)
	}
	if *from == *to {
		return fmt.Errorf("%w: -from and -to are the same archive", errUsage)
	}
	if !store.IsPostgres(*from) {
		// Open would create it.
		if _, err := os.Stat(*from); err != nil {
			return fmt.Errorf("copy: %w", err)
		}
	}
	src, err := store.Open(ctx, *from, storeOptions())
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := store.Open(ctx, *to, storeOptions())
	if err != nil {
		return err
	}
	defer dst.Close()

	start := time.Now()
	last := start
	res, err := store.Copy(ctx, src, dst, func(p store.CopyProgress) {
		// a line every 10 s, so that a long copy shows it is moving
		if now := time.Now(); now.Sub(last) >= 10*time.Second {
			last = now
			fmt.Fprintf(c.Stderr, "copy: %s: %d rows\n", p.Table, p.Rows)
		}
	})
	took := time.Since(start)
	if err == nil || errors.Is(err, store.ErrCopyMismatch) {
		c.print(res, src.Path(), dst.Path(), err == nil, took)
	}
	return err
}

// print writes the table of counts and the check line.
func (c *CopyCommand) print(res store.CopyResult, from, to string, ok bool, took time.Duration) {
	fmt.Fprintf(c.Stdout, "%s → %s\n", from, to)
	fmt.Fprintf(c.Stdout, "%-16s %10s %10s\n", "table", "source", "target")
	var rows int64
	differ := 0
	for _, t := range res.Tables {
		note := ""
		switch {
		case !t.Equal() && t.Source == t.Target:
			note = "DIFFERENT (sha256)"
		case !t.Equal():
			note = "DIFFERENT"
		case t.Compared:
			note = "compared (written by the migrations)"
		}
		if !t.Equal() {
			differ++
		}
		if !t.Compared {
			rows += t.Target
		}
		fmt.Fprintln(c.Stdout, strings.TrimRight(fmt.Sprintf("%-16s %10d %10d  %s", t.Table, t.Source, t.Target, note), " "))
	}
	if !ok || differ > 0 {
		fmt.Fprintf(c.Stdout, "check: FAILED: %d of %d tables differ or the copy stopped; %s is left as it was\n", differ, len(res.Tables), to)
		return
	}
	fmt.Fprintf(c.Stdout, "check: ok: %d tables, %d rows: counts and SHA-256 of every table equal; %d blobs (%d bytes) decoded to their SHA-256\n",
		len(res.Tables), rows, res.Blobs, res.Bytes)
	fmt.Fprintf(c.Stdout, "copied %d rows in %.1fs (%.0f rows/s)\n", rows, took.Seconds(), float64(rows)/took.Seconds())
}
