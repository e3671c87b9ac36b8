import type pg from "pg";
import type { Enrichment } from "../../contracts/enrichment.js";
import { enrichmentValues } from "../enrichment-rows.js";
import { checkOwner, guardIterable } from "../rows.js";

const BATCH_ROWS = 1000;
const INSERT = "INSERT INTO enrichments (run_id, updater, kind, cve, data) SELECT $1, u.* FROM unnest($2::text[], $3::text[], $4::text[], $5::jsonb[]) AS u";

/** Writes `records` under `runId` in batches (one array parameter per column); inside the caller's transaction. */
export async function insertEnrichments(client: pg.PoolClient, runId: string, updater: string, records: Iterable<Enrichment>): Promise<number> {
  let count = 0;
  let batch: Enrichment[] = [];
  const flush = async (): Promise<void> => {
    const cols = batch.map(enrichmentValues);
    await client.query(INSERT, [runId, cols.map((c) => c[0]), cols.map((c) => c[1]), cols.map((c) => c[2]), cols.map((c) => c[3])]);
    count += batch.length;
    batch = [];
  };
  for (const e of guardIterable(records)) {
    checkOwner(updater, { updater: e.updater, id: `${e.kind} ${e.cve}` });
    batch.push(e);
    if (batch.length >= BATCH_ROWS) await flush();
  }
  if (batch.length > 0) await flush();
  return count;
}

const INSERT_MIXED = "INSERT INTO enrichments (run_id, updater, kind, cve, data) SELECT u.* FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::jsonb[]) AS u";

/** An import's batch, whose records may belong to several runs (one run id per record). */
export async function insertEnrichmentBatch(client: pg.PoolClient, batch: readonly (readonly [string, Enrichment])[]): Promise<void> {
  const cols = batch.map(([, e]) => enrichmentValues(e));
  await client.query(INSERT_MIXED, [batch.map(([id]) => id), cols.map((c) => c[0]), cols.map((c) => c[1]), cols.map((c) => c[2]), cols.map((c) => c[3])]);
}
