import { Enums, Models } from "@cyclonedx/cyclonedx-library";
import type { FixStatus } from "../core/advisory.js";
import type { Package } from "../core/package.js";
import type { CvssScore } from "../core/advisory.js";
import type { Finding, VulnerabilityReport } from "../core/report.js";
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
 * The vendor's fix status as a CycloneDX analysis. The vendor has confirmed the package is
 * affected (`exploitable`) unless it has not decided yet (`in_triage`); the response says what
 * can be done about it.
 */
const ANALYSIS: Record<FixStatus, { state: Enums.Vulnerability.AnalysisState; response: Enums.Vulnerability.AnalysisResponse[] }> = {
  fixed: { state: V.AnalysisState.Exploitable, response: [V.AnalysisResponse.Update] },
  affected: { state: V.AnalysisState.InTriage, response: [] },
  fix_deferred: { state: V.AnalysisState.InTriage, response: [V.AnalysisResponse.CanNotFix] },
  will_not_fix: { state: V.AnalysisState.Exploitable, response: [V.AnalysisResponse.WillNotFix] },
  end_of_life: { state: V.AnalysisState.Exploitable, response: [V.AnalysisResponse.CanNotFix] },
  not_affected: { state: V.AnalysisState.NotAffected, response: [] },
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
  const byPurl = new Map<string, string>();
  for (const [p, ref] of refs) if (!byPurl.has(p.purl)) byPurl.set(p.purl, ref);
  const bomRefs = new Map<string, Models.BomRef>();
  for (const c of bom.components) if (c.bomRef.value !== undefined) bomRefs.set(c.bomRef.value, c.bomRef);
  const findings = [...report.vulnerabilities].sort(compareFindings);
  const used = new Set<string>();
  for (const f of findings) {
    const target = byPurl.get(f.package.purl) ?? refOf(refs, f.package);
    if (target === undefined) continue;
    let bomRef = `${f.id}@${target}`;
    for (let n = 2; used.has(bomRef); n++) bomRef = `${f.id}@${target}#${n}`;
    used.add(bomRef);
    // The component's own BomRef object: the serializer tells refs apart by identity.
    const componentRef = bomRefs.get(target);
    if (componentRef !== undefined) bom.vulnerabilities.add(toVulnerability(f, bomRef, componentRef));
  }
  return serializeBom(bom);
}

function refOf(refs: Map<Package, string>, pkg: Finding["package"]): string | undefined {
  for (const [p, ref] of refs) if (p.name === pkg.name && p.version === pkg.version && p.type === pkg.type) return ref;
  return undefined;
}

function toVulnerability(f: Finding, bomRef: string, target: Models.BomRef): Models.Vulnerability.Vulnerability {
  const source = new Models.Vulnerability.Source({ name: f.dataSource });
  const v = new Models.Vulnerability.Vulnerability({ bomRef, id: f.id, source });
  if (f.description !== null) v.description = f.description;
  if (f.fixedVersion !== null) v.recommendation = `Upgrade ${f.package.name} to ${f.fixedVersion} or later.`;
  v.ratings.add(new Models.Vulnerability.Rating({ source, severity: SEVERITY[f.severity], method: V.RatingMethod.Other, ...(f.vendorSeverity !== null ? { justification: `vendor severity: ${f.vendorSeverity}` } : {}) }));
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
  const analysis = ANALYSIS[f.status];
  v.analysis = new Models.Vulnerability.Analysis({ state: analysis.state, detail: `vendor status: ${f.status} (${f.namespace})` });
  for (const r of analysis.response) v.analysis.response.add(r);
  const affect = new Models.Vulnerability.Affect(target);
  affect.versions.add(new Models.Vulnerability.AffectedSingleVersion(f.package.version, { status: f.status === "not_affected" ? V.AffectStatus.Unaffected : V.AffectStatus.Affected }));
  v.affects.add(affect);
  v.properties.add(new Models.Property("claro:layer:diffID", f.layer));
  return v;
}

function isUrl(value: string): boolean {
  return /^https?:\/\/\S+$/.test(value);
}
