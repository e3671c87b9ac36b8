import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Advisory } from "../../core/advisory.js";
import type { Enrichment } from "../../contracts/enrichment.js";
import { enrichmentValues } from "../enrichment-rows.js";
import { ADVISORY_COLUMNS, advisoryValues } from "../rows.js";

// The PostgreSQL store's bulk writes (issue 13.3): rows go by `COPY … FROM STDIN` into a staging
// table private to the update's transaction, then one INSERT … SELECT moves them under the
// constraints of the real tables. The caller deletes the updater's old rows in the same
// transaction, so readers keep the previous data until COMMIT and a failure anywhere rolls all back.

/** Rows per COPY chunk: about 100 KB of text each, so the socket gets large writes and memory stays bounded. */
const CHUNK_ROWS = 256;

/**
 * A value in COPY's text format: `\N` for NULL, and the four characters that would end or
 * re-interpret a field (backslash, tab, newline, carriage return) escaped.
 */
export function copyField(value: string | null): string {
  if (value === null) return "\\N";
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c] ?? c) : value;
}

const COPY_ESCAPES: Readonly<Record<string, string>> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

function copyLine(values: readonly (string | null)[]): string {
  return `${values.map(copyField).join("\t")}\n`;
}

const JSON_COLUMNS: ReadonlySet<string> = new Set(["aliases", "cvss", "links"]);

/**
 * One staging table for advisories and enrichments alike: an import streams both kinds mixed,
 * and one connection runs one COPY at a time. `ord` keeps the feed's order, which `seq` records.
 * ON COMMIT DROP, and a rollback drops it too: nothing outlives the transaction.
 */
const STAGE = "claro_stage_records";
const STAGE_COLUMNS = ["ord", "run_id", "enrichment", ...ADVISORY_COLUMNS, "kind", "cve", "data"] as const;
const CREATE_STAGE = `CREATE TEMP TABLE ${STAGE} (ord bigint NOT NULL, run_id bigint NOT NULL, enrichment boolean NOT NULL, ${ADVISORY_COLUMNS.map(
  (c) => `${c} ${JSON_COLUMNS.has(c) ? "jsonb" : "text"}`,
).join(", ")}, kind text, cve text, data jsonb) ON COMMIT DROP`;

const EMPTY_ADVISORY: readonly null[] = ADVISORY_COLUMNS.map(() => null);

/** A record as it is staged: an advisory or an enrichment, under the run it belongs to. */
export type StagedRecord = readonly [runId: string, record: { readonly advisory: Advisory } | { readonly enrichment: Enrichment }];

function stagedLine(ord: number, [runId, r]: StagedRecord): string {
  if ("advisory" in r) return copyLine([String(ord), runId, "f", ...advisoryValues(r.advisory), null, null, null]);
  const [updater, kind, cve, data] = enrichmentValues(r.enrichment);
  return copyLine([String(ord), runId, "t", updater, ...EMPTY_ADVISORY.slice(1), kind, cve, data]);
}

async function* copyChunks(records: AsyncIterable<StagedRecord> | Iterable<StagedRecord>): AsyncGenerator<string> {
  let ord = 0;
  let chunk = "";
  let rows = 0;
  for await (const r of records) {
    chunk += stagedLine(ord++, r);
    if (++rows >= CHUNK_ROWS) {
      yield chunk;
      chunk = "";
      rows = 0;
    }
  }
  if (chunk !== "") yield chunk;
}

/**
 * Streams `records` into a fresh staging table inside the caller's transaction. An error thrown
 * by the iteration (a cut feed, a record of another updater) cancels the COPY and is rethrown as
 * it was; the caller's ROLLBACK then finds the connection ready.
 */
export async function stageRecords(client: pg.PoolClient, records: AsyncIterable<StagedRecord> | Iterable<StagedRecord>): Promise<void> {
  await client.query(CREATE_STAGE);
  const copy = client.query(copyFrom(`COPY ${STAGE} (${STAGE_COLUMNS.join(", ")}) FROM STDIN`));
  await pipeline(Readable.from(copyChunks(records), { objectMode: false }), copy);
}

/** Moves the staged advisories into `advisories`, in feed order; the staging table stays for the enrichments. */
export async function moveStagedAdvisories(client: pg.PoolClient): Promise<void> {
  await client.query(
    `INSERT INTO advisories (run_id, ${ADVISORY_COLUMNS.join(", ")}) SELECT run_id, ${ADVISORY_COLUMNS.join(", ")} FROM ${STAGE} WHERE NOT enrichment ORDER BY ord`,
  );
}

export async function moveStagedEnrichments(client: pg.PoolClient): Promise<void> {
  await client.query(
    `INSERT INTO enrichments (run_id, updater, kind, cve, data) SELECT run_id, updater, kind, cve, data FROM ${STAGE} WHERE enrichment ORDER BY ord`,
  );
}
