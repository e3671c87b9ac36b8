import type { CheckReport } from "../core/check.js";
import { renderCheckJson } from "./check-json.js";
import { renderCheckJunit } from "./check-junit.js";
import { renderCheckSarif } from "./check-sarif.js";
import { renderCheckTable, type CheckRenderOptions } from "./check-table.js";
import { renderCheckHtml } from "./html/html-reporter.js";

export interface CheckReporter {
  readonly format: string;
  render(report: CheckReport, options: CheckRenderOptions): string;
}

/** Output formats of `claro check`; the CLI's `--format` choices come from these keys. */
export const checkReporters = {
  table: { format: "table", render: renderCheckTable },
  json: { format: "json", render: (r: CheckReport) => renderCheckJson(r) },
  sarif: { format: "sarif", render: (r: CheckReport) => renderCheckSarif(r) },
  junit: { format: "junit", render: (r: CheckReport) => renderCheckJunit(r) },
  html: { format: "html", render: (r: CheckReport) => renderCheckHtml(r) },
} as const satisfies Record<string, CheckReporter>;

export type CheckFormat = keyof typeof checkReporters;

export const CHECK_FORMATS = Object.keys(checkReporters) as CheckFormat[];

export function isCheckFormat(value: string): value is CheckFormat {
  return Object.hasOwn(checkReporters, value);
}
