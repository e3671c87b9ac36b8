import Table from "cli-table3";
import type { Package } from "../core/package.js";
import type { ReportDiff, TargetedFinding } from "./diff.js";
import { toVulnerability } from "./json-reporter.js";

export const DIFF_SCHEMA_VERSION = "1.0.0";

function findingEntry(t: TargetedFinding): Record<string, unknown> {
  return { ...toVulnerability(t.finding), target: t.target };
}

function packageEntry(p: Package): Record<string, unknown> {
  return { name: p.name, version: p.version, type: p.type, arch: p.arch, purl: p.purl, target: p.foundIn, layer: p.layer };
}

/** `claro diff --format json`: `fixed`, `introduced`, `unchanged` and `packages {added, removed, changed}`. */
export function toDiffDocument(d: ReportDiff, createdAt: Date): Record<string, unknown> {
  return {
    kind: "diff",
    schemaVersion: DIFF_SCHEMA_VERSION,
    createdAt: createdAt.toISOString(),
    old: { ref: d.old.ref, digest: d.old.digest },
    new: { ref: d.new.ref, digest: d.new.digest },
    summary: {
      fixed: d.fixed.length,
      introduced: d.introduced.length,
      unchanged: d.unchanged.length,
      packages: { added: d.packages.added.length, removed: d.packages.removed.length, changed: d.packages.changed.length },
    },
    fixed: d.fixed.map(findingEntry),
    introduced: d.introduced.map(findingEntry),
    unchanged: d.unchanged.map((u) => ({ ...findingEntry(u.new), oldVersion: u.old.finding.package.version })),
    packages: {
      added: d.packages.added.map(packageEntry),
      removed: d.packages.removed.map(packageEntry),
      changed: d.packages.changed.map((c) => ({ ...c })),
    },
  };
}

export function renderDiffJson(d: ReportDiff, now: () => Date = () => new Date()): string {
  return `${JSON.stringify(toDiffDocument(d, now()), null, 2)}\n`;
}

function findingTable(list: readonly TargetedFinding[]): string {
  const table = new Table({ head: ["Severity", "Vulnerability", "Package", "Version", "Fixed Version", "Target"], style: { head: [], border: [] } });
  for (const t of list) {
    const f = t.finding;
    table.push([f.severity.toUpperCase(), f.id, `${f.package.name} (${f.package.type})`, f.package.version, f.fixedVersion ?? "", t.target]);
  }
  return table.toString();
}

/** `claro diff --format table`. */
export function renderDiffTable(d: ReportDiff): string {
  const p = d.packages;
  const out = [
    `${d.old.ref} → ${d.new.ref}`,
    `Findings: ${d.introduced.length} introduced, ${d.fixed.length} fixed, ${d.unchanged.length} unchanged`,
    `Packages: ${p.added.length} added, ${p.removed.length} removed, ${p.changed.length} changed`,
  ];
  if (d.introduced.length > 0) out.push("", `Introduced (${d.introduced.length}):`, findingTable(d.introduced));
  if (d.fixed.length > 0) out.push("", `Fixed (${d.fixed.length}):`, findingTable(d.fixed));
  if (p.added.length + p.removed.length + p.changed.length > 0) {
    const table = new Table({ head: ["Change", "Package", "Type", "Old", "New", "Target"], style: { head: [], border: [] } });
    for (const a of p.added) table.push(["added", a.name, a.type, "", a.version, a.foundIn]);
    for (const r of p.removed) table.push(["removed", r.name, r.type, r.version, "", r.foundIn]);
    for (const c of p.changed) table.push([c.direction, c.name, c.type, c.oldVersion, c.newVersion, c.target]);
    out.push("", "Packages:", table.toString());
  }
  return `${out.join("\n")}\n`;
}
