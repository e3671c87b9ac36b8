import type { Advisory } from "../../core/advisory.js";
import type { Digest } from "../../core/digest.js";
import type { Distribution } from "../../core/distribution.js";
import type { Finding } from "../../core/report.js";
import { severityRank } from "../../core/severity.js";
import type { IndexStore } from "../../contracts/index-store.js";
import type { Matcher } from "../../contracts/matcher.js";
import { matchReport } from "../../app/match.js";
import { memoryFinder } from "./update-diff.js";

/** A stored manifest some of the given records affect, with what they affect it by. */
export interface AffectedManifest {
  readonly manifest: Digest;
  readonly distribution: Distribution | null;
  /** One per vulnerability × installed package, most severe first. */
  readonly findings: readonly Finding[];
}

/**
 * Most severe first, as Clair sorts a manifest's vulnerabilities for its summary; ties go to the
 * higher CVSS score, then by id and package, so the summary chosen does not depend on store order.
 */
export function mostSevereFirst(a: Finding, b: Finding): number {
  const score = (f: Finding): number => Math.max(-1, ...f.cvss.map((c) => c.score ?? -1));
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    score(b) - score(a) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) ||
    (a.package.name < b.package.name ? -1 : a.package.name > b.package.name ? 1 : 0)
  );
}

/**
 * The finished index reports `advisories` affect, matched from the stored reports alone: no layer
 * is fetched or scanned again, only the given records are looked at (not the whole store).
 */
export async function affectedManifests(indexStore: IndexStore, matchers: readonly Matcher[], advisories: readonly Advisory[]): Promise<AffectedManifest[]> {
  return (await affectedByGroup(indexStore, matchers, [advisories]))[0] ?? [];
}

/** The same for several groups of records (e.g. a diff's added and removed), reading each stored report once. */
export async function affectedByGroup(
  indexStore: IndexStore,
  matchers: readonly Matcher[],
  groups: readonly (readonly Advisory[])[],
): Promise<AffectedManifest[][]> {
  const out: AffectedManifest[][] = groups.map(() => []);
  const finders = groups.map((g) => (g.length === 0 ? null : memoryFinder(g)));
  if (finders.every((f) => f === null)) return out;
  for (const manifest of await indexStore.list()) {
    const stored = await indexStore.get(manifest);
    if (stored === null || stored.state !== "IndexFinished" || stored.report === null) continue;
    for (const [i, finder] of finders.entries()) {
      if (finder === null) continue;
      const seen = new Set<string>();
      const findings: Finding[] = [];
      for (const f of await matchReport(stored.report, matchers, finder)) {
        const k = `${f.id}\u0000${f.dataSource}\u0000${f.package.name}\u0000${f.fixedVersion ?? ""}`;
        if (seen.has(k)) continue;
        seen.add(k);
        findings.push(f);
      }
      if (findings.length > 0) out[i]!.push({ manifest, distribution: stored.report.distribution, findings: findings.sort(mostSevereFirst) });
    }
  }
  return out;
}
