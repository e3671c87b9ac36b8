import type { Reporter } from "../contracts/reporter.js";
import { cyclonedxReporter } from "./cyclonedx-reporter.js";
import { htmlReporter } from "./html/html-reporter.js";
import { jsonReporter } from "./json-reporter.js";
import { sarifReporter } from "./sarif-reporter.js";
import { tableReporter } from "./table-reporter.js";
import { REPORT_FORMATS, type ReportFormat } from "./format-names.js";

export { REPORT_FORMATS, type ReportFormat };

/**
 * Every output format, by name. The CLI's `--format` choices come from these keys, so the flag,
 * its help text and the type below cannot drift apart (vitest's reporter registry pattern).
 */
export const reporters = {
  "cyclonedx-json": cyclonedxReporter,
  html: htmlReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  table: tableReporter,
} as const satisfies Record<ReportFormat, Reporter>;

export function isReportFormat(value: string): value is ReportFormat {
  return Object.hasOwn(reporters, value);
}
