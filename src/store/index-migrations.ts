import { HARBOR_SCAN_LEASE_MIGRATION } from "./harbor-scan-lease-migration.js";
import { INDEX_FIRST_SEEN_MIGRATION } from "./index-first-seen-migration.js";
import { INDEX_QUEUE_MIGRATION } from "./index-queue-migration.js";
import { LAYER_EXTRACT_MIGRATION } from "./layer-extract-migration.js";
import { NOTIFIER_V2_MIGRATION } from "./notifier-v2-migration.js";

/**
 * Migrations of the indexer's tables, a list separate from the matcher's (migrations.ts) with its
 * own `index_schema_migrations` table, so the two sides evolve independently. Entries are frozen
 * once released: append, never edit.
 */
export interface IndexMigration {
  readonly version: number;
  readonly name: string;
  readonly sqlite: string;
  readonly postgres: string;
}

const STATE_CHECK = "'CheckManifest', 'FetchLayers', 'ScanLayers', 'Coalesce', 'IndexManifest', 'IndexFinished', 'IndexError'";

export const INDEX_MIGRATIONS: readonly IndexMigration[] = [
  {
    version: 1,
    name: "index reports by manifest",
    sqlite: `CREATE TABLE index_reports (
  manifest TEXT PRIMARY KEY,
  state TEXT NOT NULL CHECK (state IN (${STATE_CHECK})),
  error TEXT,
  index_state TEXT NOT NULL,
  report TEXT,
  updated_at TEXT NOT NULL
);`,
    postgres: `CREATE TABLE index_reports (
  manifest text PRIMARY KEY,
  state text NOT NULL CHECK (state IN (${STATE_CHECK})),
  error text,
  index_state text NOT NULL,
  report jsonb,
  updated_at timestamptz NOT NULL
);`,
  },
  {
    version: 2,
    name: "harbor scan jobs and reports",
    sqlite: `CREATE TABLE harbor_scans (
  id TEXT PRIMARY KEY,
  request TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed')),
  error TEXT,
  report TEXT,
  sbom TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX harbor_scans_created ON harbor_scans (created_at);`,
    postgres: `CREATE TABLE harbor_scans (
  id text PRIMARY KEY,
  request jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed')),
  error text,
  report jsonb,
  sbom jsonb,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX harbor_scans_created ON harbor_scans (created_at);`,
  },
  {
    version: 3,
    name: "clair v2 layers by caller-chosen name",
    sqlite: `CREATE TABLE v2_layers (
  name TEXT PRIMARY KEY,
  parent_name TEXT REFERENCES v2_layers (name) ON DELETE CASCADE,
  path TEXT NOT NULL,
  namespace TEXT NOT NULL,
  format TEXT NOT NULL,
  indexed_by_version INTEGER NOT NULL,
  extract BLOB NOT NULL,
  error TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX v2_layers_parent ON v2_layers (parent_name);`,
    postgres: `CREATE TABLE v2_layers (
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
CREATE INDEX v2_layers_parent ON v2_layers (parent_name);`,
  },
  {
    version: 4,
    name: "update operations with their diffs, notifications and webhook deliveries",
    sqlite: `CREATE TABLE update_operations (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  ref TEXT NOT NULL UNIQUE,
  updater TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  date TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('vulnerability', 'enrichment')),
  added TEXT NOT NULL,
  removed TEXT NOT NULL
);
CREATE INDEX update_operations_updater ON update_operations (updater, seq);
CREATE TABLE notifications (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  notification_id TEXT NOT NULL,
  update_ref TEXT NOT NULL,
  manifest TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('added', 'removed')),
  vulnerability TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX notifications_id ON notifications (notification_id, seq);
CREATE TABLE notification_deliveries (
  notification_id TEXT PRIMARY KEY,
  target TEXT NOT NULL,
  callback TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  delivered_at TEXT,
  last_error TEXT
);
CREATE INDEX notification_deliveries_due ON notification_deliveries (next_attempt_at) WHERE delivered_at IS NULL;`,
    postgres: `CREATE TABLE update_operations (
  seq bigserial PRIMARY KEY,
  ref uuid NOT NULL UNIQUE,
  updater text NOT NULL,
  fingerprint text NOT NULL,
  date timestamptz NOT NULL,
  kind text NOT NULL CHECK (kind IN ('vulnerability', 'enrichment')),
  added jsonb NOT NULL,
  removed jsonb NOT NULL
);
CREATE INDEX update_operations_updater ON update_operations (updater, seq);
CREATE TABLE notifications (
  seq bigserial PRIMARY KEY,
  notification_id uuid NOT NULL,
  update_ref uuid NOT NULL,
  manifest text NOT NULL,
  reason text NOT NULL CHECK (reason IN ('added', 'removed')),
  vulnerability jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX notifications_id ON notifications (notification_id, seq);
CREATE TABLE notification_deliveries (
  notification_id uuid PRIMARY KEY,
  target text NOT NULL,
  callback text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  delivered_at timestamptz,
  last_error text
);
CREATE INDEX notification_deliveries_due ON notification_deliveries (next_attempt_at) WHERE delivered_at IS NULL;`,
  },
  INDEX_QUEUE_MIGRATION,
  LAYER_EXTRACT_MIGRATION,
  NOTIFIER_V2_MIGRATION,
  HARBOR_SCAN_LEASE_MIGRATION,
  INDEX_FIRST_SEEN_MIGRATION,
];

export function pendingIndexMigrations(applied: readonly number[]): IndexMigration[] {
  const done = new Set(applied);
  return INDEX_MIGRATIONS.filter((m) => !done.has(m.version)).sort((a, b) => a.version - b.version);
}
