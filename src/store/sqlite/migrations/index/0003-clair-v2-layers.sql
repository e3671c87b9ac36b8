-- claro migration: clair v2 layers by caller-chosen name
CREATE TABLE v2_layers (
  name TEXT PRIMARY KEY,
  parent_name TEXT REFERENCES v2_layers (name) ON DELETE CASCADE,
  path TEXT NOT NULL,
  namespace TEXT NOT NULL,
  format TEXT NOT NULL,
  indexed_by_version INTEGER NOT NULL,
  extract BLOB NOT NULL,
  error TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX v2_layers_parent ON v2_layers (parent_name);
