import type { Ecosystem } from "../contracts/ecosystem.js";
import type { UpdaterStatus } from "../contracts/store.js";
import type { Package, PackageType } from "../core/package.js";
import type { CoverageEntry, CoverageReason, IndexReport } from "../core/report.js";
import { endOfLife } from "./end-of-life.js";

export type { CoverageEntry, CoverageReason };

const OS_TYPES: ReadonlySet<PackageType> = new Set(["deb", "apk", "rpm"]);

/**
 * Decides coverage from the registry, not from a list of names: a group is matched when some
 * ecosystem's matcher handles its packages and that ecosystem's updaters have data in the store.
 * A release past its end of life with no data says so instead of "no data".
 */
export function computeCoverage(report: IndexReport, ecosystems: readonly Ecosystem[], status: readonly UpdaterStatus[], today: string): CoverageEntry[] {
  const dist = report.distribution;
  const groups = new Map<string, { type: PackageType; namespace: string | null; packages: Package[] }>();
  for (const p of report.packages) {
    const namespace = OS_TYPES.has(p.type) && dist !== null ? `${dist.id}:${dist.versionId}` : null;
    const key = `${p.type}\u0000${namespace ?? ""}`;
    const g = groups.get(key) ?? { type: p.type, namespace, packages: [] };
    g.packages.push(p);
    groups.set(key, g);
  }
  const out: CoverageEntry[] = [];
  for (const g of groups.values()) {
    const owners = ecosystems.filter((e) => g.packages.some((p) => e.matcher.handles(p, dist)));
    const sources = status
      .filter((s) => s.recordCount > 0 && owners.some((e) => feeds(e, s.updater)))
      .map((s) => ({ updater: s.updater, updatedAt: s.lastChangedAt }))
      .sort((a, b) => (a.updater < b.updater ? -1 : a.updater > b.updater ? 1 : 0));
    const base = { type: g.type, namespace: g.namespace, packages: g.packages.length, dataSources: sources };
    if (owners.length === 0) out.push({ ...base, matched: false, reason: "unsupported", hint: null });
    else if (sources.length > 0) out.push({ ...base, matched: true, reason: null, hint: null });
    else {
      const eol = g.namespace !== null && dist !== null && (endOfLife(dist) ?? "9999") < today;
      out.push({ ...base, matched: false, reason: eol ? "end-of-life" : "no-data", hint: `claro db update --only ${owners.map((e) => e.name).join(",")}` });
    }
  }
  return out.sort((a, b) => (OS_TYPES.has(b.type) ? 1 : 0) - (OS_TYPES.has(a.type) ? 1 : 0) || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

/** Whether `updater` holds data of ecosystem `e`: its id or one under it (`alpine/v3.9/main`). */
export function feeds(e: Pick<Ecosystem, "name" | "updaterIds">, updater: string): boolean {
  return (e.updaterIds ?? [e.name]).some((id) => updater === id || updater.startsWith(`${id}/`));
}
