CREATE TABLE agencies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE agency_origins (
    agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
    origin TEXT NOT NULL,
    PRIMARY KEY (agency_id, origin)
);

CREATE TABLE topics (
    agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (agency_id, slug)
);

CREATE TABLE questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id INTEGER NOT NULL REFERENCES agencies(id),
    tracking_code TEXT NOT NULL UNIQUE,
    pin_hash TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    topic TEXT,
    name TEXT,
    email TEXT,
    phone TEXT,
    consent_at TEXT,
    lang TEXT NOT NULL,
    channel TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    published_at TEXT
);
CREATE INDEX questions_published ON questions (agency_id, published_at);

CREATE TABLE idempotency_keys (
    agency_id INTEGER NOT NULL REFERENCES agencies(id),
    key_hash TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    question_id INTEGER NOT NULL REFERENCES questions(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (agency_id, key_hash)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

CREATE TABLE server_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
