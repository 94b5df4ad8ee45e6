-- report_findings: each current report with its findings counted by
-- severity and the rules that fired, so that one query shows whose
-- numbers are odd:
--   SELECT agency, year, errors, warnings, rules FROM report_findings
--   ORDER BY errors DESC, warnings DESC;
CREATE VIEW report_findings AS
SELECT r.id AS report_id, r.agency, r.region, r.year, r.template, r.status,
       count(f.seq) AS findings,
       count(CASE WHEN f.severity = 'error' THEN 1 END) AS errors,
       count(CASE WHEN f.severity = 'warning' THEN 1 END) AS warnings,
       count(CASE WHEN f.severity = 'info' THEN 1 END) AS infos,
       coalesce(group_concat(DISTINCT f.rule), '') AS rules,
       d.source
FROM reports r
JOIN documents d ON d.id = r.document_id
LEFT JOIN findings f ON f.report_id = r.id
WHERE r.latest = 1
GROUP BY r.id;

INSERT INTO notes (name, note) VALUES
	('report_findings', 'View: each current report with its findings counted by severity (errors, warnings, infos) and the rules that fired, e.g. SELECT agency, year, errors, warnings, rules FROM report_findings ORDER BY errors DESC, warnings DESC.');
