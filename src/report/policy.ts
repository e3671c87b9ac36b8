import type { FixStatus } from "../core/advisory.js";
import { isFixStatus } from "../core/advisory.js";
import { FatalError } from "../core/problem.js";
import type { Finding, VulnerabilityReport } from "../core/report.js";
import { parseSeverity, SEVERITIES, severityRank, type Severity } from "../core/severity.js";
import { isWhitelisted, whitelistedIds, type Whitelist } from "./whitelist.js";

/**
 * What to show, what to count and when to fail. Trivy's flags and Klar's environment both map
 * onto this; the two differ on unfixed findings, hence `unfixedMode`.
 */
export interface Policy {
  /** Trivy `--severity LIST`: only these severities are shown and counted. */
  readonly severities?: readonly Severity[];
  /** Findings with no fixed version (`fixedVersion: null`). */
  readonly ignoreUnfixed?: boolean;
  /**
   * `hide` (Trivy `--ignore-unfixed`, the default): drop them from the report.
   * `uncounted` (Klar `IGNORE_UNFIXED`): keep printing them, but they never fail the policy.
   */
  readonly unfixedMode?: "hide" | "uncounted";
  /** Trivy `--ignore-status`: hide findings in these fix states. */
  readonly ignoreStatuses?: readonly FixStatus[];
  /** Fail when any counted finding is at or above this severity. */
  readonly failOn?: Severity;
  /** Klar `CLAIR_OUTPUT`: the lowest severity shown and counted. */
  readonly klarOutput?: Severity;
  /** Klar `CLAIR_THRESHOLD`: fail when more than this many findings are counted. */
  readonly klarThreshold?: number;
  /** Klar `WHITELIST_FILE`, parsed: whitelisted findings are hidden. */
  readonly whitelist?: Whitelist;
}

export interface Verdict {
  readonly passed: boolean;
  /** Why the policy failed, one line each; empty when it passed. */
  readonly reasons: readonly string[];
  /** Findings that count towards `failOn` and `klarThreshold`. */
  readonly counted: number;
}

export type HiddenBy = "whitelist" | "severity" | "status" | "unfixed";

export interface PolicyResult {
  /** The report with hidden findings removed; render this one. */
  readonly report: VulnerabilityReport;
  readonly verdict: Verdict;
  /** How many findings each rule hid (Klar prints "Whitelisted N vulnerabilities"). */
  readonly hidden: Readonly<Record<HiddenBy, number>>;
}

function noun(n: number): string {
  return n === 1 ? "vulnerability" : "vulnerabilities";
}

function checkPolicy(policy: Policy): void {
  const t = policy.klarThreshold;
  if (t !== undefined && (!Number.isInteger(t) || t < 0)) {
    throw new FatalError("CONFIG_INVALID", `threshold ${t} is not a whole number >= 0`, "Set CLAIR_THRESHOLD to 0 or more.");
  }
}

/** Why a finding is hidden, or null when it is shown. Rules apply in this order. */
function hiddenBy(f: Finding, policy: Policy, ids: ReadonlySet<string>): HiddenBy | null {
  if (ids.size > 0 && isWhitelisted(f, ids)) return "whitelist";
  if (policy.severities && !policy.severities.includes(f.severity)) return "severity";
  if (policy.klarOutput && severityRank(f.severity) < severityRank(policy.klarOutput)) return "severity";
  if (policy.ignoreStatuses?.includes(f.status)) return "status";
  if (policy.ignoreUnfixed && f.fixedVersion === null && (policy.unfixedMode ?? "hide") === "hide") return "unfixed";
  return null;
}

export function applyPolicy(report: VulnerabilityReport, policy: Policy): PolicyResult {
  checkPolicy(policy);
  const ids = policy.whitelist ? whitelistedIds(policy.whitelist, report.source.repository) : new Set<string>();
  const hidden: Record<HiddenBy, number> = { whitelist: 0, severity: 0, status: 0, unfixed: 0 };
  const shown: Finding[] = [];
  const counted: Finding[] = [];
  for (const f of report.vulnerabilities) {
    const why = hiddenBy(f, policy, ids);
    if (why !== null) {
      hidden[why] += 1;
      continue;
    }
    shown.push(f);
    if (!(policy.ignoreUnfixed && f.fixedVersion === null)) counted.push(f);
  }

  const reasons: string[] = [];
  if (policy.failOn !== undefined) {
    const min = severityRank(policy.failOn);
    const over = counted.filter((f) => severityRank(f.severity) >= min).length;
    if (over > 0) reasons.push(`${over} ${noun(over)} at or above ${policy.failOn.toUpperCase()} (fail-on ${policy.failOn})`);
  }
  if (policy.klarThreshold !== undefined && counted.length > policy.klarThreshold) {
    reasons.push(`${counted.length} ${noun(counted.length)} counted, more than the threshold of ${policy.klarThreshold}`);
  }
  return {
    report: { ...report, vulnerabilities: shown },
    verdict: { passed: reasons.length === 0, reasons, counted: counted.length },
    hidden,
  };
}

/** One severity name from a flag or variable (`--fail-on`, CLAIR_OUTPUT); Klar names accepted. */
export function parseSeverityOption(option: string, value: string): Severity {
  const s = parseSeverity(value);
  if (s === undefined) {
    throw new FatalError(
      "CONFIG_INVALID",
      `${option}: unknown severity '${value}'`,
      `Use one of ${SEVERITIES.map((x) => x.toUpperCase()).join(", ")} (Klar's Defcon1 means CRITICAL).`,
    );
  }
  return s;
}

/** A comma-separated severity list, as Trivy's `--severity HIGH,CRITICAL`. */
export function parseSeverityList(option: string, value: string): Severity[] {
  const parts = value
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
  if (parts.length === 0) throw new FatalError("CONFIG_INVALID", `${option}: empty severity list`, "Give e.g. HIGH,CRITICAL.");
  return [...new Set(parts.map((p) => parseSeverityOption(option, p)))];
}

/** A comma-separated fix-status list, as Trivy's `--ignore-status will_not_fix,end_of_life`. */
export function parseStatusList(option: string, value: string): FixStatus[] {
  const parts = value
    .split(",")
    .map((p) => p.trim().toLowerCase().replace(/-/g, "_"))
    .filter((p) => p !== "");
  return parts.map((p) => {
    if (!isFixStatus(p)) {
      throw new FatalError(
        "CONFIG_INVALID",
        `${option}: unknown status '${p}'`,
        "Use fixed, affected, will_not_fix, fix_deferred, end_of_life or not_affected.",
      );
    }
    return p;
  });
}
