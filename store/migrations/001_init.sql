-- 001_init: the archive of documents, the reports parsed from them, their
-- values and findings, the data dictionary, and the views analysts query.
-- Column comments stay in sqlite_schema: SELECT sql FROM sqlite_schema.
-- Numbers after 001 are free for other parts of nianbao (the crawler's
-- fetch log comes in its own migration).

-- blobs holds each distinct document body once, gzip-compressed.
CREATE TABLE blobs (
	id       INTEGER PRIMARY KEY,
	sha256   TEXT NOT NULL UNIQUE, -- hex SHA-256 of the bytes as fetched or imported
	size     INTEGER NOT NULL,     -- length of those bytes
	encoding TEXT NOT NULL,        -- how data holds them: 'gzip'
	data     BLOB NOT NULL
);

-- documents: one row per version of a document as fetched or imported.
CREATE TABLE documents (
	id            INTEGER PRIMARY KEY,
	source        TEXT NOT NULL,  -- the URL requested, or the absolute path of an imported file
	final_url     TEXT,           -- the URL after redirects; NULL for a file
	fetched_at    TEXT NOT NULL,  -- when fetched or imported, UTC, 2006-01-02T15:04:05.000000Z
	http_status   INTEGER,        -- HTTP status; NULL for a file
	content_type  TEXT,           -- HTTP Content-Type
	charset       TEXT,           -- charset the bytes were decoded from
	sha256        TEXT NOT NULL REFERENCES blobs(sha256), -- the bytes: blobs.data
	etag          TEXT,           -- HTTP ETag, for a conditional GET
	last_modified TEXT,           -- HTTP Last-Modified, for a conditional GET
	previous_id   INTEGER REFERENCES documents(id) -- the version of the same source this one revised
);
CREATE INDEX documents_source ON documents(source, fetched_at, id);
CREATE INDEX documents_sha256 ON documents(sha256);

-- reports: what the parser read from one document version.
CREATE TABLE reports (
	id             INTEGER PRIMARY KEY,
	document_id    INTEGER NOT NULL UNIQUE REFERENCES documents(id),
	version_key    TEXT NOT NULL,  -- 'agency|year', or 'source|…' when either is unknown
	latest         INTEGER NOT NULL DEFAULT 0, -- 1 for the current version of its version_key
	fetched_at     TEXT NOT NULL,  -- documents.fetched_at, copied to find the current version by index
	agency         TEXT NOT NULL DEFAULT '',
	region         TEXT,           -- where known (given at import or by the crawler); else NULL
	year           INTEGER,        -- the report year; NULL when not found
	template       TEXT NOT NULL DEFAULT '', -- statistics table template: national-2014, provincial, none, …; '' when parsing failed
	title          TEXT NOT NULL DEFAULT '',
	published      TEXT,           -- YYYY-MM-DD the report is signed with
	form           TEXT,           -- form the table was read from: html, pipe, rows, cells, space
	contact        TEXT,           -- JSON object of the contact details printed
	parser_version TEXT NOT NULL,
	status         TEXT NOT NULL CHECK (status IN ('ok', 'partial', 'no table', 'failed')),
	error          TEXT,           -- why parsing failed (status 'failed')
	parsed_at      TEXT NOT NULL
);
CREATE INDEX reports_version ON reports(version_key, fetched_at, document_id);

-- stats: one row per value of a statistics table, kept in report order.
CREATE TABLE stats (
	report_id    INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	seq          INTEGER NOT NULL, -- position in the report's table
	table_name   TEXT NOT NULL,
	section      TEXT NOT NULL,    -- nearest section row above
	code         TEXT NOT NULL,    -- indicator code (see indicators); '' for a row the template does not know
	dim          TEXT NOT NULL,    -- which value of the row: '' (the year's: 2014 table, Fujian annex, 总计), 'cumulative', applicants, …
	row_label    TEXT NOT NULL,
	column_label TEXT NOT NULL,
	unit         TEXT NOT NULL,
	value        REAL,             -- NULL when the cell is blank or unreadable (a finding says so)
	raw          TEXT NOT NULL,    -- the cell as printed
	derived      INTEGER NOT NULL DEFAULT 0, -- 1 when computed by the parser, not printed
	findings     INTEGER NOT NULL DEFAULT 0, -- findings of the report that name this code (see finding_codes)
	PRIMARY KEY (report_id, seq)
) WITHOUT ROWID;
-- stats_code holds what comparing one code across agencies and years
-- reads, so that the comparison never touches the table.
CREATE INDEX stats_code ON stats(code, dim, report_id, seq, value, unit, findings);

-- findings: what the parser could not read, or arithmetic that fails.
CREATE TABLE findings (
	report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	seq       INTEGER NOT NULL, -- position in the report's findings
	rule      TEXT NOT NULL,
	severity  TEXT NOT NULL,    -- error, warning or info
	message   TEXT NOT NULL,
	codes     TEXT NOT NULL DEFAULT '[]', -- JSON array of the indicator codes involved
	PRIMARY KEY (report_id, seq)
) WITHOUT ROWID;

-- finding_codes indexes findings.codes: one row per finding and code.
CREATE TABLE finding_codes (
	report_id INTEGER NOT NULL,
	seq       INTEGER NOT NULL, -- findings.seq
	code      TEXT NOT NULL,
	PRIMARY KEY (report_id, seq, code),
	FOREIGN KEY (report_id, seq) REFERENCES findings(report_id, seq) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;

-- indicators: the data dictionary, one row per code and dim, written by
-- nianbao from the parser it was built with.
CREATE TABLE indicators (
	code        TEXT NOT NULL,
	dim         TEXT NOT NULL,
	zh          TEXT NOT NULL,  -- Chinese label in the national table
	en          TEXT NOT NULL,  -- English meaning
	unit        TEXT NOT NULL,
	templates   TEXT NOT NULL,  -- comma-separated templates that print the code
	description TEXT NOT NULL,
	PRIMARY KEY (code, dim)
);

-- meta: key/value facts about the database (parser version of the dictionary, …).
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- notes: what each table and view holds, for readers of the file alone.
CREATE TABLE notes (
	name TEXT PRIMARY KEY,
	note TEXT NOT NULL
);

-- latest_reports: the current version of each agency × year.
CREATE VIEW latest_reports AS
SELECT r.id AS report_id, r.agency, r.region, r.year, r.template, r.title, r.published,
       r.status, r.error, r.parser_version, r.document_id, d.source, d.final_url,
       d.fetched_at, d.sha256,
       (SELECT count(*) FROM stats s WHERE s.report_id = r.id) AS stats,
       (SELECT count(*) FROM findings f WHERE f.report_id = r.id) AS findings
FROM reports r JOIN documents d ON d.id = r.document_id
WHERE r.latest = 1;

-- report_versions: every report with its version number within agency × year.
CREATE VIEW report_versions AS
SELECT r.id AS report_id, r.version_key, r.agency, r.region, r.year, r.template, r.status,
       r.latest, row_number() OVER (PARTITION BY r.version_key ORDER BY d.fetched_at, d.id) AS version,
       r.document_id, d.previous_id, d.source, d.fetched_at, d.sha256
FROM reports r JOIN documents d ON d.id = r.document_id;

-- stat_values: one row per value of the current reports, with provenance.
CREATE VIEW stat_values AS
SELECT s.report_id, r.agency, r.region, r.year, r.template,
       s.seq, s.table_name, s.section, s.code, s.dim, i.zh AS label_zh, i.en AS label_en,
       s.row_label, s.column_label, s.unit, s.value, s.raw, s.derived,
       d.source, d.final_url, d.sha256, d.fetched_at, s.findings
FROM stats s
JOIN reports r ON r.id = s.report_id AND r.latest = 1
JOIN documents d ON d.id = r.document_id
LEFT JOIN indicators i ON i.code = s.code AND i.dim = s.dim;

-- compare_values: the values of one code and dim, lined up across
-- agencies, templates and years (current reports only).
CREATE VIEW compare_values AS
SELECT s.code, s.dim, i.zh AS label_zh, i.en AS label_en, r.agency, r.region, r.year,
       r.template, s.value, s.unit, s.raw, s.derived, s.row_label,
       s.report_id, s.seq, s.findings
FROM stats s
JOIN reports r ON r.id = s.report_id AND r.latest = 1
LEFT JOIN indicators i ON i.code = s.code AND i.dim = s.dim
WHERE s.code <> '';

INSERT INTO notes (name, note) VALUES
('blobs', 'Each distinct document body once, gzip-compressed (encoding), keyed by the SHA-256 of the bytes as fetched.'),
('documents', 'One row per version of a document: source URL or path, final URL, fetched_at, HTTP status, Content-Type, charset, sha256 (the body in blobs), ETag, Last-Modified. A changed document for the same source is a new row with previous_id set.'),
('reports', 'What the parser read from one document: agency, region, year, template, title, published date, parser version, status (ok, partial, no table, failed). latest = 1 marks the current version of each agency × year.'),
('stats', 'One row per value: table, section, indicator code and dim, row and column labels, unit, value (REAL, NULL when missing), raw text, derived.'),
('findings', 'Validation findings per report: rule, severity, message, codes (JSON array).'),
('finding_codes', 'One row per finding and indicator code: the findings on a value are those of its report that name its code (stats.findings counts them).'),
('indicators', 'The data dictionary: indicator code and dim, Chinese and English labels, unit, templates, description.'),
('notes', 'What each table and view holds (this table). Column notes are comments in the schema: SELECT sql FROM sqlite_schema.'),
('meta', 'Facts about this file, such as the parser version that wrote the data dictionary.'),
('latest_reports', 'View: the current version of each agency × year with its source and counts of values and findings.'),
('report_versions', 'View: every report with its version number within agency × year; older versions stay here.'),
('stat_values', 'View: one row per value of the current reports, with agency, region, year, template, labels, unit, value, source, fetched_at and the number of findings on the value.'),
('compare_values', 'View: the values of one indicator code and dim across agencies, templates and years, e.g. SELECT agency, year, value FROM compare_values WHERE code = ''proactive.total'' ORDER BY agency, year.');
