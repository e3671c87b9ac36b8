-- claro migration: harbor scan jobs and reports
CREATE TABLE harbor_scans (
  id text PRIMARY KEY,
  request jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed')),
  error text,
  report jsonb,
  sbom jsonb,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX harbor_scans_created ON harbor_scans (created_at);
