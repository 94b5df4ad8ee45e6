package store

import (
	"strconv"
	"strings"
	"sync"

	"modernc.org/sqlite"
)

// readPragmas are the pragmas an analyst's query may run: each only
// reads. The first group takes the name of a table or index (or a
// number) as its argument; the second only reports a setting and is
// allowed without an argument, since with one it would change it.
var readPragmas = map[string]bool{
	"table_info": true, "table_xinfo": true, "table_list": true, "index_info": true, "index_xinfo": true,
	"index_list": true, "foreign_key_list": true, "foreign_key_check": true, "integrity_check": true, "quick_check": true,
}

var settingPragmas = map[string]bool{
	"user_version": true, "schema_version": true, "application_id": true, "data_version": true,
	"page_count": true, "page_size": true, "freelist_count": true, "encoding": true, "journal_mode": true,
	"compile_options": true, "collation_list": true, "function_list": true, "module_list": true, "pragma_list": true,
	"database_list": true, "foreign_keys": true, "query_only": true, "hard_heap_limit": true, "soft_heap_limit": true,
	"temp_store": true, "cache_size": true, "busy_timeout": true,
}

// actionNames name the operations the read-only policy refuses.
var actionNames = map[sqlite.AuthorizerActionCode]string{
	sqlite.AuthInsert: "INSERT INTO", sqlite.AuthUpdate: "UPDATE of", sqlite.AuthDelete: "DELETE FROM",
	sqlite.AuthCreateTable: "CREATE TABLE", sqlite.AuthCreateIndex: "CREATE INDEX", sqlite.AuthCreateView: "CREATE VIEW",
	sqlite.AuthCreateTrigger: "CREATE TRIGGER", sqlite.AuthCreateTempTable: "CREATE TEMP TABLE",
	sqlite.AuthCreateTempIndex: "CREATE TEMP INDEX", sqlite.AuthCreateTempView: "CREATE TEMP VIEW",
	sqlite.AuthCreateTempTrigger: "CREATE TEMP TRIGGER", sqlite.AuthCreateVTable: "CREATE VIRTUAL TABLE",
	sqlite.AuthDropTable: "DROP TABLE", sqlite.AuthDropIndex: "DROP INDEX", sqlite.AuthDropView: "DROP VIEW",
	sqlite.AuthDropTrigger: "DROP TRIGGER", sqlite.AuthDropTempTable: "DROP TEMP TABLE",
	sqlite.AuthDropTempIndex: "DROP TEMP INDEX", sqlite.AuthDropTempView: "DROP TEMP VIEW",
	sqlite.AuthDropTempTrigger: "DROP TEMP TRIGGER", sqlite.AuthDropVTable: "DROP VIRTUAL TABLE",
	sqlite.AuthAlterTable: "ALTER TABLE", sqlite.AuthReindex: "REINDEX", sqlite.AuthAnalyze: "ANALYZE",
	sqlite.AuthAttach: "ATTACH (or VACUUM INTO) of", sqlite.AuthDetach: "DETACH",
	sqlite.AuthTransaction: "transaction control", sqlite.AuthSavepoint: "SAVEPOINT",
	sqlite.AuthFunction: "function", sqlite.AuthPragma: "PRAGMA",
}

// refusal keeps the first operation a policy refused while a statement
// was prepared, to say what was refused instead of SQLite's "not
// authorized".
type refusal struct {
	mu   sync.Mutex
	what string
}

func (r *refusal) set(what string) {
	if r == nil {
		return
	}
	r.mu.Lock()
	if r.what == "" {
		r.what = what
	}
	r.mu.Unlock()
}

func (r *refusal) get() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.what
}

// readOnlyPolicy is the authorizer of a query connection: SQLite asks it
// about every operation of a statement while preparing it, and it lets
// through reading tables and views, recursive CTEs, functions other than
// load_extension, and the pragmas in readPragmas and settingPragmas; it
// refuses everything else: every write, every CREATE, DROP and ALTER,
// ATTACH and DETACH (and so VACUUM INTO, which attaches its target),
// REINDEX, ANALYZE, transaction control, and any pragma that sets a
// value. A refused operation fails the statement before it runs; rec, if
// not nil, keeps the first one refused.
func readOnlyPolicy(rec *refusal) sqlite.AuthorizerFn {
	return func(action sqlite.AuthorizerActionCode, arg1, arg2, _, _ string) sqlite.AuthorizerReturnCode {
		switch action {
		case sqlite.AuthSelect, sqlite.AuthRead, sqlite.AuthRecursive:
			return sqlite.AuthorizerOK
		case sqlite.AuthFunction:
			if !strings.EqualFold(arg2, "load_extension") {
				return sqlite.AuthorizerOK
			}
			rec.set("function load_extension")
			return sqlite.AuthorizerDeny
		case sqlite.AuthPragma:
			name := strings.ToLower(arg1)
			if readPragmas[name] || settingPragmas[name] && arg2 == "" {
				return sqlite.AuthorizerOK
			}
			what := "PRAGMA " + arg1
			if arg2 != "" {
				what += " = " + arg2
			}
			rec.set(what + " (allowed: the pragmas that read, such as table_info, index_list, integrity_check, or a setting without a value)")
			return sqlite.AuthorizerDeny
		}
		what, ok := actionNames[action]
		if !ok {
			what = "operation " + strconv.Itoa(int(action))
		}
		switch {
		case action == sqlite.AuthAttach && arg1 == "":
			what = "VACUUM" // it attaches a temporary copy
		case action == sqlite.AuthAttach:
			what += " " + quote(arg1)
		case action == sqlite.AuthUpdate && arg2 != "":
			what += " " + arg1 + "." + arg2
		case action == sqlite.AuthTransaction || action == sqlite.AuthSavepoint:
			what += " (" + strings.TrimSpace(arg1+" "+arg2) + ")"
		case arg1 != "":
			what += " " + arg1
		}
		if action == sqlite.AuthInsert || action == sqlite.AuthUpdate || action == sqlite.AuthDelete {
			// SQLite asks about the schema table's row before the
			// CREATE or DROP that writes it, and stops at the refusal.
			switch strings.ToLower(arg1) {
			case "sqlite_master", "sqlite_schema":
				what = "change to the schema (CREATE, DROP, ALTER, ANALYZE) writing " + arg1
			case "sqlite_temp_master", "sqlite_temp_schema":
				what = "change to the temporary schema (CREATE TEMP, DROP) writing " + arg1
			}
		}
		rec.set(what)
		return sqlite.AuthorizerDeny
	}
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
