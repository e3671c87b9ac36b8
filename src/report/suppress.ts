import { describeProblem, type Problem } from "../core/problem.js";
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
  /** One line per expired ignore entry, and per VEX statement or ignore entry that matched no finding, for stderr. */
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
    if (isEntryExpired(e, now))
      warnings.push(
        `claro: warning: ${input.ignore?.path}: ignore entry ${e.id}${e.package ? ` (${e.package})` : ""} expired on ${e.expires}; it no longer applies`,
      );
    else live.push(e);
  }
  const statements = input.vex ?? [];
  const vex = statements.filter((s) => s.status === "not_affected" && s.justification !== null && s.justification !== "");
  const vexMatches = (s: VexStatement, f: Finding): boolean =>
    [s.vulnerability, ...s.aliases].some((v) => names(f).includes(v)) && s.products.some((p) => purlMatches(p, f.package.purl));
  const ignoreMatches = (x: VulnIgnoreEntry, f: Finding): boolean =>
    names(f).includes(x.id) &&
    (x.package === null || x.package === f.package.name) &&
    (x.purl === null || purlMatches(x.purl, f.package.purl)) &&
    (x.path === null || (foundIn.get(f.package.purl) ?? "").replace(/^\//, "") === x.path.replace(/^\//, ""));
  const kept: Finding[] = [];
  const suppressed: Suppression[] = [...(report.suppressed ?? [])];
  for (const f of report.vulnerabilities) {
    const st = vex.find((s) => vexMatches(s, f));
    if (st) {
      suppressed.push({ finding: f, by: "vex", reason: st.justification ?? "", source: st.source });
      continue;
    }
    const e = live.find((x) => ignoreMatches(x, f));
    if (e && input.ignore) {
      suppressed.push({ finding: f, by: "ignore-file", reason: e.reason ?? "", source: input.ignore.path });
      continue;
    }
    kept.push(f);
  }
  const problems = unusedSuppressions(
    report.vulnerabilities,
    statements,
    vexMatches,
    input.ignore === undefined ? [] : live.map((e) => [e, input.ignore!.path] as const),
    ignoreMatches,
  );
  for (const p of problems) warnings.push(`claro: warning: ${describeProblem(p)}`);
  const withProblems = problems.length > 0 ? { ...report, problems: [...report.problems, ...problems] } : report;
  const out: VulnerabilityReport = suppressed.length > 0 ? { ...withProblems, vulnerabilities: kept, suppressed } : { ...withProblems, vulnerabilities: kept };
  return { report: out, warnings };
}

/**
 * A statement or entry that matches no finding usually means a typo in its id or purl, or an
 * image that changed under it: the user believes something is covered that is not. Every VEX
 * status counts as a match (an `affected` statement about a real finding is in use), and so does
 * an ignore entry whose finding a VEX statement took first. Expired entries already warned.
 */
function unusedSuppressions(
  findings: readonly Finding[],
  statements: readonly VexStatement[],
  vexMatches: (s: VexStatement, f: Finding) => boolean,
  entries: readonly (readonly [VulnIgnoreEntry, string])[],
  ignoreMatches: (e: VulnIgnoreEntry, f: Finding) => boolean,
): Problem[] {
  const out: Problem[] = [];
  for (const s of statements) {
    if (findings.some((f) => vexMatches(s, f))) continue;
    const products = s.products.length > 0 ? s.products.join(", ") : "no products";
    out.push({
      kind: "unused-suppression",
      path: s.source,
      detail: `VEX statement ${s.vulnerability} (${s.status}, ${products}) matched no finding; check its vulnerability id and product purls`,
    });
  }
  for (const [e, path] of entries) {
    if (findings.some((f) => ignoreMatches(e, f))) continue;
    const narrowed = [e.package && `package ${e.package}`, e.purl && `purl ${e.purl}`, e.path && `path ${e.path}`].filter(Boolean).join(", ");
    out.push({
      kind: "unused-suppression",
      path,
      detail: `ignore entry ${e.id}${narrowed ? ` (${narrowed})` : ""} matched no finding; check its id, or remove it`,
    });
  }
  return out;
}
