import Table from "cli-table3";
import type { Reporter, RenderOptions } from "../contracts/reporter.js";
import type { Distribution } from "../core/distribution.js";
import { describeProblem } from "../core/problem.js";
import type { Finding, VulnerabilityReport } from "../core/report.js";
import { SEVERITIES, type Severity } from "../core/severity.js";
import { compareFindingsByPackage, countBySeverity, sortedUnique } from "./order.js";

/** ANSI SGR codes per severity, in the spirit of Trivy's palette. */
const SEVERITY_STYLE: Record<Severity, string> = {
  unknown: "36",
  negligible: "90",
  low: "34",
  medium: "33",
  high: "31",
  critical: "1;31",
};

const TITLE_WIDTH = 50;

interface Paint {
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

/** The first sentence of the description, cut to fit the column. */
function title(f: Finding): string {
  const first = (f.description ?? "").split(/(?<=\.)\s|\n/)[0]?.trim() ?? "";
  const short = first.length > TITLE_WIDTH ? `${first.slice(0, TITLE_WIDTH - 1).trimEnd()}…` : first;
  return [short, f.links[0] ?? ""].filter((s) => s !== "").join("\n") || "-";
}

function findingsTable(findings: readonly Finding[], paint: Paint): string {
  const table = new Table({
    head: ["Library", "Vulnerability", "Severity", "Status", "Installed Version", "Fixed Version", "Title"],
    // cli-table3 colours the head and borders by default; the caller decides about colour.
    style: { head: [], border: [] },
  });
  const sorted = [...findings].sort(compareFindingsByPackage);
  for (let i = 0; i < sorted.length; i++) {
    const f = sorted[i]!;
    const sameAsPrevious = i > 0 && samePackage(sorted[i - 1]!, f);
    let span = 1;
    while (!sameAsPrevious && i + span < sorted.length && samePackage(sorted[i + span]!, f)) span++;
    // Library and Installed Version are merged across a package's rows, as Trivy does.
    const row: Table.Cell[] = sameAsPrevious ? [] : [{ content: f.package.name, rowSpan: span }];
    row.push(f.id + marks(f), paint.severity(f.severity), f.status);
    if (!sameAsPrevious) row.push({ content: f.package.version, rowSpan: span });
    row.push(f.fixedVersion ?? "", title(f));
    table.push(row);
  }
  return table.toString();
}

/** `KEV` when CISA lists it as exploited; `EPSS n%` when scored (the percentage of the probability). */
function marks(f: Finding): string {
  const m: string[] = [];
  if (f.kev) m.push(f.kev.ransomware === "Known" ? "KEV (ransomware)" : "KEV");
  if (f.epss) m.push(`EPSS ${(f.epss.score * 100).toFixed(f.epss.score < 0.1 ? 2 : 1)}%`);
  return m.length === 0 ? "" : `\n${m.join(", ")}`;
}

function samePackage(a: Finding, b: Finding): boolean {
  return a.package.name === b.package.name && a.package.version === b.package.version && a.package.purl === b.package.purl;
}

/** Trivy-like text report: header, summary, one table grouped by package, then warnings. */
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
      out.push(findingsTable(report.vulnerabilities, paint));
    }
  }

  const suppressed = report.suppressed ?? [];
  if (suppressed.length > 0) {
    const vex = suppressed.filter((x) => x.by === "vex").length;
    out.push("", `Suppressed: ${suppressed.length} (VEX not_affected: ${vex}, ignore file: ${suppressed.length - vex}); see the JSON output's \`suppressed\` list for reasons`);
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
