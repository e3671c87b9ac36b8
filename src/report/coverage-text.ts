import type { CoverageEntry, VulnerabilityReport } from "../core/report.js";

/** One warning line for a group of packages the scan did not match; null when it did. */
export function coverageWarning(c: CoverageEntry): string | null {
  if (c.matched) return null;
  const what = `${c.packages} ${c.type} package${c.packages === 1 ? "" : "s"}${c.namespace === null ? "" : ` (${c.namespace})`}`;
  switch (c.reason) {
    case "no-data":
      return `${what} NOT matched: the database has no data for them; run \`${c.hint ?? "claro db update"}\``;
    case "unsupported":
      return `${what} NOT matched: claro has no vulnerability data source for them`;
    case "end-of-life":
      return `${what} NOT matched: the release is past its end of life and the database has no data for it`;
    default:
      return null;
  }
}

/** The end-of-life warning of a report whose release is past it on `today`; null otherwise. */
export function endOfLifeWarning(report: Pick<VulnerabilityReport, "distribution">, today: string): string | null {
  const d = report.distribution;
  if (d === null || d.endOfLife === undefined || d.endOfLife === null || d.endOfLife >= today) return null;
  const name = d.prettyName ?? `${d.id} ${d.versionId}`;
  return `${name} reached its end of life on ${d.endOfLife}: it gets no security fixes, and its feeds may stop listing new vulnerabilities; move to a supported release`;
}

/** Every "what was not checked" line of a report, end of life first. */
export function coverageWarnings(report: Pick<VulnerabilityReport, "distribution" | "coverage">, today: string): string[] {
  const eol = endOfLifeWarning(report, today);
  const lines = (report.coverage ?? []).map(coverageWarning).filter((l): l is string => l !== null);
  return eol === null ? lines : [eol, ...lines];
}
