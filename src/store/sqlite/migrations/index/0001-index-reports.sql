-- claro migration: index reports by manifest
CREATE TABLE index_reports (
  manifest TEXT PRIMARY KEY,
  state TEXT NOT NULL CHECK (state IN ('CheckManifest', 'FetchLayers', 'ScanLayers', 'Coalesce', 'IndexManifest', 'IndexFinished', 'IndexError')),
  error TEXT,
  index_state TEXT NOT NULL,
  report TEXT,
  updated_at TEXT NOT NULL
);
