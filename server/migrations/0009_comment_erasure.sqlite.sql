-- Why a comment's contact details were erased: `citizen` (with code and PIN) or `retention` (the hourly job),
-- as for questions, so staff are told the truth. Before this migration only commenters could erase them.
ALTER TABLE consultation_comments ADD COLUMN contact_erased_by TEXT;
UPDATE consultation_comments SET contact_erased_by = 'citizen' WHERE contact_erased_at IS NOT NULL;
-- What staff search matches, lowercased in Rust (Unicode-aware, unlike SQLite's LOWER): the body, and the
-- name until it is erased. Filled for earlier comments by the migration's Rust half.
ALTER TABLE consultation_comments ADD COLUMN body_search TEXT;
ALTER TABLE consultation_comments ADD COLUMN name_search TEXT;
