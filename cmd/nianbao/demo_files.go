package main

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"nianbao/crawler/demosite"
	"nianbao/store"
)

// printFileValues shows, for the demo portal's PDF and DOCX attachments,
// one value the parser read from each, as the database holds it, and
// whether that reading is the current one of its report or kept as an
// alternative.
func printFileValues(ctx context.Context, w io.Writer, dbPath, base string) error {
	db, err := store.OpenQuery(ctx, dbPath, store.QueryLimits{})
	if err != nil {
		return err
	}
	defer db.Close()
	for _, f := range []struct{ form, path, code string }{
		{"a PDF", demosite.AttachmentPath, "proactive.total"},
		{"a DOCX", demosite.WordAttachmentPath, "requests.received"},
	} {
		rows, err := db.Query(ctx, `SELECT r.agency, r.year, s.code, s.raw, r.latest, r.status
			FROM documents d JOIN reports r ON r.document_id = d.id JOIN stat_rows s ON s.report_id = r.id
			WHERE d.source = ? AND s.code = ? AND s.dim = '' ORDER BY d.id DESC, s.seq LIMIT 1`, base+f.path, f.code)
		if err != nil {
			return fmt.Errorf("demo %s: %w", f.form, err)
		}
		found := false
		for rows.Next() {
			var agency, code, raw, status string
			var year nullYear
			var latest int
			if err := rows.Scan(&agency, &year, &code, &raw, &latest, &status); err != nil {
				rows.Close()
				return fmt.Errorf("demo %s: %w", f.form, err)
			}
			found = true
			role := "current"
			if latest == 0 {
				role = "kept as alternative to the page"
			}
			fmt.Fprintf(w, "read from %s: %s %s %s = %s (%s; %s, %s)\n", f.form, agency, year, code, raw, base+f.path, status, role)
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return fmt.Errorf("demo %s: %w", f.form, err)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("demo %s: %w", f.form, err)
		}
		if !found {
			fmt.Fprintf(w, "read from %s: no %s value (%s)\n", f.form, f.code, base+f.path)
		}
	}
	return nil
}

// nullYear scans a year that may be NULL: "" then.
type nullYear string

func (s *nullYear) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*s = ""
	case int64:
		*s = nullYear(strconv.FormatInt(x, 10))
	default:
		*s = nullYear(fmt.Sprint(x))
	}
	return nil
}
