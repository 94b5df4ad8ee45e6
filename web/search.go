package web

import (
	"net/http"
	"strings"
	"unicode/utf8"
)

// searchLimit is how many reports a search lists: the most recently
// stored first, so that a query stops reading at the 50th match instead
// of ranking every report that holds a common phrase.
const searchLimit = 50

// searchData is the search page.
type searchData struct {
	Query    string
	Like     bool // the query is one or two characters: matched with LIKE
	Scan     bool // PostgreSQL: every query is matched row by row (ILIKE)
	NoIndex  bool // the archive has no report_text table (before migration 009)
	Indexed  int  // current reports with a row in report_text
	Reports  int  // current reports
	Results  []searchResult
	Searched bool
}

type searchResult struct {
	ID      int64
	Agency  string
	Year    int
	Title   string
	Snippet string // with markOpen/markClose around the matches
}

func (s *Server) search(r *http.Request, l *lang) (*view, error) {
	ctx := r.Context()
	d := &searchData{Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	has, err := s.db.HasTable(ctx, "report_text")
	if err != nil {
		return nil, err
	}
	if !has {
		d.NoIndex = true
		return &view{Page: "search", Title: l.T("search"), Data: d}, nil
	}
	// On SQLite, report_text_docsize, FTS5's row list, counts the indexed
	// reports without reading their text; PostgreSQL's report_text is a
	// plain table.
	pg := s.db.Dialect() == "postgres"
	indexed := `SELECT id FROM report_text_docsize`
	if pg {
		indexed = `SELECT rowid FROM report_text`
	}
	err = s.query(ctx, `SELECT (SELECT count(*) FROM reports WHERE latest = 1),
		(SELECT count(*) FROM reports r WHERE r.latest = 1 AND r.id IN (`+indexed+`))`, nil, func(scan func(...any) error) error {
		return scan(&d.Reports, &d.Indexed)
	})
	if err != nil {
		return nil, err
	}
	if d.Query == "" {
		return &view{Page: "search", Title: l.T("search"), Data: d}, nil
	}
	d.Searched = true
	d.Scan = pg
	d.Like = !pg && utf8.RuneCountInString(d.Query) < 3
	if d.Like || d.Scan {
		// The trigram index needs three characters: shorter queries are
		// matched row by row, and the snippet cut in Go. PostgreSQL has
		// no FTS5: every query is matched row by row, ignoring case as
		// SQLite's LIKE and FTS5 do.
		pat := "%" + likeEscape(d.Query) + "%"
		like := "LIKE"
		if pg {
			like = "ILIKE"
		}
		err = s.query(ctx, `SELECT r.id, r.agency, coalesce(r.year, 0), t.title, t.prose
			FROM report_text t JOIN reports r ON r.id = t.rowid AND r.latest = 1
			WHERE t.title `+like+` ? ESCAPE '\' OR t.prose `+like+` ? ESCAPE '\'
			ORDER BY t.rowid DESC LIMIT ?`, []any{pat, pat, searchLimit}, func(scan func(...any) error) error {
			var x searchResult
			var prose string
			if err := scan(&x.ID, &x.Agency, &x.Year, &x.Title, &prose); err != nil {
				return err
			}
			x.Snippet = cutSnippet(prose, d.Query, 40)
			if x.Snippet == "" {
				x.Snippet = cutSnippet(x.Title, d.Query, 40)
			}
			d.Results = append(d.Results, x)
			return nil
		})
	} else {
		phrase := `"` + strings.ReplaceAll(d.Query, `"`, `""`) + `"`
		err = s.query(ctx, `SELECT r.id, r.agency, coalesce(r.year, 0), t.title, snippet(report_text, -1, ?, ?, '…', 64)
			FROM report_text t JOIN reports r ON r.id = t.rowid AND r.latest = 1
			WHERE report_text MATCH ? ORDER BY t.rowid DESC LIMIT ?`, []any{markOpen, markClose, phrase, searchLimit},
			func(scan func(...any) error) error {
				var x searchResult
				if err := scan(&x.ID, &x.Agency, &x.Year, &x.Title, &x.Snippet); err != nil {
					return err
				}
				d.Results = append(d.Results, x)
				return nil
			})
	}
	if err != nil {
		return nil, err
	}
	t := &Table{Header: []string{"report_id", l.T("agency"), l.T("year"), l.T("title"), "snippet"}}
	for _, x := range d.Results {
		plain := strings.NewReplacer(markOpen, "", markClose, "").Replace(x.Snippet)
		t.Rows = append(t.Rows, []any{x.ID, x.Agency, x.Year, x.Title, plain})
	}
	return &view{Page: "search", Title: l.T("search") + " " + d.Query, Data: d, Table: t}, nil
}

// likeEscape escapes LIKE's wildcards with \.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// cutSnippet is the text around the first q in s (as written, else
// ignoring case), n runes either side, with the match marked; "" when s
// does not hold q.
func cutSnippet(s, q string, n int) string {
	i := strings.Index(s, q)
	if i < 0 {
		i = indexFold(s, q)
	}
	if i < 0 {
		return ""
	}
	q = s[i : i+len(q)]
	before := []rune(s[:i])
	after := []rune(s[i+len(q):])
	pre, post := "", ""
	if len(before) > n {
		before, pre = before[len(before)-n:], "…"
	}
	if len(after) > n {
		after, post = after[:n], "…"
	}
	return pre + string(before) + markOpen + q + markClose + string(after) + post
}

// indexFold is the byte offset of the first run of s equal to q under
// Unicode case folding and as long as q, or -1.
func indexFold(s, q string) int {
	for i := range s {
		if i+len(q) > len(s) {
			break
		}
		if strings.EqualFold(s[i:i+len(q)], q) {
			return i
		}
	}
	return -1
}
