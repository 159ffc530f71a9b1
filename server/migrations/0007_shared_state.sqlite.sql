-- What several server processes on one database must share, and citizens' rights over their contact data.
--
-- Limits on guessing PINs and passwords: one row per counted key (a code, a username, an address, each only
-- as a keyed hash), with its failures in the current window. Times here are microseconds since 1970, not
-- stored timestamps: the rows are counters, deleted once their window has passed.
CREATE TABLE guess_counts (
    key_hash TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    max_failures INTEGER NOT NULL,
    window_ends INTEGER NOT NULL
);
CREATE INDEX guess_counts_window ON guess_counts (window_ends);

-- The per-address write limit (GCRA): the theoretical arrival time of the address's next write. A row is
-- deleted once its quota has refilled.
CREATE TABLE write_limits (
    key_hash TEXT PRIMARY KEY,
    tat INTEGER NOT NULL
);
CREATE INDEX write_limits_tat ON write_limits (tat);

-- The key of one day's rating dedupe tokens, made at random by the first process that needs it and deleted
-- once the day (in Vietnam) is over.
CREATE TABLE dedupe_keys (
    day TEXT PRIMARY KEY,
    secret TEXT NOT NULL
);

-- How long an agency keeps the contact data of finished questions.
ALTER TABLE agencies ADD COLUMN contact_retention_days INTEGER NOT NULL DEFAULT 730;
-- When the contact data (name, email, phone, consent) was erased, and why: 'citizen' or 'retention'.
ALTER TABLE questions ADD COLUMN contact_erased_at TEXT;
ALTER TABLE questions ADD COLUMN contact_erased_by TEXT;
