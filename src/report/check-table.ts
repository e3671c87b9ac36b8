import type { CheckReport, CheckResult } from "../core/check.js";
import type { Severity } from "../core/severity.js";
import { bySection, describeEvidence, displayStatus, summarizeChecks, type CheckDisplayStatus } from "./check-summary.js";

export interface CheckRenderOptions {
  readonly color: boolean;
}

const STATUS_STYLE: Record<CheckDisplayStatus, string> = {
  pass: "32",
  fail: "31",
  skip: "90",
  manual: "36",
  ignored: "90",
  error: "1;35",
};

/** At most this many evidence lines per result; the JSON/SARIF outputs carry all of them. */
const MAX_EVIDENCE_LINES = 20;

function paint(color: boolean, code: string, text: string): string {
  return color ? `\u001b[${code}m${text}\u001b[0m` : text;
}

function label(r: CheckResult): string {
  const id = r.benchmarkId === null ? r.ruleId : `${r.benchmarkId} ${r.ruleId}`;
  return `${id} [L${r.level} ${r.severity.toUpperCase() as Uppercase<Severity>}] ${r.title}`;
}

function details(r: CheckResult): string[] {
  const o = r.outcome;
  const lines: string[] = [];
  if (r.error !== undefined) lines.push(`error: the rule failed to evaluate (a bug in claro): ${r.error}`);
  else if (o.status === "fail") {
    for (const e of o.evidence.slice(0, MAX_EVIDENCE_LINES)) lines.push(`- ${describeEvidence(e)}`);
    if (o.evidence.length > MAX_EVIDENCE_LINES) lines.push(`- … and ${o.evidence.length - MAX_EVIDENCE_LINES} more`);
    lines.push(`fix: ${r.remediation}`);
  } else if (o.status === "skip") lines.push(`missing: ${o.missing}`);
  else if (o.status === "manual") lines.push(`verify: ${o.instructions}`);
  if (r.ignored !== undefined) {
    lines.push(`ignored (${o.status}): ${r.ignored.reason}${r.ignored.expires === null ? "" : ` (until ${r.ignored.expires})`}`);
  }
  return lines;
}

/** A docker-bench-like text report: one section per CIS heading, then the summary and score. */
export function renderCheckTable(report: CheckReport, options: CheckRenderOptions): string {
  const heading = `${report.target} — ${report.group} checks, CIS Docker Benchmark v${report.benchmarkVersion}`;
  const out: string[] = [paint(options.color, "1", heading), "=".repeat(heading.length)];
  if (report.results.length === 0) out.push("", "No rules were selected (check --level, --include and --exclude).");
  for (const [section, results] of bySection(report.results)) {
    out.push("", paint(options.color, "1", section));
    for (const r of results) {
      const status = displayStatus(r);
      const tag = paint(options.color, STATUS_STYLE[status], `[${status.toUpperCase()}]`.padEnd(9));
      out.push(`${tag} ${label(r)}`);
      for (const line of details(r)) out.push(`          ${line}`);
    }
  }
  const s = summarizeChecks(report);
  out.push(
    "",
    `Summary: ${s.total} rules: ${s.pass} passed, ${s.fail} failed, ${s.skip} skipped, ${s.manual} manual, ${s.ignored} ignored${s.error > 0 ? `, ${s.error} ${s.error === 1 ? "error" : "errors"}` : ""}`,
    `Score: ${s.score === null ? "n/a (no automated rule was decided)" : `${s.score}%`} (passed / (passed + failed + errors))`,
  );
  return `${out.join("\n")}\n`;
}
