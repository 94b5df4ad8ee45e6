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

// SaveAll's writer has the log copied into the database beside it
// (walKeeper) after each batch (some 9 MiB of log for 256 report pages)
// once it is importWALBackgroundAt, and truncates it itself at
// importWALTruncateAt: a writer that begins its next batch as soon as
// it commits one reads the log before that batch is copied, so SQLite
// never writes it from its start again, and it grows until truncated.
// The truncation waits for the background checkpoint and has little
// left to copy: every fifth batch or so, where SQLite's own checkpoint
// copied the log on the writer's goroutine after every batch.
const importWALBackgroundAt = 1 << 20

// importWALTruncateAt: see importWALBackgroundAt (a variable for the
// tests).
var importWALTruncateAt int64 = 48 << 20

// importSettings are the settings of SaveAll's writing connection, set
// by importConn and set back when it is released:
//
//   - a page cache of importCacheKiB;
//   - no automatic checkpoint (walKeeper does it);
//   - no foreign-key checks. The import writes a report's values and
//     findings in the transaction that writes the report, under the id
//     the report's INSERT returned, and deletes nothing, so a check can
//     never fail there. Made for every value (a look-up of its report),
//     the checks were 3.8% of an import's instructions, some 8% of the
//     writer's, the stage that runs on one core. TestImportKeepsForeignKeys
//     checks the imported rows with PRAGMA foreign_key_check.
var importSettings = []struct{ pragma, value string }{
	{"cache_size", fmt.Sprint(-importCacheKiB)},
	{"wal_autocheckpoint", "0"},
	{"foreign_keys", "0"},
}

// importConn returns a connection of SaveAll's own with importSettings,
// or nil, for the pool's connections to write, when none can be had or
// set. release hands it back to the pool with the settings it had.
func (db *DB) importConn(ctx context.Context) (conn *sql.Conn, release func()) {
	if !db.dia.localFile() {
		return nil, func() {}
	}
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return nil, func() {}
	}
	had := make([]string, len(importSettings))
	for i, st := range importSettings {
		if err := conn.QueryRowContext(ctx, "PRAGMA "+st.pragma).Scan(&had[i]); err != nil {
			dropConn(conn)
			return nil, func() {}
		}
	}
	for _, st := range importSettings {
		if _, err := conn.ExecContext(ctx, "PRAGMA "+st.pragma+" = "+st.value); err != nil {
			dropConn(conn)
			return nil, func() {}
		}
	}
	return conn, func() {
		// Kept (its statements stay prepared) unless its settings
		// cannot be set back.
		for i, st := range importSettings {
			if _, err := conn.ExecContext(ctx, "PRAGMA "+st.pragma+" = "+had[i]); err != nil {
				dropConn(conn)
				return
			}
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
