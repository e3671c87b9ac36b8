import type Database from "better-sqlite3";
import { handleFor, type SqliteHandle } from "./handle.js";
import { FatalError } from "../../core/problem.js";
import type {
  Delivery,
  NewDelivery,
  NotificationEntry,
  NotificationSummary,
  NotifierStore,
  OperationDiff,
  StoredNotification,
  StoredV2Notification,
  UpdateOperation,
  V2NotificationRecord,
} from "../../contracts/notifier-store.js";
import {
  groupOperations,
  rowToDelivery,
  rowToDiff,
  rowToNotification,
  rowToSummary,
  rowToV2Notification,
  v2NotificationColumns,
  type DeliveryRow,
  type OperationRow,
  type SummaryRow,
  type V2NotificationRow,
} from "../notifier-rows.js";

const INSERT_DELIVERY = "INSERT INTO notification_deliveries (notification_id, target, callback, next_attempt_at, format) VALUES (?, ?, ?, ?, ?)";

/** Per process: SQLite serves a single instance, so a flag is the whole update lock. */
const updating = new Set<string>();

/** The notifier's tables (index migration 4) in the SQLite file; open the index store first to migrate. */
export class SqliteNotifierStore implements NotifierStore {
  readonly backend = "sqlite" as const;

  private readonly db: Database.Database;
  readonly path: string;

  private constructor(private readonly handle: SqliteHandle) {
    this.db = handle.db;
    this.path = handle.path;
  }

  /** A path opens a connection of its own; a SqliteHandle (openSqliteStores) is shared with the other stores. */
  static open(conn: string | SqliteHandle): SqliteNotifierStore {
    return new SqliteNotifierStore(handleFor(conn));
  }

  async withUpdateLock<T>(f: () => Promise<T>): Promise<{ readonly value: T } | null> {
    if (updating.has(this.path)) return null;
    updating.add(this.path);
    try {
      return { value: await f() };
    } finally {
      updating.delete(this.path);
    }
  }

  async recordOperation(d: OperationDiff): Promise<void> {
    const o = d.operation;
    this.guard("recording an update operation", () =>
      this.db
        .prepare("INSERT INTO update_operations (ref, updater, fingerprint, date, kind, added, removed) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .run(o.ref, o.updater, o.fingerprint, o.date, o.kind, JSON.stringify(d.added), JSON.stringify(d.removed)),
    );
  }

  async operations(): Promise<ReadonlyMap<string, readonly UpdateOperation[]>> {
    return this.guard("listing update operations", () =>
      groupOperations(this.db.prepare<[], OperationRow>("SELECT ref, updater, fingerprint, date, kind FROM update_operations ORDER BY seq DESC").all()),
    );
  }

  async operationDiff(ref: string): Promise<OperationDiff | null> {
    const row = this.guard("reading an update diff", () => this.db.prepare<[string], OperationRow>("SELECT * FROM update_operations WHERE ref = ?").get(ref));
    return row === undefined ? null : rowToDiff(row);
  }

  async operationsBetween(updater: string, afterRef: string | null, ref: string): Promise<readonly OperationDiff[]> {
    return this.guard("reading update diffs", () =>
      this.db
        .prepare<[string, string, string | null], OperationRow>(
          `SELECT * FROM update_operations WHERE updater = ? AND seq <= (SELECT seq FROM update_operations WHERE ref = ?)
           AND seq > COALESCE((SELECT seq FROM update_operations WHERE ref = ?), 0) ORDER BY seq`,
        )
        .all(updater, ref, afterRef)
        .map(rowToDiff),
    );
  }

  async deleteOperation(ref: string): Promise<boolean> {
    return this.guard("deleting an update operation", () => this.db.prepare("DELETE FROM update_operations WHERE ref = ?").run(ref).changes > 0);
  }

  async createNotification(id: string, updateRef: string, entries: readonly NotificationEntry[], now: string, delivery: NewDelivery | null): Promise<void> {
    this.guard("creating a notification", () =>
      this.db.transaction(() => {
        const insert = this.db.prepare(
          "INSERT INTO notifications (notification_id, update_ref, manifest, reason, vulnerability, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        );
        for (const e of entries) insert.run(id, updateRef, e.manifest, e.reason, JSON.stringify(e.vulnerability), now);
        if (delivery !== null) this.db.prepare(INSERT_DELIVERY).run(id, delivery.target, delivery.callback, now, delivery.format);
      })(),
    );
  }

  async createV2Notifications(records: readonly (V2NotificationRecord & { readonly delivery: NewDelivery | null })[], now: string): Promise<void> {
    this.guard("creating Clair v2 notifications", () =>
      this.db.transaction(() => {
        const insert = this.db.prepare(
          "INSERT INTO v2_notifications (name, update_ref, old_vulnerability, new_vulnerability, old_layers, new_layers, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        );
        for (const r of records) {
          insert.run(r.name, r.updateRef, ...v2NotificationColumns(r), now);
          if (r.delivery !== null) this.db.prepare(INSERT_DELIVERY).run(r.name, r.delivery.target, r.delivery.callback, now, r.delivery.format);
        }
      })(),
    );
  }

  async v2Notification(name: string): Promise<StoredV2Notification | null> {
    const row = this.guard("reading a Clair v2 notification", () =>
      this.db.prepare<[string], V2NotificationRow>("SELECT * FROM v2_notifications WHERE name = ?").get(name),
    );
    return row === undefined ? null : rowToV2Notification(row);
  }

  async deleteV2Notification(name: string, at: string): Promise<boolean> {
    return this.guard("deleting a Clair v2 notification", () =>
      this.db.transaction(() => {
        this.db.prepare("DELETE FROM notification_deliveries WHERE notification_id = ? AND delivered_at IS NULL").run(name);
        return this.db.prepare("UPDATE v2_notifications SET deleted_at = ? WHERE name = ? AND deleted_at IS NULL").run(at, name).changes > 0;
      })(),
    );
  }

  async v2LayerNames(namespaces: readonly string[]): Promise<readonly string[]> {
    if (namespaces.length === 0) return [];
    return this.guard("listing Clair v2 layers", () =>
      this.db
        .prepare<string[], { name: string }>(
          `SELECT name FROM v2_layers WHERE namespace IN (${namespaces.map(() => "?").join(", ")}) ORDER BY created_at, name`,
        )
        .all(...namespaces)
        .map((r) => r.name),
    );
  }

  async notificationPage(id: string, after: number, limit: number): Promise<readonly StoredNotification[] | null> {
    return this.guard("reading notifications", () => {
      const rows = this.db
        .prepare<[string, number, number], { seq: number; manifest: string; reason: string; vulnerability: string }>(
          "SELECT seq, manifest, reason, vulnerability FROM notifications WHERE notification_id = ? AND seq > ? ORDER BY seq LIMIT ?",
        )
        .all(id, after, limit);
      if (rows.length === 0 && this.db.prepare("SELECT 1 FROM notifications WHERE notification_id = ? LIMIT 1").get(id) === undefined) return null;
      return rows.map(rowToNotification);
    });
  }

  async recentNotifications(limit: number): Promise<readonly NotificationSummary[]> {
    return this.guard("listing notifications", () =>
      this.db
        .prepare<[number], SummaryRow>(
          `SELECT n.notification_id AS id, n.update_ref, min(n.created_at) AS created_at, sum(n.reason = 'added') AS added, sum(n.reason = 'removed') AS removed,
             count(DISTINCT n.manifest) AS manifests, d.target, d.attempts, d.delivered_at, d.last_error
           FROM notifications n LEFT JOIN notification_deliveries d ON d.notification_id = n.notification_id
           GROUP BY n.notification_id ORDER BY max(n.seq) DESC LIMIT ?`,
        )
        .all(limit)
        .map(rowToSummary),
    );
  }

  async deleteNotification(id: string): Promise<boolean> {
    return this.guard("deleting a notification", () =>
      this.db.transaction(() => {
        this.db.prepare("DELETE FROM notification_deliveries WHERE notification_id = ?").run(id);
        return this.db.prepare("DELETE FROM notifications WHERE notification_id = ?").run(id).changes > 0;
      })(),
    );
  }

  async claimDeliveries(now: string, leaseUntil: string, limit: number): Promise<readonly Delivery[]> {
    // A write transaction (immediate) is SQLite's whole-database lock: claims cannot interleave.
    return this.guard("claiming webhook deliveries", () =>
      this.db
        .transaction(() => {
          const rows = this.db
            .prepare<[string, number], DeliveryRow>(
              "SELECT * FROM notification_deliveries WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?",
            )
            .all(now, limit);
          const bump = this.db.prepare("UPDATE notification_deliveries SET attempts = attempts + 1, next_attempt_at = ? WHERE notification_id = ?");
          for (const r of rows) bump.run(leaseUntil, r.notification_id);
          return rows.map((r) => rowToDelivery({ ...r, attempts: Number(r.attempts) + 1 }));
        })
        .immediate(),
    );
  }

  async markDelivered(id: string, at: string): Promise<void> {
    this.guard("marking a delivery done", () =>
      this.db.transaction(() => {
        this.db.prepare("UPDATE v2_notifications SET notified_at = ? WHERE name = ?").run(at, id);
        this.db.prepare("UPDATE notification_deliveries SET delivered_at = ?, last_error = NULL WHERE notification_id = ?").run(at, id);
      })(),
    );
  }

  async deferDelivery(id: string, nextAttemptAt: string, error: string): Promise<void> {
    this.guard("deferring a delivery", () =>
      this.db
        .prepare("UPDATE notification_deliveries SET next_attempt_at = ?, last_error = ? WHERE notification_id = ? AND delivered_at IS NULL")
        .run(nextAttemptAt, error, id),
    );
  }

  async delivery(id: string): Promise<(Delivery & { deliveredAt: string | null; nextAttemptAt: string; lastError: string | null }) | null> {
    const row = this.guard("reading a delivery", () =>
      this.db.prepare<[string], DeliveryRow>("SELECT * FROM notification_deliveries WHERE notification_id = ?").get(id),
    );
    return row === undefined ? null : rowToDelivery(row);
  }

  async close(): Promise<void> {
    this.handle.release();
  }

  private guard<T>(what: string, f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof FatalError) throw e;
      throw new FatalError("DB_ERROR", `sqlite: ${what} in ${this.path} failed: ${message(e)}`, undefined, { cause: e });
    }
  }
}

function message(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
}
