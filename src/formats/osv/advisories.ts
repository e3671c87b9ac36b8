import type { Advisory, CvssScore } from "../../core/advisory.js";
import type { Problem } from "../../core/problem.js";
import type { Severity } from "../../core/severity.js";
import { isNpmRange, satisfiesNpmRange } from "../semver.js";
import type { OsvAffected, OsvRange, OsvRecord } from "./schema.js";

/** How one feed's OSV records become advisories. */
export interface OsvMappingOptions {
  /**
   * The advisory namespace for an OSV ecosystem name (`Go` → `osv:Go`), or undefined to skip
   * the affected entries of that ecosystem silently (a mixed export, e.g. GHSA for all ecosystems).
   */
  readonly namespaceOf: (ecosystem: string) => string | undefined;
  /** The VersionScheme id of the range bounds: `go-semver`, `npm-semver`, `pep440`. */
  readonly versionScheme: string;
  /** The updater id recorded on each advisory and in problems. */
  readonly updater: string;
  /** The stored package name (e.g. PEP 503 normalisation); default: OSV's name as-is. */
  readonly packageNameOf?: (name: string, ecosystem: string) => string;
  /** `CvssScore.source`; default `osv`. */
  readonly cvssSource?: string;
}

/** One affected interval: `introduced` null = from the beginning; at most one of fixed / lastAffected. */
export interface OsvInterval {
  readonly introduced: string | null;
  readonly fixed: string | null;
  readonly lastAffected: string | null;
}

const GHSA_SEVERITY: Readonly<Record<string, Severity>> = {
  LOW: "low",
  MODERATE: "medium",
  MEDIUM: "medium",
  HIGH: "high",
  CRITICAL: "critical",
};

/**
 * The intervals of one ECOSYSTEM or SEMVER range, in event order (OSV producers write them
 * sorted). `introduced: "0"` means "from the beginning". `limit` only bounds GIT walks, so it is
 * ignored here. An `introduced` with no closing event is open-ended (no fix yet).
 */
export function rangeIntervals(range: OsvRange): OsvInterval[] {
  const out: OsvInterval[] = [];
  let open: string | null | undefined;
  for (const e of range.events) {
    if ("introduced" in e) {
      if (open !== undefined) out.push({ introduced: open, fixed: null, lastAffected: null });
      open = e.introduced === "0" ? null : e.introduced;
    } else if ("fixed" in e) {
      out.push({ introduced: open ?? null, fixed: e.fixed, lastAffected: null });
      open = undefined;
    } else if ("last_affected" in e) {
      out.push({ introduced: open ?? null, fixed: null, lastAffected: e.last_affected });
      open = undefined;
    }
  }
  if (open !== undefined) out.push({ introduced: open, fixed: null, lastAffected: null });
  return out;
}

function cvssOf(r: OsvRecord, source: string): CvssScore[] {
  const out: CvssScore[] = [];
  for (const s of r.severity ?? []) {
    const vector = s.score.trim();
    let version: CvssScore["version"] | undefined;
    if (s.type === "CVSS_V2") version = "2.0";
    else if (s.type === "CVSS_V3") version = vector.startsWith("CVSS:3.0/") ? "3.0" : "3.1";
    else if (s.type === "CVSS_V4") version = "4.0";
    if (version !== undefined && !out.some((c) => c.vector === vector)) out.push({ version, vector, score: null, source });
  }
  return out;
}

/** GHSA's `database_specific.severity` (record or affected level), as written and normalised. */
function severityOf(r: OsvRecord, a: OsvAffected): { severity: Severity; vendor: string | null } {
  const raw = r.database_specific?.["severity"] ?? a.database_specific?.["severity"];
  if (typeof raw !== "string" || raw.trim() === "") return { severity: "unknown", vendor: null };
  return { severity: GHSA_SEVERITY[raw.trim().toUpperCase()] ?? "unknown", vendor: raw };
}

/**
 * GHSA's `database_specific.last_known_affected_version_range` (`"< 0.20.2"`, `"<= 2.0.1"`), as
 * the upper bound claro stores in `lastAffectedVersion`: `<= V` becomes the plain inclusive `V`;
 * `< V` stays `<V`, an exclusive bound (`isAffectedByRange` reads both). GHSA writes the field
 * only when no patched version exists, and its OSV export then leaves the range open
 * (`introduced` alone) whenever the bound is exclusive, because OSV has no "unfixed, exclusive"
 * event. GHSA calls the field informational: versions released after the review may be affected
 * too. claro still bounds by it, as GitHub's own alerts and Dependency-Track do
 * (github/advisory-database#470): an open range matches every version forever, which for
 * packages whose fix shipped outside the registry (SheetJS `xlsx`, fixed on its CDN) is a
 * permanent false positive, while a later vulnerable release is added to the range when GHSA
 * re-reviews. Only used when the entry's own events give no upper bound; events win.
 * Undefined when absent or not one upper-bound comparator (a lower bound before it is allowed:
 * the events carry that one).
 */
export function ghsaUpperBound(a: OsvAffected, versionScheme: string): { readonly bound: string } | { readonly unreadable: string } | undefined {
  const raw = a.database_specific?.["last_known_affected_version_range"];
  if (typeof raw !== "string" || raw.trim() === "") return undefined;
  const parts = raw.split(",").map((p) => p.trim());
  const m = /^(<=?)\s*(\S+)$/.exec(parts[parts.length - 1]!);
  const lowerOk = parts.slice(0, -1).every((p) => /^>=?\s*\S+$/.test(p));
  // npm ranges must also be ranges node-semver reads, since npm matching evaluates them with it.
  if (m === null || !lowerOk || (versionScheme === "npm-semver" && !isNpmRange(parts[parts.length - 1]!))) return { unreadable: raw };
  return { bound: m[1] === "<=" ? m[2]! : `<${m[2]}` };
}

/**
 * Maps one OSV record to advisories: one per (affected package × interval of its ECOSYSTEM /
 * SEMVER ranges). Conventions:
 * - `introduced: "0"` → `introducedVersion: null`;
 * - `fixed` → status `fixed`, `fixedVersion`;
 * - `last_affected` → status `affected`, `fixedVersion: null`, `lastAffectedVersion` (inclusive);
 * - open interval → status `affected`, no upper bound, unless GHSA's
 *   `last_known_affected_version_range` gives one (see `ghsaUpperBound`);
 * - no usable range but a `versions[]` list → one advisory per listed version, encoded as the
 *   one-version interval `introducedVersion = lastAffectedVersion = v`;
 * - GIT ranges (commit hashes; claro resolves no commits) → skipped with a problem;
 * - withdrawn records → nothing (OSV says consumers must ignore them).
 * Problems are appended to `problems`; the record's other entries still map.
 */
export function osvToAdvisories(record: OsvRecord, options: OsvMappingOptions, problems: Problem[] = []): Advisory[] {
  if (record.withdrawn !== undefined && record.withdrawn !== null) return [];
  const { updater } = options;
  const text = (record.details?.trim() || record.summary?.trim()) ?? "";
  const common = {
    id: record.id,
    aliases: [...new Set(record.aliases ?? [])].filter((a) => a !== record.id),
    packageKind: "binary" as const,
    versionScheme: options.versionScheme,
    cvss: cvssOf(record, options.cvssSource ?? "osv"),
    description: text === "" ? null : text,
    links: [...new Set((record.references ?? []).map((r) => r.url))],
    updater,
  };
  const out: Advisory[] = [];
  for (const a of record.affected ?? []) {
    const namespace = options.namespaceOf(a.package.ecosystem);
    if (namespace === undefined) continue;
    const packageName = options.packageNameOf ? options.packageNameOf(a.package.name, a.package.ecosystem) : a.package.name;
    const { severity, vendor } = severityOf(record, a);
    const base = { ...common, namespace, packageName, severity, vendorSeverity: vendor };
    const where = `${record.id} ${a.package.ecosystem}/${a.package.name}`;
    const intervals: OsvInterval[] = [];
    for (const range of a.ranges ?? []) {
      if (range.type === "ECOSYSTEM" || range.type === "SEMVER") intervals.push(...rangeIntervals(range));
      else problems.push({ kind: "bad-feed-record", updater, detail: `${where}: ${range.type} range skipped (claro does not resolve commits)` });
    }
    if (intervals.length === 0) {
      for (const v of a.versions ?? []) intervals.push({ introduced: v, fixed: null, lastAffected: v });
    }
    if (intervals.length === 0) {
      problems.push({ kind: "bad-feed-record", updater, detail: `${where}: no usable range or version list` });
      continue;
    }
    const upper = intervals.every((i) => i.fixed === null && i.lastAffected === null) ? ghsaUpperBound(a, options.versionScheme) : undefined;
    if (upper !== undefined && "unreadable" in upper) {
      problems.push({
        kind: "bad-feed-record",
        updater,
        detail: `${where}: last_known_affected_version_range ${JSON.stringify(upper.unreadable)} not read; the range stays open`,
      });
    }
    const bound = upper !== undefined && "bound" in upper ? upper.bound : null;
    for (const raw of intervals) {
      const i = bound === null ? raw : { ...raw, lastAffected: bound };
      out.push({
        ...base,
        status: i.fixed === null ? "affected" : "fixed",
        fixedVersion: i.fixed,
        introducedVersion: i.introduced,
        lastAffectedVersion: i.lastAffected,
      });
    }
  }
  return out;
}

/**
 * Whether `installed` lies in the advisory's interval: ≥ introducedVersion (when set), < fixedVersion
 * (when set), ≤ lastAffectedVersion (when set; `<V` there is GHSA's exclusive bound). `not_affected` never matches. `compare` is the
 * advisory's version scheme (negative / 0 / positive).
 */
export function isAffectedByRange(installed: string, advisory: Advisory, compare: (a: string, b: string) => number): boolean {
  if (advisory.status === "not_affected") return false;
  if (advisory.introducedVersion !== null && compare(installed, advisory.introducedVersion) < 0) return false;
  if (advisory.fixedVersion !== null && compare(installed, advisory.fixedVersion) >= 0) return false;
  const last = advisory.lastAffectedVersion ?? null;
  if (last === null) return true;
  if (!last.startsWith("<")) return compare(installed, last) <= 0;
  // An exclusive GHSA bound (see ghsaUpperBound). npm's is an npm range, read as npm reads ranges:
  // node-semver's satisfies, so a prerelease installed only matches a bound on its own x.y.z.
  if (advisory.versionScheme === "npm-semver") return satisfiesNpmRange(installed, last);
  return compare(installed, last.slice(1)) < 0;
}
