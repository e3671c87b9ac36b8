import pg from "pg";
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
import { describeConnectError, type PgTarget } from "./pg-config.js";
import { connectionFor, type PgConnection } from "./pool.js";
import {
  groupOperations,
  rowToDelivery,
  rowToDiff,
  rowToNotification,
  rowToSummary,
  rowToV2Notification,
  UUID,
  v2NotificationColumns,
  type DeliveryRow,
  type OperationRow,
  type SummaryRow,
  type V2NotificationRow,
} from "../notifier-rows.js";

const INSERT_DELIVERY = "INSERT INTO notification_deliveries (notification_id, target, callback, next_attempt_at, format) VALUES ($1, $2, $3, $4, $5)";

/**
 * The notifier's tables (index migration 4) in PostgreSQL. Tables are created by the index
 * store's migrations; open that first (openNotifierStore does).
 */
export class PostgresNotifierStore implements NotifierStore {
  readonly backend = "postgres" as const;
  private readonly pool: pg.Pool;
  private readonly target: PgTarget;

  private readonly conn: PgConnection;

  constructor(url: string | PgConnection) {
    this.conn = connectionFor(url, { max: 3, applicationName: "claro-notifier" });
    this.target = this.conn.target;
    this.pool = this.conn.pool;
  }

  async withUpdateLock<T>(f: () => Promise<T>): Promise<{ readonly value: T } | null> {
    // Session-level lock on a connection held for the whole run: it is released when the run
    // ends, or by the server when this process dies, so a crashed updater never blocks the others.
    const client = await this.connect();
    const key = `claro:update:${this.target.schema}`;
    try {
      const got = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS ok", [key]);
      if (got.rows[0]?.ok !== true) return null;
      try {
        return { value: await f() };
      } finally {
        await client.query("SELECT pg_advisory_unlock(hashtext($1))", [key]);
      }
    } catch (e) {
      throw this.failure(e, "holding the update lock");
    } finally {
      client.release();
    }
  }

  async recordOperation(d: OperationDiff): Promise<void> {
    const o = d.operation;
    await this.query(
      "recording an update operation",
      "INSERT INTO update_operations (ref, updater, fingerprint, date, kind, added, removed) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)",
      [o.ref, o.updater, o.fingerprint, o.date, o.kind, JSON.stringify(d.added), JSON.stringify(d.removed)],
    );
  }

  async operations(): Promise<ReadonlyMap<string, readonly UpdateOperation[]>> {
    const res = await this.query(
      "listing update operations",
      "SELECT ref::text, updater, fingerprint, date, kind FROM update_operations ORDER BY seq DESC",
      [],
    );
    return groupOperations(res.rows as OperationRow[]);
  }

  async operationDiff(ref: string): Promise<OperationDiff | null> {
    if (!UUID.test(ref)) return null;
    const res = await this.query(
      "reading an update diff",
      "SELECT ref::text, updater, fingerprint, date, kind, added, removed FROM update_operations WHERE ref = $1",
      [ref],
    );
    const row = res.rows[0] as OperationRow | undefined;
    return row === undefined ? null : rowToDiff(row);
  }

  async operationsBetween(updater: string, afterRef: string | null, ref: string): Promise<readonly OperationDiff[]> {
    if (!UUID.test(ref) || (afterRef !== null && !UUID.test(afterRef))) return [];
    const res = await this.query(
      "reading update diffs",
      `SELECT ref::text, updater, fingerprint, date, kind, added, removed FROM update_operations
       WHERE updater = $1 AND seq <= (SELECT seq FROM update_operations WHERE ref = $3)
       AND seq > COALESCE((SELECT seq FROM update_operations WHERE ref = $2), 0) ORDER BY seq`,
      [updater, afterRef, ref],
    );
    return (res.rows as OperationRow[]).map(rowToDiff);
  }

  async deleteOperation(ref: string): Promise<boolean> {
    if (!UUID.test(ref)) return false;
    const res = await this.query("deleting an update operation", "DELETE FROM update_operations WHERE ref = $1", [ref]);
    return (res.rowCount ?? 0) > 0;
  }

  async createNotification(id: string, updateRef: string, entries: readonly NotificationEntry[], now: string, delivery: NewDelivery | null): Promise<void> {
    const client = await this.connect();
    try {
      await client.query("BEGIN");
      for (const e of entries) {
        await client.query(
          "INSERT INTO notifications (notification_id, update_ref, manifest, reason, vulnerability, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6)",
          [id, updateRef, e.manifest, e.reason, JSON.stringify(e.vulnerability), now],
        );
      }
      if (delivery !== null) await client.query(INSERT_DELIVERY, [id, delivery.target, delivery.callback, now, delivery.format]);
      await client.query("COMMIT");
    } catch (e) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw this.failure(e, "creating a notification");
    } finally {
      client.release();
    }
  }

  async createV2Notifications(records: readonly (V2NotificationRecord & { readonly delivery: NewDelivery | null })[], now: string): Promise<void> {
    if (records.length === 0) return;
    const client = await this.connect();
    try {
      await client.query("BEGIN");
      for (const r of records) {
        await client.query(
          `INSERT INTO v2_notifications (name, update_ref, old_vulnerability, new_vulnerability, old_layers, new_layers, created_at)
           VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb, $6::jsonb, $7)`,
          [r.name, r.updateRef, ...v2NotificationColumns(r), now],
        );
        if (r.delivery !== null) await client.query(INSERT_DELIVERY, [r.name, r.delivery.target, r.delivery.callback, now, r.delivery.format]);
      }
      await client.query("COMMIT");
    } catch (e) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw this.failure(e, "creating Clair v2 notifications");
    } finally {
      client.release();
    }
  }

  async v2Notification(name: string): Promise<StoredV2Notification | null> {
    if (!UUID.test(name)) return null;
    const res = await this.query(
      "reading a Clair v2 notification",
      "SELECT name::text, update_ref::text, old_vulnerability, new_vulnerability, old_layers, new_layers, created_at, notified_at, deleted_at FROM v2_notifications WHERE name = $1",
      [name],
    );
    const row = res.rows[0] as V2NotificationRow | undefined;
    return row === undefined ? null : rowToV2Notification(row);
  }

  async deleteV2Notification(name: string, at: string): Promise<boolean> {
    if (!UUID.test(name)) return false;
    const res = await this.query(
      "deleting a Clair v2 notification",
      `WITH d AS (DELETE FROM notification_deliveries WHERE notification_id = $1 AND delivered_at IS NULL)
       UPDATE v2_notifications SET deleted_at = $2 WHERE name = $1 AND deleted_at IS NULL`,
      [name, at],
    );
    return (res.rowCount ?? 0) > 0;
  }

  async v2LayerNames(namespaces: readonly string[]): Promise<readonly string[]> {
    if (namespaces.length === 0) return [];
    const res = await this.query("listing Clair v2 layers", "SELECT name FROM v2_layers WHERE namespace = ANY($1::text[]) ORDER BY created_at, name", [
      [...namespaces],
    ]);
    return (res.rows as { name: string }[]).map((r) => r.name);
  }

  async notificationPage(id: string, after: number, limit: number): Promise<readonly StoredNotification[] | null> {
    if (!UUID.test(id)) return null;
    const res = await this.query(
      "reading notifications",
      "SELECT seq, manifest, reason, vulnerability FROM notifications WHERE notification_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
      [id, after, limit],
    );
    if (res.rows.length === 0) {
      const any = await this.query("reading notifications", "SELECT 1 FROM notifications WHERE notification_id = $1 LIMIT 1", [id]);
      if (any.rows.length === 0) return null;
    }
    return res.rows.map((r) => rowToNotification(r as Parameters<typeof rowToNotification>[0]));
  }

  async recentNotifications(limit: number): Promise<readonly NotificationSummary[]> {
    const res = await this.query(
      "listing notifications",
      `SELECT n.notification_id::text AS id, min(n.update_ref::text) AS update_ref, min(n.created_at) AS created_at,
         count(*) FILTER (WHERE n.reason = 'added')::int AS added, count(*) FILTER (WHERE n.reason = 'removed')::int AS removed,
         count(DISTINCT n.manifest)::int AS manifests, min(d.target) AS target, min(d.attempts) AS attempts, min(d.delivered_at) AS delivered_at, min(d.last_error) AS last_error
       FROM notifications n LEFT JOIN notification_deliveries d ON d.notification_id = n.notification_id
       GROUP BY n.notification_id ORDER BY max(n.seq) DESC LIMIT $1`,
      [limit],
    );
    return res.rows.map((r) => rowToSummary(r as SummaryRow));
  }

  async deleteNotification(id: string): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const res = await this.query(
      "deleting a notification",
      "WITH d AS (DELETE FROM notification_deliveries WHERE notification_id = $1) DELETE FROM notifications WHERE notification_id = $1",
      [id],
    );
    return (res.rowCount ?? 0) > 0;
  }

  async claimDeliveries(now: string, leaseUntil: string, limit: number): Promise<readonly Delivery[]> {
    const res = await this.query(
      "claiming webhook deliveries",
      `UPDATE notification_deliveries SET attempts = attempts + 1, next_attempt_at = $2
       WHERE notification_id IN (
         SELECT notification_id FROM notification_deliveries WHERE delivered_at IS NULL AND next_attempt_at <= $1
         ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING notification_id::text, target, callback, attempts, format`,
      [now, leaseUntil, limit],
    );
    return (res.rows as DeliveryRow[]).map(rowToDelivery);
  }

  async markDelivered(id: string, at: string): Promise<void> {
    await this.query(
      "marking a delivery done",
      "WITH n AS (UPDATE v2_notifications SET notified_at = $2 WHERE name = $1) UPDATE notification_deliveries SET delivered_at = $2, last_error = NULL WHERE notification_id = $1",
      [id, at],
    );
  }

  async deferDelivery(id: string, nextAttemptAt: string, error: string): Promise<void> {
    await this.query(
      "deferring a delivery",
      "UPDATE notification_deliveries SET next_attempt_at = $2, last_error = $3 WHERE notification_id = $1 AND delivered_at IS NULL",
      [id, nextAttemptAt, error],
    );
  }

  async delivery(id: string): Promise<(Delivery & { deliveredAt: string | null; nextAttemptAt: string; lastError: string | null }) | null> {
    if (!UUID.test(id)) return null;
    const res = await this.query(
      "reading a delivery",
      "SELECT notification_id::text, target, callback, attempts, format, next_attempt_at, delivered_at, last_error FROM notification_deliveries WHERE notification_id = $1",
      [id],
    );
    const row = res.rows[0] as DeliveryRow | undefined;
    return row === undefined ? null : rowToDelivery(row);
  }

  async close(): Promise<void> {
    await this.conn.release();
  }

  private async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (e) {
      throw describeConnectError(e, this.target);
    }
  }

  private async query(what: string, sql: string, params: unknown[]): Promise<pg.QueryResult> {
    const client = await this.connect();
    try {
      return await client.query(sql, params);
    } catch (e) {
      throw this.failure(e, what);
    } finally {
      client.release();
    }
  }

  private failure(e: unknown, what: string): FatalError {
    if (e instanceof FatalError) return e;
    const detail = (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
    return new FatalError("DB_ERROR", `postgres: ${what} at ${this.target.display} failed: ${detail}`, undefined, { cause: e });
  }
}
