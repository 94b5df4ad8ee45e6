-- 014_frontier_limits: the limits of a shared crawl (-max-pages,
-- -max-listing-pages) count what every worker of the crawl found, not
-- what each found (store/frontier.go).

-- frontier_sites: per site of a shared crawl, the URLs let into the
-- frontier so far. A worker adding URLs locks its sites' rows, lets in
-- those its limits leave room for, and counts them in the same
-- transaction: workers adding at once never let in more than the
-- limit, and a URL is counted once, when it is first added, however
-- many times it is leased.
CREATE TABLE frontier_sites (
	frontier_id INTEGER NOT NULL REFERENCES frontiers(id),
	site        TEXT NOT NULL,
	pages       INTEGER NOT NULL DEFAULT 0, -- URLs let in: listing pages, list-interface pages, reports, attachments, corrections, documents of earlier runs
	listings    INTEGER NOT NULL DEFAULT 0, -- of those, listing and list-interface pages
	refused     INTEGER NOT NULL DEFAULT 0, -- URLs left out by a limit, each time a worker found one
	PRIMARY KEY (frontier_id, site)
);

INSERT INTO notes (name, note) VALUES
	('frontier_sites', 'Per site of a shared crawl (PostgreSQL only): the URLs let into its frontier (pages, of them listings) and the URLs a limit left out, each time a worker found one (refused), counted over every worker: -max-pages and -max-listing-pages are limits of the crawl, not of each worker.');

UPDATE notes SET note = 'The URLs of shared crawls (PostgreSQL only): who found each, the worker leasing it and until when (server clock), how many times it was leased, when and by whom it was done. A list-interface page after the first is fetched by the worker holding the page before it, never leased: its row, done when added, counts it against the limits once.'
WHERE name = 'frontier';
