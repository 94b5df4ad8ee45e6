package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"nianbao/store"
)

// QueryCommand runs an analyst's SQL on a database opened read-only.
type QueryCommand struct {
	Stdout, Stderr io.Writer
}

// Run runs the one SQL statement in args on a connection that refuses
// writes (store.OpenQuery), within a time limit and a memory ceiling,
// and prints the result as aligned columns, or with -json as JSON Lines
// (one object per row, keyed by column name), or as CSV with -csv.
func (c *QueryCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("query", `[-db FILE] [-json | -csv [-no-bom]] [-timeout 30s] [-max-memory MiB] "SQL"`, c.Stderr)
	dbPath := dbFlag(fs, defaultDB, "")
	ff := addFormatFlags(fs, true)
	timeout := fs.Duration("timeout", 30*time.Second, "stop the query after this `duration` (0 for no limit)")
	maxMemory := fs.Int64("max-memory", 1024, "memory ceiling of SQLite in `MiB` (0 for none)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := ff.check(); err != nil {
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
	rw := ff.records(c.Stdout, cols...)
	var table [][]string
	if rw == nil {
		table = append(table, cols)
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		switch {
		case *ff.json:
			rec := make([]any, len(vals))
			for i, v := range vals {
				rec[i] = jsonCell(v)
			}
			if err := rw.Write(rec...); err != nil {
				return err
			}
		case rw != nil:
			rec := make([]any, len(vals))
			for i, v := range vals {
				rec[i] = cell(v, false)
			}
			if err := rw.Write(rec...); err != nil {
				return err
			}
		default:
			rec := make([]string, len(vals))
			for i, v := range vals {
				rec[i] = cell(v, true)
			}
			table = append(table, rec)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if rw != nil {
		return rw.Flush()
	}
	printTable(c.Stdout, "", table)
	fmt.Fprintf(c.Stderr, "(%d rows)\n", len(table)-1)
	return nil
}

// jsonCell is one SQL value for JSON: numbers stay numbers, NULL is
// null, a blob is described as cell describes it.
func jsonCell(v any) any {
	switch v := v.(type) {
	case nil, int64, float64, string, bool:
		return v
	default:
		return cell(v, false)
	}
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
