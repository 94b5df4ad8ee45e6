package store

import "nianbao"

// pgIdentities follows, through a batch written set-wise (pgbatch.go),
// the versions of each identity the batch adds to, as markLatest and
// settle would find them after each report: the latest fetch of each
// source with its completeness, and which version is current. It starts
// from what the batch read under the identities' locks.
type pgIdentities struct {
	keys  map[string]*pgIdentity
	order []string // keys in the order first seen, for a stable UPDATE
}

// pgIdentity is one identity's state.
type pgIdentity struct {
	heads   map[string]pgVersion // the latest fetch of each source
	flagged []int64              // stored versions marked current (latest = 1)
	before  int64                // the version marked current now; 0 when none
	started bool                 // a report of the batch was added
	cur     int64                // the current version after the batch's last
}

// pgVersion is one version of an identity: its completeness, and when
// its document was fetched, by which a source's latest fetch is told.
type pgVersion struct {
	completeness
	fetchedAt string
	docID     int64
	batch     bool // written by the batch
}

func newPGIdentities() *pgIdentities {
	return &pgIdentities{keys: map[string]*pgIdentity{}}
}

func (s *pgIdentities) get(key string) *pgIdentity {
	id := s.keys[key]
	if id == nil {
		id = &pgIdentity{heads: map[string]pgVersion{}}
		s.keys[key] = id
		s.order = append(s.order, key)
	}
	return id
}

// stored records a version stored before the batch: a head (the latest
// fetch of its source), marked current (flagged), or both.
func (s *pgIdentities) stored(key string, v pgVersion, head, flagged bool) {
	id := s.get(key)
	if head {
		id.heads[v.source] = v
	}
	if flagged {
		id.flagged = append(id.flagged, v.id)
	}
}

// later reports whether v is a later fetch than w (headsSQL's order).
func (v pgVersion) later(w pgVersion) bool {
	return v.fetchedAt > w.fetchedAt || (v.fetchedAt == w.fetchedAt && v.docID > w.docID)
}

// outranks reports whether v is to be current rather than w: more
// complete, or as complete and fetched later (headsSQL's order).
func (v pgVersion) outranks(w pgVersion) bool {
	switch {
	case v.rank != w.rank:
		return v.rank > w.rank
	case v.values != w.values:
		return v.values > w.values
	case v.findings != w.findings:
		return v.findings < w.findings
	}
	return v.later(w)
}

// add records the batch's version v of key, stored after the ones
// before it, and sets on res what settle would: the version it
// superseded, or the current one it is an alternative to and why.
func (s *pgIdentities) add(key string, v pgVersion, res *SaveResult) {
	id := s.get(key)
	if !id.started {
		// markLatest's "before": the first of the versions marked
		// current, by id.
		id.started = true
		for _, f := range id.flagged {
			if id.before == 0 || f < id.before {
				id.before = f
			}
		}
	}
	if h, ok := id.heads[v.source]; !ok || v.later(h) {
		id.heads[v.source] = v
	}
	var cur pgVersion
	first := true
	for _, h := range id.heads {
		if first || h.outranks(cur) {
			cur, first = h, false
		}
	}
	before := id.before
	id.before, id.cur = cur.id, cur.id
	if cur.id == v.id {
		if before != 0 && before != v.id {
			res.Supersedes = before
		}
		return
	}
	res.AlternativeTo = cur.id
	var mine *completeness
	if h := id.heads[v.source]; h.id == v.id {
		mine = &h.completeness
	}
	res.Reason = lessComplete(mine, &cur.completeness)
}

// current returns the versions current once the batch is written, of
// the identities it added to.
func (s *pgIdentities) current() map[int64]bool {
	cur := map[int64]bool{}
	for _, id := range s.keys {
		if id.started {
			cur[id.cur] = true
		}
	}
	return cur
}

// changes returns the versions stored before the batch whose flag
// changes (change), and those of them that become current (set).
func (s *pgIdentities) changes() (change, set []int64) {
	for _, key := range s.order {
		id := s.keys[key]
		if !id.started {
			continue
		}
		flaggedCur := false
		for _, f := range id.flagged {
			if f == id.cur {
				flaggedCur = true
			} else {
				change = append(change, f)
			}
		}
		if !flaggedCur && id.isStored(id.cur) {
			change = append(change, id.cur)
			set = append(set, id.cur)
		}
	}
	return change, set
}

// isStored reports whether the head v was stored before the batch.
func (id *pgIdentity) isStored(v int64) bool {
	for _, h := range id.heads {
		if h.id == v {
			return !h.batch
		}
	}
	return false
}

// newCompleteness is the completeness of the report rows rr stores as
// report id, as heads counts it in SQL.
func newCompleteness(id int64, source string, rr *reportRows) completeness {
	c := completeness{id: id, source: source, status: rr.args[statusArg].(string)}
	c.rank = statusRank(c.status)
	if rr.report != nil {
		for _, s := range rr.report.Stats {
			if s.Value != nil {
				c.values++
			}
		}
		for _, f := range rr.report.Findings {
			if f.Kind == "" || f.Kind == nianbao.KindReading {
				c.findings++
			}
		}
	}
	return c
}

// statusRank is headsSQL's rank of a status.
func statusRank(status string) int {
	switch status {
	case "ok":
		return 3
	case "partial":
		return 2
	case "no table":
		return 1
	}
	return 0
}
