-- 007_discovery: what each crawl's discovery did per site, and the links
-- it judged not to be reports, so that a researcher can audit what a
-- run left out (nianbao runs -site NAME [-skipped]).

-- run_sites: one row per run and site of the run, written when the run
-- ends (however it ends).
CREATE TABLE run_sites (
	run_id      INTEGER NOT NULL REFERENCES runs(id),
	site        TEXT NOT NULL,
	listings    INTEGER NOT NULL DEFAULT 0, -- listing pages read (fetched, or unchanged)
	api_pages   INTEGER NOT NULL DEFAULT 0, -- pages of a list interface read (kind listing-api)
	reports     INTEGER NOT NULL DEFAULT 0, -- report links found, and known reports checked
	not_reports INTEGER NOT NULL DEFAULT 0, -- links judged not to be reports (rows of discovery_skips)
	PRIMARY KEY (run_id, site)
);
CREATE INDEX run_sites_site ON run_sites(site, run_id);

-- discovery_skips: one row per run, site and URL a listing page linked to
-- that speaks of a report but was not taken for one.
CREATE TABLE discovery_skips (
	id        INTEGER PRIMARY KEY,
	run_id    INTEGER REFERENCES runs(id),
	site      TEXT NOT NULL,
	url       TEXT NOT NULL,
	title     TEXT,               -- link title or text
	referrer  TEXT NOT NULL,      -- the listing page
	reason    TEXT NOT NULL,      -- why it is not a report: a notice, no year in the title, a year out of the site's range …
	seen_at   TEXT NOT NULL       -- UTC
);
CREATE INDEX discovery_skips_run ON discovery_skips(run_id, site);

INSERT INTO notes (name, note) VALUES
	('run_sites', 'One row per crawl run and site: listing pages read, list-interface pages read, report links found, links judged not to be reports.'),
	('discovery_skips', 'Links of listing pages that speak of a report but were judged not to be one, per run and site, with the listing page and the reason (notice, no year, year out of range, not an annual report).');
