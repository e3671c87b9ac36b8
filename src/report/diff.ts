import type { VersionOrder } from "../contracts/reporter.js";
import type { Package } from "../core/package.js";
import type { Finding, VulnerabilityReport } from "../core/report.js";
import { compareFindings, comparePackages, compareText } from "./order.js";
import { naturalVersionOrder } from "./remediation.js";

/** A finding with the file its package was read from, part of its identity across images. */
export interface TargetedFinding {
  readonly finding: Finding;
  readonly target: string;
}

export interface PackageChange {
  readonly name: string;
  readonly type: Package["type"];
  readonly arch: string | null;
  readonly target: string;
  readonly oldVersion: string;
  readonly newVersion: string;
  readonly direction: "upgrade" | "downgrade";
}

export interface ReportDiff {
  readonly old: VulnerabilityReport["source"];
  readonly new: VulnerabilityReport["source"];
  /** In OLD, no longer in NEW. */
  readonly fixed: readonly TargetedFinding[];
  /** In NEW, not in OLD. */
  readonly introduced: readonly TargetedFinding[];
  /** In both; `old` keeps the version it was found at, which an upgrade may have changed. */
  readonly unchanged: readonly { readonly old: TargetedFinding; readonly new: TargetedFinding }[];
  readonly packages: { readonly added: readonly Package[]; readonly removed: readonly Package[]; readonly changed: readonly PackageChange[] };
}

function targets(report: VulnerabilityReport): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of report.packages) out.set([p.type, p.name, p.version, p.purl, p.layer].join("\u0000"), p.foundIn);
  return out;
}

/**
 * Findings keyed by (id, package name, package type, target path): the same advisory on the same
 * package at the same place is "unchanged" across a version bump it survives, and "fixed" once
 * the bump takes it out. A key seen twice in one report (two feeds) counts once.
 */
function keyedFindings(report: VulnerabilityReport): Map<string, TargetedFinding> {
  const where = targets(report);
  const out = new Map<string, TargetedFinding>();
  for (const f of [...report.vulnerabilities].sort(compareFindings)) {
    const target = where.get([f.package.type, f.package.name, f.package.version, f.package.purl, f.layer].join("\u0000")) ?? "";
    const key = [f.id, f.package.name, f.package.type, target].join("\u0000");
    if (!out.has(key)) out.set(key, { finding: f, target });
  }
  return out;
}

function packageKey(p: Package): string {
  return [p.type, p.name, p.arch ?? "", p.foundIn].join("\u0000");
}

function groupPackages(report: VulnerabilityReport): Map<string, Package[]> {
  const out = new Map<string, Package[]>();
  for (const p of [...report.packages].sort(comparePackages)) out.set(packageKey(p), [...(out.get(packageKey(p)) ?? []), p]);
  return out;
}

function diffPackages(oldReport: VulnerabilityReport, newReport: VulnerabilityReport, order: VersionOrder): ReportDiff["packages"] {
  const before = groupPackages(oldReport);
  const after = groupPackages(newReport);
  const added: Package[] = [];
  const removed: Package[] = [];
  const changed: PackageChange[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const o = before.get(key) ?? [];
    const n = after.get(key) ?? [];
    // Versions present on both sides are unchanged; what is left pairs up as one change, else adds and removes.
    const oLeft = o.filter((p) => !n.some((q) => q.version === p.version));
    const nLeft = n.filter((p) => !o.some((q) => q.version === p.version));
    if (oLeft.length === 1 && nLeft.length === 1) {
      const [a, b] = [oLeft[0]!, nLeft[0]!];
      changed.push({
        name: b.name,
        type: b.type,
        arch: b.arch,
        target: b.foundIn,
        oldVersion: a.version,
        newVersion: b.version,
        direction: order(b.type, b.version, a.version) >= 0 ? "upgrade" : "downgrade",
      });
    } else {
      removed.push(...oLeft);
      added.push(...nLeft);
    }
  }
  return {
    added: added.sort(comparePackages),
    removed: removed.sort(comparePackages),
    changed: changed.sort((a, b) => compareText(a.type, b.type) || compareText(a.name, b.name) || compareText(a.target, b.target)),
  };
}

/** What changed between two reports of (usually) two versions of one image. */
export function diffReports(oldReport: VulnerabilityReport, newReport: VulnerabilityReport, order: VersionOrder = naturalVersionOrder): ReportDiff {
  const before = keyedFindings(oldReport);
  const after = keyedFindings(newReport);
  const byFinding = (a: TargetedFinding, b: TargetedFinding): number => compareFindings(a.finding, b.finding) || compareText(a.target, b.target);
  return {
    old: oldReport.source,
    new: newReport.source,
    fixed: [...before]
      .filter(([k]) => !after.has(k))
      .map(([, v]) => v)
      .sort(byFinding),
    introduced: [...after]
      .filter(([k]) => !before.has(k))
      .map(([, v]) => v)
      .sort(byFinding),
    unchanged: [...after]
      .filter(([k]) => before.has(k))
      .map(([k, v]) => ({ old: before.get(k)!, new: v }))
      .sort((a, b) => byFinding(a.new, b.new)),
    packages: diffPackages(oldReport, newReport, order),
  };
}
