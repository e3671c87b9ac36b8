-- claro migration: initial
-- The CHECK lists are spelled out rather than generated from FIX_STATUSES/SEVERITIES so that a
-- later change to those constants cannot silently alter what an old migration meant.
CREATE TABLE update_runs (
  run_id INTEGER PRIMARY KEY AUTOINCREMENT,
  updater TEXT NOT NULL,
  fingerprint TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('changed', 'unchanged', 'failed')),
  record_count INTEGER NOT NULL CHECK (record_count >= 0),
  error TEXT
);
CREATE INDEX update_runs_by_updater ON update_runs (updater, run_id);

CREATE TABLE advisories (
  seq INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES update_runs (run_id),
  updater TEXT NOT NULL,
  id TEXT NOT NULL,
  aliases TEXT NOT NULL,
  namespace TEXT NOT NULL,
  package_name TEXT NOT NULL,
  package_kind TEXT NOT NULL CHECK (package_kind IN ('source', 'binary')),
  version_scheme TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('fixed', 'affected', 'will_not_fix', 'fix_deferred', 'end_of_life', 'not_affected')),
  fixed_version TEXT,
  introduced_version TEXT,
  severity TEXT NOT NULL CHECK (severity IN ('unknown', 'negligible', 'low', 'medium', 'high', 'critical')),
  vendor_severity TEXT,
  cvss TEXT NOT NULL,
  description TEXT,
  links TEXT NOT NULL
);
CREATE INDEX advisories_by_package ON advisories (namespace, package_name, package_kind);
CREATE INDEX advisories_by_updater ON advisories (updater);
