-- claro migration: update operations with their diffs, notifications and webhook deliveries
CREATE TABLE update_operations (
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
CREATE INDEX notification_deliveries_due ON notification_deliveries (next_attempt_at) WHERE delivered_at IS NULL;
