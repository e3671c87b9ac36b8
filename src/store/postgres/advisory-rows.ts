import type pg from "pg";
import { FatalError } from "../../core/problem.js";
import type { UpdateRun } from "../../contracts/store.js";
import { toIso } from "../rows.js";

// The PostgreSQL store's update runs; the records themselves are written by copy-rows.ts.

export const RUN_COLUMNS = "updater, fingerprint, started_at, finished_at, status, record_count, error";

export async function insertRun(client: pg.PoolClient, run: UpdateRun): Promise<string> {
  const r = await client.query<{ run_id: string }>(`INSERT INTO update_runs (${RUN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING run_id`, [
    run.updater,
    run.fingerprint,
    toIso(run.startedAt),
    toIso(run.finishedAt),
    run.status,
    run.recordCount,
    run.error,
  ]);
  const id = r.rows[0]?.run_id;
  if (id === undefined) throw new FatalError("DB_ERROR", "postgres: inserting an update run returned no id");
  return id;
}
