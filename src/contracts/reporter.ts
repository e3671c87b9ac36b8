import type { PackageType } from "../core/package.js";
import type { VulnerabilityReport } from "../core/report.js";

/** Orders two versions of one package type (negative, 0, positive); the CLI supplies each ecosystem's scheme. */
export type VersionOrder = (type: PackageType, a: string, b: string) => number;

/** Sections a reporter prints only when asked (`--show`); JSON and HTML always carry them. */
export type ShowSection = "remediation";

export interface RenderOptions {
  readonly color: boolean;
  readonly show?: readonly ShowSection[];
  /** Without it, remediation compares fixed versions segment by segment, which misreads dpkg's `~`. */
  readonly compareVersions?: VersionOrder;
  /** Columns the text fits in; the table reporter defaults to the terminal's width, or 120 off a TTY. */
  readonly width?: number;
}

/** One output format. The CLI's `--format` values come from the registry's keys. */
export interface Reporter {
  readonly format: string;
  render(report: VulnerabilityReport, options: RenderOptions): string;
}
