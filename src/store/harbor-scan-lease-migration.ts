import type { IndexMigration } from "./index-migrations.js";

/**
 * Index migration 8: a lease on each Harbor scan job. The instance running a scan renews
 * `lease_until`; once it lapses (the instance died) another instance claims the job and runs it
 * again from its stored request, at most a few `attempts` in all. Rows from before this migration
 * have no lease and are claimable at once: whoever ran them is gone.
 */
export const HARBOR_SCAN_LEASE_MIGRATION: IndexMigration = {
  version: 8,
  name: "harbor scan job leases",
  sqlite: `ALTER TABLE harbor_scans ADD COLUMN owner TEXT;
ALTER TABLE harbor_scans ADD COLUMN lease_until TEXT;
ALTER TABLE harbor_scans ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;`,
  postgres: `ALTER TABLE harbor_scans ADD COLUMN owner text, ADD COLUMN lease_until timestamptz, ADD COLUMN attempts integer NOT NULL DEFAULT 0;`,
};
