package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// pgConnector opens PostgreSQL connections through pgx's database/sql
// adapter, wrapped so that the store's SQL, written with SQLite's ?
// placeholders, reaches PostgreSQL with $1, $2, …: the rest of the store
// speaks one SQL to both engines.
type pgConnector struct {
	driver.Connector
}

// newPGConnector returns a connector for the PostgreSQL URL dsn.
func newPGConnector(dsn string) (driver.Connector, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres url: %w", err)
	}
	return pgConnector{stdlib.GetConnector(*cfg)}, nil
}

func (c pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	dc, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	sc, ok := dc.(*stdlib.Conn)
	if !ok {
		dc.Close()
		return nil, fmt.Errorf("pgx connection is a %T, not *stdlib.Conn", dc)
	}
	return &pgConn{Conn: sc}, nil
}

// pgConn is a pgx connection that rebinds placeholders in the
// statements it prepares, executes or queries; the rest (transactions,
// pings, session resets) is pgx's own.
type pgConn struct {
	*stdlib.Conn
}

func (c *pgConn) Prepare(query string) (driver.Stmt, error) {
	return c.Conn.Prepare(rebind(query))
}

func (c *pgConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, rebind(query))
}

// ExecContext and QueryContext rebind a statement only when it has
// arguments: SQL without them (migrations, an analyst's query) goes as
// written, so that PostgreSQL's own ? operators reach it.
func (c *pgConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if len(args) > 0 {
		query = rebind(query)
	}
	return c.Conn.ExecContext(ctx, query, args)
}

func (c *pgConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if len(args) > 0 {
		query = rebind(query)
	}
	return c.Conn.QueryContext(ctx, query, args)
}

// indexedBy matches SQLite's INDEXED BY hint.
var indexedBy = regexp.MustCompile(`\s+INDEXED BY \w+`)

// rebound caches rebind's answers: the store runs the same few hundred
// statements over and over.
var rebound sync.Map // string → string

// rebind turns the ? placeholders of query into PostgreSQL's $1, $2, …
// in order (?NNN becomes $NNN), leaving alone a ? inside a string literal, a quoted
// identifier or a comment. A statement that starts INSERT OR FAIL (the
// store's bulk inserts: SQLite then needs no statement journal) starts
// INSERT, which fails the same way in PostgreSQL; SQLite's INDEXED BY
// hints are dropped.
func rebind(query string) string {
	if v, ok := rebound.Load(query); ok {
		return v.(string)
	}
	if rest, ok := strings.CutPrefix(query, "INSERT OR FAIL INTO "); ok {
		query = "INSERT INTO " + rest
	}
	if strings.Contains(query, "INDEXED BY ") {
		// SQLite's index hints; PostgreSQL's planner chooses alone.
		query = indexedBy.ReplaceAllString(query, "")
	}
	out := make([]byte, 0, len(query)+16)
	n := 0
	for _, seg := range splitSQL(query) {
		if !seg.code {
			out = append(out, seg.text...)
			continue
		}
		t := seg.text
		for i := 0; i < len(t); i++ {
			if t[i] != '?' {
				out = append(out, t[i])
				continue
			}
			// ?NNN names parameter NNN; a ? after it is the next one, as
			// in SQLite.
			j := i + 1
			for j < len(t) && t[j] >= '0' && t[j] <= '9' {
				j++
			}
			if j > i+1 {
				k, _ := strconv.Atoi(t[i+1 : j])
				n = max(n, k)
				out = append(out, '$')
				out = append(out, t[i+1:j]...)
				i = j - 1
				continue
			}
			n++
			out = fmt.Appendf(out, "$%d", n)
		}
	}
	s := string(out)
	rebound.Store(query, s)
	return s
}

// sqlSegment is a run of SQL text: code, or a string literal, quoted
// identifier or comment (code false), kept whole.
type sqlSegment struct {
	text string
	code bool
}

// splitSQL cuts SQL text into code and the literals, quoted identifiers
// and comments between it, so that a rewrite of code never reaches
// inside them. An unterminated literal or comment runs to the end.
func splitSQL(s string) []sqlSegment {
	var segs []sqlSegment
	start := 0
	flush := func(end int, code bool) {
		if end > start {
			segs = append(segs, sqlSegment{text: s[start:end], code: code})
		}
		start = end
	}
	for i := 0; i < len(s); {
		c := s[i]
		var end int
		switch {
		case c == '\'' || c == '"':
			end = i + 1
			for end < len(s) {
				if s[end] == c {
					if end+1 < len(s) && s[end+1] == c { // '' or "" inside
						end += 2
						continue
					}
					end++
					break
				}
				end++
			}
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			end = i + 2
			for end < len(s) && s[end] != '\n' {
				end++
			}
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			end = i + 2
			for end+1 < len(s) && !(s[end] == '*' && s[end+1] == '/') {
				end++
			}
			end = min(end+2, len(s))
		default:
			i++
			continue
		}
		flush(i, true)
		flush(end, false)
		i = end
	}
	flush(len(s), true)
	return segs
}
