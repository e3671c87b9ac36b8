import type { Advisory } from "../core/advisory.js";
import { FatalError } from "../core/problem.js";
import type {
  NotificationReason,
  NotificationSummary,
  OperationDiff,
  StoredNotification,
  StoredV2Notification,
  UpdateOperation,
  V2NotificationSide,
  WebhookFormat,
} from "../contracts/notifier-store.js";

/** Refs and notification ids are uuids; anything else is unknown rather than a database error. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface OperationRow {
  readonly ref: string;
  readonly updater: string;
  readonly fingerprint: string;
  readonly date: string | Date;
  readonly kind: string;
  readonly added?: unknown;
  readonly removed?: unknown;
}

export interface DeliveryRow {
  readonly notification_id: string;
  readonly target: string;
  readonly callback: string;
  readonly attempts: number | string;
  readonly next_attempt_at?: string | Date;
  readonly delivered_at?: string | Date | null;
  readonly last_error?: string | null;
  readonly format?: string;
}

export interface V2NotificationRow {
  readonly name: string;
  readonly update_ref: string;
  readonly old_vulnerability: unknown;
  readonly new_vulnerability: unknown;
  readonly old_layers: unknown;
  readonly new_layers: unknown;
  readonly created_at: string | Date;
  readonly notified_at: string | Date | null;
  readonly deleted_at: string | Date | null;
}

const iso = (v: string | Date): string => (v instanceof Date ? v.toISOString() : v);
/** PostgreSQL returns jsonb parsed, SQLite returns the text. */
const json = (v: unknown): unknown => (typeof v === "string" ? JSON.parse(v) : v);

export function rowToOperation(r: OperationRow): UpdateOperation {
  if (r.kind !== "vulnerability" && r.kind !== "enrichment") throw new FatalError("DB_ERROR", `update_operations: unknown kind ${JSON.stringify(r.kind)}`);
  return { ref: r.ref, updater: r.updater, fingerprint: r.fingerprint, date: iso(r.date), kind: r.kind };
}

export function rowToDiff(r: OperationRow): OperationDiff {
  return { operation: rowToOperation(r), added: json(r.added) as Advisory[], removed: json(r.removed) as Advisory[] };
}

/** Rows already ordered newest first stay so within each updater. */
export function groupOperations(rows: readonly OperationRow[]): Map<string, UpdateOperation[]> {
  const out = new Map<string, UpdateOperation[]>();
  for (const r of rows) {
    const list = out.get(r.updater) ?? [];
    list.push(rowToOperation(r));
    out.set(r.updater, list);
  }
  return out;
}

export function rowToNotification(r: { seq: number | string; manifest: string; reason: string; vulnerability: unknown }): StoredNotification {
  if (r.reason !== "added" && r.reason !== "removed") throw new FatalError("DB_ERROR", `notifications: unknown reason ${JSON.stringify(r.reason)}`);
  return { seq: Number(r.seq), manifest: r.manifest, reason: r.reason as NotificationReason, vulnerability: json(r.vulnerability) as Record<string, unknown> };
}

function side(vulnerability: unknown, layers: unknown): V2NotificationSide | null {
  const v = json(vulnerability);
  return v === null || v === undefined ? null : { vulnerability: v as Record<string, unknown>, layers: json(layers) as string[] };
}

export function rowToV2Notification(r: V2NotificationRow): StoredV2Notification {
  return {
    name: r.name,
    updateRef: r.update_ref,
    old: side(r.old_vulnerability, r.old_layers),
    new: side(r.new_vulnerability, r.new_layers),
    created: iso(r.created_at),
    notified: r.notified_at === null ? null : iso(r.notified_at),
    deleted: r.deleted_at === null ? null : iso(r.deleted_at),
  };
}

/** Column values of a v2 notification: vulnerability, then layers, for Old and New. */
export function v2NotificationColumns(n: { old: V2NotificationSide | null; new: V2NotificationSide | null }): [string | null, string | null, string, string] {
  return [
    n.old === null ? null : JSON.stringify(n.old.vulnerability),
    n.new === null ? null : JSON.stringify(n.new.vulnerability),
    JSON.stringify(n.old?.layers ?? []),
    JSON.stringify(n.new?.layers ?? []),
  ];
}

export function rowToDelivery(r: DeliveryRow): {
  notificationId: string;
  target: string;
  callback: string;
  attempts: number;
  format: WebhookFormat;
  nextAttemptAt: string;
  deliveredAt: string | null;
  lastError: string | null;
} {
  if (r.format !== undefined && r.format !== "clair-v4" && r.format !== "clair-v2")
    throw new FatalError("DB_ERROR", `notification_deliveries: unknown format ${JSON.stringify(r.format)}`);
  return {
    format: r.format ?? "clair-v4",
    notificationId: r.notification_id,
    target: r.target,
    callback: r.callback,
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at === undefined ? "" : iso(r.next_attempt_at),
    deliveredAt: r.delivered_at === undefined || r.delivered_at === null ? null : iso(r.delivered_at),
    lastError: r.last_error ?? null,
  };
}

/** A `recentNotifications` row of either backend (SQLite sums come back as numbers, PostgreSQL times as Dates). */
export interface SummaryRow {
  readonly id: string;
  readonly update_ref: string;
  readonly created_at: string | Date;
  readonly added: number | string | null;
  readonly removed: number | string | null;
  readonly manifests: number | string;
  readonly target: string | null;
  readonly attempts: number | string | null;
  readonly delivered_at: string | Date | null;
  readonly last_error: string | null;
}

export function rowToSummary(r: SummaryRow): NotificationSummary {
  const iso = (t: string | Date): string => (t instanceof Date ? t.toISOString() : t);
  return {
    id: r.id,
    updateRef: r.update_ref,
    createdAt: iso(r.created_at),
    added: Number(r.added ?? 0),
    removed: Number(r.removed ?? 0),
    manifests: Number(r.manifests),
    delivery:
      r.target === null
        ? null
        : { target: r.target, attempts: Number(r.attempts ?? 0), deliveredAt: r.delivered_at === null ? null : iso(r.delivered_at), lastError: r.last_error },
  };
}
