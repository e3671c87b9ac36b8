import { z } from "zod";
import type { Advisory, CvssScore, FixStatus } from "../../core/advisory.js";
import type { Problem } from "../../core/problem.js";
import { rpmVersion } from "../../formats/rpm/version.js";
import { scopedName, severityOfImpact } from "./csaf-mapping.js";
import { namespaceOfCpe } from "./streams.js";

/**
 * Red Hat Security Data API (`/hydra/rest/securitydata/cve/<CVE>.json`): one document per CVE,
 * every RHSA that fixed it (`affected_release`) and every stream's unfixed state (`package_state`).
 * It restates what the CSAF VEX files say, one CVE at a time; unknown keys are ignored.
 */
export const SECURITYDATA_UPDATER_ID = "rhel/securitydata";

const cvss3Schema = z.object({ cvss3_base_score: z.string().optional(), cvss3_scoring_vector: z.string() });
const cvss2Schema = z.object({ cvss_base_score: z.string().optional(), cvss_scoring_vector: z.string() });

export const securityDataSchema = z.object({
  name: z.string().regex(/^CVE-\d{4}-\d+$/),
  threat_severity: z.string().optional(),
  details: z.array(z.string()).optional(),
  bugzilla: z.object({ url: z.string().optional() }).optional(),
  cvss3: cvss3Schema.optional(),
  cvss: cvss2Schema.optional(),
  affected_release: z
    .array(z.object({ product_name: z.string().optional(), advisory: z.string().optional(), cpe: z.string().optional(), package: z.string().optional() }))
    .nullish(),
  package_state: z
    .array(z.object({ product_name: z.string().optional(), fix_state: z.string(), package_name: z.string(), cpe: z.string().optional() }))
    .nullish(),
});
export type SecurityDataRecord = z.infer<typeof securityDataSchema>;

/** The list endpoint's entries (`/cve.json?…`, the "min" form): an index pointing at the full records. */
export const securityDataMinSchema = z.object({
  CVE: z.string().regex(/^CVE-\d{4}-\d+$/),
  advisories: z.array(z.string()).optional(),
  affected_packages: z.array(z.string()).optional(),
  resource_url: z.string().optional(),
});
export type SecurityDataMin = z.infer<typeof securityDataMinSchema>;

/** `bind-32:9.11.36-5.el8` → name `bind`, EVR `32:9.11.36-5.el8` (epoch 0 dropped, as in the CSAF purls). */
export function parseNevr(nevr: string): { name: string; evr: string } | null {
  const m = /^(.+)-(?:(\d+):)?([^-:]+)-([^-]+)$/.exec(nevr.trim());
  if (!m) return null;
  const [, name, epoch, version, release] = m;
  return { name: name!, evr: `${epoch && epoch !== "0" ? `${epoch}:` : ""}${version}-${release}` };
}

/**
 * `fix_state` → claro fix state. "Under investigation" (and "New") says nothing yet: no record,
 * as for CSAF `under_investigation`. Undefined = a word claro does not know (reported).
 */
export function fixStateOf(state: string): FixStatus | null | undefined {
  switch (state.trim().toLowerCase()) {
    case "affected":
      return "affected";
    case "fix deferred":
      return "fix_deferred";
    case "will not fix":
      return "will_not_fix";
    case "out of support scope":
      return "end_of_life";
    case "not affected":
      return "not_affected";
    case "under investigation":
    case "new":
      return null;
    default:
      return undefined;
  }
}

/**
 * `package_state.package_name`: a source rpm (`ghostscript`), a module's rpm (`nodejs:18/nodejs`
 * → `nodejs:18::nodejs`, the CSAF key), or something that is no rpm in a RHEL image: flatpaks
 * (`gimp:flatpak/ghostscript`) and container images (`rhel9/python-39`) → null.
 */
export function stateKey(packageName: string): string | null {
  const modular = /^([^:/]+):([^/]+)\/([^/]+)$/.exec(packageName);
  if (modular) return modular[2] === "flatpak" ? null : scopedName(modular[3]!, `${modular[1]}:${modular[2]}`);
  return packageName.includes("/") ? null : packageName;
}

interface Entry {
  namespace: string;
  packageName: string;
  status: FixStatus;
  fixedVersion: string | null;
  advisory: string | null;
}

function cvssOf(r: SecurityDataRecord): CvssScore[] {
  const out: CvssScore[] = [];
  if (r.cvss3) {
    const v = r.cvss3.cvss3_scoring_vector;
    out.push({
      version: v.startsWith("CVSS:3.0") ? "3.0" : "3.1",
      vector: v,
      score: r.cvss3.cvss3_base_score ? Number(r.cvss3.cvss3_base_score) : null,
      source: "redhat",
    });
  }
  if (r.cvss)
    out.push({ version: "2.0", vector: r.cvss.cvss_scoring_vector, score: r.cvss.cvss_base_score ? Number(r.cvss.cvss_base_score) : null, source: "redhat" });
  return out;
}

/**
 * The fixed and unfixed entries of one record, in the CSAF updater's namespaces and keys:
 * - each `affected_release` is a fix of a source rpm at its EVR in the stream its CPE names; the
 *   same fix is listed once per CPE variant (`cpe:/a…` and `cpe:/o…`) and collapses to one entry.
 *   Two RHSAs fixing one stream stay two entries, as two CSAF documents do.
 * - a modular fix (`.module+el8…`) is skipped: the API does not say which module stream it is
 *   in, and an unscoped key would be matched against every stream (the CSAF updater has them).
 * - `package_state` gives the unfixed states; one for a package that also has a fix in the same
 *   stream is dropped (the fix is the newer fact).
 */
function entriesOf(r: SecurityDataRecord, where: string, problems: Problem[]): Entry[] {
  const fixes = new Map<string, Entry>();
  for (const ar of r.affected_release ?? []) {
    const namespace = ar.cpe ? namespaceOfCpe(ar.cpe) : null;
    if (namespace === null || !ar.package) continue;
    const nevr = parseNevr(ar.package);
    if (!nevr) {
      problems.push({
        kind: "bad-feed-record",
        updater: SECURITYDATA_UPDATER_ID,
        detail: `${where}: affected_release package '${ar.package}' is not name-[epoch:]version-release`,
      });
      continue;
    }
    if (/\.module[+_]/.test(nevr.evr)) continue;
    const key = `${namespace}\u0000${nevr.name}\u0000${nevr.evr}`;
    if (!fixes.has(key)) fixes.set(key, { namespace, packageName: nevr.name, status: "fixed", fixedVersion: nevr.evr, advisory: ar.advisory ?? null });
  }
  const fixed = new Set([...fixes.values()].map((e) => `${e.namespace}\u0000${e.packageName}`));
  const states = new Map<string, Entry>();
  for (const ps of r.package_state ?? []) {
    const namespace = ps.cpe ? namespaceOfCpe(ps.cpe) : null;
    const packageName = stateKey(ps.package_name);
    if (namespace === null || packageName === null) continue;
    const status = fixStateOf(ps.fix_state);
    if (status === undefined) {
      problems.push({
        kind: "bad-feed-record",
        updater: SECURITYDATA_UPDATER_ID,
        detail: `${where}: unknown fix_state '${ps.fix_state}' for ${ps.package_name}`,
      });
      continue;
    }
    const key = `${namespace}\u0000${packageName}`;
    if (status === null || fixed.has(key) || states.has(key)) continue;
    states.set(key, { namespace, packageName, status, fixedVersion: null, advisory: null });
  }
  return [...fixes.values(), ...states.values()];
}

/** The advisories of one Security Data API CVE document, keyed exactly as the CSAF updater keys them. */
export function* advisoriesOfSecurityData(raw: unknown, where: string, problems: Problem[]): Generator<Advisory> {
  const parsed = securityDataSchema.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    problems.push({ kind: "bad-feed-record", updater: SECURITYDATA_UPDATER_ID, detail: `${where}: ${detail}` });
    return;
  }
  const r = parsed.data;
  const cvss = cvssOf(r);
  const details = r.details ?? [];
  // The last detail is Red Hat's own description; the first is often the CVE record's.
  const description = details[details.length - 1]?.trim() || null;
  const severity = severityOfImpact(r.threat_severity);
  const base = [`https://access.redhat.com/security/cve/${r.name}`, ...(r.bugzilla?.url ? [r.bugzilla.url] : [])];
  for (const e of entriesOf(r, where, problems)) {
    yield {
      id: r.name,
      aliases: e.advisory ? [e.advisory] : [],
      namespace: e.namespace,
      packageName: e.packageName,
      packageKind: "source",
      versionScheme: rpmVersion.id,
      status: e.status,
      fixedVersion: e.fixedVersion,
      introducedVersion: null,
      severity,
      vendorSeverity: r.threat_severity ?? null,
      cvss,
      description,
      links: e.advisory ? [...base, `https://access.redhat.com/errata/${e.advisory}`] : base,
      updater: SECURITYDATA_UPDATER_ID,
    };
  }
}

/** The source rpms a record's fixes name, sorted and joined: what its index entry should list. */
export function packagesOf(value: unknown): string {
  const releases = (value as { affected_release?: unknown }).affected_release;
  const names = Array.isArray(releases) ? releases.map((r) => (r as { package?: unknown }).package).filter((p): p is string => typeof p === "string") : [];
  return [...new Set(names)].sort().join(" ");
}

/** The list endpoint's entries in a parsed page (an array, or one entry); those that break the schema are problems. */
export function minEntries(value: unknown, where: string, problems: Problem[]): SecurityDataMin[] {
  const out: SecurityDataMin[] = [];
  for (const [i, raw] of (Array.isArray(value) ? value : [value]).entries()) {
    const m = securityDataMinSchema.safeParse(raw);
    if (m.success) out.push(m.data);
    else
      problems.push({ kind: "bad-feed-record", updater: SECURITYDATA_UPDATER_ID, detail: `${where}[${i}]: not a list entry (${m.error.issues[0]?.message})` });
  }
  return out;
}

/** Index entries whose full record is missing, or lists other fixes (`fixesOf`: CVE → `packagesOf` its record). */
export function indexProblems(index: readonly { path: string; entry: SecurityDataMin }[], fixesOf: ReadonlyMap<unknown, string>): Problem[] {
  const problems: Problem[] = [];
  for (const { path, entry } of index) {
    const fixes = fixesOf.get(entry.CVE);
    const listed = [...new Set(entry.affected_packages ?? [])].sort().join(" ");
    if (fixes === undefined)
      problems.push({ kind: "bad-feed-record", updater: SECURITYDATA_UPDATER_ID, detail: `${path}: ${entry.CVE} is listed but its full record is missing` });
    else if (fixes !== listed)
      problems.push({
        kind: "bad-feed-record",
        updater: SECURITYDATA_UPDATER_ID,
        detail: `${path}: ${entry.CVE} lists other fixed packages than its full record (stale mirror?)`,
      });
  }
  return problems;
}
