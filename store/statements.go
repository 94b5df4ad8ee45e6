package store

import (
	"errors"
	"fmt"
	"strings"
)

// ErrMultipleStatements is returned by Query for SQL text holding more
// than one statement: each query runs one statement.
var ErrMultipleStatements = errors.New("more than one statement")

// oneStatement returns nil if sql holds at most one statement: after the
// ';' that ends the first there may only be whitespace, further ';' and
// comments. Otherwise it names the second statement.
//
// The rules are those of SQLite's tokenizer: '...', "..." and `...`
// quote with the quote character doubled as the only escape, [...]
// quotes with no escape, -- comments run to the end of the line and /*
// comments to */. An unterminated quote or comment swallows the rest of
// the text, which SQLite then rejects as one malformed statement.
func oneStatement(sql string) error {
	// SQLite receives the text as a C string and sees nothing past a NUL.
	if i := strings.IndexByte(sql, 0); i >= 0 {
		sql = sql[:i]
	}
	end := statementEnd(sql)
	if end < 0 {
		return nil
	}
	for i := end + 1; i < len(sql); {
		switch c := sql[i]; {
		case c == ';' || c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r':
			i++
		case strings.HasPrefix(sql[i:], "--"):
			i = lineCommentEnd(sql, i)
		case isBlockComment(sql, i):
			i = blockCommentEnd(sql, i)
		default:
			next := sql[i:]
			if len(next) > 40 {
				next = next[:40] + "…"
			}
			return fmt.Errorf("%w: a second one starts at byte %d (%q); run one statement at a time", ErrMultipleStatements, i+1, next)
		}
	}
	return nil
}

// statementEnd returns the index of the ';' that ends the first
// statement in sql, or -1 if there is none.
func statementEnd(sql string) int {
	for i := 0; i < len(sql); {
		switch c := sql[i]; {
		case c == ';':
			return i
		case c == '\'' || c == '"' || c == '`':
			i = quotedEnd(sql, i, c)
		case c == '[':
			i = quotedEnd(sql, i, ']')
		case strings.HasPrefix(sql[i:], "--"):
			i = lineCommentEnd(sql, i)
		case isBlockComment(sql, i):
			i = blockCommentEnd(sql, i)
		default:
			i++
		}
	}
	return -1
}

// quotedEnd returns the index just past the quoted token opening at
// sql[i] and closed by close, or len(sql) if it is unterminated. A
// doubled close character escapes itself, except in [...].
func quotedEnd(sql string, i int, close byte) int {
	for j := i + 1; j < len(sql); j++ {
		if sql[j] != close {
			continue
		}
		if close != ']' && j+1 < len(sql) && sql[j+1] == close {
			j++
			continue
		}
		return j + 1
	}
	return len(sql)
}

// lineCommentEnd returns the index just past the -- comment at sql[i].
func lineCommentEnd(sql string, i int) int {
	if j := strings.IndexByte(sql[i:], '\n'); j >= 0 {
		return i + j + 1
	}
	return len(sql)
}

// isBlockComment reports whether a /* comment opens at sql[i]. As in
// SQLite, a /* that ends the text is a slash and a star, not a comment.
func isBlockComment(sql string, i int) bool {
	return i+2 < len(sql) && sql[i] == '/' && sql[i+1] == '*'
}

// blockCommentEnd returns the index just past the /* comment at sql[i],
// or len(sql) if it is unterminated.
func blockCommentEnd(sql string, i int) int {
	if j := strings.Index(sql[i+2:], "*/"); j >= 0 {
		return i + 2 + j + 2
	}
	return len(sql)
}
