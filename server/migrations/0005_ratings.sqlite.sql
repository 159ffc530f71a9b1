-- Ratings of the agency's online information (Decree 42/2022 Art. 8.1.d). Nothing that identifies a person
-- is stored: no address, no user agent. `dedupe_token` is a keyed hash of (address prefix, page, day) under
-- a key that changes every day and is then forgotten, so a second rating from the same place for the same
-- page on the same day replaces the first, and nobody can later tell where a rating came from.
CREATE TABLE ratings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id INTEGER NOT NULL REFERENCES agencies(id),
    -- The page rated (origin and path); none for the agency as a whole.
    page TEXT,
    -- 1 yes, 0 no: "was the information on this page useful?"
    helpful INTEGER,
    interface INTEGER,
    content INTEGER,
    quality INTEGER,
    support INTEGER,
    comment TEXT,
    lang TEXT NOT NULL,
    created_at TEXT NOT NULL,
    dedupe_token TEXT NOT NULL,
    -- The client's Idempotency-Key and body, as hashes.
    key_hash TEXT,
    request_hash TEXT,
    comment_published_at TEXT,
    UNIQUE (agency_id, dedupe_token)
);
CREATE UNIQUE INDEX ratings_key ON ratings (agency_id, key_hash);
CREATE INDEX ratings_page ON ratings (agency_id, page, created_at);
CREATE INDEX ratings_created ON ratings (agency_id, created_at);
