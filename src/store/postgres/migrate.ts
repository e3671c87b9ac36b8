import type pg from "pg";
import type { Migration } from "../migrations.js";
import { quoteIdent } from "./pg-config.js";

/**
 * Applies `pending(applied)` to one schema's tables, each migration in its own transaction and
 * recorded in `table`. A session lock named `lock`, held across them, makes concurrent claro
 * instances migrate one after the other; the second then finds nothing pending.
 */
export async function applyMigrations(
  client: pg.PoolClient,
  o: {
    readonly schema: string;
    readonly table: "schema_migrations" | "index_schema_migrations";
    readonly lock: string;
    readonly pending: (applied: readonly number[]) => readonly Migration[];
  },
): Promise<void> {
  await client.query("SELECT pg_advisory_lock(hashtext($1))", [o.lock]);
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(o.schema)}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${o.table} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const applied = await client.query<{ version: number }>(`SELECT version FROM ${o.table}`);
    for (const m of o.pending(applied.rows.map((r) => Number(r.version)))) {
      await client.query("BEGIN");
      try {
        await client.query(m.postgres);
        await client.query(`INSERT INTO ${o.table} (version, name) VALUES ($1, $2)`, [m.version, m.name]);
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK");
        throw e;
      }
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtext($1))", [o.lock]);
  }
}
