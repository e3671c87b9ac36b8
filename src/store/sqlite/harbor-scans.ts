import type Database from "better-sqlite3";
import type { ClaimResult, HarborScan, HarborScanStore, ScanLease } from "../../contracts/harbor-scan-store.js";
import { ACTIVE, EXHAUSTED, fromRow, later, text, type HarborScanRow } from "../harbor-scan-rows.js";
import { handleFor, type SqliteHandle } from "./handle.js";

/** `harbor_scans` in the SQLite file: one instance, so a transaction makes a claim atomic. */
export class SqliteHarborScans implements HarborScanStore {
  private readonly db: Database.Database;

  private constructor(private readonly handle: SqliteHandle) {
    this.db = handle.db;
  }

  /** Opens the file of an already migrated index store, or shares the bundle's handle. */
  static open(conn: string | SqliteHandle): SqliteHarborScans {
    return new SqliteHarborScans(handleFor(conn));
  }

  async insert(s: HarborScan, lease?: ScanLease): Promise<void> {
    this.db
      .prepare(
        "INSERT INTO harbor_scans (id, request, status, error, report, sbom, created_at, updated_at, owner, lease_until, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .run(
        s.id,
        JSON.stringify(s.request),
        s.status,
        s.error,
        text(s.report),
        text(s.sbom),
        s.createdAt,
        s.updatedAt,
        lease?.owner ?? null,
        lease ? later(lease.leaseMs) : null,
        lease ? 1 : 0,
      );
  }
  async update(id: string, c: Pick<HarborScan, "status" | "error" | "report" | "sbom">, owner?: string): Promise<void> {
    this.db
      .prepare(`UPDATE harbor_scans SET status = ?, error = ?, report = ?, sbom = ?, updated_at = ? WHERE id = ?${owner !== undefined ? " AND owner = ?" : ""}`)
      .run(c.status, c.error, text(c.report), text(c.sbom), new Date().toISOString(), id, ...(owner !== undefined ? [owner] : []));
  }
  async renew(id: string, lease: ScanLease): Promise<boolean> {
    return (
      this.db.prepare(`UPDATE harbor_scans SET lease_until = ? WHERE id = ? AND owner = ? AND ${ACTIVE}`).run(later(lease.leaseMs), id, lease.owner).changes ===
      1
    );
  }
  async claim(id: string, lease: ScanLease, maxAttempts: number): Promise<ClaimResult> {
    // One connection of a single-instance store: a transaction is enough to make this atomic.
    return this.db.transaction((): ClaimResult => {
      const now = new Date().toISOString();
      const lapsed = `id = ? AND ${ACTIVE} AND (lease_until IS NULL OR lease_until < ?)`;
      const taken = this.db
        .prepare<unknown[], HarborScanRow>(
          `UPDATE harbor_scans SET owner = ?, lease_until = ?, attempts = attempts + 1, status = 'pending', updated_at = ? WHERE ${lapsed} AND attempts < ? RETURNING *`,
        )
        .get(lease.owner, later(lease.leaseMs), now, id, now, maxAttempts);
      if (taken !== undefined) return { kind: "claimed", scan: fromRow(taken) };
      const row = this.db.prepare<[string, string], HarborScanRow>(`SELECT * FROM harbor_scans WHERE ${lapsed}`).get(id, now);
      if (row === undefined) return { kind: "none" };
      const failed = this.db
        .prepare<unknown[], HarborScanRow>(
          `UPDATE harbor_scans SET status = 'failed', error = ?, owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ? RETURNING *`,
        )
        .get(EXHAUSTED.replace("%s", String(row.attempts)), now, id);
      return failed === undefined ? { kind: "none" } : { kind: "exhausted", scan: fromRow(failed) };
    })();
  }
  async release(owners: readonly string[]): Promise<number> {
    if (owners.length === 0) return 0;
    const now = new Date().toISOString();
    return this.db
      .prepare(
        `UPDATE harbor_scans SET owner = NULL, lease_until = NULL, attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, status = 'pending', updated_at = ? WHERE ${ACTIVE} AND owner IN (${owners.map(() => "?").join(", ")})`,
      )
      .run(now, ...owners).changes;
  }
  async get(id: string): Promise<HarborScan | null> {
    const row = this.db.prepare<[string], HarborScanRow>("SELECT * FROM harbor_scans WHERE id = ?").get(id);
    return row === undefined ? null : fromRow(row);
  }
  async prune(before: string): Promise<number> {
    return this.db.prepare("DELETE FROM harbor_scans WHERE created_at < ?").run(before).changes;
  }
  async close(): Promise<void> {
    this.handle.release();
  }
}
