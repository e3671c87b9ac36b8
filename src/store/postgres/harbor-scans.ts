import type pg from "pg";
import type { ClaimResult, HarborScan, HarborScanStore, ScanLease } from "../../contracts/harbor-scan-store.js";
import { ACTIVE, EXHAUSTED, fromRow, text, type HarborScanRow } from "../harbor-scan-rows.js";
import { connectionFor, type PgConnection } from "./pool.js";

/** `harbor_scans` on PostgreSQL: the database clock and conditional UPDATEs arbitrate between instances. */
export class PostgresHarborScans implements HarborScanStore {
  private readonly conn: PgConnection;
  private readonly pool: pg.Pool;

  constructor(url: string | PgConnection) {
    this.conn = connectionFor(url, { max: 2, applicationName: "claro-harbor" });
    this.pool = this.conn.pool;
  }

  async insert(s: HarborScan, lease?: ScanLease): Promise<void> {
    await this.pool.query(
      `INSERT INTO harbor_scans (id, request, status, error, report, sbom, created_at, updated_at, owner, lease_until, attempts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now() + $10 * interval '1 millisecond', $11)`,
      [
        s.id,
        JSON.stringify(s.request),
        s.status,
        s.error,
        text(s.report),
        text(s.sbom),
        s.createdAt,
        s.updatedAt,
        lease?.owner ?? null,
        lease?.leaseMs ?? null,
        lease ? 1 : 0,
      ],
    );
  }
  async update(id: string, c: Pick<HarborScan, "status" | "error" | "report" | "sbom">, owner?: string): Promise<void> {
    await this.pool.query(
      `UPDATE harbor_scans SET status = $1, error = $2, report = $3, sbom = $4, updated_at = now() WHERE id = $5${owner !== undefined ? " AND owner = $6" : ""}`,
      [c.status, c.error, text(c.report), text(c.sbom), id, ...(owner !== undefined ? [owner] : [])],
    );
  }
  async renew(id: string, lease: ScanLease): Promise<boolean> {
    const res = await this.pool.query(
      `UPDATE harbor_scans SET lease_until = now() + $3 * interval '1 millisecond' WHERE id = $1 AND owner = $2 AND ${ACTIVE}`,
      [id, lease.owner, lease.leaseMs],
    );
    return res.rowCount === 1;
  }
  async claim(id: string, lease: ScanLease, maxAttempts: number): Promise<ClaimResult> {
    // The database clock decides expiry, and the conditional UPDATE lets exactly one instance win.
    const lapsed = `id = $1 AND ${ACTIVE} AND (lease_until IS NULL OR lease_until < now())`;
    const taken = await this.pool.query<HarborScanRow>(
      `UPDATE harbor_scans SET owner = $2, lease_until = now() + $3 * interval '1 millisecond', attempts = attempts + 1, status = 'pending', updated_at = now()
       WHERE ${lapsed} AND attempts < $4 RETURNING *`,
      [id, lease.owner, lease.leaseMs, maxAttempts],
    );
    if (taken.rows[0] !== undefined) return { kind: "claimed", scan: fromRow(taken.rows[0]) };
    const failed = await this.pool.query<HarborScanRow>(
      `UPDATE harbor_scans SET status = 'failed', error = format($2, attempts), owner = NULL, lease_until = NULL, updated_at = now() WHERE ${lapsed} AND attempts >= $3 RETURNING *`,
      [id, EXHAUSTED, maxAttempts],
    );
    return failed.rows[0] !== undefined ? { kind: "exhausted", scan: fromRow(failed.rows[0]) } : { kind: "none" };
  }
  async release(owners: readonly string[]): Promise<number> {
    if (owners.length === 0) return 0;
    return (
      (
        await this.pool.query(
          `UPDATE harbor_scans SET owner = NULL, lease_until = NULL, attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, status = 'pending', updated_at = now() WHERE ${ACTIVE} AND owner = ANY($1)`,
          [owners],
        )
      ).rowCount ?? 0
    );
  }
  async get(id: string): Promise<HarborScan | null> {
    const res = await this.pool.query<HarborScanRow>("SELECT * FROM harbor_scans WHERE id = $1", [id]);
    const row = res.rows[0];
    return row === undefined ? null : fromRow(row);
  }
  async prune(before: string): Promise<number> {
    return (await this.pool.query("DELETE FROM harbor_scans WHERE created_at < $1", [before])).rowCount ?? 0;
  }
  async close(): Promise<void> {
    await this.conn.release();
  }
}
