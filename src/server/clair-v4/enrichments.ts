import type { CvssScore } from "../../core/advisory.js";
import type { Finding } from "../../core/report.js";

type Json = Record<string, unknown>;

/**
 * Clair v4 enrichment type keys (claircore enricher/{cvss,epss,kev}). Clients such as Quay pick
 * enrichments by these exact strings, so they are claircore's and not claro's own names.
 */
export const CLAIR_ENRICHMENT_TYPES = {
  cvss: "message/vnd.clair.map.vulnerability; enricher=clair.cvss schema=https://csrc.nist.gov/schema/nvd/feed/1.1/cvss-v3.x.json",
  epss: "message/vnd.clair.map.vulnerability; enricher=clair.epss schema=https://csrc.nist.gov/schema/nvd/api/2.0/cve_api_json_2.0.schema",
  kev: "message/vnd.clair.map.vulnerability; enricher=clair.kev schema=https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities_schema.json",
} as const;

const SEVERITY_BANDS: readonly (readonly [number, string])[] = [
  [9, "CRITICAL"],
  [7, "HIGH"],
  [4, "MEDIUM"],
  [0.1, "LOW"],
  [0, "NONE"],
];

/** One CVSS v3 score as NVD's cvss-v3.x object, the record claircore's cvss enricher stores. */
function cvssV3(s: CvssScore): Json {
  const out: Json = { version: s.version, vectorString: s.vector };
  if (s.score !== null) {
    const score = s.score;
    out["baseScore"] = score;
    out["baseSeverity"] = SEVERITY_BANDS.find(([min]) => score >= min)?.[1] ?? "NONE";
  }
  return out;
}

const firstCve = (f: Finding): string => [f.id, ...f.aliases].find((id) => id.startsWith("CVE-")) ?? f.id;

/**
 * Clair's `enrichments` object: per enricher type one map from the report's vulnerability id to
 * its records. A type appears only when at least one vulnerability has data, as in Clair.
 * `byVulnId` holds, per report vulnerability id, the finding it was built from.
 */
export function clairEnrichments(byVulnId: ReadonlyMap<string, Finding>): Record<string, Json[]> {
  const cvss: Record<string, Json[]> = {};
  const epss: Record<string, Json[]> = {};
  const kev: Record<string, Json[]> = {};
  for (const [id, f] of byVulnId) {
    // Clair's cvss enricher carries v3 scores only (its schema is cvss-v3.x).
    const v3 = f.cvss.filter((s) => s.version === "3.0" || s.version === "3.1").map(cvssV3);
    if (v3.length > 0) cvss[id] = v3;
    const cve = firstCve(f);
    if (f.epss !== undefined) epss[id] = [{ cve, epss: f.epss.score, percentile: f.epss.percentile }];
    if (f.kev !== undefined) {
      kev[id] = [{ cve, date_added: f.kev.dateAdded, due_date: f.kev.dueDate ?? "", known_ransomware_campaign_use: f.kev.ransomware }];
    }
  }
  const out: Record<string, Json[]> = {};
  if (Object.keys(cvss).length > 0) out[CLAIR_ENRICHMENT_TYPES.cvss] = [cvss];
  if (Object.keys(epss).length > 0) out[CLAIR_ENRICHMENT_TYPES.epss] = [epss];
  if (Object.keys(kev).length > 0) out[CLAIR_ENRICHMENT_TYPES.kev] = [kev];
  return out;
}
