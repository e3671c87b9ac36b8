// Rows of \`harbor_scans\` (index migrations 2 and 8), shared by the SQLite and PostgreSQL stores.
import type { HarborScan, HarborScanStatus } from "../contracts/harbor-scan-store.js";
import { FatalError } from "../core/problem.js";

export const ACTIVE = "status IN ('pending', 'running')";
/** `%s` is the number of runs (PostgreSQL's format() fills it in SQL). */
export const EXHAUSTED = "scan abandoned: %s run(s) ended without a result (each instance running it stopped renewing its lease)";

export interface HarborScanRow {
  id: string;
  request: unknown;
  status: string;
  error: string | null;
  report: unknown;
  sbom: unknown;
  created_at: string | Date;
  updated_at: string | Date;
  attempts: number;
  lease_until: string | Date | null;
}

const STATUSES: readonly string[] = ["pending", "running", "done", "failed"];
const iso = (v: string | Date): string => (v instanceof Date ? v.toISOString() : v);
const json = (v: unknown): unknown => (typeof v === "string" ? (JSON.parse(v) as unknown) : (v ?? null));

export function fromRow(r: HarborScanRow): HarborScan {
  if (!STATUSES.includes(r.status)) throw new FatalError("DB_ERROR", `harbor_scans: unknown status ${JSON.stringify(r.status)}`);
  return {
    id: r.id,
    request: json(r.request),
    status: r.status as HarborScanStatus,
    error: r.error,
    report: json(r.report),
    sbom: json(r.sbom),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    attempts: r.attempts,
    leaseUntil: r.lease_until === null ? null : iso(r.lease_until),
  };
}

export const later = (ms: number): string => new Date(Date.now() + ms).toISOString();
export const text = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));
