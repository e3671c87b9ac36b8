import type { CheckReport, CheckResult, Evidence } from "../core/check.js";
import { severityRank, type Severity } from "../core/severity.js";

/**
 * How a result is shown and counted. `ignored` (an ignore-file entry matched) and `error` (the
 * rule threw) take precedence over the rule's own outcome.
 */
export type CheckDisplayStatus = "pass" | "fail" | "skip" | "manual" | "ignored" | "error";

export function displayStatus(r: CheckResult): CheckDisplayStatus {
  if (r.error !== undefined) return "error";
  if (r.ignored !== undefined) return "ignored";
  return r.outcome.status;
}

export interface CheckSummary {
  readonly total: number;
  readonly pass: number;
  readonly fail: number;
  readonly skip: number;
  readonly manual: number;
  readonly ignored: number;
  readonly error: number;
  /**
   * 100 × pass / (pass + fail + error), rounded to one decimal: the share of the automated
   * rules that could be decided and passed. Skipped, manual and ignored results are left out
   * (nobody decided them); a rule that threw counts against the score, as it was not shown to
   * pass. Null when no automated rule was decided.
   */
  readonly score: number | null;
}

export function summarizeChecks(report: CheckReport): CheckSummary {
  const n: Record<CheckDisplayStatus, number> = { pass: 0, fail: 0, skip: 0, manual: 0, ignored: 0, error: 0 };
  for (const r of report.results) n[displayStatus(r)] += 1;
  const decided = n.pass + n.fail + n.error;
  const score = decided === 0 ? null : Math.round((1000 * n.pass) / decided) / 10;
  return { total: report.results.length, ...n, score };
}

export interface CheckVerdict {
  readonly passed: boolean;
  readonly reasons: readonly string[];
  /** Failed, not-ignored results at or above the fail-on severity. */
  readonly failing: readonly CheckResult[];
  /** Rules that threw: the analysis is incomplete, which the CLI reports as exit code 2. */
  readonly errors: readonly CheckResult[];
}

/** `--fail-on`: fail when a non-ignored failed rule is at or above the severity. */
export function checkVerdict(report: CheckReport, failOn: Severity | undefined): CheckVerdict {
  const errors = report.results.filter((r) => r.error !== undefined);
  const failing = failOn === undefined ? [] : report.results.filter((r) => displayStatus(r) === "fail" && severityRank(r.severity) >= severityRank(failOn));
  const reasons =
    failing.length === 0
      ? []
      : [
          `${failing.length} failed ${failing.length === 1 ? "check" : "checks"} at or above ${failOn?.toUpperCase()} (fail-on ${failOn}): ${failing.map((r) => r.ruleId).join(", ")}`,
        ];
  return { passed: failing.length === 0, reasons, failing, errors };
}

/** One line per evidence item: `file:line key=value (detail)`. */
export function describeEvidence(e: Evidence): string {
  const where = e.file === undefined ? "" : e.line === undefined ? e.file : `${e.file}:${e.line}`;
  const kv = e.key === undefined ? (e.value ?? "") : e.value === undefined ? e.key : `${e.key}=${e.value}`;
  const head = [where, kv].filter((s) => s !== "").join(" ");
  if (e.detail === undefined) return head === "" ? "(no detail)" : head;
  return head === "" ? e.detail : `${head} (${e.detail})`;
}

/** The one-line message of a result: why it failed, what is missing, what to verify. */
export function resultMessage(r: CheckResult): string {
  const o = r.outcome;
  switch (o.status) {
    case "pass":
      return o.detail ?? "passed";
    case "fail":
      return o.evidence.length === 0
        ? "failed"
        : `${o.evidence.length} finding${o.evidence.length === 1 ? "" : "s"}: ${describeEvidence(o.evidence[0]!)}${o.evidence.length > 1 ? ", …" : ""}`;
    case "skip":
      return `skipped: ${o.missing}`;
    case "manual":
      return `manual: ${o.instructions}`;
  }
}

const numeric = new Intl.Collator("en", { numeric: true });

/** Results grouped by section, sections in numeric order (`2 …` before `10 …`), rules in report order. */
export function bySection(results: readonly CheckResult[]): [string, CheckResult[]][] {
  const groups = new Map<string, CheckResult[]>();
  for (const r of results) {
    const list = groups.get(r.section) ?? [];
    list.push(r);
    groups.set(r.section, list);
  }
  return [...groups.entries()].sort(([a], [b]) => numeric.compare(a, b));
}
