import type { Digest } from "../core/digest.js";
import { FatalError } from "../core/problem.js";
import type { IndexReport } from "../core/report.js";
import { INDEX_STATES, type IndexState, type IndexSummary, type StoredIndex } from "../contracts/index-store.js";

/** Shared by both backends: a row back to the port's record, the state checked rather than cast. */
export function rowToStored(row: {
  manifest: string;
  state: string;
  error: string | null;
  index_state: string;
  report: unknown;
  updated_at: string | Date;
}): StoredIndex {
  if (!(INDEX_STATES as readonly string[]).includes(row.state)) throw new FatalError("DB_ERROR", `index_reports: unknown state ${JSON.stringify(row.state)}`);
  const report = typeof row.report === "string" ? (JSON.parse(row.report) as IndexReport) : ((row.report ?? null) as IndexReport | null);
  return {
    manifest: row.manifest as Digest,
    state: row.state as IndexState,
    error: row.error,
    indexState: row.index_state,
    report,
    updatedAt: row.updated_at instanceof Date ? row.updated_at.toISOString() : row.updated_at,
  };
}

export interface SummaryRow {
  readonly manifest: string;
  readonly state: string;
  readonly error: string | null;
  readonly index_state: string;
  readonly first_seen: string | Date;
  readonly updated_at: string | Date;
}

/** Shared by both backends, like rowToStored. */
export function rowToSummary(row: SummaryRow): IndexSummary {
  const iso = (t: string | Date): string => (t instanceof Date ? t.toISOString() : t);
  const { report: _report, ...stored } = rowToStored({ ...row, report: null });
  return { ...stored, firstSeen: iso(row.first_seen), updatedAt: iso(row.updated_at) };
}
