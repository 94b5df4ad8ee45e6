package main

import (
	"flag"
	"os"

	"nianbao/store"
)

// dbEnv names the environment variable that gives every command its
// database when -db is not set: a file, or a PostgreSQL URL kept off
// the command line (and out of the shell's history and ps).
const dbEnv = "NIANBAO_DB"

// dbFlag defines the -db flag every command shares: a SQLite file, or a
// PostgreSQL URL (postgres://user@host/dbname); its default is
// $NIANBAO_DB, else def.
func dbFlag(fs *flag.FlagSet, def, what string) *string {
	p := new(string)
	dbFlagVar(fs, p, def, what)
	return p
}

// dbFlagVar is dbFlag storing into p.
func dbFlagVar(fs *flag.FlagSet, p *string, def, what string) {
	if v := os.Getenv(dbEnv); v != "" {
		def = v
	}
	fs.StringVar(p, "db", def, "database: a SQLite `file` or a postgres:// URL ($"+dbEnv+")"+what)
}

// shownDB is the database as messages print it: a PostgreSQL URL
// without its password.
func shownDB(db string) string { return store.RedactURL(db) }
