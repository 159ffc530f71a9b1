-- Consultations on draft legal documents (Decree 42/2022 Art. 8.1.c). The draft is kept as the text staff
-- pasted and as the tree the domain's parser made of it (JSON), so a read never parses again.
CREATE TABLE consultations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id BIGINT NOT NULL REFERENCES agencies(id),
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    document_type TEXT NOT NULL,
    drafting_unit TEXT NOT NULL,
    -- The draft as pasted, and as parsed (domain::Draft as JSON).
    source_text TEXT NOT NULL,
    draft TEXT NOT NULL,
    -- JSON arrays: attachments by address, and the public notes of period changes.
    attachments TEXT NOT NULL,
    notes TEXT NOT NULL,
    opens_at TEXT NOT NULL,
    closes_at TEXT NOT NULL,
    report_expected_by TEXT,
    report_published_at TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (agency_id, slug)
);

-- A comment on an article (or, with no article, on the whole draft). Only a comment made while the
-- consultation was open is ever stored. Name and email are personal data: erased on the commenter's request.
CREATE TABLE consultation_comments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    consultation_id BIGINT NOT NULL REFERENCES consultations(id),
    tracking_code TEXT NOT NULL UNIQUE,
    pin_hash TEXT NOT NULL,
    article BIGINT,
    clause BIGINT,
    stance TEXT NOT NULL,
    body TEXT NOT NULL,
    -- individual | organisation; an organisation's name is always public, an individual's only with publish_name.
    commenter TEXT NOT NULL,
    name TEXT,
    publish_name BIGINT NOT NULL,
    email TEXT,
    consent_at TEXT,
    contact_erased_at TEXT,
    lang TEXT NOT NULL,
    -- received | published | hidden
    status TEXT NOT NULL,
    hidden_reason TEXT,
    -- The lead comment's id when grouped with identical ones; the lead points to itself.
    group_id BIGINT,
    outcome TEXT,
    explanation TEXT,
    responded_at TEXT,
    -- The client's Idempotency-Key and body, as hashes.
    key_hash TEXT,
    request_hash TEXT,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX consultation_comments_key ON consultation_comments (consultation_id, key_hash);
CREATE INDEX consultation_comments_article ON consultation_comments (consultation_id, article, status);
