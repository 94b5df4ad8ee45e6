package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// A Frontier is the crawl queue and the per-host politeness that crawl
// workers on several machines share through one PostgreSQL archive
// (migration 011). Each URL to fetch is a row leased by one worker at a
// time with SELECT … FOR UPDATE SKIP LOCKED until a lease time, renewed
// while the worker lives: a worker killed stops renewing, and another
// takes its URLs when their leases expire. Each host is a row that one
// request at a time holds, and that the next may take only once the
// pause after it has passed. Every time is the server's clock (now()),
// never a worker's.
//
// The frontier needs PostgreSQL: with SQLite one crawler works a file
// and keeps its queue in memory.
type Frontier struct {
	db     *DB
	id     int64
	worker string
	lease  time.Duration

	stop chan struct{}
	beat sync.WaitGroup

	mu    sync.Mutex
	hosts map[string]bool // host rows known to exist
	sites map[string]bool // frontier_sites rows known to exist
	err   error           // the first error of the renewals
}

// A FrontierEntry is one URL of a frontier and what a worker needs to
// fetch it, whoever found it.
type FrontierEntry struct {
	ID            int64  // the row's; 0 before Add
	Key           string // the URL as compared
	URL           string
	Site          string
	Kind          string
	Priority      int // 0 leased first
	Title         string
	Year          int
	Referrer      string
	ReferrerTitle string
	Depth         int
	Leases        int // times leased, this one included

	// Held marks a page of a list interface after the first: read with
	// what the page before it said, it stays with the worker holding
	// that page's URL, and is added (done at once, never leased) only to
	// be counted against the crawl's limits (AddWithin).
	Held bool
}

// ErrFrontierNeedsPostgres refuses a shared frontier on a SQLite file.
var ErrFrontierNeedsPostgres = errors.New("a shared crawl frontier needs a PostgreSQL archive")

// JoinFrontier joins the open frontier of sites (the crawl other workers
// of those sites are doing), or opens one when none is, as worker. URLs
// it leases stay its own for lease after each renewal; it renews them
// every third of that until Close.
func (db *DB) JoinFrontier(ctx context.Context, sites []string, worker string, lease time.Duration) (*Frontier, error) {
	if db.dia.Name() != "postgres" {
		return nil, fmt.Errorf("join frontier: %w", ErrFrontierNeedsPostgres)
	}
	if worker == "" || lease <= 0 {
		return nil, fmt.Errorf("join frontier: worker %q, lease %s: want a name and a positive lease", worker, lease)
	}
	names := slices.Sorted(slices.Values(sites))
	key := strings.Join(names, ",")
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("join frontier: %w", err)
	}
	defer tx.Rollback()
	// Two workers starting at once must join one frontier, not open two.
	if _, err := tx.ExecContext(ctx, `LOCK TABLE frontiers IN SHARE ROW EXCLUSIVE MODE`); err != nil {
		return nil, fmt.Errorf("join frontier: %w", err)
	}
	var id int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM frontiers WHERE sites = ? AND closed_at IS NULL ORDER BY id DESC LIMIT 1`, key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.QueryRowContext(ctx, `INSERT INTO frontiers (sites, opened_at) VALUES (?, now()) RETURNING id`, key).Scan(&id)
	}
	if err != nil {
		return nil, fmt.Errorf("join frontier: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("join frontier: %w", err)
	}
	f := &Frontier{db: db, id: id, worker: worker, lease: lease, stop: make(chan struct{}), hosts: map[string]bool{}, sites: map[string]bool{}}
	f.beat.Go(f.renew)
	return f, nil
}

// ID is the frontier's row in frontiers.
func (f *Frontier) ID() int64 { return f.id }

// Worker is the name the frontier leases under.
func (f *Frontier) Worker() string { return f.worker }

// millis is d in whole milliseconds, for SQL intervals.
func millis(d time.Duration) int64 { return d.Milliseconds() }

const frontierColumns = `key, url, site, kind, priority, title, year, referrer, referrer_title, depth`

// hostOf is the host[:port] of u in lower case, as the crawler keys hosts.
func hostOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.ToLower(p.Host)
}

// Add records entries; a URL already in the frontier (free, leased or
// done) is left as it is. No limit applies: AddWithin counts them.
func (f *Frontier) Add(ctx context.Context, entries []FrontierEntry) error {
	if err := f.insert(ctx, f.db.db, entries); err != nil {
		return fmt.Errorf("frontier add: %w", err)
	}
	return nil
}

// insert adds entries with ON CONFLICT DO NOTHING; a held one is
// recorded done by this worker as it is added.
func (f *Frontier) insert(ctx context.Context, q execer, entries []FrontierEntry) error {
	const chunk = 500 // 16 parameters a row, well under PostgreSQL's 65,535
	for len(entries) > 0 {
		n := min(len(entries), chunk)
		var b strings.Builder
		b.WriteString(`INSERT INTO frontier (frontier_id, added_by, host, ` + frontierColumns + `, worker, done_at, done_by) VALUES `)
		args := make([]any, 0, n*16)
		for i, e := range entries[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? THEN now() END, ?)")
			var year, by any
			if e.Year != 0 {
				year = e.Year
			}
			if e.Held {
				by = f.worker
			}
			args = append(args, f.id, f.worker, hostOf(e.URL), e.Key, e.URL, e.Site, e.Kind, e.Priority, nullString(e.Title), year,
				nullString(e.Referrer), nullString(e.ReferrerTitle), e.Depth, by, e.Held, by)
		}
		b.WriteString(` ON CONFLICT (frontier_id, key) DO NOTHING`)
		if _, err := q.ExecContext(ctx, b.String(), args...); err != nil {
			return err
		}
		entries = entries[n:]
	}
	return nil
}

// leasesPerHost is how many URLs of one host are leased at once, over
// all workers: a host takes one request at a time, so more would keep
// workers waiting on it while other hosts wait for a worker.
const leasesPerHost = 2

// leaseWindow is how many free URLs, in priority order, Lease considers
// when spreading its choice over hosts.
const leaseWindow = 2000

// Lease takes up to n URLs that no worker holds (never leased, or whose
// lease expired) in priority order, at most leasesPerHost of a host
// leased at once by all workers together, for the lease time. It picks
// 4n candidates and locks n of them, skipping those another worker is
// leasing at the same moment.
func (f *Frontier) Lease(ctx context.Context, n int) ([]FrontierEntry, error) {
	rows, err := f.db.db.QueryContext(ctx, `UPDATE frontier SET worker = ?, lease_until = now() + ? * interval '1 millisecond', leases = leases + 1
		WHERE id IN (SELECT id FROM frontier
			WHERE id IN (SELECT c.id FROM (
					SELECT id, host, priority, row_number() OVER (PARTITION BY host ORDER BY priority, id) AS nth
					FROM (SELECT id, host, priority FROM frontier
						WHERE frontier_id = ? AND done_at IS NULL AND (lease_until IS NULL OR lease_until < now())
						ORDER BY priority, id LIMIT ?) free) c
				LEFT JOIN (SELECT host, count(*) AS held FROM frontier
					WHERE frontier_id = ? AND done_at IS NULL AND lease_until >= now() GROUP BY host) busy ON busy.host = c.host
				WHERE c.nth + coalesce(busy.held, 0) <= ?
				ORDER BY c.priority, c.id LIMIT ?)
			AND done_at IS NULL AND (lease_until IS NULL OR lease_until < now())
			ORDER BY priority, id LIMIT ?
			FOR UPDATE SKIP LOCKED)
		RETURNING id, leases, `+frontierColumns, f.worker, millis(f.lease), f.id, leaseWindow, f.id, leasesPerHost, 4*n, n)
	if err != nil {
		return nil, fmt.Errorf("frontier lease: %w", err)
	}
	defer rows.Close()
	var out []FrontierEntry
	for rows.Next() {
		var e FrontierEntry
		var title, referrer, rtitle sql.NullString
		var year sql.NullInt64
		if err := rows.Scan(&e.ID, &e.Leases, &e.Key, &e.URL, &e.Site, &e.Kind, &e.Priority, &title, &year, &referrer, &rtitle, &e.Depth); err != nil {
			return nil, fmt.Errorf("frontier lease: %w", err)
		}
		e.Title, e.Year, e.Referrer, e.ReferrerTitle = title.String, int(year.Int64), referrer.String, rtitle.String
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("frontier lease: %w", err)
	}
	// RETURNING follows no order.
	slices.SortFunc(out, func(a, b FrontierEntry) int {
		return cmp.Or(cmp.Compare(a.Priority, b.Priority), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// Done marks the URLs ids fetched and recorded: no worker leases them
// again in this frontier.
func (f *Frontier) Done(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := f.db.db.ExecContext(ctx, `UPDATE frontier SET done_at = now(), done_by = ?, lease_until = NULL
		WHERE id = ANY(?) AND done_at IS NULL`, f.worker, ids)
	if err != nil {
		return fmt.Errorf("frontier done: %w", err)
	}
	return nil
}

// Left returns how many URLs of the frontier are not done, free or
// leased by any worker. When none is, the frontier is closed: the next
// worker to join opens a new one.
func (f *Frontier) Left(ctx context.Context) (int, error) {
	var n int
	if err := f.db.db.QueryRowContext(ctx, `SELECT count(*) FROM frontier WHERE frontier_id = ? AND done_at IS NULL`, f.id).Scan(&n); err != nil {
		return 0, fmt.Errorf("frontier left: %w", err)
	}
	if n > 0 {
		return n, nil
	}
	_, err := f.db.db.ExecContext(ctx, `UPDATE frontiers SET closed_at = now() WHERE id = ? AND closed_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM frontier WHERE frontier_id = ? AND done_at IS NULL)`, f.id, f.id)
	if err != nil {
		return 0, fmt.Errorf("frontier close: %w", err)
	}
	return 0, nil
}

// TakeHost takes host for one request when its pause has passed and no
// worker holds it, recording delay (the worker's pause for the host
// before jitter) when it is the longest asked for. Otherwise it returns
// how long to wait before asking again: until the pause ends, or the
// host's delay while another worker holds it (its pause starts when it
// frees the host).
func (f *Frontier) TakeHost(ctx context.Context, host string, delay time.Duration) (bool, time.Duration, error) {
	if err := f.ensureHost(ctx, host); err != nil {
		return false, 0, err
	}
	res, err := f.db.db.ExecContext(ctx, `UPDATE crawl_hosts SET holder = ?, next_at = now() + ? * interval '1 millisecond',
			delay_ms = greatest(delay_ms, ?), requests = requests + 1
		WHERE host = ? AND next_at <= now()`, f.worker, millis(f.lease), millis(delay), host)
	if err != nil {
		return false, 0, fmt.Errorf("take host %s: %w", host, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return false, 0, fmt.Errorf("take host %s: %w", host, err)
	} else if n == 1 {
		return true, 0, nil
	}
	var held bool
	var left float64
	var delayMS int64
	err = f.db.db.QueryRowContext(ctx, `SELECT holder IS NOT NULL AND next_at > now(), extract(epoch FROM next_at - now()) * 1000, delay_ms
		FROM crawl_hosts WHERE host = ?`, host).Scan(&held, &left, &delayMS)
	if err != nil {
		return false, 0, fmt.Errorf("take host %s: %w", host, err)
	}
	wait := time.Duration(left * float64(time.Millisecond))
	if held {
		wait = time.Duration(delayMS) * time.Millisecond
	}
	return false, max(wait, minHostWait), nil
}

// minHostWait is the shortest wait TakeHost asks for: a host with no
// delay held by another worker is asked again this often.
const minHostWait = 20 * time.Millisecond

func (f *Frontier) ensureHost(ctx context.Context, host string) error {
	f.mu.Lock()
	known := f.hosts[host]
	f.mu.Unlock()
	if known {
		return nil
	}
	if _, err := f.db.db.ExecContext(ctx, `INSERT INTO crawl_hosts (host, next_at) VALUES (?, now()) ON CONFLICT (host) DO NOTHING`, host); err != nil {
		return fmt.Errorf("host %s: %w", host, err)
	}
	f.mu.Lock()
	f.hosts[host] = true
	f.mu.Unlock()
	return nil
}

// FreeHost frees host after a request this worker sent: the next may
// start pause from now, or the host's delay when longer.
func (f *Frontier) FreeHost(ctx context.Context, host string, pause time.Duration) error {
	_, err := f.db.db.ExecContext(ctx, `UPDATE crawl_hosts SET holder = NULL,
			next_at = now() + greatest(?, delay_ms) * interval '1 millisecond'
		WHERE host = ? AND holder = ?`, millis(pause), host, f.worker)
	if err != nil {
		return fmt.Errorf("free host %s: %w", host, err)
	}
	return nil
}

// SlowHost puts the next request to host at least pause from now, and
// records delay as the host's when it is longer (a robots.txt
// Crawl-delay; 0 for a retry's wait, which is this pause only).
func (f *Frontier) SlowHost(ctx context.Context, host string, pause, delay time.Duration) error {
	if err := f.ensureHost(ctx, host); err != nil {
		return err
	}
	_, err := f.db.db.ExecContext(ctx, `UPDATE crawl_hosts SET next_at = greatest(next_at, now() + ? * interval '1 millisecond'),
			delay_ms = greatest(delay_ms, ?)
		WHERE host = ?`, millis(pause), millis(delay), host)
	if err != nil {
		return fmt.Errorf("slow host %s: %w", host, err)
	}
	return nil
}

// renew extends this worker's leases and host holds every third of the
// lease time until Close.
func (f *Frontier) renew() {
	t := time.NewTicker(f.lease / 3)
	defer t.Stop()
	for {
		select {
		case <-f.stop:
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), f.lease)
		err := f.extend(ctx)
		cancel()
		if err != nil {
			f.mu.Lock()
			if f.err == nil {
				f.err = err
			}
			f.mu.Unlock()
		}
	}
}

func (f *Frontier) extend(ctx context.Context) error {
	if _, err := f.db.db.ExecContext(ctx, `UPDATE frontier SET lease_until = now() + ? * interval '1 millisecond'
		WHERE frontier_id = ? AND worker = ? AND done_at IS NULL AND lease_until IS NOT NULL`, millis(f.lease), f.id, f.worker); err != nil {
		return fmt.Errorf("renew leases: %w", err)
	}
	if _, err := f.db.db.ExecContext(ctx, `UPDATE crawl_hosts SET next_at = greatest(next_at, now() + ? * interval '1 millisecond')
		WHERE holder = ?`, millis(f.lease), f.worker); err != nil {
		return fmt.Errorf("renew host holds: %w", err)
	}
	return nil
}

// Close stops renewing and gives back what this worker holds and did
// not finish (its URLs, for another worker at once; its hosts, after
// their delay). It returns the first error of the renewals, if any.
func (f *Frontier) Close(ctx context.Context) error {
	select {
	case <-f.stop:
		return nil
	default:
	}
	close(f.stop)
	f.beat.Wait()
	_, err := f.db.db.ExecContext(ctx, `UPDATE frontier SET lease_until = NULL
		WHERE frontier_id = ? AND worker = ? AND done_at IS NULL`, f.id, f.worker)
	if err == nil {
		_, err = f.db.db.ExecContext(ctx, `UPDATE crawl_hosts SET holder = NULL, next_at = now() + delay_ms * interval '1 millisecond'
			WHERE holder = ?`, f.worker)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err != nil {
		return fmt.Errorf("close frontier: %w", err)
	}
	return f.err
}
