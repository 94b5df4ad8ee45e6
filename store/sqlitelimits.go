package store

import (
	"fmt"
	"reflect"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// memStatusErr says why SQLite's memory accounting could not be turned
// on; without it SQLite ignores a hard heap limit.
var memStatusErr error

// SQLite enforces hard_heap_limit only while it counts its memory
// (SQLITE_CONFIG_MEMSTATUS), which modernc.org/sqlite leaves off and
// which can only be switched on before SQLite initialises, so it is
// switched on here, for every database of the process.
func init() {
	tls := libc.NewTLS()
	defer tls.Close()
	va := libc.Xmalloc(tls, 8)
	if va == 0 {
		memStatusErr = fmt.Errorf("memory accounting: out of memory")
		return
	}
	defer libc.Xfree(tls, va)
	if rc := sqlite3.Xsqlite3_config(tls, sqlite3.SQLITE_CONFIG_MEMSTATUS, libc.VaList(va, 1)); rc != sqlite3.SQLITE_OK {
		memStatusErr = fmt.Errorf("memory accounting: sqlite3_config returned %d", rc)
	}
}

// hardHeapLimit sets SQLite's process-wide heap ceiling to n bytes (0
// for none) and returns the previous one.
func hardHeapLimit(n int64) int64 {
	tls := libc.NewTLS()
	defer tls.Close()
	return sqlite3.Xsqlite3_hard_heap_limit64(tls, n)
}

// sqliteHandle returns the sqlite3* handle of a modernc.org/sqlite
// connection. The driver interrupts a statement when its context ends
// only inside QueryContext; the rows that follow are stepped without
// that watch, so Query interrupts them itself, which needs the handle.
// The driver keeps it in an unexported field; when the field is not
// there (another driver version) this fails, and so does Query, rather
// than run a query that cannot be stopped.
func sqliteHandle(driverConn any) (uintptr, error) {
	v := reflect.ValueOf(driverConn)
	if v.Kind() == reflect.Pointer && !v.IsNil() && v.Elem().Kind() == reflect.Struct {
		if f := v.Elem().FieldByName("db"); f.IsValid() && f.Kind() == reflect.Uintptr && f.Uint() != 0 {
			return uintptr(f.Uint()), nil
		}
	}
	return 0, fmt.Errorf("no SQLite handle in the driver's connection (%T) to interrupt a query that runs too long", driverConn)
}

// interrupt makes the statement running on handle stop at its next
// step with SQLITE_INTERRUPT. It is safe to call from any goroutine
// while the connection is open.
func interrupt(handle uintptr) {
	tls := libc.NewTLS()
	defer tls.Close()
	sqlite3.Xsqlite3_interrupt(tls, handle)
}
