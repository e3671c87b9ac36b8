import type { Package } from "../core/package.js";
import type { Finding } from "../core/report.js";
import { SEVERITIES, severityRank, type Severity } from "../core/severity.js";

/**
 * Orderings shared by every reporter. They compare by code unit, never by locale, so that two
 * runs on different machines or stores (SQLite vs PostgreSQL) give byte-identical output.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareNullable(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return compareText(a, b);
}

export function comparePackages(a: Package, b: Package): number {
  return (
    compareText(a.type, b.type) ||
    compareText(a.name, b.name) ||
    compareText(a.version, b.version) ||
    compareNullable(a.arch, b.arch) ||
    compareText(a.purl, b.purl) ||
    compareText(a.layer, b.layer)
  );
}

function compareFindingPackage(a: Finding, b: Finding): number {
  return (
    compareText(a.package.name, b.package.name) ||
    compareText(a.package.version, b.package.version) ||
    compareText(a.package.type, b.package.type) ||
    compareText(a.package.purl, b.package.purl)
  );
}

/** Ties after the package are broken on every remaining field a store could return in any order. */
function compareFindingRest(a: Finding, b: Finding): number {
  return (
    compareText(a.namespace, b.namespace) ||
    compareText(a.dataSource, b.dataSource) ||
    compareNullable(a.fixedVersion, b.fixedVersion) ||
    compareText(a.status, b.status) ||
    compareText(a.layer, b.layer)
  );
}

/** Most severe first, then by id, then by package. */
export function compareFindings(a: Finding, b: Finding): number {
  return severityRank(b.severity) - severityRank(a.severity) || compareText(a.id, b.id) || compareFindingPackage(a, b) || compareFindingRest(a, b);
}

/** By package, then most severe first, then by id: the table's grouping. */
export function compareFindingsByPackage(a: Finding, b: Finding): number {
  return compareFindingPackage(a, b) || severityRank(b.severity) - severityRank(a.severity) || compareText(a.id, b.id) || compareFindingRest(a, b);
}

export function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareText);
}

export type SeverityCounts = Record<Severity, number>;

export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}
