import type { Advisory } from "../core/advisory.js";

/** One updater run that changed data, as Clair v4's `update_operation` lists it. */
export interface UpdateOperation {
  /** A uuid. */
  readonly ref: string;
  readonly updater: string;
  readonly fingerprint: string;
  readonly date: string;
  readonly kind: "vulnerability" | "enrichment";
}

/** What one operation changed relative to the updater's previous data. */
export interface OperationDiff {
  readonly operation: UpdateOperation;
  readonly added: readonly Advisory[];
  readonly removed: readonly Advisory[];
}

export type NotificationReason = "added" | "removed";

/** One affected manifest × vulnerability of a notification (a set named by `notificationId`). */
export interface NotificationEntry {
  readonly manifest: string;
  readonly reason: NotificationReason;
  /** The Clair v4 `vulnerability_summary`, stored as built. */
  readonly vulnerability: Readonly<Record<string, unknown>>;
}

export interface StoredNotification extends NotificationEntry {
  /** Position within all notifications: the page cursor. */
  readonly seq: number;
}

/** One notification as the dashboard lists it: what it says in sum, and where its webhook stands. */
export interface NotificationSummary {
  readonly id: string;
  readonly updateRef: string;
  readonly createdAt: string;
  readonly added: number;
  readonly removed: number;
  /** Distinct manifests it names. */
  readonly manifests: number;
  /** Null when no webhook was configured for it. */
  readonly delivery: { readonly target: string; readonly attempts: number; readonly deliveredAt: string | null; readonly lastError: string | null } | null;
}

/** The webhook body a target wants: Clair v4 `{notification_id, callback}` or Clair v2 `{"Notification":{"Name"}}`. */
export type WebhookFormat = "clair-v4" | "clair-v2";

/** A webhook delivery to create with its notification. */
export interface NewDelivery {
  readonly target: string;
  /** Where the receiver reads the notification (also logged for the Clair v2 format, which does not send it). */
  readonly callback: string;
  readonly format: WebhookFormat;
}

export interface Delivery {
  readonly notificationId: string;
  readonly target: string;
  readonly callback: string;
  readonly attempts: number;
  readonly format: WebhookFormat;
}

/** One side of a Clair v2 notification: the vulnerability as it was (Old) or is (New), and the v2 layers introducing it. */
export interface V2NotificationSide {
  /** The Clair v2 `Vulnerability` model, with `FixedIn`. */
  readonly vulnerability: Readonly<Record<string, unknown>>;
  /** Names of the layers that introduce an affected feature, in store order. */
  readonly layers: readonly string[];
}

/** A Clair v2 notification: one changed vulnerability. */
export interface V2NotificationRecord {
  /** A uuid, the `Name` the webhook carries. */
  readonly name: string;
  readonly updateRef: string;
  readonly old: V2NotificationSide | null;
  readonly new: V2NotificationSide | null;
}

export interface StoredV2Notification extends V2NotificationRecord {
  readonly created: string;
  /** When the webhook was delivered (2xx); null before. */
  readonly notified: string | null;
  /** When a client marked it read (DELETE); null before. */
  readonly deleted: string | null;
}

/**
 * The notifier's data beside the index store: update operations with their diffs, notifications
 * and webhook deliveries. Times are ISO strings from the caller's clock, so tests can drive them.
 */
export interface NotifierStore {
  readonly backend: "sqlite" | "postgres";
  /**
   * Runs `f` only if no other instance holds the update lock (PostgreSQL: a session advisory lock
   * held on one connection for the whole run; SQLite: a process-local flag). Resolves null when
   * the lock was taken elsewhere.
   */
  withUpdateLock<T>(f: () => Promise<T>): Promise<{ readonly value: T } | null>;
  recordOperation(diff: OperationDiff): Promise<void>;
  /** Every operation, newest first, grouped by updater. */
  operations(): Promise<ReadonlyMap<string, readonly UpdateOperation[]>>;
  operationDiff(ref: string): Promise<OperationDiff | null>;
  /** The operations of `updater` after `afterRef` (exclusive; null = from the first) up to `ref`, oldest first. */
  operationsBetween(updater: string, afterRef: string | null, ref: string): Promise<readonly OperationDiff[]>;
  deleteOperation(ref: string): Promise<boolean>;
  /**
   * Stores the entries of one notification and, when `delivery` is given, its pending webhook
   * delivery due at `now`, in one transaction.
   */
  createNotification(id: string, updateRef: string, entries: readonly NotificationEntry[], now: string, delivery: NewDelivery | null): Promise<void>;
  /** Up to `limit` entries of notification `id` with seq > `after`; null when the id is unknown. */
  notificationPage(id: string, after: number, limit: number): Promise<readonly StoredNotification[] | null>;
  /** Read-only, for the dashboard: the `limit` newest notifications, newest first. */
  recentNotifications(limit: number): Promise<readonly NotificationSummary[]>;
  /** Deletes the notification and its delivery; resolves true when it existed. */
  deleteNotification(id: string): Promise<boolean>;
  /**
   * Claims up to `limit` undelivered deliveries due at `now`, pushing their next attempt to
   * `leaseUntil` and counting the attempt, so no other instance claims them meanwhile
   * (PostgreSQL: FOR UPDATE SKIP LOCKED). A crashed claimer's lease expires and the delivery is retried.
   */
  claimDeliveries(now: string, leaseUntil: string, limit: number): Promise<readonly Delivery[]>;
  /** Marks the delivery done (and a Clair v2 notification `Notified`). */
  markDelivered(notificationId: string, at: string): Promise<void>;
  /** Schedules the next attempt after a failure. */
  deferDelivery(notificationId: string, nextAttemptAt: string, error: string): Promise<void>;
  delivery(
    notificationId: string,
  ): Promise<(Delivery & { readonly deliveredAt: string | null; readonly nextAttemptAt: string; readonly lastError: string | null }) | null>;
  /** Stores Clair v2 notifications, each with its delivery when given, in one transaction. */
  createV2Notifications(records: readonly (V2NotificationRecord & { readonly delivery: NewDelivery | null })[], now: string): Promise<void>;
  v2Notification(name: string): Promise<StoredV2Notification | null>;
  /**
   * Marks a Clair v2 notification read, as Clair v2 does (it stays readable, with `Deleted`), and
   * drops its pending delivery. Resolves false when unknown or already deleted.
   */
  deleteV2Notification(name: string, at: string): Promise<boolean>;
  /** Names of the stored Clair v2 layers in these namespaces, oldest first (the v2_layers table). */
  v2LayerNames(namespaces: readonly string[]): Promise<readonly string[]>;
  close(): Promise<void>;
}
