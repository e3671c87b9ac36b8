-- claro migration: enrichments
-- Per-CVE enrichment (NVD, EPSS, KEV): no package key, so a table of its own, replaced per updater.
CREATE TABLE enrichments (
  seq INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES update_runs (run_id),
  updater TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('nvd', 'epss', 'kev')),
  cve TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX enrichments_by_cve ON enrichments (cve);
CREATE INDEX enrichments_by_updater ON enrichments (updater);
