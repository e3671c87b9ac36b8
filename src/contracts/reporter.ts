import type { VulnerabilityReport } from "../core/report.js";

export interface RenderOptions {
  readonly color: boolean;
}

/** One output format. The CLI's `--format` values come from the registry's keys. */
export interface Reporter {
  readonly format: string;
  render(report: VulnerabilityReport, options: RenderOptions): string;
}
