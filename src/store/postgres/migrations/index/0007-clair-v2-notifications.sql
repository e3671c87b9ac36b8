-- claro migration: clair v2 notifications and webhook delivery formats
-- Clair v2 notifications (one per changed vulnerability, with the v2 layers
-- that introduce it before and after) and the webhook format of each delivery, so one table of
-- deliveries serves both the Clair v4 and the Clair v2 webhook body.
ALTER TABLE notification_deliveries ADD COLUMN format text NOT NULL DEFAULT 'clair-v4' CHECK (format IN ('clair-v4', 'clair-v2'));
CREATE TABLE v2_notifications (
  name uuid PRIMARY KEY,
  update_ref uuid NOT NULL,
  old_vulnerability jsonb,
  new_vulnerability jsonb,
  old_layers jsonb NOT NULL,
  new_layers jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  notified_at timestamptz,
  deleted_at timestamptz
);
CREATE INDEX v2_notifications_update ON v2_notifications (update_ref);
