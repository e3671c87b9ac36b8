import Database from "better-sqlite3";
import pg from "pg";
import type { IndexStore } from "../contracts/index-store.js";
import { FatalError } from "../core/problem.js";
import { parsePgUrl } from "./pg-config.js";
import { PostgresIndexStore } from "./postgres-index-store.js";
import { SqliteIndexStore } from "./sqlite-index-store.js";

export type HarborScanStatus = "pending" | "running" | "done" | "failed";

/** One Harbor scan job (table `harbor_scans`, index migration 2). JSON columns hold opaque documents. */
export interface HarborScan {
  readonly id: string;
  readonly request: unknown;
  readonly status: HarborScanStatus;
  readonly error: string | null;
  /** The Harbor vulnerability report, once done. */
  readonly report: unknown;
  /** The index report the SBOMs are rendered from, once done. */
  readonly sbom: unknown;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Runs started so far (the first included); absent on insert. */
  readonly attempts?: number;
  /** Until when the running instance holds the job (ISO time); null: no holder. */
  readonly leaseUntil?: string | null;
}

/** Who runs a job and for how long its hold lasts without renewal. */
export interface ScanLease {
  readonly owner: string;
  readonly leaseMs: number;
}

/**
 * What a claim of a job found: taken over (run it again), given up on (too many attempts; the row
 * is now failed), or nothing to do (finished, unknown, or its lease has not lapsed).
 */
export type ClaimResult = { readonly kind: "claimed"; readonly scan: HarborScan } | { readonly kind: "exhausted"; readonly scan: HarborScan } | { readonly kind: "none" };

const ACTIVE = "status IN ('pending', 'running')";
/** `%s` is the number of runs (PostgreSQL's format() fills it in SQL). */
const EXHAUSTED = "scan abandoned: %s run(s) ended without a result (each instance running it stopped renewing its lease)";

/**
 * Harbor scan jobs, persisted so that any instance (or a restarted one) answers for an id.
 * Rows live in the index store's database, on a connection of their own.
 */
export interface HarborScanStore {
  /** With `lease`, the job starts held by its owner (attempt 1). */
  insert(scan: HarborScan, lease?: ScanLease): Promise<void>;
  /** With `owner`, only while that owner still holds the job (a taken-over run writes nothing). */
  update(id: string, change: Pick<HarborScan, "status" | "error" | "report" | "sbom">, owner?: string): Promise<void>;
  /** Extends the owner's hold on an unfinished job; false when the owner lost it. */
  renew(id: string, lease: ScanLease): Promise<boolean>;
  /**
   * Atomically takes over an unfinished job whose lease lapsed, counting an attempt; past
   * `maxAttempts` marks it failed instead.
   */
  claim(id: string, lease: ScanLease, maxAttempts: number): Promise<ClaimResult>;
  /**
   * Hands back the unfinished jobs these owners hold (a shutdown): claimable at once by any
   * instance, and the interrupted run does not count against the attempt cap.
   */
  release(owners: readonly string[]): Promise<number>;
  get(id: string): Promise<HarborScan | null>;
  /** Deletes jobs created before `before` (ISO time); resolves the number deleted. */
  prune(before: string): Promise<number>;
  close(): Promise<void>;
}

interface Row {
  id: string;
  request: unknown;
  status: string;
  error: string | null;
  report: unknown;
  sbom: unknown;
  created_at: string | Date;
  updated_at: string | Date;
  attempts: number;
  lease_until: string | Date | null;
}

const STATUSES: readonly string[] = ["pending", "running", "done", "failed"];
const iso = (v: string | Date): string => (v instanceof Date ? v.toISOString() : v);
const json = (v: unknown): unknown => (typeof v === "string" ? (JSON.parse(v) as unknown) : (v ?? null));

function fromRow(r: Row): HarborScan {
  if (!STATUSES.includes(r.status)) throw new FatalError("DB_ERROR", `harbor_scans: unknown status ${JSON.stringify(r.status)}`);
  return { id: r.id, request: json(r.request), status: r.status as HarborScanStatus, error: r.error, report: json(r.report), sbom: json(r.sbom), createdAt: iso(r.created_at), updatedAt: iso(r.updated_at), attempts: r.attempts, leaseUntil: r.lease_until === null ? null : iso(r.lease_until) };
}

const later = (ms: number): string => new Date(Date.now() + ms).toISOString();
const text = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

class SqliteHarborScans implements HarborScanStore {
  constructor(private readonly db: Database.Database) {}
  async insert(s: HarborScan, lease?: ScanLease): Promise<void> {
    this.db
      .prepare("INSERT INTO harbor_scans (id, request, status, error, report, sbom, created_at, updated_at, owner, lease_until, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .run(s.id, JSON.stringify(s.request), s.status, s.error, text(s.report), text(s.sbom), s.createdAt, s.updatedAt, lease?.owner ?? null, lease ? later(lease.leaseMs) : null, lease ? 1 : 0);
  }
  async update(id: string, c: Pick<HarborScan, "status" | "error" | "report" | "sbom">, owner?: string): Promise<void> {
    this.db
      .prepare(`UPDATE harbor_scans SET status = ?, error = ?, report = ?, sbom = ?, updated_at = ? WHERE id = ?${owner !== undefined ? " AND owner = ?" : ""}`)
      .run(c.status, c.error, text(c.report), text(c.sbom), new Date().toISOString(), id, ...(owner !== undefined ? [owner] : []));
  }
  async renew(id: string, lease: ScanLease): Promise<boolean> {
    return this.db.prepare(`UPDATE harbor_scans SET lease_until = ? WHERE id = ? AND owner = ? AND ${ACTIVE}`).run(later(lease.leaseMs), id, lease.owner).changes === 1;
  }
  async claim(id: string, lease: ScanLease, maxAttempts: number): Promise<ClaimResult> {
    // One connection of a single-instance store: a transaction is enough to make this atomic.
    return this.db.transaction((): ClaimResult => {
      const now = new Date().toISOString();
      const lapsed = `id = ? AND ${ACTIVE} AND (lease_until IS NULL OR lease_until < ?)`;
      const taken = this.db
        .prepare<unknown[], Row>(`UPDATE harbor_scans SET owner = ?, lease_until = ?, attempts = attempts + 1, status = 'pending', updated_at = ? WHERE ${lapsed} AND attempts < ? RETURNING *`)
        .get(lease.owner, later(lease.leaseMs), now, id, now, maxAttempts);
      if (taken !== undefined) return { kind: "claimed", scan: fromRow(taken) };
      const row = this.db.prepare<[string, string], Row>(`SELECT * FROM harbor_scans WHERE ${lapsed}`).get(id, now);
      if (row === undefined) return { kind: "none" };
      const failed = this.db
        .prepare<unknown[], Row>(`UPDATE harbor_scans SET status = 'failed', error = ?, owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ? RETURNING *`)
        .get(EXHAUSTED.replace("%s", String(row.attempts)), now, id);
      return failed === undefined ? { kind: "none" } : { kind: "exhausted", scan: fromRow(failed) };
    })();
  }
  async release(owners: readonly string[]): Promise<number> {
    if (owners.length === 0) return 0;
    const now = new Date().toISOString();
    return this.db.prepare(`UPDATE harbor_scans SET owner = NULL, lease_until = NULL, attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, status = 'pending', updated_at = ? WHERE ${ACTIVE} AND owner IN (${owners.map(() => "?").join(", ")})`).run(now, ...owners).changes;
  }
  async get(id: string): Promise<HarborScan | null> {
    const row = this.db.prepare<[string], Row>("SELECT * FROM harbor_scans WHERE id = ?").get(id);
    return row === undefined ? null : fromRow(row);
  }
  async prune(before: string): Promise<number> {
    return this.db.prepare("DELETE FROM harbor_scans WHERE created_at < ?").run(before).changes;
  }
  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

class PostgresHarborScans implements HarborScanStore {
  constructor(private readonly pool: pg.Pool) {}
  async insert(s: HarborScan, lease?: ScanLease): Promise<void> {
    await this.pool.query(
      `INSERT INTO harbor_scans (id, request, status, error, report, sbom, created_at, updated_at, owner, lease_until, attempts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now() + $10 * interval '1 millisecond', $11)`,
      [s.id, JSON.stringify(s.request), s.status, s.error, text(s.report), text(s.sbom), s.createdAt, s.updatedAt, lease?.owner ?? null, lease?.leaseMs ?? null, lease ? 1 : 0],
    );
  }
  async update(id: string, c: Pick<HarborScan, "status" | "error" | "report" | "sbom">, owner?: string): Promise<void> {
    await this.pool.query(`UPDATE harbor_scans SET status = $1, error = $2, report = $3, sbom = $4, updated_at = now() WHERE id = $5${owner !== undefined ? " AND owner = $6" : ""}`, [
      c.status, c.error, text(c.report), text(c.sbom), id, ...(owner !== undefined ? [owner] : []),
    ]);
  }
  async renew(id: string, lease: ScanLease): Promise<boolean> {
    const res = await this.pool.query(`UPDATE harbor_scans SET lease_until = now() + $3 * interval '1 millisecond' WHERE id = $1 AND owner = $2 AND ${ACTIVE}`, [id, lease.owner, lease.leaseMs]);
    return res.rowCount === 1;
  }
  async claim(id: string, lease: ScanLease, maxAttempts: number): Promise<ClaimResult> {
    // The database clock decides expiry, and the conditional UPDATE lets exactly one instance win.
    const lapsed = `id = $1 AND ${ACTIVE} AND (lease_until IS NULL OR lease_until < now())`;
    const taken = await this.pool.query<Row>(
      `UPDATE harbor_scans SET owner = $2, lease_until = now() + $3 * interval '1 millisecond', attempts = attempts + 1, status = 'pending', updated_at = now()
       WHERE ${lapsed} AND attempts < $4 RETURNING *`,
      [id, lease.owner, lease.leaseMs, maxAttempts],
    );
    if (taken.rows[0] !== undefined) return { kind: "claimed", scan: fromRow(taken.rows[0]) };
    const failed = await this.pool.query<Row>(
      `UPDATE harbor_scans SET status = 'failed', error = format($2, attempts), owner = NULL, lease_until = NULL, updated_at = now() WHERE ${lapsed} AND attempts >= $3 RETURNING *`,
      [id, EXHAUSTED, maxAttempts],
    );
    return failed.rows[0] !== undefined ? { kind: "exhausted", scan: fromRow(failed.rows[0]) } : { kind: "none" };
  }
  async release(owners: readonly string[]): Promise<number> {
    if (owners.length === 0) return 0;
    return (await this.pool.query(`UPDATE harbor_scans SET owner = NULL, lease_until = NULL, attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, status = 'pending', updated_at = now() WHERE ${ACTIVE} AND owner = ANY($1)`, [owners])).rowCount ?? 0;
  }
  async get(id: string): Promise<HarborScan | null> {
    const res = await this.pool.query<Row>("SELECT * FROM harbor_scans WHERE id = $1", [id]);
    const row = res.rows[0];
    return row === undefined ? null : fromRow(row);
  }
  async prune(before: string): Promise<number> {
    return (await this.pool.query("DELETE FROM harbor_scans WHERE created_at < $1", [before])).rowCount ?? 0;
  }
  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** For a SQLite `:memory:` index store, whose tables no second connection can see: not persisted. */
class MemoryHarborScans implements HarborScanStore {
  private readonly rows = new Map<string, HarborScan>();
  private readonly owners = new Map<string, string>();
  async insert(s: HarborScan, lease?: ScanLease): Promise<void> {
    this.rows.set(s.id, { ...s, attempts: lease ? 1 : 0, leaseUntil: lease ? later(lease.leaseMs) : null });
    if (lease) this.owners.set(s.id, lease.owner);
  }
  async update(id: string, c: Pick<HarborScan, "status" | "error" | "report" | "sbom">, owner?: string): Promise<void> {
    const old = this.rows.get(id);
    if (old !== undefined && (owner === undefined || this.owners.get(id) === owner)) this.rows.set(id, { ...old, ...c, updatedAt: new Date().toISOString() });
  }
  // In one process the only holder is this process, which renews while it runs: nothing lapses.
  async renew(id: string, lease: ScanLease): Promise<boolean> {
    const old = this.rows.get(id);
    return old !== undefined && this.owners.get(id) === lease.owner && (old.status === "pending" || old.status === "running");
  }
  async claim(): Promise<ClaimResult> {
    return { kind: "none" };
  }
  // Nothing outlives this process: there is no one to hand a job to.
  async release(): Promise<number> {
    return 0;
  }
  async get(id: string): Promise<HarborScan | null> {
    return this.rows.get(id) ?? null;
  }
  async prune(before: string): Promise<number> {
    let n = 0;
    for (const [id, s] of this.rows) if (s.createdAt < before && this.rows.delete(id)) n++;
    return n;
  }
  async close(): Promise<void> {
    this.rows.clear();
  }
}

/** The scan-job store beside a (migrated) index store, in the same database. */
export function harborScanStoreFor(index: IndexStore): HarborScanStore {
  if (index instanceof PostgresIndexStore) {
    const target = parsePgUrl(index.url);
    const pool = new pg.Pool({ connectionString: target.connectionString, options: `-c search_path=${target.schema}`, max: 2, application_name: "claro-harbor" });
    pool.on("error", () => undefined);
    return new PostgresHarborScans(pool);
  }
  if (index instanceof SqliteIndexStore && index.path !== ":memory:") {
    const db = new Database(index.path);
    db.pragma("busy_timeout = 10000");
    return new SqliteHarborScans(db);
  }
  return new MemoryHarborScans();
}
