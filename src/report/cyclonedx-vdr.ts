import { Enums, Models } from "@cyclonedx/cyclonedx-library";
import type { Package } from "../core/package.js";
import type { CvssScore } from "../core/advisory.js";
import type { Finding, Suppression, VulnerabilityReport } from "../core/report.js";
import type { Severity } from "../core/severity.js";
import { buildBom, serializeBom } from "./cyclonedx-bom.js";
import { compareFindings } from "./order.js";
import type { SbomRenderOptions } from "./sbom-common.js";

const V = Enums.Vulnerability;

const SEVERITY: Record<Severity, Enums.Vulnerability.Severity> = {
  unknown: V.Severity.Unknown,
  negligible: V.Severity.Info,
  low: V.Severity.Low,
  medium: V.Severity.Medium,
  high: V.Severity.High,
  critical: V.Severity.Critical,
};

/**
 * OpenVEX justifications as CycloneDX ones (a CycloneDX VEX input already uses these names).
 * CycloneDX has no "component not present"; its nearest is code_not_present.
 */
const JUSTIFICATION: Readonly<Record<string, Enums.Vulnerability.AnalysisJustification>> = {
  component_not_present: V.AnalysisJustification.CodeNotPresent,
  vulnerable_code_not_present: V.AnalysisJustification.CodeNotPresent,
  vulnerable_code_not_in_execute_path: V.AnalysisJustification.CodeNotReachable,
  vulnerable_code_cannot_be_controlled_by_adversary: V.AnalysisJustification.ProtectedByMitigatingControl,
  inline_mitigations_already_exist: V.AnalysisJustification.ProtectedByMitigatingControl,
  ...Object.fromEntries(Object.values(V.AnalysisJustification).map((j) => [j, j])),
};

const CVSS_METHOD: Record<CvssScore["version"], Enums.Vulnerability.RatingMethod> = {
  "2.0": V.RatingMethod.CVSSv2,
  "3.0": V.RatingMethod.CVSSv3,
  "3.1": V.RatingMethod.CVSSv31,
  "4.0": V.RatingMethod.CVSSv4,
};

/**
 * `claro scan --format cyclonedx-json`: the inventory plus a CycloneDX 1.6 VDR, one
 * vulnerability per (id, package) with `affects` pointing at the package's component.
 */
export function renderCycloneDxVdr(report: VulnerabilityReport, options: SbomRenderOptions = {}): string {
  const { bom, refs } = buildBom(report, options);
  // What the scan did not check travels with the VDR: a consumer must not read absence as clean.
  for (const c of report.coverage ?? []) {
    const key = `claro:coverage:${c.type}${c.namespace === null ? "" : `:${c.namespace}`}`;
    bom.metadata.properties.add(
      new Models.Property(key, c.matched ? `matched (${c.dataSources.map((d) => d.updater).join(", ")})` : `not matched: ${c.reason ?? "unknown"}`),
    );
  }
  if (report.distribution?.endOfLife) bom.metadata.properties.add(new Models.Property("claro:distribution:endOfLife", report.distribution.endOfLife));
  const byPurl = new Map<string, string>();
  for (const [p, ref] of refs) if (!byPurl.has(p.purl)) byPurl.set(p.purl, ref);
  const bomRefs = new Map<string, Models.BomRef>();
  for (const c of bom.components) if (c.bomRef.value !== undefined) bomRefs.set(c.bomRef.value, c.bomRef);
  const suppressedBy = new Map<Finding, Suppression>((report.suppressed ?? []).map((x) => [x.finding, x]));
  const findings = [...report.vulnerabilities, ...suppressedBy.keys()].sort(compareFindings);
  const used = new Set<string>();
  for (const f of findings) {
    const target = byPurl.get(f.package.purl) ?? refOf(refs, f.package);
    if (target === undefined) continue;
    let bomRef = `${f.id}@${target}`;
    for (let n = 2; used.has(bomRef); n++) bomRef = `${f.id}@${target}#${n}`;
    used.add(bomRef);
    // The component's own BomRef object: the serializer tells refs apart by identity.
    const componentRef = bomRefs.get(target);
    if (componentRef !== undefined) bom.vulnerabilities.add(toVulnerability(f, bomRef, componentRef, suppressedBy.get(f)));
  }
  return serializeBom(bom);
}

function refOf(refs: Map<Package, string>, pkg: Finding["package"]): string | undefined {
  for (const [p, ref] of refs) if (p.name === pkg.name && p.version === pkg.version && p.type === pkg.type) return ref;
  return undefined;
}

function toVulnerability(f: Finding, bomRef: string, target: Models.BomRef, suppression: Suppression | undefined): Models.Vulnerability.Vulnerability {
  const source = new Models.Vulnerability.Source({ name: f.dataSource });
  const v = new Models.Vulnerability.Vulnerability({ bomRef, id: f.id, source });
  if (f.description !== null) v.description = f.description;
  if (f.fixedVersion !== null) v.recommendation = `Upgrade ${f.package.name} to ${f.fixedVersion} or later.`;
  v.ratings.add(
    new Models.Vulnerability.Rating({
      source,
      severity: SEVERITY[f.severity],
      method: V.RatingMethod.Other,
      ...(f.vendorSeverity !== null ? { justification: `vendor severity: ${f.vendorSeverity}` } : {}),
    }),
  );
  for (const c of f.cvss) {
    v.ratings.add(
      new Models.Vulnerability.Rating({
        source: new Models.Vulnerability.Source({ name: c.source }),
        method: CVSS_METHOD[c.version],
        vector: c.vector,
        ...(c.score !== null ? { score: c.score } : {}),
      }),
    );
  }
  for (const alias of f.aliases) {
    if (alias !== f.id) v.references.add(new Models.Vulnerability.Reference(alias, new Models.Vulnerability.Source({ name: f.dataSource })));
  }
  for (const link of f.links) if (isUrl(link)) v.advisories.add(new Models.Vulnerability.Advisory(link));
  // An analysis is a statement about exploitability; claro makes none of its own (a vendor's
  // "fixed" says a fix exists, not that the image is exploitable). Only a VEX statement or an
  // ignore entry the user gave is one; the vendor's status stays a property.
  if (suppression !== undefined) v.analysis = analysisOf(suppression);
  v.properties.add(new Models.Property("claro:fixStatus", f.status));
  const affect = new Models.Vulnerability.Affect(target);
  affect.versions.add(
    new Models.Vulnerability.AffectedSingleVersion(f.package.version, {
      status: f.status === "not_affected" ? V.AffectStatus.Unaffected : V.AffectStatus.Affected,
    }),
  );
  v.affects.add(affect);
  v.properties.add(new Models.Property("claro:layer:diffID", f.layer));
  return v;
}

function analysisOf(s: Suppression): Models.Vulnerability.Analysis {
  if (s.by === "vex") {
    const justification = JUSTIFICATION[s.reason];
    return new Models.Vulnerability.Analysis({
      state: V.AnalysisState.NotAffected,
      ...(justification !== undefined ? { justification } : {}),
      detail: `VEX ${s.source}: ${s.reason}`,
    });
  }
  // An ignore entry accepts a finding; it does not say the code is not affected, so no state.
  return new Models.Vulnerability.Analysis({ detail: `ignored by ${s.source}: ${s.reason}` });
}

function isUrl(value: string): boolean {
  return /^https?:\/\/\S+$/.test(value);
}
