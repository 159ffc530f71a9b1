-- The audit log and the outbox are about a subject, a kind and a row's id ('question', 42), so that
-- ratings and consultations get the same guarantees. Existing rows are about questions. SQLite cannot drop
-- a column that a foreign key names, so both tables are copied into their new shape.

CREATE TABLE audit_log_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id INTEGER NOT NULL REFERENCES agencies(id),
    staff_id INTEGER REFERENCES staff(id),
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    -- None for a change to the agency's own settings.
    subject_kind TEXT,
    subject_id INTEGER,
    detail TEXT NOT NULL
);
INSERT INTO audit_log_new (id, agency_id, staff_id, at, action, subject_kind, subject_id, detail)
    SELECT id, agency_id, staff_id, at, action, CASE WHEN question_id IS NULL THEN NULL ELSE 'question' END,
        question_id, detail
    FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_new RENAME TO audit_log;
CREATE INDEX audit_log_agency ON audit_log (agency_id, id);
CREATE INDEX audit_log_subject ON audit_log (subject_kind, subject_id);

CREATE TABLE outbox_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    subject_kind TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    claimed_until TEXT,
    sent_at TEXT,
    last_error TEXT
);
INSERT INTO outbox_new (id, subject_kind, subject_id, recipient, subject, body, created_at, attempts,
        next_attempt_at, claimed_until, sent_at, last_error)
    SELECT id, 'question', question_id, recipient, subject, body, created_at, attempts, next_attempt_at,
        claimed_until, sent_at, last_error
    FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox (sent_at, next_attempt_at);
CREATE INDEX outbox_subject ON outbox (subject_kind, subject_id);
