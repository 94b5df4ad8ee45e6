package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"nianbao"
	"nianbao/region"
)

// identity is what names a report across its versions: agency, region
// and year (key), with the region's code, the agency's tier and kind.
type identity struct {
	key, code, level, kind string
}

// identify places the report r read from source, whose agency was given
// the region given (from import -region or the crawled site; "" when
// none), and names its identity. A report without agency or year is
// identified by its source alone.
func identify(r *nianbao.Report, source, given string) identity {
	if r == nil {
		p := region.Infer("", "", given)
		return identity{key: "source|" + source, code: p.Code, level: string(p.Level)}
	}
	p := region.Infer(r.Agency, r.Title, given)
	id := identity{code: p.Code, level: string(p.Level), kind: string(region.AgencyKind(r.Agency))}
	agency := strings.TrimSpace(r.Agency)
	if agency == "" || r.Year == 0 {
		id.key = "source|" + source
		return id
	}
	where := p.Code
	if where == "" {
		where = strings.Join(strings.Fields(given), "")
	}
	id.key = r.Agency + "|" + where + "|" + strconv.Itoa(r.Year)
	return id
}

// A version's completeness, by which a different source's reading of
// the same report becomes current or is kept as an alternative.
type completeness struct {
	id       int64
	source   string
	status   string
	rank     int // ok 3, partial 2, no table 1, failed 0
	values   int // values read (not NULL)
	findings int // reading findings
}

// readingFindings is the condition counting a report's reading findings:
// what nianbao could not read, not what the agency printed wrong.
const readingFindings = `f.kind = 'reading'`

// headsSQL lists, for one version_key, the latest fetch of each source
// with its completeness, the most complete first; ties go to the later
// fetch. Each source's latest fetch is found by numbering its versions,
// once over the key's reports: a test of every version against every
// later one made an identity with hundreds of versions (a page whose
// bytes change at every fetch) cost seconds a settle, and a reparse of
// its documents hours.
const headsSQL = `SELECT h.id, h.source, h.status, h.rank,
		(SELECT count(*) FROM stat_rows s WHERE s.report_id = h.id AND s.value IS NOT NULL) AS nvalues,
		(SELECT count(*) FROM findings f WHERE f.report_id = h.id AND ` + readingFindings + `) AS nfindings
	FROM (SELECT r.id, d.source, r.status, r.fetched_at, r.document_id,
			CASE r.status WHEN 'ok' THEN 3 WHEN 'partial' THEN 2 WHEN 'no table' THEN 1 ELSE 0 END AS rank,
			row_number() OVER (PARTITION BY d.source ORDER BY r.fetched_at DESC, r.document_id DESC) AS nth
		FROM reports r JOIN documents d ON d.id = r.document_id
		WHERE r.version_key = ?1) h
	WHERE h.nth = 1
	ORDER BY h.rank DESC, nvalues DESC, nfindings ASC, h.fetched_at DESC, h.document_id DESC`

// headsSQLBefore014 is headsSQL on the schema of before migration 014,
// whose values table was stats: migration 005's hook (backfillIdentity)
// runs on it. headsSQL counts in stat_rows, not the stats view: SQLite
// keeps the view's join on the labels in a count(*), a look-up a value.
var headsSQLBefore014 = strings.Replace(headsSQL, "FROM stat_rows s", "FROM stats s", 1)

// inTx runs statements in tx: prepared once through db, or, while db
// is nil (in a migration, whose schema other connections do not see
// yet), prepared each time.
type inTx struct {
	db *DB
	tx *sql.Tx
}

func (t inTx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if t.db == nil {
		return t.tx.QueryContext(ctx, q, args...)
	}
	s, err := t.db.stmt(ctx, t.tx, q)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

func (t inTx) exec(ctx context.Context, q string, args ...any) error {
	if t.db == nil {
		_, err := t.tx.ExecContext(ctx, q, args...)
		return err
	}
	return t.db.exec(ctx, t.tx, q, args...)
}

// heads returns the latest version of each source of key, the one to be
// current first.
func heads(ctx context.Context, t inTx, key string) ([]completeness, error) {
	q := headsSQL
	if t.db == nil { // a migration's hook
		q = headsSQLBefore014
	}
	rows, err := t.query(ctx, q, key)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []completeness
	for rows.Next() {
		var c completeness
		if err := rows.Scan(&c.id, &c.source, &c.status, &c.rank, &c.values, &c.findings); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// firstVersion reports whether no report of key is stored yet, taking
// key's lock (lockKey) as markLatest does: a report stored now in t is
// then key's only version, current without ranking.
func firstVersion(ctx context.Context, t inTx, key string) (bool, error) {
	if err := t.db.dia.lockKey(ctx, t.tx, key); err != nil {
		return false, fmt.Errorf("first version: %w", err)
	}
	rows, err := t.query(ctx, `SELECT 1 FROM reports WHERE version_key = ? LIMIT 1`, key)
	if err != nil {
		return false, fmt.Errorf("first version: %w", err)
	}
	found := rows.Next()
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, fmt.Errorf("first version: %w", err)
	}
	return !found, nil
}

// markLatest sets reports.latest for the versions sharing key: among the
// latest fetch of each source, the most complete reading (status ok >
// partial > no table > failed, then more values read, then fewer
// reading findings; a tie goes to the later fetch) is current. It
// returns the current report and the one that was current before (0
// when none). Only rows whose flag changes are written.
func markLatest(ctx context.Context, t inTx, key string) (cur, before int64, err error) {
	if t.db != nil {
		// Writers on other connections (crawlers sharing a PostgreSQL
		// server) take turns on one identity.
		if err := t.db.dia.lockKey(ctx, t.tx, key); err != nil {
			return 0, 0, fmt.Errorf("mark latest: %w", err)
		}
	}
	// Most identities have one version: no ranking needed.
	rows, err := t.query(ctx, `SELECT id, latest FROM reports WHERE version_key = ? ORDER BY latest DESC, id LIMIT 2`, key)
	if err != nil {
		return 0, 0, fmt.Errorf("mark latest: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		var latest bool
		if err := rows.Scan(&id, &latest); err != nil {
			rows.Close()
			return 0, 0, fmt.Errorf("mark latest: %w", err)
		}
		if latest && len(ids) == 0 {
			before = id
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, fmt.Errorf("mark latest: %w", err)
	}
	switch len(ids) {
	case 0:
		return 0, 0, nil
	case 1:
		cur = ids[0]
	default:
		hs, err := heads(ctx, t, key)
		if err != nil {
			return 0, 0, fmt.Errorf("mark latest: %w", err)
		}
		cur = hs[0].id
	}
	if err := t.exec(ctx, `UPDATE reports SET latest = 0 WHERE version_key = ? AND +latest = 1 AND id <> ?`, key, cur); err != nil {
		return 0, 0, fmt.Errorf("mark latest: %w", err)
	}
	if err := t.exec(ctx, `UPDATE reports SET latest = 1 WHERE id = ? AND latest = 0`, cur); err != nil {
		return 0, 0, fmt.Errorf("mark latest: %w", err)
	}
	return cur, before, nil
}

// settle marks the current version of key once report id was stored,
// and tells what id is: the current version (superseding the one before,
// if another) or an alternative to the current one, and why.
func settle(ctx context.Context, t inTx, key string, id int64, res *SaveResult) error {
	cur, before, err := markLatest(ctx, t, key)
	if err != nil {
		return err
	}
	if cur == id {
		if before != 0 && before != id {
			res.Supersedes = before
		}
		return nil
	}
	res.AlternativeTo = cur
	hs, err := heads(ctx, t, key)
	if err != nil {
		return fmt.Errorf("mark latest: %w", err)
	}
	var mine, theirs *completeness
	for i := range hs {
		switch hs[i].id {
		case id:
			mine = &hs[i]
		case cur:
			theirs = &hs[i]
		}
	}
	res.Reason = lessComplete(mine, theirs)
	return nil
}

// lessComplete says why version a is not current against b.
func lessComplete(a, b *completeness) string {
	switch {
	case a == nil:
		return "a later fetch of its source is stored"
	case b == nil:
		return "another version is current"
	case a.rank != b.rank:
		return fmt.Sprintf("status %s, report %d is %s", a.status, b.id, b.status)
	case a.values != b.values:
		return fmt.Sprintf("%d values read, report %d has %d", a.values, b.id, b.values)
	case a.findings != b.findings:
		return fmt.Sprintf("%d reading findings, report %d has %d", a.findings, b.id, b.findings)
	}
	return fmt.Sprintf("as complete as report %d, fetched earlier", b.id)
}

// backfillIdentity computes the identity of every stored report from
// its agency, title, year and given region, and marks the current
// version of each: what migration 005 needs that SQL cannot compute.
func backfillIdentity(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT r.id, r.agency, r.title, r.year, r.region, r.status, d.source
		FROM reports r JOIN documents d ON d.id = r.document_id ORDER BY r.id`)
	if err != nil {
		return fmt.Errorf("backfill identity: %w", err)
	}
	type row struct {
		id int64
		identity
	}
	var all []row
	for rows.Next() {
		var id int64
		var agency, title, status, source string
		var year sql.NullInt64
		var given sql.NullString
		if err := rows.Scan(&id, &agency, &title, &year, &given, &status, &source); err != nil {
			rows.Close()
			return fmt.Errorf("backfill identity: %w", err)
		}
		var r *nianbao.Report
		if status != "failed" {
			r = &nianbao.Report{Agency: agency, Title: title, Year: int(year.Int64)}
		}
		all = append(all, row{id, identify(r, source, given.String)})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("backfill identity: %w", err)
	}
	keys := map[string]bool{}
	for _, r := range all {
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET version_key = ?, region_code = ?, region_level = ?, agency_kind = ? WHERE id = ?`,
			r.key, nullString(r.code), nullString(r.level), nullString(r.kind), r.id); err != nil {
			return fmt.Errorf("backfill identity: report %d: %w", r.id, err)
		}
		keys[r.key] = true
	}
	for k := range keys {
		if _, _, err := markLatest(ctx, inTx{tx: tx}, k); err != nil {
			return fmt.Errorf("backfill identity: %w", err)
		}
	}
	return nil
}
