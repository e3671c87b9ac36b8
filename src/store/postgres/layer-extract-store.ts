import pg from "pg";
import type { LayerExtractStore, ScannerVersions, StoredLayerExtract } from "../../contracts/layer-extract-store.js";
import type { Digest } from "../../core/digest.js";
import { FatalError } from "../../core/problem.js";
import { firstLine, rowToLayerExtract, scannersJson, type LayerExtractRow } from "../layer-extract-rows.js";
import { describeConnectError, type PgTarget } from "./pg-config.js";
import { connectionFor, type PgConnection } from "./pool.js";

/** `layer_extracts` in the index store's PostgreSQL schema, with a small pool of its own. */
export class PostgresLayerExtractStore implements LayerExtractStore {
  private readonly pool: pg.Pool;
  private readonly target: PgTarget;

  private readonly conn: PgConnection;

  constructor(url: string | PgConnection) {
    this.conn = connectionFor(url, { max: 4, applicationName: "claro-layers" });
    this.target = this.conn.target;
    this.pool = this.conn.pool;
  }

  async get(digests: readonly Digest[]): Promise<ReadonlyMap<Digest, StoredLayerExtract>> {
    const out = new Map<Digest, StoredLayerExtract>();
    if (digests.length === 0) return out;
    const res = await this.query("reading layer extracts", "SELECT digest, extract, scanners FROM layer_extracts WHERE digest = ANY($1::text[])", [
      [...new Set(digests)],
    ]);
    for (const r of res.rows as LayerExtractRow[]) out.set(r.digest as Digest, rowToLayerExtract(r));
    return out;
  }

  async put(r: StoredLayerExtract): Promise<void> {
    await this.query(
      "saving a layer extract",
      `INSERT INTO layer_extracts (digest, extract, scanners, updated_at) VALUES ($1, $2, $3::jsonb, now())
       ON CONFLICT (digest) DO UPDATE SET extract = excluded.extract, scanners = excluded.scanners, updated_at = excluded.updated_at`,
      [r.digest, r.extract, scannersJson(r.scanners)],
    );
  }

  async addScanners(digest: Digest, scanners: ScannerVersions): Promise<boolean> {
    // `||` merges at the top level in one statement, so concurrent merges on one row both land.
    const res = await this.query(
      "recording scanner versions on a layer extract",
      "UPDATE layer_extracts SET scanners = scanners || $2::jsonb, updated_at = now() WHERE digest = $1",
      [digest, scannersJson(scanners)],
    );
    return (res.rowCount ?? 0) > 0;
  }

  async delete(digest: Digest): Promise<boolean> {
    const res = await this.query("deleting a layer extract", "DELETE FROM layer_extracts WHERE digest = $1", [digest]);
    return (res.rowCount ?? 0) > 0;
  }

  async close(): Promise<void> {
    await this.conn.release();
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
}
