import type { Advisory } from "../core/advisory.js";
import type { Package } from "../core/package.js";
import type { Finding, IndexReport } from "../core/report.js";
import type { AdvisoryQuery, Matcher } from "../contracts/matcher.js";
import type { AdvisoryStore } from "../contracts/store.js";

/**
 * Matches an index report against the store. Each ecosystem's matcher says which packages it
 * handles, which records to fetch (the store stays generic over namespace/name/kind), and
 * whether the installed version is affected; this engine only batches and assembles.
 */
export async function matchReport(report: IndexReport, matchers: readonly Matcher[], store: Pick<AdvisoryStore, "find">): Promise<Finding[]> {
  const distribution = report.distribution;
  const plans: { pkg: Package; matcher: Matcher; queries: readonly AdvisoryQuery[] }[] = [];
  for (const pkg of report.packages) {
    for (const matcher of matchers) {
      if (!matcher.handles(pkg, distribution)) continue;
      plans.push({ pkg, matcher, queries: matcher.queries(pkg, distribution) });
    }
  }
  const unique = new Map<string, AdvisoryQuery>();
  for (const plan of plans) for (const q of plan.queries) unique.set(queryKey(q), q);
  const byQuery = new Map<string, Advisory[]>();
  for (const advisory of await store.find([...unique.values()])) {
    const key = queryKey({ namespace: advisory.namespace, packageName: advisory.packageName, packageKind: advisory.packageKind });
    const list = byQuery.get(key) ?? [];
    list.push(advisory);
    byQuery.set(key, list);
  }
  const findings = new Map<string, Finding>();
  for (const { pkg, matcher, queries } of plans) {
    const found = queries.flatMap((q) => byQuery.get(queryKey(q)) ?? []);
    const candidates = matcher.select ? matcher.select(pkg, distribution, found) : found;
    for (const advisory of candidates) {
      if (advisory.status === "not_affected" || !matcher.isAffected(pkg, advisory)) continue;
      const key = `${advisory.id}\u0000${pkg.purl}`;
      if (!findings.has(key)) findings.set(key, toFinding(pkg, advisory));
    }
  }
  return [...findings.values()];
}

function queryKey(q: AdvisoryQuery): string {
  return `${q.namespace}\u0000${q.packageKind}\u0000${q.packageName}`;
}

function toFinding(pkg: Package, a: Advisory): Finding {
  return {
    id: a.id,
    aliases: a.aliases,
    package: { name: pkg.name, version: pkg.version, type: pkg.type, purl: pkg.purl },
    fixedVersion: a.status === "fixed" ? a.fixedVersion : null,
    status: a.status,
    severity: a.severity,
    vendorSeverity: a.vendorSeverity,
    cvss: a.cvss,
    description: a.description,
    layer: pkg.layer,
    dataSource: a.updater,
    namespace: a.namespace,
    links: a.links,
  };
}
