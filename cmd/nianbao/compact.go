package main

import (
	"context"
	"fmt"
	"io"

	"nianbao/store"
)

// CompactCommand rewrites the archive's older blobs with the current
// codec and dictionary.
type CompactCommand struct {
	Stdout, Stderr io.Writer
}

// Run recompresses every blob not stored as zstd with the current
// dictionary (gzip blobs written before migration 008), a transaction per
// 64 blobs, each checked against its SHA-256 before and after; with
// -vacuum it then gives the freed space back to the file system.
func (c *CompactCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("compact", "[-db FILE] [-vacuum]", c.Stderr)
	dbPath := dbFlag(fs, defaultDB, "")
	vacuum := fs.Bool("vacuum", false, "rebuild the file afterwards to give the freed space back (needs as much free disk as the file)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: compact takes no arguments", errUsage)
	}
	db, err := store.Open(ctx, *dbPath, storeOptions())
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.Compact(ctx, nil)
	fmt.Fprintf(c.Stdout, "recompressed %d blobs: %d bytes before, %d after\n", res.Blobs, res.BytesBefore, res.BytesAfter)
	if err != nil {
		return err
	}
	if *vacuum {
		if err := db.Vacuum(ctx); err != nil {
			return err
		}
		fmt.Fprintf(c.Stdout, "vacuumed %s\n", shownDB(*dbPath))
	}
	return nil
}
