import type { Advisory } from "../../core/advisory.js";
import type { Package } from "../../core/package.js";
import type { Finding, IndexReport } from "../../core/report.js";
import { severityRank, type Severity } from "../../core/severity.js";
import type { AdvisoryStore } from "../../contracts/store.js";
import type { V2Layer } from "../../contracts/v2-layer-store.js";
import { layerDiffId } from "./service.js";

/** Clair v2 severity strings (database/severity.go); Defcon1 is never produced. */
const SEVERITY: Record<Severity, string> = { unknown: "Unknown", negligible: "Negligible", low: "Low", medium: "Medium", high: "High", critical: "Critical" };

/** Clair v2 features are OS packages only; its VersionFormat names the version scheme. */
const FORMAT: Partial<Record<Package["type"], string>> = { deb: "dpkg", rpm: "rpm", apk: "apk" };

export interface V2Vulnerability {
  readonly Name: string;
  readonly NamespaceName: string;
  readonly Description?: string;
  readonly Link?: string;
  readonly Severity: string;
  readonly FixedBy?: string;
  readonly Metadata?: Record<string, unknown>;
}

export interface V2Feature {
  readonly Name: string;
  readonly NamespaceName: string;
  readonly VersionFormat: string;
  readonly Version: string;
  readonly AddedBy: string;
  readonly Vulnerabilities?: readonly V2Vulnerability[];
}

function nvdMetadata(cvss: Advisory["cvss"]): Record<string, unknown> | undefined {
  const v2 = cvss.find((c) => c.version === "2.0" && c.score !== null);
  if (v2 === undefined) return undefined;
  return { NVD: { CVSSv2: { Score: v2.score, Vectors: v2.vector.replace(/^\(|\)$/g, "").replace(/^CVSS:2\.0\//, "") } } };
}

export function toV2Vulnerability(f: Pick<Finding, "id" | "namespace" | "description" | "links" | "severity" | "fixedVersion" | "cvss">): V2Vulnerability {
  const meta = nvdMetadata(f.cvss);
  return {
    Name: f.id,
    NamespaceName: f.namespace,
    ...(f.description ? { Description: f.description } : {}),
    ...(f.links[0] ? { Link: f.links[0] } : {}),
    Severity: SEVERITY[f.severity],
    ...(f.fixedVersion ? { FixedBy: f.fixedVersion } : {}),
    ...(meta ? { Metadata: meta } : {}),
  };
}

/** A `FixedIn` feature of a Clair v2 vulnerability; `Version` "None" when no version fixes it (Clair v2's MaxVersion). */
export interface V2FixedIn {
  readonly Name: string;
  readonly NamespaceName: string;
  readonly VersionFormat: string;
  readonly Version: string;
}

/**
 * One vulnerability (a name in a namespace) over all its package records, as Clair v2 notifications
 * carry it: the worst severity of its records and every package it names in `FixedIn`.
 */
export function toV2NotificationVulnerability(records: readonly Advisory[]): V2Vulnerability & { readonly FixedIn: readonly V2FixedIn[] } {
  const first = records[0];
  if (first === undefined) throw new Error("a vulnerability needs at least one record");
  const severity = records.reduce<Severity>((worst, a) => (severityRank(a.severity) > severityRank(worst) ? a.severity : worst), first.severity);
  const base = toV2Vulnerability({
    id: first.id,
    namespace: first.namespace,
    description: records.find((a) => a.description)?.description ?? null,
    links: [...new Set(records.flatMap((a) => a.links))],
    severity,
    fixedVersion: null,
    cvss: records.flatMap((a) => a.cvss),
  });
  const fixedIn = new Map<string, V2FixedIn>();
  for (const a of records) {
    if (a.status === "not_affected") continue;
    const Version = a.status === "fixed" && a.fixedVersion ? a.fixedVersion : "None";
    fixedIn.set(`${a.packageName}\u0000${Version}`, { Name: a.packageName, NamespaceName: a.namespace, VersionFormat: a.versionScheme, Version });
  }
  return { ...base, FixedIn: [...fixedIn.values()].sort((x, y) => x.Name.localeCompare(y.Name) || x.Version.localeCompare(y.Version)) };
}

/** Features of the layer's whole ancestry, each naming the layer that introduced it. */
export function toV2Features(report: IndexReport, chain: readonly V2Layer[], namespace: string, findings: readonly Finding[] | null): V2Feature[] {
  const byDiffId = new Map(chain.map((l) => [layerDiffId(l.name), l.name] as const));
  const byPurl = new Map<string, V2Vulnerability[]>();
  for (const f of findings ?? []) {
    const list = byPurl.get(f.package.purl) ?? [];
    list.push(toV2Vulnerability(f));
    byPurl.set(f.package.purl, list);
  }
  const out: V2Feature[] = [];
  for (const p of report.packages) {
    const format = FORMAT[p.type];
    if (format === undefined) continue;
    const vulns = byPurl.get(p.purl) ?? [];
    out.push({
      Name: p.name,
      NamespaceName: namespace,
      VersionFormat: format,
      Version: p.version,
      AddedBy: byDiffId.get(p.layer) ?? "",
      ...(findings !== null && vulns.length > 0 ? { Vulnerabilities: vulns } : {}),
    });
  }
  return out.sort((a, b) => a.Name.localeCompare(b.Name) || a.Version.localeCompare(b.Version));
}

/**
 * Namespaces and their advisories, read once per store content (the updaters' fingerprints):
 * the v2 listing routes are rare, so a scan of the store is cheaper than a new store query.
 */
export class NamespaceIndex {
  private key = "";
  private data = new Map<string, { format: string; advisories: Advisory[] }>();

  constructor(private readonly store: Pick<AdvisoryStore, "status" | "exportAdvisories">) {}

  async load(): Promise<ReadonlyMap<string, { format: string; advisories: Advisory[] }>> {
    const status = await this.store.status();
    const key = status
      .map((s) => `${s.updater}=${s.fingerprint ?? ""}@${s.lastChangedAt ?? ""}`)
      .sort()
      .join("\n");
    if (key === this.key) return this.data;
    const data = new Map<string, { format: string; advisories: Advisory[] }>();
    for (const s of status) {
      for await (const a of this.store.exportAdvisories(s.updater)) {
        let entry = data.get(a.namespace);
        if (!entry) data.set(a.namespace, (entry = { format: a.versionScheme, advisories: [] }));
        entry.advisories.push(a);
      }
    }
    for (const e of data.values()) e.advisories.sort((x, y) => x.id.localeCompare(y.id) || x.packageName.localeCompare(y.packageName));
    this.key = key;
    this.data = data;
    return data;
  }
}
