-- claro migration: harbor scan job leases
-- A lease on each Harbor scan job. The instance running a scan renews
-- `lease_until`; once it lapses (the instance died) another instance claims the job and runs it
-- again from its stored request, at most a few `attempts` in all. Rows from before this migration
-- have no lease and are claimable at once: whoever ran them is gone.
ALTER TABLE harbor_scans ADD COLUMN owner TEXT;
ALTER TABLE harbor_scans ADD COLUMN lease_until TEXT;
ALTER TABLE harbor_scans ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
