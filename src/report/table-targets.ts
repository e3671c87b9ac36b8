// The table report's sections: which target (OS, lockfile, binary) each finding belongs to, and
// each target's table laid out to the output width.
import type { Package, PackageType } from "../core/package.js";
import type { Finding, VulnerabilityReport } from "../core/report.js";
import { compareFindingsByPackage, compareText } from "./order.js";
import { fitWidths, layoutTable, naturalWidths, tableWidth, type LayoutCell, type LayoutColumn, type LayoutGroup } from "./table-layout.js";
import type { Paint } from "./table-reporter.js";

/** Types the OS package manager installs; their findings share the distribution's section. */
const OS_TYPES: ReadonlySet<PackageType> = new Set<PackageType>(["deb", "apk", "rpm"]);

export interface Target {
  readonly heading: string;
  readonly findings: readonly Finding[];
}

/**
 * Groups findings by target: OS packages under the distribution (`debian 12 (deb)`), language
 * packages under the path they were read from (`usr/bin/fzf (golang)`). A finding names its
 * package by purl only, so the package list supplies foundIn.
 */
export function findingTargets(report: VulnerabilityReport): Target[] {
  const byPurl = new Map<string, Package>();
  for (const p of report.packages) if (!byPurl.has(p.purl)) byPurl.set(p.purl, p);
  const groups = new Map<string, { os: boolean; path: string; heading: string; findings: Finding[] }>();
  for (const f of report.vulnerabilities) {
    const type = f.package.type;
    const os = OS_TYPES.has(type);
    const d = report.distribution;
    const path = os ? "" : (byPurl.get(f.package.purl)?.foundIn ?? "");
    const heading = os ? `${d === null ? "unknown OS" : `${d.id} ${d.versionId}`} (${type})` : path === "" ? `${type} packages` : `${path} (${type})`;
    const g = groups.get(heading) ?? { os, path, heading, findings: [] };
    g.findings.push(f);
    groups.set(heading, g);
  }
  return [...groups.values()]
    .sort((a, b) => Number(b.os) - Number(a.os) || compareText(a.path, b.path) || compareText(a.heading, b.heading))
    .map((g) => ({ heading: g.heading, findings: g.findings }));
}

/** A title is the description's first sentence or line; none at all is an empty cell, not "-". */
export function findingTitle(f: Finding): string {
  return (f.description ?? "").split(/(?<=\.)\s|\n/)[0]?.trim() ?? "";
}

/** `KEV` when CISA lists it as exploited; `EPSS n%` when scored (the percentage of the probability). */
function marks(f: Finding): string {
  const m: string[] = [];
  if (f.kev) m.push(f.kev.ransomware === "Known" ? "KEV (ransomware)" : "KEV");
  if (f.epss) m.push(`EPSS ${(f.epss.score * 100).toFixed(f.epss.score < 0.1 ? 2 : 1)}%`);
  return m.length === 0 ? "" : `\n${m.join("\n")}`;
}

/** `#3` (1-based position in the image) and, when wide enough, the diffID's first 12 hex digits. */
function layerLabel(report: VulnerabilityReport, f: Finding, withHash: boolean): string {
  const i = report.layers.findIndex((l) => l.diffId === f.layer);
  const hash = f.layer.slice(f.layer.indexOf(":") + 1, f.layer.indexOf(":") + 13);
  if (i < 0) return hash;
  return withHash ? `#${i + 1} ${hash}` : `#${i + 1}`;
}

function samePackage(a: Finding, b: Finding): boolean {
  return a.package.name === b.package.name && a.package.version === b.package.version && a.package.purl === b.package.purl;
}

// The id and severity never wrap: they are what a reader searches for. The title gives way first,
// then package and versions wrap, and the layer goes last.
const NEVER = Number.MAX_SAFE_INTEGER;
const COLUMNS: readonly LayoutColumn[] = [
  { head: "Package", floors: [NEVER, 12, 8] },
  { head: "Installed", floors: [NEVER, 12, 9] },
  { head: "Fixed", floors: [NEVER, 12, 8] },
  { head: "Severity", floors: [NEVER] },
  { head: "ID", floors: [NEVER] },
  { head: "Layer", floors: [NEVER, NEVER, 5] },
  { head: "Title", floors: [40, 20, 10], maxLines: 3 },
];

function groups(report: VulnerabilityReport, findings: readonly Finding[], paint: Paint, withHash: boolean): LayoutGroup[] {
  const sorted = [...findings].sort(compareFindingsByPackage);
  const out: (readonly LayoutCell[])[][] = [];
  for (let i = 0; i < sorted.length; i++) {
    const f = sorted[i]!;
    const first = i === 0 || !samePackage(sorted[i - 1]!, f);
    // Package and installed version are printed once per package, as Trivy merges those cells.
    const row: LayoutCell[] = [
      { text: first ? f.package.name : "" },
      { text: first ? f.package.version : "" },
      { text: f.fixedVersion ?? (f.status === "affected" ? "" : f.status.replaceAll("_", " ")) },
      { text: f.severity.toUpperCase(), style: () => paint.severity(f.severity) },
      { text: f.id + marks(f) },
      { text: layerLabel(report, f, withHash) },
      { text: findingTitle(f) },
    ];
    if (first) out.push([]);
    out[out.length - 1]!.push(row);
  }
  return out;
}

/** One target's findings as table lines no wider than `width` (the id column never wraps). */
export function targetTable(report: VulnerabilityReport, findings: readonly Finding[], paint: Paint, width: number): string[] {
  // The diffID prefix helps match layers to `docker history`, but the position alone still names one.
  let g = groups(report, findings, paint, true);
  const widths = fitWidths(COLUMNS, naturalWidths(COLUMNS, g), width);
  // Keep the hash only while the title still has room for a readable first line.
  if (tableWidth(widths) > width || widths[COLUMNS.length - 1]! < 30) g = groups(report, findings, paint, false);
  return layoutTable(COLUMNS, g, width);
}
