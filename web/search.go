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
	var has int
	err := s.query(ctx, `SELECT count(*) FROM sqlite_schema WHERE name = 'report_text'`, nil, func(scan func(...any) error) error {
		return scan(&has)
	})
	if err != nil {
		return nil, err
	}
	if has == 0 {
		d.NoIndex = true
		return &view{Page: "search", Title: l.T("search"), Data: d}, nil
	}
	// report_text_docsize, FTS5's row list, counts the indexed reports
	// without reading their text.
	err = s.query(ctx, `SELECT (SELECT count(*) FROM reports WHERE latest = 1),
		(SELECT count(*) FROM reports r WHERE r.latest = 1 AND r.id IN (SELECT id FROM report_text_docsize))`, nil, func(scan func(...any) error) error {
		return scan(&d.Reports, &d.Indexed)
	})
	if err != nil {
		return nil, err
	}
	if d.Query == "" {
		return &view{Page: "search", Title: l.T("search"), Data: d}, nil
	}
	d.Searched = true
	d.Like = utf8.RuneCountInString(d.Query) < 3
	if d.Like {
		// The trigram index needs three characters: shorter queries are
		// matched row by row, and the snippet cut in Go.
		pat := "%" + likeEscape(d.Query) + "%"
		err = s.query(ctx, `SELECT r.id, r.agency, coalesce(r.year, 0), t.title, t.prose
			FROM report_text t JOIN reports r ON r.id = t.rowid AND r.latest = 1
			WHERE t.title LIKE ? ESCAPE '\' OR t.prose LIKE ? ESCAPE '\'
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

// cutSnippet is the text around the first q in s, n runes either side,
// with q marked; "" when s does not hold q.
func cutSnippet(s, q string, n int) string {
	i := strings.Index(s, q)
	if i < 0 {
		return ""
	}
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
