import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { FatalError } from "../core/problem.js";
import { defaultSqlitePath } from "./default-path.js";
import { describeConnectError, parsePgUrl, type PgTarget } from "./pg-config.js";

/** A Clair v2 layer as stored: names are caller-chosen, the chain is kept by `parentName`. */
export interface V2Layer {
  readonly name: string;
  readonly parentName: string | null;
  readonly path: string;
  /** `debian:12`; empty when no OS was detected in the chain (then `error` says why). */
  readonly namespace: string;
  readonly format: string;
  readonly indexedByVersion: number;
  /** The compressed layer extract (image/layer-extract.ts `encodeExtract`). */
  readonly extract: Buffer;
  readonly error: string | null;
}

/**
 * The `v2_layers` table (index migration 3). Tables are created by the IndexStore's `migrate()`;
 * this store only reads and writes them, on its own connection.
 */
export interface V2LayerStore {
  /** Inserts or replaces the layer of that name. */
  put(layer: V2Layer): Promise<void>;
  get(name: string): Promise<V2Layer | null>;
  /** The layer and its ancestors, base first; empty when the layer is unknown. */
  chain(name: string): Promise<readonly V2Layer[]>;
  /** Deletes the layer and all its descendants; resolves false when it was unknown. */
  delete(name: string): Promise<boolean>;
  close(): Promise<void>;
}

interface Row {
  name: string;
  parent_name: string | null;
  path: string;
  namespace: string;
  format: string;
  indexed_by_version: number;
  extract: Buffer;
  error: string | null;
}

const toLayer = (r: Row): V2Layer => ({
  name: r.name,
  parentName: r.parent_name,
  path: r.path,
  namespace: r.namespace,
  format: r.format,
  indexedByVersion: Number(r.indexed_by_version),
  extract: Buffer.from(r.extract),
  error: r.error,
});

const CHAIN = `WITH RECURSIVE up(name, parent_name, depth) AS (
  SELECT name, parent_name, 0 FROM v2_layers WHERE name = $1
  UNION ALL SELECT l.name, l.parent_name, up.depth + 1 FROM v2_layers l JOIN up ON l.name = up.parent_name WHERE up.depth < 1000
) SELECT l.* FROM up JOIN v2_layers l ON l.name = up.name ORDER BY up.depth DESC`;

const DESCENDANTS = `WITH RECURSIVE down(name) AS (
  SELECT name FROM v2_layers WHERE name = $1
  UNION SELECT l.name FROM v2_layers l JOIN down ON l.parent_name = down.name
) DELETE FROM v2_layers WHERE name IN (SELECT name FROM down)`;

const UPSERT = `INSERT INTO v2_layers (name, parent_name, path, namespace, format, indexed_by_version, extract, error, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (name) DO UPDATE SET parent_name = excluded.parent_name, path = excluded.path, namespace = excluded.namespace,
format = excluded.format, indexed_by_version = excluded.indexed_by_version, extract = excluded.extract, error = excluded.error`;

const params = (l: V2Layer): unknown[] => [l.name, l.parentName, l.path, l.namespace, l.format, l.indexedByVersion, l.extract, l.error, new Date().toISOString()];

class SqliteV2LayerStore implements V2LayerStore {
  constructor(private readonly db: Database.Database, private readonly file: string) {}

  private guard<T>(what: string, f: () => T): T {
    try {
      return f();
    } catch (e) {
      throw new FatalError("DB_ERROR", `sqlite: ${what} in ${this.file} failed: ${firstLine(e)}`, undefined, { cause: e });
    }
  }
  private sql(q: string): string {
    return q.replace(/\$\d+/g, "?");
  }

  async put(l: V2Layer): Promise<void> {
    this.guard("saving a v2 layer", () => this.db.prepare(this.sql(UPSERT)).run(...params(l)));
  }
  async get(name: string): Promise<V2Layer | null> {
    const row = this.guard("reading a v2 layer", () => this.db.prepare<[string], Row>("SELECT * FROM v2_layers WHERE name = ?").get(name));
    return row === undefined ? null : toLayer(row);
  }
  async chain(name: string): Promise<readonly V2Layer[]> {
    return this.guard("reading a v2 layer chain", () => this.db.prepare<[string], Row>(this.sql(CHAIN)).all(name).map(toLayer));
  }
  async delete(name: string): Promise<boolean> {
    return this.guard("deleting a v2 layer", () => this.db.prepare(this.sql(DESCENDANTS)).run(name).changes > 0);
  }
  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

class PostgresV2LayerStore implements V2LayerStore {
  private readonly pool: pg.Pool;
  constructor(private readonly target: PgTarget) {
    this.pool = new pg.Pool({ connectionString: target.connectionString, options: `-c search_path=${target.schema}`, max: 4, application_name: "claro-v2", connectionTimeoutMillis: 10_000 });
    this.pool.on("error", () => undefined);
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
    const row = res.rows[0] as Row | undefined;
    return row === undefined ? null : toLayer(row);
  }
  async chain(name: string): Promise<readonly V2Layer[]> {
    const res = await this.query("reading a v2 layer chain", CHAIN, [name]);
    return (res.rows as Row[]).map(toLayer);
  }
  async delete(name: string): Promise<boolean> {
    const res = await this.query("deleting a v2 layer", DESCENDANTS, [name]);
    return (res.rowCount ?? 0) > 0;
  }
  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Opens the v2 layer table for the same `--db` spec as `openIndexStore`, which must have migrated it. */
export function openV2LayerStore(spec: string | undefined, env: NodeJS.ProcessEnv = process.env): V2LayerStore {
  const chosen = spec?.trim() || env["CLARO_DB"]?.trim() || `sqlite:${defaultSqlitePath(env)}`;
  if (chosen.startsWith("postgres://") || chosen.startsWith("postgresql://")) return new PostgresV2LayerStore(parsePgUrl(chosen));
  if (chosen.startsWith("sqlite:") && chosen.length > "sqlite:".length) {
    const file = chosen.slice("sqlite:".length);
    try {
      if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
      const db = new Database(file);
      db.pragma("journal_mode = WAL");
      db.pragma("busy_timeout = 10000");
      return new SqliteV2LayerStore(db, file);
    } catch (e) {
      throw new FatalError("DB_ERROR", `cannot open SQLite database ${file}: ${firstLine(e)}`, "choose another path with --db sqlite:PATH", { cause: e });
    }
  }
  throw new FatalError("DB_ERROR", "unknown or empty database spec for the v2 layer store", "use --db sqlite:PATH or --db postgres://USER@HOST:PORT/DATABASE");
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
}
