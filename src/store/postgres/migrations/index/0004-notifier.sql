-- claro migration: update operations with their diffs, notifications and webhook deliveries
CREATE TABLE update_operations (
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
CREATE INDEX notification_deliveries_due ON notification_deliveries (next_attempt_at) WHERE delivered_at IS NULL;
