-- claro migration: initial
-- The CHECK lists are spelled out rather than generated from FIX_STATUSES/SEVERITIES so that a
-- later change to those constants cannot silently alter what an old migration meant.
CREATE TABLE update_runs (
  run_id bigserial PRIMARY KEY,
  updater text NOT NULL,
  fingerprint text,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('changed', 'unchanged', 'failed')),
  record_count integer NOT NULL CHECK (record_count >= 0),
  error text
);
CREATE INDEX update_runs_by_updater ON update_runs (updater, run_id);

CREATE TABLE advisories (
  seq bigserial PRIMARY KEY,
  run_id bigint NOT NULL REFERENCES update_runs (run_id),
  updater text NOT NULL,
  id text NOT NULL,
  aliases jsonb NOT NULL,
  namespace text NOT NULL,
  package_name text NOT NULL,
  package_kind text NOT NULL CHECK (package_kind IN ('source', 'binary')),
  version_scheme text NOT NULL,
  status text NOT NULL CHECK (status IN ('fixed', 'affected', 'will_not_fix', 'fix_deferred', 'end_of_life', 'not_affected')),
  fixed_version text,
  introduced_version text,
  severity text NOT NULL CHECK (severity IN ('unknown', 'negligible', 'low', 'medium', 'high', 'critical')),
  vendor_severity text,
  cvss jsonb NOT NULL,
  description text,
  links jsonb NOT NULL
);
CREATE INDEX advisories_by_package ON advisories (namespace, package_name, package_kind);
CREATE INDEX advisories_by_updater ON advisories (updater);
