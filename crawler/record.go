package crawler

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// errNotModifiedUnsaved is a 304 answer to a request that was not
// conditional.
var errNotModifiedUnsaved = errors.New("304 Not Modified for a URL never saved")

// A result is a fetched task, to be recorded.
type result struct {
	t    *task
	prev *Previous
	a    attempt
}

// record classifies the outcome of fetching t, logs it, saves the
// document and queues the links found in it.
func (r *run) record(f *result) {
	t, prev, a := f.t, f.prev, f.a
	fl := &FetchLog{Site: t.site.Name, Kind: t.kind, URL: t.logURL(), Time: a.start, Status: a.status(), Bytes: a.size(), Duration: a.dur, Attempt: a.n}
	var doc *Document
	var links []link
	var stat func(*RunStats)
	resp := a.resp
	now := time.Now()
	newDoc := func(c Change) *Document {
		d := &Document{
			Site: t.site.Name, Agency: t.site.Agency, Region: t.site.Region, Kind: t.kind, URL: t.logURL(), FinalURL: resp.finalURL,
			Referrer: t.referrer, ReferrerTitle: t.referrerTitle, Title: t.title, Year: t.year, Change: c, Status: resp.status, Fetched: now,
			ContentType: resp.header.Get("Content-Type"), ETag: resp.header.Get("ETag"), LastModified: resp.header.Get("Last-Modified"),
		}
		return d
	}
	var v verdict
	if resp != nil {
		v = classify(resp.status, resp.header, now)
	}
	switch {
	case a.err != nil:
		fl.Result, fl.Err = ResultError, a.err
		stat = func(s *RunStats) { s.Errors++ }
	case v.outcome == outcomeNotModified:
		if prev == nil {
			fl.Result, fl.Err = ResultError, errNotModifiedUnsaved
			stat = func(s *RunStats) { s.Errors++ }
			break
		}
		fl.Result = ResultNotModified
		doc = newDoc(Unchanged)
		doc.SHA256 = prev.SHA256
		if doc.ETag == "" {
			doc.ETag = prev.ETag
		}
		if doc.LastModified == "" {
			doc.LastModified = prev.LastModified
		}
		stat = func(s *RunStats) { s.Unchanged++ }
		links = r.rescan(t, resp)
	case v.outcome == outcomeOK:
		fl.Result = ResultOK
		sum := sha256.Sum256(resp.body)
		sha := hex.EncodeToString(sum[:])
		change := NewDoc
		switch {
		case prev == nil:
		case prev.Gone:
			change = Changed
		case prev.SHA256 == sha:
			change = Unchanged
		default:
			change = Changed
		}
		doc = newDoc(change)
		doc.SHA256 = sha
		if change != Unchanged {
			doc.Body = resp.body
		}
		switch change {
		case NewDoc:
			stat = func(s *RunStats) { s.New++ }
		case Changed:
			stat = func(s *RunStats) { s.Changed++ }
		default:
			stat = func(s *RunStats) { s.Unchanged++ }
		}
		links, doc.Charset = r.discover(t, resp)
		doc.Kind, doc.Corrects = t.kind, t.corrects
	case v.outcome == outcomeGone:
		switch {
		case prev != nil && !prev.Gone:
			fl.Result = ResultOK
			doc = newDoc(Gone)
			doc.SHA256 = prev.SHA256
			stat = func(s *RunStats) { s.Gone++ }
		case prev != nil:
			fl.Result = ResultOK // still gone
		default:
			fl.Result, fl.Err = ResultError, &StatusError{Status: resp.status}
			stat = func(s *RunStats) { s.Errors++ }
		}
	case v.outcome == outcomeBlocked:
		fl.Result, fl.Err = ResultBlocked, fmt.Errorf("%w: %w", ErrBlocked, &StatusError{Status: resp.status})
		stat = func(s *RunStats) { s.Blocked++ }
	default: // an error, or a status still worth retrying after the last try
		fl.Result, fl.Err = ResultError, &StatusError{Status: resp.status}
		stat = func(s *RunStats) { s.Errors++ }
	}
	r.count(func(s *RunStats) {
		if resp != nil {
			s.Pages++
		}
		if doc != nil && doc.Change != Gone {
			r.countRead(t)
		}
		if stat != nil {
			stat(s)
		}
	})
	level := slog.LevelInfo
	if fl.Result == ResultError || fl.Result == ResultBlocked {
		level = slog.LevelWarn
	}
	if r.c.lg.Enabled(r.ctx, level) {
		args := []any{"site", t.site.Name, "kind", t.kind, "url", t.url, "status", fl.Status, "bytes", fl.Bytes, "dur", fl.Duration.Round(time.Millisecond)}
		switch {
		case level == slog.LevelWarn:
			args = append(args, "result", fl.Result, "err", fl.Err)
		case doc != nil:
			args = append(args, "change", doc.Change)
		default:
			args = append(args, "result", fl.Result)
		}
		r.c.lg.Log(r.ctx, level, "fetch", args...)
	}
	r.logFetch(fl)
	if doc != nil {
		if err := r.c.sink.Save(r.saveCx, doc); err != nil {
			r.fail(fmt.Errorf("save %s: %w", t.url, err))
			return
		}
	}
	r.follow(t, r.descend(t, r.logSkips(t, links)))
}

// skip logs a URL that is not requested.
func (r *run) skip(t *task, reason error) {
	r.c.lg.Info("skip", "site", t.site.Name, "url", t.url, "reason", reason)
	err := r.c.sink.LogFetch(r.saveCx, &FetchLog{Site: t.site.Name, Kind: t.kind, URL: t.logURL(), Time: time.Now(), Result: ResultSkipped, Err: reason})
	if err != nil {
		r.fail(fmt.Errorf("log fetch: %w", err))
	}
}
