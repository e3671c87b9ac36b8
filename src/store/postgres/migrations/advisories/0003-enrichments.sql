-- claro migration: enrichments
-- Per-CVE enrichment (NVD, EPSS, KEV): no package key, so a table of its own, replaced per updater.
CREATE TABLE enrichments (
  seq bigserial PRIMARY KEY,
  run_id bigint NOT NULL REFERENCES update_runs (run_id),
  updater text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('nvd', 'epss', 'kev')),
  cve text NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX enrichments_by_cve ON enrichments (cve);
CREATE INDEX enrichments_by_updater ON enrichments (updater);
