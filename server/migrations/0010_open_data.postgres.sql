-- Open data (Decree 42/2022 Art. 8.1.đ, 9), the "same question" +1 and following by email (Art. 8.1.b).
-- What the public archive's search matches: title and question, and the answer apart (it is searched only
-- once it shows), lowercased without diacritics and with đ as d, written in Rust (SQLite's LOWER knows only
-- ASCII), so "giay phep" finds "giấy phép". Filled for earlier questions by the migration's Rust half.
ALTER TABLE questions ADD COLUMN search_folded TEXT;
ALTER TABLE questions ADD COLUMN answer_folded TEXT;
-- How many places said "I have the same question", kept with the question so lists and the queue sort by it.
ALTER TABLE questions ADD COLUMN same_question_count BIGINT NOT NULL DEFAULT 0;
-- One +1 per place per day: the rating dedupe's token (a keyed hash of address prefix, question and day under
-- a key forgotten when the day ends), never an address.
CREATE TABLE same_questions (
    question_id BIGINT NOT NULL REFERENCES questions(id),
    dedupe_token TEXT NOT NULL,
    day TEXT NOT NULL,
    PRIMARY KEY (question_id, dedupe_token)
);
-- A citizen's address, left with consent, to be told when a question's answer changes (subject_kind
-- 'question') or a consultation's report is published ('consultation'). Ending it (one click, or the
-- retention job) erases the address and records when and why.
CREATE TABLE follows (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id BIGINT NOT NULL REFERENCES agencies(id),
    subject_kind TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    email TEXT,
    lang TEXT NOT NULL,
    consent_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    ended_at TEXT,
    ended_by TEXT
);
CREATE INDEX follows_subject ON follows (subject_kind, subject_id);
-- Each mail to a follower carries its own unsubscribe token; only the token's SHA-256 is stored.
CREATE TABLE follow_tokens (
    token_hash TEXT PRIMARY KEY,
    follow_id BIGINT NOT NULL REFERENCES follows(id)
);
-- The one-click unsubscribe link of a mail (RFC 8058), sent as its List-Unsubscribe header.
ALTER TABLE outbox ADD COLUMN unsubscribe_url TEXT;
