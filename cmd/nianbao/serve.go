package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"nianbao/store"
	"nianbao/web"
)

// ServeCommand serves the archive's pages (package web) over HTTP,
// reading the database only.
type ServeCommand struct {
	Stdout, Stderr io.Writer
	// ready, if set, gets the address listened on (tests).
	ready func(addr string)
}

func (c *ServeCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("serve", "[-db FILE] [-addr HOST:PORT] [-public]", c.Stderr)
	dbPath := dbFlag(fs, defaultDB, ", opened read-only")
	addr := fs.String("addr", "127.0.0.1:8080", "`address` to listen on; loopback unless -public")
	public := fs.Bool("public", false, "allow an address other machines can reach")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: serve takes no arguments (got %q)", errUsage, fs.Arg(0))
	}
	if err := web.CheckAddr(*addr, *public); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	db, err := store.OpenQuery(ctx, *dbPath, store.QueryLimits{Timeout: 30 * time.Second})
	if err != nil {
		return err
	}
	defer db.Close()
	h, err := web.New(db)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 2 * time.Minute}
	fmt.Fprintf(c.Stdout, "Serving %s read-only at http://%s/ (Ctrl-C to stop)\n", shownDB(*dbPath), ln.Addr())
	if c.ready != nil {
		c.ready(ln.Addr().String())
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
