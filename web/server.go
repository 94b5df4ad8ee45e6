package web

import (
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"

	"nianbao/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// csp is the Content-Security-Policy of every page: nothing but this
// server, no inline script or style, no framing.
const csp = "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// Server answers the pages of one archive.
type Server struct {
	db    *store.DB
	pages map[string]*template.Template
	mux   *http.ServeMux
	cache *viewCache
	// findingsIndex is " INDEXED BY findings_rule" where the archive has
	// that index (migration 009), for the counts of findings; "" on
	// PostgreSQL, whose planner takes no hints.
	findingsIndex string
	// Log gets the errors of requests; slog.Default when nil.
	Log *slog.Logger
}

// New returns the server of db, which must be opened with
// store.OpenQuery (the pages run their SQL through db.Query).
func New(db *store.DB) (*Server, error) {
	s := &Server{db: db, pages: map[string]*template.Template{}, mux: http.NewServeMux(), cache: &viewCache{path: db.Path(), off: db.Dialect() != "sqlite"}}
	for _, name := range []string{"overview", "indicator", "report", "findings", "search", "error"} {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		s.pages[name] = t
	}
	has, err := db.HasTable(context.Background(), "findings_rule")
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	if has && db.Dialect() == "sqlite" {
		s.findingsIndex = " INDEXED BY findings_rule"
	}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	s.mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.ServeFileFS(w, r, static, "favicon.svg")
	})
	s.mux.HandleFunc("GET /{$}", s.page(s.overview))
	s.mux.HandleFunc("GET /indicator", s.page(s.indicator))
	s.mux.HandleFunc("GET /report/{id}", s.page(s.report))
	s.mux.HandleFunc("GET /findings", s.page(s.findings))
	s.mux.HandleFunc("GET /search", s.page(s.search))
	s.mux.HandleFunc("GET /original/{id}", s.original)
	return s, nil
}

// ServeHTTP sets the headers every answer carries and routes r.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	s.mux.ServeHTTP(w, r)
}

// A view is what a page handler returns: the template to fill and its
// data, and the table its download buttons write.
type view struct {
	Page  string
	Title string
	Data  any
	Table *Table
}

// errNotFound makes a handler's error a 404.
type errNotFound struct{ what string }

func (e errNotFound) Error() string { return e.what + " not found" }

// errBadRequest makes a handler's error a 400.
type errBadRequest struct{ what string }

func (e errBadRequest) Error() string { return e.what }

// page wraps a view handler: it picks the language, writes the table as
// CSV or XLSX when ?download= asks, else renders the template.
func (s *Server) page(fn func(*http.Request, *lang) (*view, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		l := pickLang(w, r)
		q := r.URL.Query()
		q.Del("download")
		q.Set("lang", l.Code())
		key := r.URL.Path + "?" + q.Encode()
		v, stamp := s.cache.get(key)
		if v == nil {
			var err error
			if v, err = fn(r, l); err != nil {
				s.fail(w, r, l, err)
				return
			}
			s.cache.put(key, stamp, v)
		}
		if d := r.URL.Query().Get("download"); d != "" {
			if v.Table == nil {
				s.fail(w, r, l, errBadRequest{"this page has no table to download"})
				return
			}
			if err := v.Table.write(w, d, v.Page); err != nil {
				s.fail(w, r, l, err)
			}
			return
		}
		s.render(w, r, l, http.StatusOK, v)
	}
}

// pageData is what the layout sees.
type pageData struct {
	L        *lang
	Title    string
	Nav      string
	Data     any
	Table    *Table
	LangURL  string // this page in the other language
	Download func(format string) string
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, l *lang, status int, v *view) {
	t := s.pages[v.Page]
	other := "en"
	if l.EN {
		other = "zh"
	}
	d := pageData{L: l, Title: v.Title, Nav: v.Page, Data: v.Data, Table: v.Table, LangURL: withParam(r, "lang", other),
		Download: func(format string) string { return withParam(r, "download", format) }}
	var b strings.Builder
	if err := t.Execute(&b, d); err != nil {
		s.log().Error("render", "page", v.Page, "err", err)
		http.Error(w, "render: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprint(w, b.String())
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, l *lang, err error) {
	status := http.StatusInternalServerError
	switch err.(type) {
	case errNotFound:
		status = http.StatusNotFound
	case errBadRequest:
		status = http.StatusBadRequest
	default:
		if context.Cause(r.Context()) != nil {
			return
		}
		s.log().Error("page", "url", r.URL.String(), "err", err)
	}
	s.render(w, r, l, status, &view{Page: "error", Title: l.T("error"), Data: err.Error()})
}

func (s *Server) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

// withParam is r's path and query with key set to val (download removed
// unless it is the key).
func withParam(r *http.Request, key, val string) string {
	q := r.URL.Query()
	if key != "download" {
		q.Del("download")
	}
	q.Set(key, val)
	return r.URL.Path + "?" + q.Encode()
}

// query runs one parameterised SELECT and calls fn with each row's scan.
func (s *Server) query(ctx context.Context, q string, args []any, fn func(scan func(...any) error) error) error {
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// CheckAddr refuses an address to listen on that is not loopback
// (127.0.0.0/8, ::1, localhost) unless public is set: the archive is for
// the machine's user unless they say otherwise.
func CheckAddr(addr string, public bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %q: %w", addr, err)
	}
	if public {
		return nil
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	if host == "" {
		host = "every interface"
	}
	return fmt.Errorf("address %q listens on %s, not loopback: add -public to serve other machines", addr, host)
}

// atoi is s as a number, 0 when s is empty or not one.
func atoi(s string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(s))
	return n
}
