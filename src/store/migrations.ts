import { FatalError } from "../core/problem.js";

/**
 * Versioned schema migrations, one ordered list shared by both dialects. The SQL lives in TS
 * constants so the built package (dist/) carries it without resolving files next to the module.
 * A released entry is frozen: change the schema by appending a new version, never by editing one.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sqlite: string;
  readonly postgres: string;
}

// The CHECK lists are spelled out rather than generated from FIX_STATUSES/SEVERITIES so that a
// later change to those constants cannot silently alter what an old migration meant.
const FIX_STATUS_CHECK = "'fixed', 'affected', 'will_not_fix', 'fix_deferred', 'end_of_life', 'not_affected'";
const SEVERITY_CHECK = "'unknown', 'negligible', 'low', 'medium', 'high', 'critical'";
const RUN_STATUS_CHECK = "'changed', 'unchanged', 'failed'";

const INITIAL_SQLITE = `
CREATE TABLE update_runs (
  run_id INTEGER PRIMARY KEY AUTOINCREMENT,
  updater TEXT NOT NULL,
  fingerprint TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN (${RUN_STATUS_CHECK})),
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
  status TEXT NOT NULL CHECK (status IN (${FIX_STATUS_CHECK})),
  fixed_version TEXT,
  introduced_version TEXT,
  severity TEXT NOT NULL CHECK (severity IN (${SEVERITY_CHECK})),
  vendor_severity TEXT,
  cvss TEXT NOT NULL,
  description TEXT,
  links TEXT NOT NULL
);
CREATE INDEX advisories_by_package ON advisories (namespace, package_name, package_kind);
CREATE INDEX advisories_by_updater ON advisories (updater);
`;

const INITIAL_POSTGRES = `
CREATE TABLE update_runs (
  run_id bigserial PRIMARY KEY,
  updater text NOT NULL,
  fingerprint text,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN (${RUN_STATUS_CHECK})),
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
  status text NOT NULL CHECK (status IN (${FIX_STATUS_CHECK})),
  fixed_version text,
  introduced_version text,
  severity text NOT NULL CHECK (severity IN (${SEVERITY_CHECK})),
  vendor_severity text,
  cvss jsonb NOT NULL,
  description text,
  links jsonb NOT NULL
);
CREATE INDEX advisories_by_package ON advisories (namespace, package_name, package_kind);
CREATE INDEX advisories_by_updater ON advisories (updater);
`;

// OSV `last_affected`: an inclusive upper bound, for feeds that name no fix.
const LAST_AFFECTED_SQLITE = "ALTER TABLE advisories ADD COLUMN last_affected_version TEXT;";
const LAST_AFFECTED_POSTGRES = "ALTER TABLE advisories ADD COLUMN last_affected_version text;";

// Per-CVE enrichment (NVD, EPSS, KEV): no package key, so a table of its own, replaced per updater.
const ENRICHMENTS_SQLITE = `
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
`;
const ENRICHMENTS_POSTGRES = `
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
`;

// Facts about the database as a whole (the registry artifact it was pulled from): key/value rows.
const METADATA_SQLITE = "CREATE TABLE metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL);";
const METADATA_POSTGRES = "CREATE TABLE metadata (key text PRIMARY KEY, value text NOT NULL, updated_at timestamptz NOT NULL);";

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: "initial", sqlite: INITIAL_SQLITE, postgres: INITIAL_POSTGRES },
  { version: 2, name: "last-affected-version", sqlite: LAST_AFFECTED_SQLITE, postgres: LAST_AFFECTED_POSTGRES },
  { version: 3, name: "enrichments", sqlite: ENRICHMENTS_SQLITE, postgres: ENRICHMENTS_POSTGRES },
  { version: 4, name: "metadata", sqlite: METADATA_SQLITE, postgres: METADATA_POSTGRES },
];

/** The highest schema version this build knows; a database ahead of it was written by a newer claro. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

/** The migrations not yet in `applied`, in version order; refuses a database from a newer claro. */
export function pendingMigrations(applied: readonly number[]): readonly Migration[] {
  const newest = applied.reduce((max, v) => Math.max(max, v), 0);
  if (newest > LATEST_SCHEMA_VERSION) {
    throw new FatalError(
      "DB_ERROR",
      `database schema version ${newest} is newer than this claro supports (${LATEST_SCHEMA_VERSION})`,
      "upgrade claro, or point --db / CLARO_DB at another database",
    );
  }
  const done = new Set(applied);
  return [...MIGRATIONS].sort((a, b) => a.version - b.version).filter((m) => !done.has(m.version));
}
