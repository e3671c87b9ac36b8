import pg from "pg";
import { parsePgUrl, type PgTarget } from "./pg-config.js";

/**
 * A pool and who ends it. `claro serve` opens one pool for all its stores (openPostgresStores):
 * each store gets it shared and its close() leaves the pool alone; the bundle's close() ends it
 * once. A store opened on its own (a one-shot CLI command, a test) owns a pool of its own.
 */
export interface PgConnection {
  readonly pool: pg.Pool;
  readonly target: PgTarget;
  /** The URL the pool was opened for (with claro's `schema` parameter). */
  readonly url: string;
  /** Ends the pool if this holder owns it; a shared holder's release does nothing. */
  release(): Promise<void>;
}

export interface PoolOptions {
  readonly max: number;
  readonly applicationName: string;
  /** The schema instead of the URL's `?schema=` (PostgresStoreOptions.schema). */
  readonly schema?: string | undefined;
}

/** A new pool owned by the caller. */
export function ownPool(url: string, o: PoolOptions): PgConnection {
  const target = parsePgUrl(url, o.schema);
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    options: `-c search_path=${target.schema}`,
    max: o.max,
    application_name: o.applicationName,
    connectionTimeoutMillis: 10_000,
  });
  // An idle pooled client can lose its server (restart, network); the next query reconnects,
  // so the event only needs handling to keep it from crashing the process.
  pool.on("error", () => undefined);
  let ended = false;
  return {
    pool,
    target,
    url,
    release: async () => {
      if (ended) return;
      ended = true;
      await pool.end();
    },
  };
}

/** The same pool for another store, which must not end it. */
export function sharedPool(c: PgConnection): PgConnection {
  return { pool: c.pool, target: c.target, url: c.url, release: async () => undefined };
}

/** A store's connection: a URL opens a pool of its own, a PgConnection is used as given. */
export function connectionFor(conn: string | PgConnection, o: PoolOptions): PgConnection {
  return typeof conn === "string" ? ownPool(conn, o) : conn;
}
