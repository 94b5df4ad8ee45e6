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
// none can be had or set.
func (db *DB) importConn(ctx context.Context) *sql.Conn {
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return nil
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = -%d", importCacheKiB)); err != nil {
		dropConn(conn)
		return nil
	}
	return conn
}

// dropConn closes conn for good rather than hand it back to the pool
// with its settings.
func dropConn(conn *sql.Conn) {
	conn.Raw(func(any) error { return driver.ErrBadConn })
	conn.Close()
}
