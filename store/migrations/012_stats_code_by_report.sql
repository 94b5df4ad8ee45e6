-- 012_stats_code_by_report: stats_code ordered by code, then report.
-- Ordered by code and dim, each report's values went into the index at
-- the end of one run per code and dim, some 230 places a report, and a
-- crawl's writer spent a third of its time there; ordered by code and
-- report they go to the end of one run per code. Comparing one code
-- still reads the index alone (every column it reads is in it) and sorts
-- the values by dim itself (DB.Compare).
DROP INDEX stats_code;
CREATE INDEX stats_code ON stats(code, report_id, seq, dim, value, unit, findings);
