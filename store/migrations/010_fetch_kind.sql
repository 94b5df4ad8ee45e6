-- 010_fetch_kind: the fetch log says what each request fetched (listing,
-- listing-api, report, attachment, correction; NULL for robots.txt and
-- rows logged before this migration), so that a run's list-interface
-- requests are one query: SELECT url FROM fetches WHERE kind = 'listing-api'.
ALTER TABLE fetches ADD COLUMN kind TEXT; -- listing, listing-api, report, attachment, correction; NULL for robots.txt

UPDATE notes SET note = 'The fetch log: one row per HTTP request (retries included) or URL skipped, with its run, kind (listing, listing-api, report, attachment, correction), time, status, bytes, duration and error.'
WHERE name = 'fetches';
