-- 006_corrections: corrections and errata to reports (关于2020年度…年度
-- 报告的更正说明, 勘误), which annual-report columns list among the
-- reports. The crawler keeps each one as a URL of kind 'correction':
-- archived in documents, never parsed into reports, and linked to the
-- report it corrects when it could tell which.

ALTER TABLE urls ADD COLUMN corrects_url TEXT; -- kind 'correction': the report URL it corrects (urls.url); NULL when not known

-- corrections: each correction with the report it corrects.
CREATE VIEW corrections AS
SELECT c.url, c.site, c.agency, c.title, c.year, c.first_seen, c.fetched_at, c.gone_at,
       c.document_id, c.corrects_url, r.title AS report_title, r.document_id AS report_document_id,
       rep.id AS report_id, rep.agency AS report_agency, rep.year AS report_year
FROM urls c
LEFT JOIN urls r ON r.url = c.corrects_url
LEFT JOIN reports rep ON rep.document_id = r.document_id
WHERE c.kind = 'correction';

UPDATE notes SET note = 'One row per URL the crawler fetched, by kind: listing, report, attachment, or correction (a correction or erratum to a report, with corrects_url naming the report when known): its last HTTP answer, ETag and Last-Modified for the next conditional GET, the archived document, and gone_at when a 404/410 answered where it was seen before.'
WHERE name = 'urls';
INSERT INTO notes (name, note) VALUES
	('corrections', 'View: corrections and errata to reports found in the columns crawled (kind correction in urls): title, year, the archived document (not parsed into reports), and the report corrected: corrects_url, its archived document and its report row when known.');
