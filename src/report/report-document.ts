import type { Digest } from "../core/digest.js";
import type { PackageType } from "../core/package.js";
import type { VulnerabilityReport } from "../core/report.js";
import { parseSeverity } from "../core/severity.js";
import { vulnerabilityReportDocument } from "./json-schema.js";

/** Why a file is not a `claro scan --format json` report, for the caller's error message. */
export class NotAReportError extends Error {}

/**
 * A saved JSON report back as a VulnerabilityReport, for `claro diff`. Validated against the
 * report schema first: the file may come from anywhere. Fields the JSON does not keep (package
 * files, problems' detail) are left empty.
 */
export function fromReportDocument(data: unknown): VulnerabilityReport {
  const parsed = vulnerabilityReportDocument.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new NotAReportError(`${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`);
  }
  const doc = parsed.data;
  const [os = "", architecture = "", variant] = doc.source.platform.split("/");
  return {
    source: {
      ref: doc.source.ref,
      digest: doc.source.digest as Digest | null,
      platform: { os, architecture, ...(variant ? { variant } : {}) },
      repository: doc.source.repository,
    },
    distribution:
      doc.distribution === null
        ? null
        : { id: doc.distribution.id, versionId: doc.distribution.versionId, codename: doc.distribution.codename, prettyName: null },
    layers: doc.layers.map((l) => ({
      digest: l.digest as Digest,
      diffId: l.diffId as Digest,
      createdBy: l.createdBy,
      ...(l.size === undefined ? {} : { size: l.size }),
    })),
    packages: doc.packages.map((p) => ({
      name: p.name,
      version: p.version,
      type: p.type as PackageType,
      arch: p.arch,
      source: p.source,
      purl: p.purl,
      layer: p.layer as Digest,
      // Reports before 1.3.0 do not say; the package then keys by name and arch alone.
      foundIn: p.foundIn ?? "",
    })),
    problems: [],
    vulnerabilities: doc.vulnerabilities.map((v) => ({
      id: v.id,
      aliases: v.aliases,
      package: { name: v.package.name, version: v.package.version, type: v.package.type as PackageType, purl: v.package.purl },
      fixedVersion: v.fixedVersion,
      status: v.status,
      severity: parseSeverity(v.severity) ?? "unknown",
      vendorSeverity: v.vendorSeverity,
      cvss: v.cvss,
      description: v.description,
      layer: v.layer as Digest,
      dataSource: v.dataSource,
      namespace: v.namespace,
      links: v.links,
      ...(v.epss ? { epss: v.epss } : {}),
      ...(v.kev ? { kev: v.kev } : {}),
    })),
    database: doc.database,
  };
}
