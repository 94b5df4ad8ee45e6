-- 005_identity: a report is identified by agency, region and year. Each
-- report gets the GB/T 2260 code of its region, the tier of its agency
-- and the kind of agency, and the views analysts query carry them, so
-- that "all county governments of Jiangsu" is
--   SELECT * FROM latest_reports WHERE region_code LIKE '32%'
--     AND region_level = 'county' AND agency_kind = 'government';
-- version_key and latest of existing rows are recomputed by nianbao
-- (Go, from the stored agency, title and region) right after this file,
-- in the same transaction.

ALTER TABLE reports ADD COLUMN region_code TEXT;  -- six-digit GB/T 2260 code of the deepest division known (320000, 321300, 321322); NULL when unknown
ALTER TABLE reports ADD COLUMN region_level TEXT; -- tier of the agency: province, prefecture, county, township; NULL when unknown
ALTER TABLE reports ADD COLUMN agency_kind TEXT;  -- government, office (its 办公室/办公厅), department; NULL when unknown
CREATE INDEX reports_region ON reports(region_code, region_level, agency_kind);

DROP VIEW latest_reports;
CREATE VIEW latest_reports AS
SELECT r.id AS report_id, r.agency, r.region, r.region_code, r.region_level, r.agency_kind, r.year, r.template, r.title,
       r.published, r.status, r.error, r.parser_version, r.document_id, d.source, d.final_url,
       d.fetched_at, d.sha256,
       (SELECT count(*) FROM stats s WHERE s.report_id = r.id) AS stats,
       (SELECT count(*) FROM findings f WHERE f.report_id = r.id) AS findings
FROM reports r JOIN documents d ON d.id = r.document_id
WHERE r.latest = 1;

-- role: current (latest = 1); superseded (a later fetch of the same
-- source has the same identity); alternative (another source's reading
-- of the same report, less complete than the current one).
DROP VIEW report_versions;
CREATE VIEW report_versions AS
SELECT r.id AS report_id, r.version_key, r.agency, r.region, r.region_code, r.year, r.template, r.status,
       r.latest, row_number() OVER (PARTITION BY r.version_key ORDER BY d.fetched_at, d.id) AS version,
       CASE WHEN r.latest = 1 THEN 'current'
            WHEN EXISTS (SELECT 1 FROM reports r2 JOIN documents d2 ON d2.id = r2.document_id
                         WHERE r2.version_key = r.version_key AND d2.source = d.source
                           AND (r2.fetched_at > r.fetched_at OR (r2.fetched_at = r.fetched_at AND r2.document_id > r.document_id)))
            THEN 'superseded' ELSE 'alternative' END AS role,
       r.document_id, d.previous_id, d.source, d.fetched_at, d.sha256
FROM reports r JOIN documents d ON d.id = r.document_id;

DROP VIEW stat_values;
CREATE VIEW stat_values AS
SELECT s.report_id, r.agency, r.region, r.region_code, r.region_level, r.agency_kind, r.year, r.template,
       s.seq, s.table_name, s.section, s.code, s.dim, i.zh AS label_zh, i.en AS label_en,
       s.row_label, s.column_label, s.unit, s.value, s.raw, s.derived,
       d.source, d.final_url, d.sha256, d.fetched_at, s.findings
FROM stats s
JOIN reports r ON r.id = s.report_id AND r.latest = 1
JOIN documents d ON d.id = r.document_id
LEFT JOIN indicators i ON i.code = s.code AND i.dim = s.dim;

DROP VIEW compare_values;
CREATE VIEW compare_values AS
SELECT s.code, s.dim, i.zh AS label_zh, i.en AS label_en, r.agency, r.region, r.region_code, r.region_level,
       r.agency_kind, r.year, r.template, s.value, s.unit, s.raw, s.derived, s.row_label,
       s.report_id, s.seq, s.findings
FROM stats s
JOIN reports r ON r.id = s.report_id AND r.latest = 1
LEFT JOIN indicators i ON i.code = s.code AND i.dim = s.dim
WHERE s.code <> '';

UPDATE notes SET note = 'What the parser read from one document: agency, region (as given), region_code (GB/T 2260), region_level (province, prefecture, county, township), agency_kind (government, office, department), year, template, title, published date, parser version, status (ok, partial, no table, failed). A report is identified by agency, region and year (version_key); latest = 1 marks the current version of each: the most complete reading among the latest fetch of each source.'
WHERE name = 'reports';
UPDATE notes SET note = 'View: the current version of each agency × region × year with region_code, region_level, agency_kind, its source and counts of values and findings.'
WHERE name = 'latest_reports';
UPDATE notes SET note = 'View: every report with its version number within agency × region × year and its role: current, superseded (a later fetch of the same source), alternative (another source, less complete).'
WHERE name = 'report_versions';
UPDATE notes SET note = 'View: one row per value of the current reports, with agency, region, region_code, region_level, agency_kind, year, template, labels, unit, value, source, fetched_at and the number of findings on the value.'
WHERE name = 'stat_values';
UPDATE notes SET note = 'View: the values of one indicator code and dim across agencies, templates and years, e.g. SELECT agency, region_code, year, value FROM compare_values WHERE code = ''proactive.total'' AND region_code LIKE ''32%'' AND region_level = ''county'' AND agency_kind = ''government'' ORDER BY agency, year.'
WHERE name = 'compare_values';
