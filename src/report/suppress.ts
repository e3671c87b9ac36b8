import type { Finding, Suppression, VulnerabilityReport } from "../core/report.js";
import { isEntryExpired, type VulnIgnoreEntry } from "./ignore-file.js";
import { purlMatches } from "./purl-match.js";
import type { VexStatement } from "./vex.js";

export interface SuppressionInput {
  readonly ignore?: { readonly entries: readonly VulnIgnoreEntry[]; readonly path: string };
  readonly vex?: readonly VexStatement[];
  readonly now?: Date;
}

export interface SuppressionResult {
  readonly report: VulnerabilityReport;
  /** One line per expired ignore entry, for stderr. */
  readonly warnings: readonly string[];
}

function names(f: Finding): string[] {
  return [f.id, ...f.aliases];
}

/**
 * Takes out findings that a VEX `not_affected` statement WITH a justification covers (a bare
 * not_affected is a claim without grounds, so it does not suppress), then those an unexpired
 * ignore entry covers; each lands in `suppressed` with its reason and file.
 */
export function applySuppressions(report: VulnerabilityReport, input: SuppressionInput): SuppressionResult {
  const now = input.now ?? new Date();
  const foundIn = new Map(report.packages.map((p) => [p.purl, p.foundIn]));
  const warnings: string[] = [];
  const live: VulnIgnoreEntry[] = [];
  for (const e of input.ignore?.entries ?? []) {
    if (isEntryExpired(e, now)) warnings.push(`claro: warning: ${input.ignore?.path}: ignore entry ${e.id}${e.package ? ` (${e.package})` : ""} expired on ${e.expires}; it no longer applies`);
    else live.push(e);
  }
  const vex = (input.vex ?? []).filter((s) => s.status === "not_affected" && s.justification !== null && s.justification !== "");
  const kept: Finding[] = [];
  const suppressed: Suppression[] = [...(report.suppressed ?? [])];
  for (const f of report.vulnerabilities) {
    const ids = names(f);
    const st = vex.find((s) => [s.vulnerability, ...s.aliases].some((v) => ids.includes(v)) && s.products.some((p) => purlMatches(p, f.package.purl)));
    if (st) {
      suppressed.push({ finding: f, by: "vex", reason: st.justification ?? "", source: st.source });
      continue;
    }
    const e = live.find(
      (x) =>
        ids.includes(x.id) &&
        (x.package === null || x.package === f.package.name) &&
        (x.purl === null || purlMatches(x.purl, f.package.purl)) &&
        (x.path === null || (foundIn.get(f.package.purl) ?? "").replace(/^\//, "") === x.path.replace(/^\//, "")),
    );
    if (e && input.ignore) {
      suppressed.push({ finding: f, by: "ignore-file", reason: e.reason ?? "", source: input.ignore.path });
      continue;
    }
    kept.push(f);
  }
  const out: VulnerabilityReport = suppressed.length > 0 ? { ...report, vulnerabilities: kept, suppressed } : { ...report, vulnerabilities: kept };
  return { report: out, warnings };
}
