-- claro migration: index reports first seen
-- When each manifest was first stored, for the dashboard's list (issue 14).
-- `updated_at` moves on every re-index, so it cannot say how long an image has been known. Rows
-- from before this migration take their `updated_at`: the earliest time still on record. (PostgreSQL's default covers an instance of an older claro
-- still inserting during a rolling upgrade.)
ALTER TABLE index_reports ADD COLUMN first_seen TEXT;
UPDATE index_reports SET first_seen = updated_at;
CREATE INDEX index_reports_updated ON index_reports (updated_at);
