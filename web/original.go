package web

import (
	"database/sql"
	"errors"
	"net/http"
	"strconv"

	"nianbao/store"
)

// original answers the archived bytes of document id as they were
// fetched, with the Content-Type stored with them, as an attachment and
// under a CSP sandbox, so that a stored page's scripts never run in this
// server's origin.
func (s *Server) original(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.Error(w, "document id: a number", http.StatusBadRequest)
		return
	}
	var ctype sql.NullString
	var sha string
	found := false
	err = s.query(r.Context(), `SELECT content_type, sha256 FROM documents WHERE id = ?`, []any{id}, func(scan func(...any) error) error {
		found = true
		return scan(&ctype, &sha)
	})
	if err == nil && !found {
		err = store.ErrNotFound
	}
	var body []byte
	if err == nil {
		body, err = s.db.Body(r.Context(), id)
	}
	if errors.Is(err, store.ErrNotFound) {
		http.Error(w, "document "+strconv.FormatInt(id, 10)+" not found", http.StatusNotFound)
		return
	}
	if err != nil {
		s.log().Error("original", "document", id, "err", err)
		http.Error(w, "document: "+err.Error(), http.StatusInternalServerError)
		return
	}
	ct := ctype.String
	if ct == "" {
		ct = http.DetectContentType(body)
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", `attachment; filename="`+sha+`"`)
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}
