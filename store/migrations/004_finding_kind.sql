-- 004_finding_kind: every finding says whose side it is on: source (the
-- document contradicts itself: its sums, its prose against its table, its
-- dates), reading (nianbao has no number for a cell, or could not read a
-- part of the document) or metadata (what the document is: agency, year,
-- format, labels, units, charset). The parser sets the kind from the rule
-- (parser/kind.go); rows already stored get it here, from the same table
-- (store's TestMigrationBackfillsKind checks the two agree). A rule this
-- list does not name is reading, as in the parser.
--
-- Blank cells were one warning each (rule blank-cell) before parser 0.5.0
-- and are one info per table (blank-cells) since: stored reports keep
-- their blank-cell rows until `nianbao reparse`.

-- The comment sits inside the column's definition: SQLite keeps that
-- text in sqlite_schema (after codes, whose comment ends the line).
ALTER TABLE findings ADD COLUMN kind /* source, reading or metadata: whose side the finding is on, from its rule */ TEXT NOT NULL DEFAULT 'reading';

UPDATE findings SET kind = CASE rule
	WHEN 'applicant-total' THEN 'source'
	WHEN 'litigation-after_review-outcomes' THEN 'source'
	WHEN 'litigation-direct-outcomes' THEN 'source'
	WHEN 'litigation-outcomes' THEN 'source'
	WHEN 'proactive-channels' THEN 'source'
	WHEN 'prose-vs-table' THEN 'source'
	WHEN 'published-before-year-end' THEN 'source'
	WHEN 'refusal-reasons' THEN 'source'
	WHEN 'request-answers' THEN 'source'
	WHEN 'request-balance' THEN 'source'
	WHEN 'request-channels' THEN 'source'
	WHEN 'requests-closed' THEN 'source'
	WHEN 'results-total' THEN 'source'
	WHEN 'review-outcomes' THEN 'source'
	WHEN 'staff' THEN 'source'
	WHEN 'blank-cell' THEN 'reading'
	WHEN 'blank-cells' THEN 'reading'
	WHEN 'blank-total' THEN 'reading'
	WHEN 'duplicate-row' THEN 'reading'
	WHEN 'extra-cells' THEN 'reading'
	WHEN 'fee-sentence' THEN 'reading'
	WHEN 'glued-cells' THEN 'reading'
	WHEN 'glued-split' THEN 'reading'
	WHEN 'grid-too-large' THEN 'reading'
	WHEN 'image-only' THEN 'reading'
	WHEN 'missing-cell' THEN 'reading'
	WHEN 'missing-rows' THEN 'reading'
	WHEN 'needs-libreoffice' THEN 'reading'
	WHEN 'no-header' THEN 'reading'
	WHEN 'no-number' THEN 'reading'
	WHEN 'no-table' THEN 'reading'
	WHEN 'short-row' THEN 'reading'
	WHEN 'truncated' THEN 'reading'
	WHEN 'unknown-row' THEN 'reading'
	WHEN 'unreadable-cell' THEN 'reading'
	WHEN 'charset-fallback' THEN 'metadata'
	WHEN 'listing-page' THEN 'metadata'
	WHEN 'mixed-labels' THEN 'metadata'
	WHEN 'no-agency' THEN 'metadata'
	WHEN 'no-year' THEN 'metadata'
	WHEN 'old-format' THEN 'metadata'
	WHEN 'old-labels' THEN 'metadata'
	WHEN 'template-guessed' THEN 'metadata'
	WHEN 'unit-assumed' THEN 'metadata'
	ELSE 'reading' END;

-- report_findings: the counts by kind join the counts by severity, so
-- that a report no longer ranks high because nianbao could not read it.
-- source_warnings counts the source findings of severity warning or
-- error: the numbers that disagree (a source info is a check that could
-- not run, or channels that add up to more, which is allowed).
DROP VIEW report_findings;
CREATE VIEW report_findings AS
SELECT r.id AS report_id, r.agency, r.region, r.year, r.template, r.status,
       count(f.seq) AS findings,
       count(CASE WHEN f.severity = 'error' THEN 1 END) AS errors,
       count(CASE WHEN f.severity = 'warning' THEN 1 END) AS warnings,
       count(CASE WHEN f.severity = 'info' THEN 1 END) AS infos,
       count(CASE WHEN f.kind = 'source' THEN 1 END) AS source_findings,
       count(CASE WHEN f.kind = 'reading' THEN 1 END) AS reading_findings,
       count(CASE WHEN f.kind = 'metadata' THEN 1 END) AS metadata_findings,
       count(CASE WHEN f.kind = 'source' AND f.severity IN ('warning', 'error') THEN 1 END) AS source_warnings,
       coalesce(group_concat(DISTINCT f.rule), '') AS rules,
       d.source
FROM reports r
JOIN documents d ON d.id = r.document_id
LEFT JOIN findings f ON f.report_id = r.id
WHERE r.latest = 1
GROUP BY r.id;

UPDATE notes SET note = 'Validation findings per report: rule, severity, kind (source: the document contradicts itself; reading: nianbao has no number for a cell or could not read a part; metadata: agency, year, format, labels), message, codes (JSON array).'
WHERE name = 'findings';
UPDATE notes SET note = 'View: each current report with its findings counted by severity (errors, warnings, infos) and by kind (source_findings, reading_findings, metadata_findings; source_warnings: source findings of severity warning or error) and the rules that fired, e.g. SELECT agency, year, source_warnings, rules FROM report_findings WHERE source_warnings > 0 ORDER BY source_warnings DESC.'
WHERE name = 'report_findings';
