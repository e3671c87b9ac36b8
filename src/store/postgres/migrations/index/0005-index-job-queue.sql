-- claro migration: index job queue
-- The PostgreSQL index job queue (issue 3 §5). One row per manifest job; the
-- partial unique index makes a second request for a manifest whose job is queued or running join
-- it instead of enqueuing again. `locked_until` is the worker's lease: once it passes (the owner
-- was killed), any instance may claim the job again. `body` holds the Clair manifest, layer
-- credentials included, only while the job can still run: it is cleared when the job ends.
-- SQLite serves a single instance with an in-process queue, so it gets no table.
CREATE TABLE index_jobs (
  id bigserial PRIMARY KEY,
  manifest text NOT NULL,
  body jsonb,
  state text NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
  owner text,
  locked_until timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  error_code text,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);
CREATE UNIQUE INDEX index_jobs_active_manifest ON index_jobs (manifest) WHERE state IN ('queued', 'running');
CREATE INDEX index_jobs_claimable ON index_jobs (id) WHERE state IN ('queued', 'running');
CREATE INDEX index_jobs_finished ON index_jobs (finished_at) WHERE state IN ('done', 'failed');
