import type { Reporter, RenderOptions } from "../../contracts/reporter.js";
import type { CheckReport } from "../../core/check.js";
import type { VulnerabilityReport } from "../../core/report.js";
import { toCheckDocument, toMisconfigurations } from "../check-json.js";
import { countBySeverity } from "../order.js";
import { toReportDocument } from "../json-reporter.js";
import { buildRemediation } from "../remediation.js";
import { checksSection } from "./check-html.js";
import { esc } from "./escape.js";
import { layerLabels } from "./layer-info.js";
import { htmlPage } from "./page.js";
import { summarySection } from "./scan-summary.js";
import { findingsSection } from "./scan-findings.js";
import { layersSection, remediationSection } from "./scan-layers.js";

export interface HtmlRenderOptions extends Partial<RenderOptions> {
  /** The clock for the "generated at" line and the embedded JSON; tests pin it. */
  readonly now?: () => Date;
  /** `claro scan --scanners vuln,config`: the image checks from the same read. */
  readonly checks?: CheckReport | null;
}

/** `claro scan --format html`: one self-contained page (summary, findings, layers, remediation). */
export function renderHtml(report: VulnerabilityReport, options: HtmlRenderOptions = {}): string {
  const now = (options.now ?? (() => new Date()))();
  const layers = layerLabels(report);
  const remediation = buildRemediation(report, options.compareVersions);
  const checks = options.checks ?? null;
  const counts = countBySeverity(report.vulnerabilities);
  const doc = { ...toReportDocument(report, now, options.compareVersions), ...(checks ? { misconfigurations: toMisconfigurations(checks) } : {}) };
  return htmlPage({
    title: `claro report: ${report.source.ref}`,
    subtitle: esc(`${report.vulnerabilities.length} findings (${counts.critical} critical, ${counts.high} high) in ${report.packages.length} packages`),
    nav: [
      { id: "summary", label: "Summary" },
      { id: "findings", label: "Findings" },
      { id: "layers", label: "Layers" },
      { id: "remediation", label: "Remediation" },
      ...(checks ? [{ id: "checks", label: "Configuration checks" }] : []),
    ],
    body: [
      summarySection(report),
      findingsSection(report, layers),
      layersSection(report, layers),
      remediationSection(remediation, layers),
      ...(checks ? [checksSection(checks)] : []),
    ].join("\n"),
    data: doc,
    generatedAt: now.toISOString(),
  });
}

/** `claro check --format html`: the same page shell and table behaviour for a check report. */
export function renderCheckHtml(report: CheckReport, options: { now?: () => Date } = {}): string {
  const now = (options.now ?? (() => new Date()))();
  return htmlPage({
    title: `claro checks: ${report.target}`,
    subtitle: esc(`${report.results.length} checks, ${report.group}`),
    nav: [{ id: "checks", label: "Configuration checks" }],
    body: checksSection(report),
    data: toCheckDocument(report, now),
    generatedAt: now.toISOString(),
  });
}

export const htmlReporter = {
  format: "html",
  render: (report: VulnerabilityReport, options: RenderOptions): string => renderHtml(report, options),
} as const satisfies Reporter;
