import type { Finding, IndexReport } from "../../core/report.js";
import type { StoredIndex } from "../../contracts/index-store.js";
import { clairEnrichments } from "./enrichments.js";

type Json = Record<string, unknown>;

interface Inventory {
  readonly packages: Record<string, Json>;
  readonly distributions: Record<string, Json>;
  readonly environments: Record<string, Json[]>;
  /** purl → package id, to key package_vulnerabilities. */
  readonly idOfPurl: ReadonlyMap<string, string>;
}

/** Packages, distribution and environments keyed by stable string ids (positions in the sorted report). */
function inventory(report: IndexReport | null): Inventory {
  const packages: Record<string, Json> = {};
  const distributions: Record<string, Json> = {};
  const environments: Record<string, Json[]> = {};
  const idOfPurl = new Map<string, string>();
  const dist = report?.distribution ?? null;
  if (dist) {
    distributions["1"] = {
      id: "1",
      did: dist.id,
      name: dist.prettyName?.replace(/ GNU\/Linux.*$/, "") ?? dist.id,
      version: dist.codename ? `${dist.versionId} (${dist.codename})` : dist.versionId,
      version_code_name: dist.codename ?? "",
      version_id: dist.versionId,
      arch: "",
      cpe: "",
      pretty_name: dist.prettyName ?? "",
    };
  }
  for (const [i, p] of (report?.packages ?? []).entries()) {
    const id = String(i + 1);
    idOfPurl.set(p.purl, id);
    packages[id] = {
      id,
      name: p.name,
      version: p.version,
      kind: "binary",
      ...(p.source ? { source: { id: "", name: p.source.name, version: p.source.version, kind: "source" } } : {}),
      normalized_version: "",
      arch: p.arch ?? "",
      module: p.modularityLabel ?? "",
      cpe: "",
    };
    environments[id] = [{ package_db: p.foundIn, distribution_id: dist ? "1" : "", introduced_in: p.layer, repository_ids: [] }];
  }
  return { packages, distributions, environments, idOfPurl };
}

/** A stored index in Clair v4's `index_report` shape. */
export function toClairIndexReport(stored: StoredIndex): Json {
  const { packages, distributions, environments } = inventory(stored.report);
  return {
    manifest_hash: stored.manifest,
    state: stored.state,
    err: stored.error ?? "",
    success: stored.state === "IndexFinished",
    packages,
    distributions,
    repository: {},
    environments,
  };
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Findings in Clair v4's `vulnerability_report` shape; ids are positions in a sorted, deduplicated list. */
export function toClairVulnerabilityReport(stored: StoredIndex, findings: readonly Finding[]): Json {
  const inv = inventory(stored.report);
  const vulnerabilities: Record<string, Json> = {};
  const packageVulnerabilities: Record<string, string[]> = {};
  const idOfVuln = new Map<string, string>();
  const findingOfVuln = new Map<string, Finding>();
  const sorted = [...findings].sort((a, b) => cmp(a.id, b.id) || cmp(a.package.purl, b.package.purl));
  for (const f of sorted) {
    const pkgId = inv.idOfPurl.get(f.package.purl);
    if (pkgId === undefined) continue;
    const key = [f.id, f.dataSource, f.namespace, f.package.name, f.fixedVersion ?? ""].join("\u0000");
    let vulnId = idOfVuln.get(key);
    if (vulnId === undefined) {
      vulnId = String(idOfVuln.size + 1);
      idOfVuln.set(key, vulnId);
      findingOfVuln.set(vulnId, f);
      vulnerabilities[vulnId] = {
        id: vulnId,
        updater: f.dataSource,
        name: f.id,
        description: f.description ?? "",
        issued: "",
        links: f.links.join(" "),
        severity: f.vendorSeverity ?? capitalise(f.severity),
        normalized_severity: capitalise(f.severity),
        fixed_in_version: f.fixedVersion ?? "",
        package: { id: "", name: f.package.name, version: "", kind: "binary" },
        ...(stored.report?.distribution ? { distribution: inv.distributions["1"] } : {}),
      };
    }
    const list = (packageVulnerabilities[pkgId] ??= []);
    if (!list.includes(vulnId)) list.push(vulnId);
  }
  return {
    manifest_hash: stored.manifest,
    packages: inv.packages,
    distributions: inv.distributions,
    repository: {},
    environments: inv.environments,
    vulnerabilities,
    package_vulnerabilities: packageVulnerabilities,
    enrichments: clairEnrichments(findingOfVuln),
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
