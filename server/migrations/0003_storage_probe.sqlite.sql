-- One row that /readyz updates to prove the database takes a write right now.
CREATE TABLE storage_probe (
    id INTEGER PRIMARY KEY,
    checked_at TEXT NOT NULL
);
INSERT INTO storage_probe (id, checked_at) VALUES (1, '1970-01-01T00:00:00Z');
