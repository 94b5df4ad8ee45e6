-- 002_crawl: what the crawler knows about each URL it has fetched, the log
-- of every request, and the log of every run.

-- urls: one row per URL the crawler has fetched (listing pages, reports,
-- attachments): its last answer, for the next run's conditional GET, and
-- when it was found gone.
CREATE TABLE urls (
	url           TEXT PRIMARY KEY,
	site          TEXT NOT NULL,     -- sites.toml name
	kind          TEXT NOT NULL,     -- listing, report or attachment
	agency        TEXT,              -- the site's agency, when the sites file names it
	title         TEXT,              -- link text on the page that linked to it
	year          INTEGER,           -- year named in that title
	referrer      TEXT,              -- the page that linked to it
	first_seen    TEXT NOT NULL,     -- UTC
	fetched_at    TEXT NOT NULL,     -- last answer, UTC
	http_status   INTEGER,
	etag          TEXT,
	last_modified TEXT,
	sha256        TEXT,              -- of the last bytes received
	document_id   INTEGER REFERENCES documents(id), -- the archived version of those bytes (reports, attachments)
	gone_at       TEXT               -- when a 404 or 410 answered where it was seen before; NULL while it exists
);
CREATE INDEX urls_site ON urls(site, kind);

-- runs: one row per crawl.
CREATE TABLE runs (
	id          INTEGER PRIMARY KEY,
	started_at  TEXT NOT NULL,
	ended_at    TEXT,                -- NULL while running (or if the process was killed)
	sites       TEXT NOT NULL,       -- names, comma-separated
	status      TEXT NOT NULL,       -- running, ok, interrupted, failed
	error       TEXT,
	pages       INTEGER NOT NULL DEFAULT 0, -- responses received, 304 included
	requests    INTEGER NOT NULL DEFAULT 0,
	bytes       INTEGER NOT NULL DEFAULT 0,
	reports     INTEGER NOT NULL DEFAULT 0, -- report links found or known reports checked
	new         INTEGER NOT NULL DEFAULT 0,
	changed     INTEGER NOT NULL DEFAULT 0,
	unchanged   INTEGER NOT NULL DEFAULT 0,
	gone        INTEGER NOT NULL DEFAULT 0,
	blocked     INTEGER NOT NULL DEFAULT 0,
	skipped     INTEGER NOT NULL DEFAULT 0,
	errors      INTEGER NOT NULL DEFAULT 0
);

-- fetches: one row per HTTP request (retries included) or URL skipped.
CREATE TABLE fetches (
	id          INTEGER PRIMARY KEY,
	run_id      INTEGER REFERENCES runs(id),
	site        TEXT NOT NULL,
	url         TEXT NOT NULL,
	started_at  TEXT NOT NULL,
	http_status INTEGER,             -- NULL without a response
	bytes       INTEGER NOT NULL DEFAULT 0,
	duration_ms REAL NOT NULL DEFAULT 0,
	attempt     INTEGER NOT NULL DEFAULT 1,
	result      TEXT NOT NULL,       -- ok, not-modified, retry, blocked, skipped, error
	error       TEXT
);
CREATE INDEX fetches_run ON fetches(run_id);
CREATE INDEX fetches_url ON fetches(url, started_at);

-- gone_reports: reports and attachments that disappeared, with what the
-- archive kept of them.
CREATE VIEW gone_reports AS
SELECT u.url, u.site, u.kind, u.title, u.gone_at, u.first_seen, u.document_id,
       r.agency, r.year, r.template, r.title AS report_title
FROM urls u
LEFT JOIN reports r ON r.document_id = u.document_id
WHERE u.gone_at IS NOT NULL AND u.kind <> 'listing';

INSERT INTO notes (name, note) VALUES
	('urls', 'One row per URL the crawler fetched (listing, report, attachment): its last HTTP answer, ETag and Last-Modified for the next conditional GET, the archived document, and gone_at when a 404/410 answered where it was seen before.'),
	('runs', 'One row per crawl: start, end, sites, status (running, ok, interrupted, failed; a row left running was killed) and what it did: pages, new, changed, unchanged, gone, blocked, skipped, errors.'),
	('fetches', 'The fetch log: one row per HTTP request (retries included) or URL skipped, with its run, time, status, bytes, duration and error.'),
	('gone_reports', 'Reports and attachments that disappeared from their portal, when, and what the archive kept of them (join documents on document_id for the bytes).');
