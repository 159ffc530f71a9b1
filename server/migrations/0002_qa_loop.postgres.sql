-- The question-and-answer loop: staff, units, the lifecycle's timeline, the audit log and the mail outbox.

ALTER TABLE agencies ADD COLUMN handling_days BIGINT NOT NULL DEFAULT 10;
-- Where the agency's tracker widget lives, for links in notification mails.
ALTER TABLE agencies ADD COLUMN tracker_url TEXT;

CREATE TABLE holidays (
    agency_id BIGINT NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    PRIMARY KEY (agency_id, day)
);

CREATE TABLE units (
    agency_id BIGINT NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (agency_id, slug)
);

CREATE TABLE staff (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id BIGINT NOT NULL REFERENCES agencies(id),
    username TEXT NOT NULL,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    disabled_at TEXT,
    UNIQUE (agency_id, username)
);

-- Only a hash of each session token is kept, so a copy of the database opens no session.
CREATE TABLE staff_sessions (
    token_hash TEXT PRIMARY KEY,
    staff_id BIGINT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX staff_sessions_expiry ON staff_sessions (expires_at);

ALTER TABLE questions ADD COLUMN due_date TEXT;
ALTER TABLE questions ADD COLUMN unit TEXT;
ALTER TABLE questions ADD COLUMN answer TEXT;
ALTER TABLE questions ADD COLUMN answered_at TEXT;
ALTER TABLE questions ADD COLUMN duplicate_of TEXT;
ALTER TABLE questions ADD COLUMN transferred_to BIGINT REFERENCES agencies(id);
ALTER TABLE questions ADD COLUMN hidden_at TEXT;
ALTER TABLE questions ADD COLUMN hidden_reason TEXT;
-- Title and body in lowercase, for staff search: SQL's LOWER() leaves Vietnamese capitals (Đ, Ơ…) alone on
-- SQLite, so the server computes it.
ALTER TABLE questions ADD COLUMN search_text TEXT;
ALTER TABLE questions ADD COLUMN recorded_by BIGINT REFERENCES staff(id);
CREATE INDEX questions_queue ON questions (agency_id, status, due_date);

-- Each state a question passed through: the citizen sees status, time and public note.
CREATE TABLE question_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    question_id BIGINT NOT NULL REFERENCES questions(id),
    status TEXT NOT NULL,
    at TEXT NOT NULL,
    staff_id BIGINT REFERENCES staff(id),
    public_note TEXT,
    internal_note TEXT
);
CREATE INDEX question_events_question ON question_events (question_id, id);
INSERT INTO question_events (question_id, status, at) SELECT id, 'received', created_at FROM questions;

CREATE TABLE audit_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id BIGINT NOT NULL REFERENCES agencies(id),
    staff_id BIGINT REFERENCES staff(id),
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    question_id BIGINT REFERENCES questions(id),
    detail TEXT NOT NULL
);
CREATE INDEX audit_log_agency ON audit_log (agency_id, id);

-- Mail to citizens, written in the same transaction as the change it reports and sent by a worker.
CREATE TABLE outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    question_id BIGINT NOT NULL REFERENCES questions(id),
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    claimed_until TEXT,
    sent_at TEXT,
    last_error TEXT
);
CREATE INDEX outbox_pending ON outbox (sent_at, next_attempt_at);
