import type { CvssScore, FixStatus } from "../../core/advisory.js";
import type { Severity } from "../../core/severity.js";
import type { OsvAffected, OsvRange, OsvRecord } from "./osv-schema.js";

/**
 * The OSV ecosystem of an Ubuntu entry: `Ubuntu:22.04:LTS`, `Ubuntu:25.10` (interim release),
 * `Ubuntu:Pro:16.04:LTS` (fix or status from the ESM/Pro pockets, esm-infra or esm-apps).
 * The FIPS streams (`Ubuntu:Pro:FIPS…`, `Ubuntu:FIPS…`) are separate kernels/packages sets a
 * plain image does not use, so they are not mapped (undefined).
 */
export function parseUbuntuEcosystem(ecosystem: string): { version: string; pro: boolean } | undefined {
  const m = /^Ubuntu:(Pro:)?([0-9]{1,2}\.[0-9]{2})(:LTS)?$/.exec(ecosystem.trim());
  return m ? { version: m[2]!, pro: m[1] !== undefined } : undefined;
}

/**
 * Namespaces: `ubuntu:22.04` for the standard archive, `ubuntu:22.04:esm` for Ubuntu Pro (ESM).
 * Kept apart so the store can tell a fix anyone gets from one that needs a Pro subscription;
 * the matcher asks for both (see matcher.ts).
 */
export function ubuntuNamespace(version: string, pro: boolean): string {
  return pro ? `ubuntu:${version}:esm` : `ubuntu:${version}`;
}

/**
 * Ubuntu CVE tracker statuses → fix status, as Trivy and Grype/vunnel read them:
 * `released` → fixed; `needed`, `needs-triage`, `pending` (a fix is being prepared, not yet
 * published), `active` → affected; `deferred` → fix_deferred; `ignored` → will_not_fix, or
 * end_of_life when its note says the release or package reached end of life (the tracker writes
 * `ignored (end of life)` / `end of standard support`); `not-affected` and `DNE` (does not exist
 * in the release) → not_affected.
 *
 * Today's OSV export does not carry these words: it lists only the package/releases that are or
 * were affected, with a `fixed` event for `released` and none for the open states, and leaves
 * out `not-affected`/`DNE`. So a record's status comes from its ranges unless it names one
 * (ecosystem_specific/database_specific `status`), which this function then maps.
 */
export function ubuntuFixStatus(status: string, note = ""): FixStatus | undefined {
  switch (status.trim().toLowerCase()) {
    case "released":
      return "fixed";
    case "needed":
    case "needs-triage":
    case "pending":
    case "active":
      return "affected";
    case "deferred":
      return "fix_deferred";
    case "ignored":
      return /end[- ]of[- ](life|standard support)|\beol\b/i.test(note) ? "end_of_life" : "will_not_fix";
    case "not-affected":
    case "dne":
      return "not_affected";
    default:
      return undefined;
  }
}

/** A status word the record itself carries, if any (see ubuntuFixStatus). */
export function explicitStatus(a: OsvAffected): { status: string; note: string } | undefined {
  for (const bag of [a.ecosystem_specific, a.database_specific]) {
    const status = bag?.["status"];
    if (typeof status === "string") {
      const note = bag?.["status_note"] ?? bag?.["note"];
      return { status, note: typeof note === "string" ? note : "" };
    }
  }
  return undefined;
}

/** Ubuntu priority → severity. `untriaged` and anything unknown → unknown. */
export function severityOfPriority(priority: string | null): Severity {
  switch ((priority ?? "").trim().toLowerCase()) {
    case "negligible":
      return "negligible";
    case "low":
      return "low";
    case "medium":
      return "medium";
    case "high":
      return "high";
    case "critical":
      return "critical";
    default:
      return "unknown";
  }
}

/** The Ubuntu priority among `severity[]` (type `Ubuntu`), as written. */
export function ubuntuPriority(r: OsvRecord): string | null {
  return r.severity?.find((s) => s.type.toLowerCase() === "ubuntu")?.score.trim() || null;
}

const CVSS_TYPES: Readonly<Record<string, CvssScore["version"] | "v3">> = { CVSS_V2: "2.0", CVSS_V3: "v3", CVSS_V4: "4.0" };

/** CVSS vectors from `severity[]`, deduplicated (the feed repeats one per source). Scores are not computed here. */
export function cvssOf(r: OsvRecord): CvssScore[] {
  const out: CvssScore[] = [];
  for (const s of r.severity ?? []) {
    const kind = CVSS_TYPES[s.type];
    if (kind === undefined) continue;
    const vector = s.score.trim();
    const version: CvssScore["version"] = kind === "v3" ? (vector.startsWith("CVSS:3.0/") ? "3.0" : "3.1") : kind;
    if (!out.some((c) => c.vector === vector)) out.push({ version, vector, score: null, source: "ubuntu" });
  }
  return out;
}

export interface Interval {
  readonly introduced: string | null;
  readonly fixed: string | null;
}

/**
 * ECOSYSTEM range events → intervals. `introduced: "0"` means from the start (null). An
 * interval without `fixed` is open. `last_affected`/`limit` are not used by Ubuntu: such a range
 * is reported by the caller rather than read wrongly.
 */
export function intervalsOf(ranges: readonly OsvRange[]): { intervals: Interval[]; unsupported: string[] } {
  const intervals: Interval[] = [];
  const unsupported: string[] = [];
  for (const range of ranges) {
    if (range.type !== "ECOSYSTEM") {
      unsupported.push(`range type ${range.type}`);
      continue;
    }
    let open: string | null | undefined;
    for (const e of range.events) {
      if ("introduced" in e) {
        if (open !== undefined) intervals.push({ introduced: open, fixed: null });
        open = e.introduced === "0" ? null : e.introduced;
      } else if ("fixed" in e) {
        intervals.push({ introduced: open ?? null, fixed: e.fixed });
        open = undefined;
      } else {
        unsupported.push("last_affected" in e ? "event last_affected" : "event limit");
      }
    }
    if (open !== undefined) intervals.push({ introduced: open, fixed: null });
  }
  return { intervals, unsupported };
}

/**
 * The id an advisory is filed under: the CVE for `UBUNTU-CVE-…` records (what Trivy, Grype,
 * ignore files and VEX documents use), with the Ubuntu id and the related USNs as aliases.
 */
export function idsOf(r: OsvRecord): { id: string; aliases: string[] } {
  const cves = (r.upstream ?? []).filter((u) => /^CVE-[0-9]+-[0-9]+$/.test(u));
  const stripped = /^UBUNTU-(CVE-[0-9]+-[0-9]+)$/.exec(r.id)?.[1];
  const id = stripped ?? (cves.length === 1 ? cves[0]! : r.id);
  const aliases = [...new Set([r.id, ...(r.aliases ?? []), ...(r.related ?? [])])].filter((a) => a !== id);
  return { id, aliases };
}

/** Ubuntu writes `[Unknown description]` when it has none. */
export function descriptionOf(r: OsvRecord): string | null {
  const text = (r.details?.trim() || r.summary?.trim()) ?? "";
  return text === "" || /^\[unknown description\]$/i.test(text) ? null : text;
}
