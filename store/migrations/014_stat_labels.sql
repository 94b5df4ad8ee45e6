-- 014_stat_labels: the labels of a value in a table of their own.
-- The four labels of a value (table, section, row and column as
-- printed) were 116 of the 176 bytes of a row of stats on average, the
-- same few hundred combinations in every report of a template: a crawl's
-- writer wrote them some 178 times a page, and they were two thirds of
-- the bytes it wrote to the log and checkpointed. The values now name
-- their labels by number (stat_rows.label_id); stats is a view with the
-- columns it had, so every query of it reads as before, and the
-- comparison's covering index (stats_code) is the same index on
-- stat_rows. stat_labels is only ever added to.

DROP VIEW latest_reports;
DROP VIEW stat_values;
DROP VIEW compare_values;

CREATE TABLE stat_labels (
	id           INTEGER PRIMARY KEY,
	table_name   TEXT NOT NULL,
	section      TEXT NOT NULL, -- nearest section row above
	row_label    TEXT NOT NULL,
	column_label TEXT NOT NULL,
	UNIQUE (table_name, section, row_label, column_label)
);

-- stat_rows: one row per value of a statistics table, kept in report
-- order; label_id is its labels in stat_labels (no foreign key: labels
-- are never removed, and the check would cost a look-up a value).
CREATE TABLE stat_rows (
	report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	seq       INTEGER NOT NULL, -- position in the report's table
	label_id  INTEGER NOT NULL, -- stat_labels.id
	code      TEXT NOT NULL,    -- indicator code (see indicators); '' for a row the template does not know
	dim       TEXT NOT NULL,    -- which value of the row: '' (the year's), 'cumulative', applicants, …
	unit      TEXT NOT NULL,
	value     REAL,             -- NULL when the cell is blank or unreadable (a finding says so)
	raw       TEXT NOT NULL,    -- the cell as printed
	derived   INTEGER NOT NULL DEFAULT 0, -- 1 when computed by the parser, not printed
	findings  INTEGER NOT NULL DEFAULT 0, -- findings of the report that name this code (see finding_codes)
	PRIMARY KEY (report_id, seq)
) WITHOUT ROWID;

INSERT INTO stat_labels (table_name, section, row_label, column_label)
SELECT table_name, section, row_label, column_label FROM stats
GROUP BY table_name, section, row_label, column_label
ORDER BY table_name, section, row_label, column_label;

INSERT INTO stat_rows (report_id, seq, label_id, code, dim, unit, value, raw, derived, findings)
SELECT s.report_id, s.seq, l.id, s.code, s.dim, s.unit, s.value, s.raw, s.derived, s.findings
FROM stats s JOIN stat_labels l ON l.table_name = s.table_name AND l.section = s.section
	AND l.row_label = s.row_label AND l.column_label = s.column_label
ORDER BY s.report_id, s.seq;

DROP TABLE stats;

CREATE INDEX stats_code ON stat_rows(code, report_id, seq, dim, value, unit, findings);

-- stats: one row per value with its labels, as the table of that name
-- held them before. The LEFT JOIN on stat_labels' key lets PostgreSQL
-- leave the labels out of a query that reads none of them, and SQLite too
-- but in an aggregate (count(*) looks each value's labels up): nianbao's
-- own reads that need no label read stat_rows.
CREATE VIEW stats AS
SELECT s.report_id, s.seq, l.table_name, l.section, s.code, s.dim, l.row_label, l.column_label,
       s.unit, s.value, s.raw, s.derived, s.findings
FROM stat_rows s LEFT JOIN stat_labels l ON l.id = s.label_id;

CREATE VIEW latest_reports AS
SELECT r.id AS report_id, r.agency, r.region, r.region_code, r.region_level, r.agency_kind, r.year, r.template, r.title,
       r.published, r.status, r.error, r.parser_version, r.document_id, d.source, d.final_url,
       d.fetched_at, d.sha256,
       (SELECT count(*) FROM stat_rows s WHERE s.report_id = r.id) AS stats,
       (SELECT count(*) FROM findings f WHERE f.report_id = r.id) AS findings
FROM reports r JOIN documents d ON d.id = r.document_id
WHERE r.latest = 1;

CREATE VIEW stat_values AS
SELECT s.report_id, r.agency, r.region, r.region_code, r.region_level, r.agency_kind, r.year, r.template,
       s.seq, s.table_name, s.section, s.code, s.dim, i.zh AS label_zh, i.en AS label_en,
       s.row_label, s.column_label, s.unit, s.value, s.raw, s.derived,
       d.source, d.final_url, d.sha256, d.fetched_at, s.findings
FROM stats s
JOIN reports r ON r.id = s.report_id AND r.latest = 1
JOIN documents d ON d.id = r.document_id
LEFT JOIN indicators i ON i.code = s.code AND i.dim = s.dim;

CREATE VIEW compare_values AS
SELECT s.code, s.dim, i.zh AS label_zh, i.en AS label_en, r.agency, r.region, r.region_code, r.region_level,
       r.agency_kind, r.year, r.template, s.value, s.unit, s.raw, s.derived, s.row_label,
       s.report_id, s.seq, s.findings
FROM stats s
JOIN reports r ON r.id = s.report_id AND r.latest = 1
LEFT JOIN indicators i ON i.code = s.code AND i.dim = s.dim
WHERE s.code <> '';

UPDATE notes SET note = 'View: one row per value: table, section, indicator code and dim, row and column labels, unit, value (REAL, NULL when missing), raw text, derived, findings on the value; stat_rows with its labels from stat_labels.'
WHERE name = 'stats';
INSERT INTO notes (name, note) VALUES
	('stat_rows', 'One row per value of a report''s statistics tables, in report order (report_id, seq): label_id (its labels in stat_labels), indicator code and dim, unit, value (REAL, NULL when missing), raw text, derived, findings on the value. Read stats for the same rows with their labels.'),
	('stat_labels', 'The labels of values, each combination once: table, section, row and column label as printed; stat_rows.label_id refers to id.');
