-- claro migration: clair v2 layers by caller-chosen name
CREATE TABLE v2_layers (
  name text PRIMARY KEY,
  parent_name text REFERENCES v2_layers (name) ON DELETE CASCADE,
  path text NOT NULL,
  namespace text NOT NULL,
  format text NOT NULL,
  indexed_by_version integer NOT NULL,
  extract bytea NOT NULL,
  error text,
  created_at timestamptz NOT NULL
);
CREATE INDEX v2_layers_parent ON v2_layers (parent_name);
