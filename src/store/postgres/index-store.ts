import pg from "pg";
import type { Digest } from "../../core/digest.js";
import { FatalError } from "../../core/problem.js";
import type { IndexStamp, IndexState, IndexStore, IndexSummaryPage, StoredIndex } from "../../contracts/index-store.js";
import { pendingIndexMigrations } from "../index-migrations.js";
import { KeyBatcher } from "../key-batcher.js";
import { describeConnectError, type PgTarget } from "./pg-config.js";
import { applyMigrations } from "./migrate.js";
import { connectionFor, type PgConnection } from "./pool.js";
import { rowToStored, rowToSummary } from "../index-rows.js";

/** The indexer's tables in the same PostgreSQL schema as the AdvisoryStore's, with its own pool. */
export class PostgresIndexStore implements IndexStore {
  readonly backend = "postgres" as const;
  private readonly pool: pg.Pool;
  private readonly target: PgTarget;
  /** Every report request reads a stamp: concurrent ones share one query (see KeyBatcher). */
  private readonly stamps = new KeyBatcher<Digest, IndexStamp>((manifests) => this.readStamps(manifests));

  private readonly conn: PgConnection;
  readonly url: string;

  constructor(url: string | PgConnection, options: { readonly maxConnections?: number } = {}) {
    this.conn = connectionFor(url, { max: options.maxConnections ?? 4, applicationName: "claro-indexer" });
    this.url = this.conn.url;
    this.target = this.conn.target;
    this.pool = this.conn.pool;
  }

  async migrate(): Promise<void> {
    const client = await this.connect();
    try {
      const schema = this.target.schema;
      await applyMigrations(client, { schema, table: "index_schema_migrations", lock: `claro:index-migrate:${schema}`, pending: pendingIndexMigrations });
    } catch (e) {
      throw this.failure(e, "migrating the index tables");
    } finally {
      client.release();
    }
  }

  async save(r: StoredIndex): Promise<void> {
    await this.query(
      "saving an index report",
      `INSERT INTO index_reports (manifest, state, error, index_state, report, updated_at, first_seen) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $6)
       ON CONFLICT (manifest) DO UPDATE SET state = excluded.state, error = excluded.error, index_state = excluded.index_state,
       report = excluded.report, updated_at = excluded.updated_at`,
      [r.manifest, r.state, r.error, r.indexState, r.report === null ? null : JSON.stringify(r.report), r.updatedAt],
    );
  }

  async get(manifest: Digest): Promise<StoredIndex | null> {
    const res = await this.query("reading an index report", "SELECT * FROM index_reports WHERE manifest = $1", [manifest]);
    const row = res.rows[0] as Parameters<typeof rowToStored>[0] | undefined;
    return row === undefined ? null : rowToStored(row);
  }

  stamp(manifest: Digest): Promise<IndexStamp | null> {
    return this.stamps.get(manifest);
  }

  private async readStamps(manifests: readonly Digest[]): Promise<ReadonlyMap<Digest, IndexStamp>> {
    const res = await this.query(
      "reading index report states",
      "SELECT manifest, state, index_state, updated_at FROM index_reports WHERE manifest = ANY($1)",
      [manifests],
      "claro-index-stamps",
    );
    const out = new Map<Digest, IndexStamp>();
    for (const row of res.rows as { manifest: Digest; state: IndexState; index_state: string; updated_at: string | Date }[]) {
      out.set(row.manifest, {
        state: row.state,
        indexState: row.index_state,
        updatedAt: row.updated_at instanceof Date ? row.updated_at.toISOString() : String(row.updated_at),
      });
    }
    return out;
  }

  async delete(manifest: Digest): Promise<boolean> {
    const res = await this.query("deleting an index report", "DELETE FROM index_reports WHERE manifest = $1", [manifest]);
    return (res.rowCount ?? 0) > 0;
  }

  async list(): Promise<readonly Digest[]> {
    const res = await this.query("listing index reports", 'SELECT manifest FROM index_reports ORDER BY manifest COLLATE "C"', []);
    return res.rows.map((r) => String((r as { manifest: string }).manifest) as Digest);
  }

  async summaries(query: string, offset: number, limit: number): Promise<IndexSummaryPage> {
    // strpos, not LIKE: a `%` or `_` typed into the search box is a character, not a pattern.
    const where = "WHERE strpos(lower(manifest), lower($1)) > 0";
    const [count, page] = await Promise.all([
      this.query("counting index reports", `SELECT count(*)::int AS n FROM index_reports ${where}`, [query]),
      this.query(
        "listing index reports",
        `SELECT manifest, state, error, index_state, first_seen, updated_at FROM index_reports ${where} ORDER BY updated_at DESC, manifest COLLATE "C" LIMIT $2 OFFSET $3`,
        [query, limit, offset],
      ),
    ]);
    return {
      total: Number((count.rows[0] as { n: number } | undefined)?.n ?? 0),
      rows: page.rows.map((r) => rowToSummary(r as Parameters<typeof rowToSummary>[0])),
    };
  }

  async ping(): Promise<void> {
    await this.query("checking the database", "SELECT 1", []);
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

  /** `name` makes it a prepared statement, planned once per connection (for per-request reads). */
  private async query(what: string, sql: string, params: unknown[], name?: string): Promise<pg.QueryResult> {
    const client = await this.connect();
    try {
      return await client.query(name === undefined ? { text: sql, values: params } : { name, text: sql, values: params });
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
