import type { Reporter, RenderOptions, VersionOrder } from "../contracts/reporter.js";
import { formatPlatform } from "../core/image.js";
import { describeProblem, type Problem } from "../core/problem.js";
import type { Finding, IndexReport, VulnerabilityReport } from "../core/report.js";
import type {
  InventoryDocument,
  PackageEntry,
  ProblemEntry,
  RemediationEntry,
  SuppressedEntry,
  VulnerabilityEntry,
  VulnerabilityReportDocument,
} from "./json-schema.js";
import { SCHEMA_VERSION } from "./schema-version.js";
import { compareFindings, comparePackages, compareText, countBySeverity, sortedUnique } from "./order.js";
import { buildRemediation, type Remediation } from "./remediation.js";

export interface JsonRenderOptions {
  /** The clock for `createdAt`; tests pin it. */
  readonly now?: () => Date;
  readonly compareVersions?: VersionOrder;
}

function problemPath(p: Problem): string | null {
  return "path" in p ? p.path : null;
}

function toProblem(p: Problem): ProblemEntry {
  return { kind: p.kind, path: problemPath(p), message: describeProblem(p) };
}

// Pick, not Omit: the loose (index-signature) document types lose their named keys under Omit.
type Header = Pick<InventoryDocument, "schemaVersion" | "createdAt" | "source" | "distribution" | "layers" | "packages" | "problems">;

function header(report: IndexReport, createdAt: Date): Header {
  const d = report.distribution;
  return {
    schemaVersion: SCHEMA_VERSION,
    createdAt: createdAt.toISOString(),
    source: {
      ref: report.source.ref,
      digest: report.source.digest,
      platform: formatPlatform(report.source.platform),
      repository: report.source.repository,
    },
    distribution:
      d === null ? null : { id: d.id, versionId: d.versionId, codename: d.codename, ...(d.endOfLife !== undefined ? { endOfLife: d.endOfLife } : {}) },
    // Layer order is the image's own (base first), so it is kept rather than sorted.
    layers: report.layers.map((l) => ({ digest: l.digest, diffId: l.diffId, createdBy: l.createdBy, ...(l.size === undefined ? {} : { size: l.size }) })),
    packages: [...report.packages].sort(comparePackages).map((p): PackageEntry => ({
      name: p.name,
      version: p.version,
      type: p.type,
      arch: p.arch,
      purl: p.purl,
      source: p.source === null ? null : { name: p.source.name, version: p.source.version },
      layer: p.layer,
      foundIn: p.foundIn,
      ...(p.evidence === undefined ? {} : { evidence: p.evidence }),
    })),
    // Problems keep the indexer's order: it follows the files and lines they point at.
    problems: report.problems.map(toProblem),
  };
}

export function toVulnerability(f: Finding): VulnerabilityEntry {
  return {
    id: f.id,
    aliases: sortedUnique(f.aliases.filter((a) => a !== f.id)),
    package: { name: f.package.name, version: f.package.version, type: f.package.type, purl: f.package.purl },
    fixedVersion: f.fixedVersion,
    status: f.status,
    severity: f.severity,
    vendorSeverity: f.vendorSeverity,
    cvss: [...f.cvss]
      .sort((a, b) => compareText(a.source, b.source) || compareText(a.version, b.version) || compareText(a.vector, b.vector))
      .map((c) => ({ version: c.version, vector: c.vector, score: c.score, source: c.source })),
    layer: f.layer,
    dataSource: f.dataSource,
    namespace: f.namespace,
    links: [...f.links],
    description: f.description,
    ...(f.epss ? { epss: { score: f.epss.score, percentile: f.epss.percentile } } : {}),
    ...(f.kev ? { kev: { dateAdded: f.kev.dateAdded, dueDate: f.kev.dueDate, ransomware: f.kev.ransomware } } : {}),
  };
}

function toRemediationEntry(r: Remediation): RemediationEntry {
  return {
    baseLayers: [...r.baseLayers],
    groups: r.groups.map((g) => ({ ...g, layers: [...g.layers], packages: g.packages.map((p) => ({ ...p, ids: [...p.ids] })) })),
    unfixable: r.unfixable.map((u) => ({ ...u, package: { ...u.package } })),
  };
}

/** The versioned JSON document for a vulnerability report (schema/claro-report.v1.schema.json). */
export function toReportDocument(report: VulnerabilityReport, createdAt: Date, compareVersions?: VersionOrder): VulnerabilityReportDocument {
  const findings = [...report.vulnerabilities].sort(compareFindings);
  return {
    kind: "vulnerability-report",
    ...header(report, createdAt),
    vulnerabilities: findings.map(toVulnerability),
    database: { updatedAt: report.database.updatedAt, updaters: sortedUnique(report.database.updaters) },
    summary: { packages: report.packages.length, total: findings.length, ...countBySeverity(findings) },
    remediation: toRemediationEntry(buildRemediation(report, compareVersions)),
    ...(report.coverage !== undefined ? { coverage: report.coverage.map((c) => ({ ...c, dataSources: c.dataSources.map((x) => ({ ...x })) })) } : {}),
    ...(report.suppressed && report.suppressed.length > 0
      ? {
          suppressed: [...report.suppressed]
            .sort((a, b) => compareFindings(a.finding, b.finding))
            .map((s): SuppressedEntry => ({ vulnerability: toVulnerability(s.finding), by: s.by, reason: s.reason, file: s.source })),
        }
      : {}),
  };
}

/** The inventory alone (`claro sbom --format json`), with the same `packages` shape. */
export function toInventoryDocument(report: IndexReport, createdAt: Date): InventoryDocument {
  return { kind: "inventory", ...header(report, createdAt) };
}

function serialise(doc: unknown): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function renderJson(report: VulnerabilityReport, options: JsonRenderOptions = {}): string {
  return serialise(toReportDocument(report, (options.now ?? (() => new Date()))(), options.compareVersions));
}

export function renderInventory(report: IndexReport, options: JsonRenderOptions = {}): string {
  return serialise(toInventoryDocument(report, (options.now ?? (() => new Date()))()));
}

export const jsonReporter = {
  format: "json",
  // JSON never carries colour; only the version order for remediation applies.
  render: (report: VulnerabilityReport, options?: RenderOptions): string =>
    renderJson(report, options?.compareVersions ? { compareVersions: options.compareVersions } : {}),
} as const satisfies Reporter;
