import type pg from "pg";
import type { Advisory } from "../../core/advisory.js";
import { FatalError } from "../../core/problem.js";
import type { UpdateRun } from "../../contracts/store.js";
import { ADVISORY_COLUMNS, advisoryValues, toIso } from "../rows.js";

// The PostgreSQL store's bulk writes: runs and advisory batches as one array parameter per column.

/** Rows per INSERT; each batch is one round trip of one array parameter per column (unnest), not 15×N scalars. */
export const BATCH_ROWS = 1000;
export const RUN_COLUMNS = "updater, fingerprint, started_at, finished_at, status, record_count, error";
const JSON_COLUMNS: ReadonlySet<string> = new Set(["aliases", "cvss", "links"]);
const INSERT_ADVISORIES = `INSERT INTO advisories (run_id, ${ADVISORY_COLUMNS.join(", ")}) SELECT $1, u.* FROM unnest(${ADVISORY_COLUMNS.map(
  (c, i) => `$${i + 2}::${JSON_COLUMNS.has(c) ? "jsonb" : "text"}[]`,
).join(", ")}) AS u`;

const INSERT_MIXED = `INSERT INTO advisories (run_id, ${ADVISORY_COLUMNS.join(", ")}) SELECT u.* FROM unnest($1::bigint[], ${ADVISORY_COLUMNS.map(
  (c, i) => `$${i + 2}::${JSON_COLUMNS.has(c) ? "jsonb" : "text"}[]`,
).join(", ")}) AS u`;
export async function insertRun(client: pg.PoolClient, run: UpdateRun): Promise<string> {
  const r = await client.query<{ run_id: string }>(
    `INSERT INTO update_runs (${RUN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING run_id`,
    [run.updater, run.fingerprint, toIso(run.startedAt), toIso(run.finishedAt), run.status, run.recordCount, run.error],
  );
  const id = r.rows[0]?.run_id;
  if (id === undefined) throw new FatalError("DB_ERROR", "postgres: inserting an update run returned no id");
  return id;
}

/** Like insertBatch, with a run id per row: an import writes several updaters in one stream. */
export async function insertMixedBatch(client: pg.PoolClient, batch: readonly (readonly [string, Advisory])[]): Promise<void> {
  const runIds: string[] = [];
  const columns: (string | null)[][] = ADVISORY_COLUMNS.map(() => []);
  for (const [runId, a] of batch) {
    runIds.push(runId);
    const values = advisoryValues(a);
    for (let i = 0; i < values.length; i++) columns[i]!.push(values[i] ?? null);
  }
  await client.query(INSERT_MIXED, [runIds, ...columns]);
}

export async function insertBatch(client: pg.PoolClient, runId: string, batch: readonly Advisory[]): Promise<void> {
  const columns: (string | null)[][] = ADVISORY_COLUMNS.map(() => []);
  for (const a of batch) {
    const values = advisoryValues(a);
    for (let i = 0; i < values.length; i++) columns[i]!.push(values[i] ?? null);
  }
  await client.query(INSERT_ADVISORIES, [runId, ...columns]);
}
