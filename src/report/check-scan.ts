import type { RenderOptions } from "../contracts/reporter.js";
import type { CheckReport } from "../core/check.js";
import type { VulnerabilityReport } from "../core/report.js";
import { toMisconfigurations } from "./check-json.js";
import { renderScanSarif } from "./check-sarif.js";
import { renderCheckTable } from "./check-table.js";
import { renderHtml } from "./html/html-reporter.js";
import { toReportDocument } from "./json-reporter.js";
import { reporters, type ReportFormat } from "./registry.js";

/**
 * `claro scan --scanners vuln,config`: vulnerabilities and image checks from the same read of
 * the image in ONE report. Without check results every format is exactly the plain scan report.
 */
export function renderScanReport(
  format: ReportFormat,
  report: VulnerabilityReport,
  checks: CheckReport | null,
  options: RenderOptions & { now?: () => Date },
): string {
  const render = {
    color: options.color,
    ...(options.show ? { show: options.show } : {}),
    ...(options.compareVersions ? { compareVersions: options.compareVersions } : {}),
  };
  if (format === "html") return renderHtml(report, { ...render, checks, ...(options.now ? { now: options.now } : {}) });
  if (checks === null) return reporters[format].render(report, render);
  switch (format) {
    case "json": {
      const doc = {
        ...toReportDocument(report, (options.now ?? (() => new Date()))(), options.compareVersions),
        misconfigurations: toMisconfigurations(checks),
      };
      return `${JSON.stringify(doc, null, 2)}\n`;
    }
    case "sarif":
      return renderScanSarif(report, checks);
    case "table":
      return `${reporters.table.render(report, render)}\n${renderCheckTable(checks, { color: options.color })}`;
    case "cyclonedx-json":
      // A CycloneDX VDR has no place for configuration checks; it carries the vulnerabilities only.
      return reporters["cyclonedx-json"].render(report, { color: false });
  }
}
