-- claro migration: index reports by manifest
CREATE TABLE index_reports (
  manifest text PRIMARY KEY,
  state text NOT NULL CHECK (state IN ('CheckManifest', 'FetchLayers', 'ScanLayers', 'Coalesce', 'IndexManifest', 'IndexFinished', 'IndexError')),
  error text,
  index_state text NOT NULL,
  report jsonb,
  updated_at timestamptz NOT NULL
);
