import { z } from "zod";
import { FIX_STATUSES, type Advisory } from "../core/advisory.js";
import { FatalError } from "../core/problem.js";
import { SEVERITIES } from "../core/severity.js";
import type { AdvisoryQuery } from "../contracts/matcher.js";
import type { UpdateRun, UpdaterStatus } from "../contracts/store.js";

// Rows come back from a database another claro (or a person) may have written, so they are
// validated like any other external input before they become domain values.
const cvssSchema = z.object({
  version: z.enum(["2.0", "3.0", "3.1", "4.0"]),
  vector: z.string(),
  score: z.number().nullable(),
  source: z.string(),
});

const advisoryRowSchema = z.object({
  id: z.string(),
  aliases: z.array(z.string()),
  namespace: z.string(),
  package_name: z.string(),
  package_kind: z.enum(["source", "binary"]),
  version_scheme: z.string(),
  status: z.enum(FIX_STATUSES),
  fixed_version: z.string().nullable(),
  introduced_version: z.string().nullable(),
  last_affected_version: z.string().nullable().optional(),
  severity: z.enum(SEVERITIES),
  vendor_severity: z.string().nullable(),
  cvss: z.array(cvssSchema),
  description: z.string().nullable(),
  links: z.array(z.string()),
  updater: z.string(),
});

const runRowSchema = z.object({
  updater: z.string(),
  fingerprint: z.string().nullable(),
  started_at: z.union([z.string(), z.date()]),
  finished_at: z.union([z.string(), z.date()]),
  status: z.enum(["changed", "unchanged", "failed"]),
  record_count: z.coerce.number().int().nonnegative(),
  error: z.string().nullable(),
});

/** The advisory columns in insert order, shared by both dialects. */
export const ADVISORY_COLUMNS = [
  "updater",
  "id",
  "aliases",
  "namespace",
  "package_name",
  "package_kind",
  "version_scheme",
  "status",
  "fixed_version",
  "introduced_version",
  "severity",
  "vendor_severity",
  "cvss",
  "description",
  "links",
  "last_affected_version",
] as const;

/** One advisory as column values; JSON columns are serialised text in both dialects. */
export function advisoryValues(a: Advisory): (string | null)[] {
  return [
    a.updater,
    a.id,
    JSON.stringify(a.aliases),
    a.namespace,
    a.packageName,
    a.packageKind,
    a.versionScheme,
    a.status,
    a.fixedVersion,
    a.introducedVersion,
    a.severity,
    a.vendorSeverity,
    JSON.stringify(a.cvss),
    a.description,
    JSON.stringify(a.links),
    a.lastAffectedVersion ?? null,
  ];
}

/** Maps a row to an Advisory; `jsonText` says the JSON columns arrive as text (SQLite). */
export function rowToAdvisory(row: unknown, jsonText: boolean): Advisory {
  const input = jsonText ? parseJsonColumns(row) : row;
  const parsed = advisoryRowSchema.safeParse(input);
  if (!parsed.success) {
    throw new FatalError(
      "DB_ERROR",
      `corrupt advisory row in the database: ${z.prettifyError(parsed.error).split("\n").join("; ")}`,
      "run `claro db update` to rebuild the data",
    );
  }
  const r = parsed.data;
  return {
    id: r.id,
    aliases: r.aliases,
    namespace: r.namespace,
    packageName: r.package_name,
    packageKind: r.package_kind,
    versionScheme: r.version_scheme,
    status: r.status,
    fixedVersion: r.fixed_version,
    introducedVersion: r.introduced_version,
    severity: r.severity,
    vendorSeverity: r.vendor_severity,
    cvss: r.cvss,
    description: r.description,
    links: r.links,
    updater: r.updater,
    // Optional on Advisory: left out when null so producers that never set it round-trip unchanged.
    ...(r.last_affected_version != null ? { lastAffectedVersion: r.last_affected_version } : {}),
  };
}

function parseJsonColumns(row: unknown): unknown {
  if (typeof row !== "object" || row === null) return row;
  const out: Record<string, unknown> = { ...row };
  for (const key of ["aliases", "cvss", "links"]) {
    const v = out[key];
    if (typeof v === "string") {
      try {
        out[key] = JSON.parse(v) as unknown;
      } catch {
        out[key] = undefined;
      }
    }
  }
  return out;
}

export function rowToRun(row: unknown): UpdateRun {
  const parsed = runRowSchema.safeParse(row);
  if (!parsed.success) {
    throw new FatalError("DB_ERROR", `corrupt update_runs row in the database: ${z.prettifyError(parsed.error).split("\n").join("; ")}`);
  }
  const r = parsed.data;
  return {
    updater: r.updater,
    fingerprint: r.fingerprint,
    startedAt: toIso(r.started_at),
    finishedAt: toIso(r.finished_at),
    status: r.status,
    recordCount: r.record_count,
    error: r.error,
  };
}

/** Timestamps are stored as UTC ISO-8601 so both backends return the same text. */
export function toIso(value: string | Date): string {
  const d = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) {
    throw new FatalError("DB_ERROR", `invalid timestamp ${JSON.stringify(String(value))} in an update run`);
  }
  return d.toISOString();
}

/** Joins the last run and the last changed run of each updater, sorted by updater name. */
export function buildStatus(lastRuns: readonly UpdateRun[], lastChanged: readonly UpdateRun[]): UpdaterStatus[] {
  const changed = new Map(lastChanged.map((r) => [r.updater, r]));
  return [...lastRuns]
    .sort((a, b) => (a.updater < b.updater ? -1 : a.updater > b.updater ? 1 : 0))
    .map((lastRun) => {
      const c = changed.get(lastRun.updater);
      return {
        updater: lastRun.updater,
        lastRun,
        lastChangedAt: c?.finishedAt ?? null,
        fingerprint: c?.fingerprint ?? null,
        recordCount: c?.recordCount ?? 0,
      };
    });
}

/** Drops repeated queries so a record is returned once even if asked for twice. */
export function uniqueQueries(queries: readonly AdvisoryQuery[]): AdvisoryQuery[] {
  const seen = new Set<string>();
  const out: AdvisoryQuery[] = [];
  for (const q of queries) {
    const key = `${q.namespace}\u0000${q.packageName}\u0000${q.packageKind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(q);
  }
  return out;
}

/**
 * Marks an error thrown by the caller's iterable (a parser hitting a truncated feed), so it is
 * rethrown as-is after the rollback instead of being reported as a database failure.
 */
export class IterationError extends Error {
  constructor(override readonly cause: unknown) {
    super("advisory iterable failed", { cause });
  }
}

export function* guardIterable<T>(items: Iterable<T>): Generator<T, void, undefined> {
  let iter: Iterator<T>;
  try {
    iter = items[Symbol.iterator]();
  } catch (e) {
    throw new IterationError(e);
  }
  let finished = false;
  try {
    for (;;) {
      let r: IteratorResult<T>;
      try {
        r = iter.next();
      } catch (e) {
        finished = true;
        throw new IterationError(e);
      }
      if (r.done === true) {
        finished = true;
        return;
      }
      yield r.value;
    }
  } finally {
    // Lets the source clean up (close a file, …) when the database fails mid-way.
    if (!finished) iter.return?.();
  }
}

/** The error to surface from a failed write: the caller's own error, or a DB_ERROR. */
export function writeFailure(e: unknown, backend: string, action: string): unknown {
  if (e instanceof IterationError) return e.cause;
  if (e instanceof FatalError) return e;
  const detail = e instanceof Error ? e.message : String(e);
  return new FatalError("DB_ERROR", `${backend}: ${action} failed: ${firstLine(detail)}`, undefined, { cause: e });
}

export function firstLine(s: string): string {
  return s.split("\n")[0] ?? s;
}

/** recordRun is for runs that wrote nothing; a `changed` run must go through replaceAdvisories. */
export function assertDataless(run: UpdateRun): void {
  if (run.status === "changed") {
    throw new TypeError(`recordRun(${run.updater}): a changed run must be written with replaceAdvisories`);
  }
}

/**
 * Every row must belong to the run's updater: the next replace deletes by updater, so a stray
 * row would outlive it and break the per-updater atomicity. Thrown as the caller's error.
 */
export function checkOwner(updater: string, a: { readonly updater: string; readonly id: string }): void {
  if (a.updater !== updater) {
    throw new IterationError(new TypeError(`replaceAdvisories(${updater}): advisory ${a.id} belongs to updater ${a.updater}`));
  }
}
