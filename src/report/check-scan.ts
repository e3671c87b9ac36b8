import type { CheckReport } from "../core/check.js";
import type { VulnerabilityReport } from "../core/report.js";
import { toMisconfigurations } from "./check-json.js";
import { renderScanSarif } from "./check-sarif.js";
import { renderCheckTable } from "./check-table.js";
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
  options: { color: boolean; now?: () => Date },
): string {
  if (checks === null) return reporters[format].render(report, { color: options.color });
  switch (format) {
    case "json": {
      const doc = { ...toReportDocument(report, (options.now ?? (() => new Date()))()), misconfigurations: toMisconfigurations(checks) };
      return `${JSON.stringify(doc, null, 2)}\n`;
    }
    case "sarif":
      return renderScanSarif(report, checks);
    case "table":
      return `${reporters.table.render(report, { color: options.color })}\n${renderCheckTable(checks, { color: options.color })}`;
    case "cyclonedx-json":
      // A CycloneDX VDR has no place for configuration checks; it carries the vulnerabilities only.
      return reporters["cyclonedx-json"].render(report, { color: false });
  }
}
