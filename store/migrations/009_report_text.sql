-- 009_report_text: the prose of each report for full-text search (nianbao
-- serve's search page): its title and sections 五 and 六, indexed by
-- SQLite FTS5 with the trigram tokenizer, which finds any run of three or
-- more characters and so works for Chinese without a word list. rowid is
-- reports.id. Written with the report (save, import, crawl, reparse);
-- reports stored before this migration get their row at `nianbao
-- reparse`.
CREATE VIRTUAL TABLE report_text USING fts5(title, prose, tokenize = 'trigram');

-- What the pages of nianbao serve count on every request, read from
-- indexes instead of the tables: current reports by province, year and
-- status (overview, region lists), and findings by rule, kind and
-- severity (the overview's counts, the findings page's ranking and rule
-- list; report_id rides along as part of the findings key).
CREATE INDEX reports_latest ON reports(latest, region_code, year, status, region_level, agency_kind);
CREATE INDEX findings_rule ON findings(rule, kind, severity);

INSERT INTO notes (name, note) VALUES
	('report_text', 'Full-text index (FTS5, trigram tokenizer) of each report''s title and prose (sections 五 and 六); rowid is reports.id, e.g. SELECT rowid, snippet(report_text, 1, ''['', '']'', ''…'', 12) FROM report_text WHERE report_text MATCH ''"信息处理费"''. Filled when a report is saved or reparsed.'),
	('report_text_data', 'FTS5''s storage of report_text (its index segments); read report_text instead.'),
	('report_text_idx', 'FTS5''s storage of report_text (its segment directory); read report_text instead.'),
	('report_text_content', 'FTS5''s storage of report_text (the text indexed); read report_text instead.'),
	('report_text_docsize', 'FTS5''s storage of report_text (token counts per row); read report_text instead.'),
	('report_text_config', 'FTS5''s storage of report_text (its settings); read report_text instead.');
