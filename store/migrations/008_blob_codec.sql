-- 008_blob_codec: bodies compressed with zstd and a dictionary trained on
-- portal pages. blobs.encoding is the codec ('gzip' or 'zstd');
-- blobs.dict_id names the dictionary a zstd blob needs. Every dictionary
-- ever used stays in dictionaries, so old blobs stay readable when a new
-- one arrives. gzip blobs stay as they are; `nianbao compact` rewrites
-- them.
CREATE TABLE dictionaries (
	id       INTEGER PRIMARY KEY, -- blobs.dict_id; also the id in the zstd dictionary header
	sha256   TEXT NOT NULL UNIQUE, -- hex SHA-256 of data
	size     INTEGER NOT NULL,    -- length of data
	data     BLOB NOT NULL,       -- the zstd dictionary
	added_at TEXT NOT NULL        -- when this file first used it, UTC
);

ALTER TABLE blobs ADD COLUMN dict_id INTEGER REFERENCES dictionaries(id); -- the dictionary of a zstd blob; NULL for gzip

UPDATE notes SET note = 'Each distinct document body once, keyed by the SHA-256 of the bytes as fetched (checked on every read). encoding is the codec: zstd with the dictionary dict_id (see dictionaries), or gzip (written before nianbao 008; nianbao compact rewrites it).'
WHERE name = 'blobs';
INSERT INTO notes (name, note) VALUES
('dictionaries', 'The zstd dictionaries blobs were compressed with, by id (blobs.dict_id), each kept as long as the file: trained on portal pages, they hold the chrome every page repeats.');
