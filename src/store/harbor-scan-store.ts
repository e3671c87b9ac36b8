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
}

/**
 * Harbor scan jobs, persisted so that any instance (or a restarted one) answers for an id.
 * Rows live in the index store's database, on a connection of their own.
 */
export interface HarborScanStore {
  insert(scan: HarborScan): Promise<void>;
  update(id: string, change: Pick<HarborScan, "status" | "error" | "report" | "sbom">): Promise<void>;
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
}

const STATUSES: readonly string[] = ["pending", "running", "done", "failed"];
const iso = (v: string | Date): string => (v instanceof Date ? v.toISOString() : v);
const json = (v: unknown): unknown => (typeof v === "string" ? (JSON.parse(v) as unknown) : (v ?? null));

function fromRow(r: Row): HarborScan {
  if (!STATUSES.includes(r.status)) throw new FatalError("DB_ERROR", `harbor_scans: unknown status ${JSON.stringify(r.status)}`);
  return { id: r.id, request: json(r.request), status: r.status as HarborScanStatus, error: r.error, report: json(r.report), sbom: json(r.sbom), createdAt: iso(r.created_at), updatedAt: iso(r.updated_at) };
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

class SqliteHarborScans implements HarborScanStore {
  constructor(private readonly db: Database.Database) {}
  async insert(s: HarborScan): Promise<void> {
    this.db
      .prepare("INSERT INTO harbor_scans (id, request, status, error, report, sbom, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .run(s.id, JSON.stringify(s.request), s.status, s.error, text(s.report), text(s.sbom), s.createdAt, s.updatedAt);
  }
  async update(id: string, c: Pick<HarborScan, "status" | "error" | "report" | "sbom">): Promise<void> {
    this.db
      .prepare("UPDATE harbor_scans SET status = ?, error = ?, report = ?, sbom = ?, updated_at = ? WHERE id = ?")
      .run(c.status, c.error, text(c.report), text(c.sbom), new Date().toISOString(), id);
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
  async insert(s: HarborScan): Promise<void> {
    await this.pool.query("INSERT INTO harbor_scans (id, request, status, error, report, sbom, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", [
      s.id, JSON.stringify(s.request), s.status, s.error, text(s.report), text(s.sbom), s.createdAt, s.updatedAt,
    ]);
  }
  async update(id: string, c: Pick<HarborScan, "status" | "error" | "report" | "sbom">): Promise<void> {
    await this.pool.query("UPDATE harbor_scans SET status = $1, error = $2, report = $3, sbom = $4, updated_at = now() WHERE id = $5", [
      c.status, c.error, text(c.report), text(c.sbom), id,
    ]);
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
  async insert(s: HarborScan): Promise<void> {
    this.rows.set(s.id, s);
  }
  async update(id: string, c: Pick<HarborScan, "status" | "error" | "report" | "sbom">): Promise<void> {
    const old = this.rows.get(id);
    if (old !== undefined) this.rows.set(id, { ...old, ...c, updatedAt: new Date().toISOString() });
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
