import type { IndexMigration } from "./index-migrations.js";

/**
 * Index migration 6: content-addressed layer extracts. `scanners` is a JSON object of scanner
 * id → version whose wants the extract serves; it is merged in place when a bumped scanner turns
 * out to read nothing in the layer, so that layer is not fetched again.
 */
export const LAYER_EXTRACT_MIGRATION: IndexMigration = {
  version: 6,
  name: "layer extracts by blob digest with the scanner versions they serve",
  sqlite: `CREATE TABLE layer_extracts (
  digest TEXT PRIMARY KEY,
  extract BLOB NOT NULL,
  scanners TEXT NOT NULL,
  updated_at TEXT NOT NULL
);`,
  postgres: `CREATE TABLE layer_extracts (
  digest text PRIMARY KEY,
  extract bytea NOT NULL,
  scanners jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);`,
};
