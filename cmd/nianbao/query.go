package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"nianbao/export"
	"nianbao/store"
)

// QueryCommand runs an analyst's SQL on a database opened read-only.
type QueryCommand struct {
	Stdout, Stderr io.Writer
}

// Run runs the one SQL statement in args on a connection that refuses
// writes (store.OpenQuery), within a time limit and a memory ceiling,
// and prints the result as aligned columns, or as CSV with -csv.
func (c *QueryCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("query", `[-db FILE] [-csv [-no-bom]] [-timeout 30s] [-max-memory MiB] "SQL"`, c.Stderr)
	dbPath := fs.String("db", defaultDB, "database `file`")
	asCSV := fs.Bool("csv", false, "print CSV (RFC 4180, UTF-8 with the byte-order mark Excel and WPS need) instead of aligned columns")
	noBOM := fs.Bool("no-bom", false, "leave out the CSV byte-order mark")
	timeout := fs.Duration("timeout", 30*time.Second, "stop the query after this `duration` (0 for no limit)")
	maxMemory := fs.Int64("max-memory", 1024, "memory ceiling of SQLite in `MiB` (0 for none)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	q := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if q == "" {
		fs.Usage()
		return fmt.Errorf("%w: query needs SQL", errUsage)
	}
	if *timeout < 0 || *maxMemory < 0 || *maxMemory > 1<<40 {
		return fmt.Errorf("%w: -timeout and -max-memory must be 0 or more (and -max-memory at most 2^40 MiB)", errUsage)
	}
	db, err := store.OpenQuery(ctx, *dbPath, store.QueryLimits{Timeout: *timeout, MaxMemory: *maxMemory << 20})
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.Query(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var cw *csv.Writer
	var table [][]string
	if *asCSV {
		if !*noBOM {
			io.WriteString(c.Stdout, export.BOM)
		}
		cw = csv.NewWriter(c.Stdout)
		cw.Write(cols)
	} else {
		table = append(table, cols)
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		rec := make([]string, len(vals))
		for i, v := range vals {
			rec[i] = cell(v, !*asCSV)
		}
		if cw != nil {
			cw.Write(rec)
		} else {
			table = append(table, rec)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if cw != nil {
		cw.Flush()
		return cw.Error()
	}
	printTable(c.Stdout, "", table)
	fmt.Fprintf(c.Stderr, "(%d rows)\n", len(table)-1)
	return nil
}

// cell formats one SQL value; for a terminal, NULL is spelled out and a
// line break shown as ⏎ so that the columns stay aligned.
func cell(v any, terminal bool) string {
	switch v := v.(type) {
	case nil:
		if terminal {
			return "NULL"
		}
		return ""
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case []byte:
		return fmt.Sprintf("[%d bytes]", len(v))
	case string:
		if terminal {
			return strings.NewReplacer("\r\n", "⏎", "\n", "⏎", "\t", " ").Replace(v)
		}
		return v
	case time.Time:
		return v.Format(time.RFC3339Nano)
	case bool:
		return strconv.FormatBool(v)
	default:
		return fmt.Sprint(v)
	}
}
