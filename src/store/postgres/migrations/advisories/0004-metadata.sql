-- claro migration: metadata
-- Facts about the database as a whole (the registry artifact it was pulled from): key/value rows.
CREATE TABLE metadata (key text PRIMARY KEY, value text NOT NULL, updated_at timestamptz NOT NULL);
