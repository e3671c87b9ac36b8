import { coverageWarnings } from "./coverage-text.js";
import type { Reporter, RenderOptions } from "../contracts/reporter.js";
import type { Distribution } from "../core/distribution.js";
import { describeProblem } from "../core/problem.js";
import type { Finding, VulnerabilityReport } from "../core/report.js";
import { SEVERITIES, type Severity } from "../core/severity.js";
import { countBySeverity, sortedUnique } from "./order.js";
import { buildRemediation } from "./remediation.js";
import { renderRemediationText } from "./remediation-text.js";
import { findingTargets, targetTable } from "./table-targets.js";

/** ANSI SGR codes per severity, in the spirit of Trivy's palette. */
const SEVERITY_STYLE: Record<Severity, string> = {
  unknown: "36",
  negligible: "90",
  low: "34",
  medium: "33",
  high: "31",
  critical: "1;31",
};

/** Where output goes when it is not a terminal (a file, a pipe): wide enough for most viewers. */
export const DEFAULT_WIDTH = 120;

/** The terminal's width on a TTY, else DEFAULT_WIDTH; RenderOptions.width overrides both. */
export function outputWidth(options: Pick<RenderOptions, "width">): number {
  if (options.width !== undefined) return options.width;
  return process.stdout.isTTY && process.stdout.columns > 0 ? process.stdout.columns : DEFAULT_WIDTH;
}

export interface Paint {
  severity(s: Severity): string;
  warn(text: string): string;
  bold(text: string): string;
}

function painter(color: boolean): Paint {
  const sgr = (code: string, text: string): string => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    severity: (s) => sgr(SEVERITY_STYLE[s], s.toUpperCase()),
    warn: (text) => sgr("33", text),
    bold: (text) => sgr("1", text),
  };
}

function distributionLabel(d: Distribution | null): string {
  if (d === null) return "unknown OS";
  return d.codename === null ? `${d.id} ${d.versionId}` : `${d.id} ${d.versionId} (${d.codename})`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * "Total: N (UNKNOWN: a, LOW: b, MEDIUM: c, HIGH: d, CRITICAL: e)", Trivy's summary. NEGLIGIBLE
 * (Debian's "unimportant") is not a Trivy severity, so it only appears when something has it;
 * the listed counts then always add up to the total.
 */
export function summaryLine(findings: readonly Finding[]): string {
  const counts = countBySeverity(findings);
  const parts = SEVERITIES.filter((s) => s !== "negligible" || counts[s] > 0).map((s) => `${s.toUpperCase()}: ${counts[s]}`);
  return `Total: ${findings.length} (${parts.join(", ")})`;
}

/** Trivy-like text report: header, summary, one table per target grouped by package, then warnings. */
export function renderTable(report: VulnerabilityReport, options: RenderOptions): string {
  const paint = painter(options.color);
  const heading = `${report.source.ref} — ${distributionLabel(report.distribution)}, ${plural(report.packages.length, "package", "packages")}`;
  const out: string[] = [paint.bold(heading), "=".repeat(heading.length)];

  if (report.packages.length === 0) {
    // The BusyBox case: a successful analysis that had nothing to match. Say why, plainly,
    // instead of a "0 vulnerabilities" that reads like a clean bill of health.
    out.push(
      "No package database was found in this image (no dpkg status or apk installed file),",
      "so no packages were listed and nothing could be checked for vulnerabilities.",
    );
  } else {
    out.push(summaryLine(report.vulnerabilities), "");
    if (report.vulnerabilities.length === 0) {
      out.push(`No vulnerabilities found in ${plural(report.packages.length, "package", "packages")}.`);
    } else {
      // One section per target, as Trivy does: OS packages first, then each lockfile or binary.
      const width = outputWidth(options);
      for (const t of findingTargets(report)) {
        out.push(paint.bold(t.heading), "=".repeat(t.heading.length), summaryLine(t.findings), "");
        out.push(...targetTable(report, t.findings, paint, width), "");
      }
      out.pop();
    }
  }

  // What was not checked comes right after the result it qualifies, never only in a footer.
  const notChecked = coverageWarnings(report, new Date().toISOString().slice(0, 10));
  if (notChecked.length > 0) {
    out.push("");
    for (const line of notChecked) out.push(`${paint.warn("WARN")} ${line}`);
  }

  if (options.show?.includes("remediation") && report.vulnerabilities.length > 0) {
    out.push("", renderRemediationText(buildRemediation(report, options.compareVersions)).trimEnd());
  }

  const suppressed = report.suppressed ?? [];
  if (suppressed.length > 0) {
    const vex = suppressed.filter((x) => x.by === "vex").length;
    out.push(
      "",
      `Suppressed: ${suppressed.length} (VEX not_affected: ${vex}, ignore file: ${suppressed.length - vex}); see the JSON output's \`suppressed\` list for reasons`,
    );
  }

  const updaters = sortedUnique(report.database.updaters);
  if (updaters.length > 0) {
    const when = report.database.updatedAt === null ? "" : `, updated ${report.database.updatedAt}`;
    out.push("", `Vulnerability data: ${updaters.join(", ")}${when}`);
  }

  if (report.problems.length > 0) {
    out.push("", paint.warn(`Warnings (${report.problems.length}); the analysis went on past these:`));
    for (const p of report.problems) out.push(`  ${paint.warn("WARN")} ${describeProblem(p)}`);
  }
  return `${out.join("\n")}\n`;
}

export const tableReporter = {
  format: "table",
  render: renderTable,
} as const satisfies Reporter;
