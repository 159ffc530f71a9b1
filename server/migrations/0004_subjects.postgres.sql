-- The audit log and the outbox are about a subject, a kind and a row's id ('question', 42), so that
-- ratings and consultations get the same guarantees. Existing rows are about questions.

ALTER TABLE audit_log ADD COLUMN subject_kind TEXT;
ALTER TABLE audit_log ADD COLUMN subject_id BIGINT;
UPDATE audit_log SET subject_kind = 'question', subject_id = question_id WHERE question_id IS NOT NULL;
ALTER TABLE audit_log DROP COLUMN question_id;
CREATE INDEX audit_log_subject ON audit_log (subject_kind, subject_id);

ALTER TABLE outbox ADD COLUMN subject_kind TEXT;
ALTER TABLE outbox ADD COLUMN subject_id BIGINT;
UPDATE outbox SET subject_kind = 'question', subject_id = question_id;
ALTER TABLE outbox ALTER COLUMN subject_kind SET NOT NULL;
ALTER TABLE outbox ALTER COLUMN subject_id SET NOT NULL;
ALTER TABLE outbox DROP COLUMN question_id;
CREATE INDEX outbox_subject ON outbox (subject_kind, subject_id);
