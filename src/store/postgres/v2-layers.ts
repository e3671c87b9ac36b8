import type pg from "pg";
import type { V2Layer, V2LayerStore } from "../../contracts/v2-layer-store.js";
import { FatalError } from "../../core/problem.js";
import { CHAIN, DESCENDANTS, params, toLayer, UPSERT, type V2LayerRow } from "../v2-layer-rows.js";
import { describeConnectError, type PgTarget } from "./pg-config.js";
import { connectionFor, type PgConnection } from "./pool.js";

/** `v2_layers` on PostgreSQL (index migration 3). */
export class PostgresV2LayerStore implements V2LayerStore {
  private readonly conn: PgConnection;
  private readonly pool: pg.Pool;
  private readonly target: PgTarget;

  constructor(url: string | PgConnection) {
    this.conn = connectionFor(url, { max: 4, applicationName: "claro-v2" });
    this.pool = this.conn.pool;
    this.target = this.conn.target;
  }

  private async query(what: string, sql: string, values: unknown[]): Promise<pg.QueryResult> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw describeConnectError(e, this.target);
    }
    try {
      return await client.query(sql, values);
    } catch (e) {
      throw new FatalError("DB_ERROR", `postgres: ${what} at ${this.target.display} failed: ${firstLine(e)}`, undefined, { cause: e });
    } finally {
      client.release();
    }
  }

  async put(l: V2Layer): Promise<void> {
    await this.query("saving a v2 layer", UPSERT, params(l));
  }
  async get(name: string): Promise<V2Layer | null> {
    const res = await this.query("reading a v2 layer", "SELECT * FROM v2_layers WHERE name = $1", [name]);
    const row = res.rows[0] as V2LayerRow | undefined;
    return row === undefined ? null : toLayer(row);
  }
  async chain(name: string): Promise<readonly V2Layer[]> {
    const res = await this.query("reading a v2 layer chain", CHAIN, [name]);
    return (res.rows as V2LayerRow[]).map(toLayer);
  }
  async delete(name: string): Promise<boolean> {
    const res = await this.query("deleting a v2 layer", DESCENDANTS, [name]);
    return (res.rowCount ?? 0) > 0;
  }
  async close(): Promise<void> {
    await this.conn.release();
  }
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
}
