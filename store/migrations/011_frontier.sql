-- 011_frontier: a crawl frontier that crawlers on several machines share
-- through one PostgreSQL archive (store/frontier.go), and the worker that
-- made each run. The tables exist in a SQLite archive too, unused: one
-- crawler per file needs no shared queue. Times are the server's clock
-- (now()), never a worker's.

ALTER TABLE runs ADD COLUMN worker TEXT; -- -worker of the crawl (hostname-pid by default); NULL for runs before this migration

-- frontiers: one row per shared crawl of a list of sites. Workers started
-- on those sites while it is open join it; once every URL of it is done
-- it is closed, and the next worker starts a new one.
CREATE TABLE frontiers (
	id        INTEGER PRIMARY KEY,
	sites     TEXT NOT NULL,         -- names, sorted, comma-separated
	opened_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
	closed_at TIMESTAMPTZ            -- NULL while URLs remain
);

-- frontier: one row per URL of a shared crawl (listing pages, list
-- interfaces, reports, attachments, corrections), leased by one worker
-- at a time until lease_until; a worker killed stops renewing its leases
-- and another takes the URL when they expire. done_at is set once the
-- document and the links found in it are committed.
CREATE TABLE frontier (
	id             INTEGER PRIMARY KEY,
	frontier_id    INTEGER NOT NULL REFERENCES frontiers(id),
	key            TEXT NOT NULL,    -- the URL as compared: a directory and its index page are one; a POST is URL and body
	url            TEXT NOT NULL,    -- as requested, with a gkmlpt column's fragment
	host           TEXT NOT NULL,    -- host[:port], lower case: a host's URLs are spread over few workers
	site           TEXT NOT NULL,
	kind           TEXT NOT NULL,    -- listing, listing-api, report, attachment, correction
	priority       INTEGER NOT NULL, -- 0 reports and attachments, 1 listings, 2 corrections: leased in that order
	title          TEXT,
	year           INTEGER,
	referrer       TEXT,
	referrer_title TEXT,
	depth          INTEGER NOT NULL DEFAULT 0,
	added_by       TEXT NOT NULL,    -- the worker that found it
	worker         TEXT,             -- the worker holding or last holding its lease
	lease_until    TIMESTAMPTZ,      -- NULL when free
	leases         INTEGER NOT NULL DEFAULT 0, -- times leased: more than 1 after a worker died or stopped
	done_at        TIMESTAMPTZ,
	done_by        TEXT,
	UNIQUE (frontier_id, key)
);
CREATE INDEX frontier_todo ON frontier(frontier_id, priority, id) WHERE done_at IS NULL;
CREATE INDEX frontier_held ON frontier(frontier_id, host) WHERE done_at IS NULL AND lease_until IS NOT NULL;

-- crawl_hosts: per-host politeness shared by every worker. A worker takes
-- the host (holder, next_at = end of its hold) when next_at has passed,
-- sends one request and frees it with next_at = now() + the pause.
CREATE TABLE crawl_hosts (
	host     TEXT PRIMARY KEY,       -- host[:port], lower case
	delay_ms INTEGER NOT NULL DEFAULT 0, -- the longest delay a worker asked for: -delay or robots.txt Crawl-delay
	next_at  TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
	holder   TEXT,                   -- the worker sending a request now; NULL when free
	requests INTEGER NOT NULL DEFAULT 0
);

INSERT INTO notes (name, note) VALUES
	('frontiers', 'One row per crawl shared by workers on several machines (PostgreSQL only): its sites, when it opened and when its last URL was done.'),
	('frontier', 'The URLs of shared crawls (PostgreSQL only): who found each, the worker leasing it and until when (server clock), how many times it was leased, when and by whom it was done.'),
	('crawl_hosts', 'Per-host politeness shared by crawl workers (PostgreSQL only): the next time the host may be sent a request, its delay, and the worker sending one now.');

UPDATE notes SET note = 'One row per crawl: start, end, sites, the worker (-worker, hostname-pid by default), status (running, ok, interrupted, failed; a row left running was killed) and what it did: pages, new, changed, unchanged, gone, blocked, skipped, errors.'
WHERE name = 'runs';
