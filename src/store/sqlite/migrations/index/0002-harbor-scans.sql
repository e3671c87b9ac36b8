-- claro migration: harbor scan jobs and reports
CREATE TABLE harbor_scans (
  id TEXT PRIMARY KEY,
  request TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed')),
  error TEXT,
  report TEXT,
  sbom TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX harbor_scans_created ON harbor_scans (created_at);
