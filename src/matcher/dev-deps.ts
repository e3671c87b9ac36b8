import type { Package } from "../core/package.js";
import type { IndexReport } from "../core/report.js";

/** What the matcher gets, and how many development-only packages it did not get. */
export interface MatchInput {
  readonly index: IndexReport;
  readonly devLeftOut: number;
}

/**
 * Leaves development-only packages (lockfile `dev` flags) out of matching unless asked for, as
 * Trivy does: they are not in the shipped application, and their advisories would bury the
 * ones that are. The inventory keeps them, with their flag; the caller says how many were left
 * out, so an unmatched package is never shown as clean.
 */
export function packagesToMatch(index: IndexReport, includeDevDeps: boolean): MatchInput {
  if (includeDevDeps) return { index, devLeftOut: 0 };
  const packages: Package[] = index.packages.filter((p) => p.dev !== true);
  return packages.length === index.packages.length
    ? { index, devLeftOut: 0 }
    : { index: { ...index, packages }, devLeftOut: index.packages.length - packages.length };
}
