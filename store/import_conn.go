package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
)

// importCacheKiB is the page cache of SaveAll's writing connection
// (SQLite's default is 2 MiB): a batch of importBatchDocs reports
// dirties more pages than 2 MiB hold, which SQLite would otherwise write
// to the log, and read back, before the commit writes them again. The
// pool's other connections keep the default, so that readers do not
// grow.
const importCacheKiB = 32 << 10

// importConn returns a connection of SaveAll's own with a page cache of
// importCacheKiB, or nil, for the pool's connections to write, when
// none can be had or set. release hands it back to the pool with the
// cache it had.
func (db *DB) importConn(ctx context.Context) (conn *sql.Conn, release func()) {
	if !db.dia.localFile() {
		return nil, func() {}
	}
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return nil, func() {}
	}
	var was int
	if err := conn.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&was); err != nil {
		dropConn(conn)
		return nil, func() {}
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = %d", -importCacheKiB)); err != nil {
		dropConn(conn)
		return nil, func() {}
	}
	return conn, func() {
		// Kept (its statements stay prepared) unless its cache cannot
		// be set back.
		if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = %d", was)); err != nil {
			dropConn(conn)
			return
		}
		conn.Close()
	}
}

// dropConn closes conn for good rather than hand it back to the pool
// with its settings.
func dropConn(conn *sql.Conn) {
	conn.Raw(func(any) error { return driver.ErrBadConn })
	conn.Close()
}
