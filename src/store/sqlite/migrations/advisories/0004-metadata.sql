-- claro migration: metadata
-- Facts about the database as a whole (the registry artifact it was pulled from): key/value rows.
CREATE TABLE metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL);
