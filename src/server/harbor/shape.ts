import type { CvssScore } from "../../core/advisory.js";
import type { Finding } from "../../core/report.js";
import { severityRank, type Severity } from "../../core/severity.js";

type Json = Record<string, unknown>;

/** The scanner as Harbor's metadata and every report name it. */
export const HARBOR_SCANNER = { name: "claro", vendor: "claro", version: "0.1.0" } as const;

export interface HarborArtifact {
  readonly repository: string;
  readonly digest: string;
  readonly tag?: string;
  readonly mime_type?: string;
}

const HARBOR_SEVERITY: Record<Severity, string> = {
  unknown: "Unknown",
  negligible: "Negligible",
  low: "Low",
  medium: "Medium",
  high: "High",
  critical: "Critical",
};

/** NVD first, then any other source: Harbor shows one preferred score per CVSS version. */
function pick(scores: readonly CvssScore[], v3: boolean): CvssScore | undefined {
  const fits = scores.filter((s) => (v3 ? s.version === "3.1" || s.version === "3.0" : s.version === "2.0"));
  return fits.find((s) => s.source.toLowerCase() === "nvd") ?? fits[0];
}

/** Per-source CVSS the way Trivy's adapter lays it out (`CVSS.{source}.{V3Score,V3Vector,…}`). */
function cvssBySource(scores: readonly CvssScore[]): Json {
  const out: Record<string, Json> = {};
  for (const s of scores) {
    if (s.version === "4.0") continue;
    const entry = (out[s.source.toLowerCase()] ??= {});
    const key = s.version === "2.0" ? "V2" : "V3";
    entry[`${key}Vector`] = s.vector;
    if (s.score !== null) entry[`${key}Score`] = s.score;
  }
  return out;
}

function item(f: Finding): Json {
  const v3 = pick(f.cvss, true);
  const v2 = pick(f.cvss, false);
  const preferred: Json = {};
  if (v3?.score != null) preferred["score_v3"] = v3.score;
  if (v3 !== undefined) preferred["vector_v3"] = v3.vector;
  if (v2?.score != null) preferred["score_v2"] = v2.score;
  if (v2 !== undefined) preferred["vector_v2"] = v2.vector;
  const cvss = cvssBySource(f.cvss);
  return {
    id: f.id,
    package: f.package.name,
    version: f.package.version,
    fix_version: f.fixedVersion ?? "",
    severity: HARBOR_SEVERITY[f.severity],
    description: f.description ?? "",
    links: [...f.links],
    preferred_cvss: preferred,
    // claro's advisory model carries no CWE ids; the field is required, so it is empty.
    cwe_ids: [],
    vendor_attributes: {
      ...(Object.keys(cvss).length > 0 ? { CVSS: cvss } : {}),
      data_source: f.dataSource,
      namespace: f.namespace,
      status: f.status,
      ...(f.vendorSeverity !== null ? { vendor_severity: f.vendorSeverity } : {}),
      ...(f.aliases.length > 0 ? { aliases: [...f.aliases] } : {}),
      // Harbor's report has no EPSS/KEV fields; vendor_attributes is its free-form place for them.
      ...(f.epss !== undefined ? { epss: { score: f.epss.score, percentile: f.epss.percentile } } : {}),
      ...(f.kev !== undefined ? { kev: { date_added: f.kev.dateAdded, due_date: f.kev.dueDate, known_ransomware_campaign_use: f.kev.ransomware } } : {}),
    },
  };
}

/** Findings as a HarborVulnerabilityReport: one item per (id, package), sorted, `severity` the maximum. */
export function toHarborReport(findings: readonly Finding[], artifact: HarborArtifact, generatedAt: string): Json {
  const seen = new Set<string>();
  const unique = [...findings]
    .sort((a, b) => cmp(a.package.name, b.package.name) || cmp(a.id, b.id))
    .filter((f) => {
      const key = `${f.id}\u0000${f.package.name}\u0000${f.package.version}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  let max: Severity = "unknown";
  for (const f of unique) if (severityRank(f.severity) > severityRank(max)) max = f.severity;
  return { generated_at: generatedAt, artifact, scanner: HARBOR_SCANNER, severity: HARBOR_SEVERITY[max], vulnerabilities: unique.map(item) };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
