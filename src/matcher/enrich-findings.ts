import type { Enrichment } from "../contracts/enrichment.js";
import type { AdvisoryStore } from "../contracts/store.js";
import type { Finding } from "../core/report.js";

const CVE = /^CVE-\d{4}-\d+$/;

/** The CVE ids of a finding: its id and aliases, so a DSA or GHSA finding still finds its CVE. */
function cvesOf(f: Finding): string[] {
  return [f.id, ...f.aliases].filter((id) => CVE.test(id));
}

/**
 * Attaches NVD, EPSS and KEV data to findings. NVD CVSS fills in only when the vendor gave no
 * CVSS (the vendor knows its own build); each vector keeps the organisation that scored it.
 */
export async function attachEnrichments(findings: readonly Finding[], store: Pick<AdvisoryStore, "findEnrichments">): Promise<Finding[]> {
  const wanted = [...new Set(findings.flatMap(cvesOf))];
  if (wanted.length === 0) return [...findings];
  const byCve = new Map<string, Enrichment[]>();
  for (const e of await store.findEnrichments(wanted)) {
    const list = byCve.get(e.cve) ?? [];
    list.push(e);
    byCve.set(e.cve, list);
  }
  return findings.map((f) => {
    const found = cvesOf(f).flatMap((c) => byCve.get(c) ?? []);
    if (found.length === 0) return f;
    let out: Finding = f;
    for (const e of found) {
      if (e.kind === "nvd" && out.cvss.length === 0 && e.data.cvss.length > 0) out = { ...out, cvss: e.data.cvss };
      if (e.kind === "epss" && out.epss === undefined) out = { ...out, epss: { score: e.data.score, percentile: e.data.percentile } };
      if (e.kind === "kev" && out.kev === undefined)
        out = { ...out, kev: { dateAdded: e.data.dateAdded, dueDate: e.data.dueDate, ransomware: e.data.ransomware } };
    }
    return out;
  });
}
