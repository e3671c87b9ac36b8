import type { Advisory, CvssScore, FixStatus } from "../../core/advisory.js";
import type { Problem } from "../../core/problem.js";
import type { Severity } from "../../core/severity.js";
import { rpmVersion } from "../../formats/rpm/version.js";
import { type CsafDocument, type CsafVulnerability, vulnerabilitySchema } from "./csaf-schema.js";
import { ProductIndex } from "./products.js";
import { namespaceOfCpe } from "./streams.js";

export const RHEL_UPDATER_ID = "rhel";

/** Red Hat's four impact ratings (https://access.redhat.com/security/updates/classification/). */
export function severityOfImpact(impact: string | null | undefined): Severity {
  switch (impact?.trim().toLowerCase()) {
    case "low":
      return "low";
    case "moderate":
      return "medium";
    case "important":
      return "high";
    case "critical":
      return "critical";
    default:
      return "unknown";
  }
}

/**
 * The store key of a package in a module: Trivy's `module:stream::name` convention. Putting the
 * stream into the name makes the store lookup itself module-aware: a non-modular package never
 * fetches a modular record, and a package from `ruby:2.7` never fetches one for `ruby:3.1`.
 */
export function scopedName(name: string, module: string | null): string {
  return module === null ? name : `${module}::${name}`;
}

/**
 * known_affected products take their state from the remediation naming them. Red Hat writes
 * `no_fix_planned` with details "Will not fix" or "Out of support scope", and `none_available`
 * with "Affected" or "Deferred".
 */
function affectedStatus(remediations: CsafVulnerability["remediations"], productId: string): FixStatus {
  const r = remediations.find((x) => x.product_ids?.includes(productId) && x.category !== "workaround");
  const details = r?.details?.trim().toLowerCase() ?? "";
  if (r?.category === "no_fix_planned") return details.includes("out of support") ? "end_of_life" : "will_not_fix";
  if (r?.category === "none_available" && details.startsWith("deferred")) return "fix_deferred";
  return "affected";
}

// When one document gives a package two states in one namespace (two repositories of a stream),
// the more actionable one wins; among fixes, the highest version.
const RANK: Record<FixStatus, number> = { fixed: 0, affected: 1, fix_deferred: 2, will_not_fix: 3, end_of_life: 4, not_affected: 5 };

interface Entry {
  namespace: string;
  packageName: string;
  packageKind: "source" | "binary";
  status: FixStatus;
  fixedVersion: string | null;
  productId: string;
}

function better(a: Entry, b: Entry): Entry {
  if (RANK[a.status] !== RANK[b.status]) return RANK[a.status] < RANK[b.status] ? a : b;
  if (a.fixedVersion !== null && b.fixedVersion !== null) return rpmVersion.compare(a.fixedVersion, b.fixedVersion) >= 0 ? a : b;
  return a;
}

function statusEntries(v: CsafVulnerability, products: ProductIndex): Entry[] {
  const ps = v.product_status;
  const lists: [readonly string[] | undefined, (id: string) => FixStatus][] = [
    [ps.fixed, () => "fixed"],
    [ps.known_affected, (id) => affectedStatus(v.remediations, id)],
    [ps.known_not_affected, () => "not_affected"],
    // under_investigation says nothing yet: no claim is recorded (as Trivy and Grype do).
  ];
  const out: Entry[] = [];
  for (const [ids, statusOf] of lists) {
    for (const id of ids ?? []) {
      const p = products.resolve(id);
      if (!p?.rpm || p.cpe === null) continue;
      const namespace = namespaceOfCpe(p.cpe);
      if (namespace === null) continue;
      const status = statusOf(id);
      // A fixed product without a version cannot be compared; it is treated as no claim.
      if (status === "fixed" && p.rpm.evr === null) continue;
      out.push({
        namespace,
        packageName: scopedName(p.rpm.name, p.module),
        packageKind: p.rpm.arch === "src" ? "source" : "binary",
        status,
        fixedVersion: status === "fixed" ? p.rpm.evr : null,
        productId: id,
      });
    }
  }
  // Source records cover every binary built from them; binaries are kept only for namespaces where
  // the document names no source rpm (VEX components are sometimes binaries only).
  // A source marked not affected does not stand for its binaries: Red Hat's RHSA-2025:23414 lists
  // the bind src rpm as known_not_affected while every bind binary built from it is fixed.
  const withSource = new Set(out.filter((e) => e.packageKind === "source" && e.status !== "not_affected").map((e) => e.namespace));
  return out.filter((e) => e.packageKind === "source" || !withSource.has(e.namespace));
}

function cvssOf(v: CsafVulnerability): CvssScore[] {
  const seen = new Map<string, CvssScore>();
  for (const s of v.scores) {
    if (s.cvss_v3) {
      const version = s.cvss_v3.vectorString.startsWith("CVSS:3.0") ? "3.0" : "3.1";
      seen.set(s.cvss_v3.vectorString, { version, vector: s.cvss_v3.vectorString, score: s.cvss_v3.baseScore ?? null, source: "redhat" });
    }
    if (s.cvss_v2) seen.set(s.cvss_v2.vectorString, { version: "2.0", vector: s.cvss_v2.vectorString, score: s.cvss_v2.baseScore ?? null, source: "redhat" });
  }
  return [...seen.values()];
}

function impactFor(v: CsafVulnerability, productId: string, fallback: string | null): string | null {
  const impacts = v.threats.filter((t) => t.category === "impact");
  return (impacts.find((t) => t.product_ids?.includes(productId)) ?? impacts.find((t) => !t.product_ids) ?? impacts[0])?.details ?? fallback;
}

/** Every advisory one CSAF document (a VEX file or an RHSA) yields; bad vulnerabilities are problems. */
export function* advisoriesOfDocument(doc: CsafDocument, where: string, problems: Problem[]): Generator<Advisory> {
  const products = new ProductIndex(doc.product_tree);
  const trackingId = doc.document.tracking.id;
  const isErratum = /^RH[SBE]A-/.test(trackingId);
  for (const [index, raw] of doc.vulnerabilities.entries()) {
    const parsed = vulnerabilitySchema.safeParse(raw);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      problems.push({ kind: "bad-feed-record", updater: RHEL_UPDATER_ID, detail: `${where} vulnerabilities[${index}]: ${detail}` });
      continue;
    }
    const v = parsed.data;
    const id = v.cve ?? v.ids?.[0]?.text;
    if (!id) {
      problems.push({ kind: "bad-feed-record", updater: RHEL_UPDATER_ID, detail: `${where} vulnerabilities[${index}]: no cve or ids` });
      continue;
    }
    const merged = new Map<string, Entry>();
    for (const e of statusEntries(v, products)) {
      const key = `${e.namespace}\u0000${e.packageKind}\u0000${e.packageName}`;
      const prev = merged.get(key);
      merged.set(key, prev ? better(prev, e) : e);
    }
    const cvss = cvssOf(v);
    const links = [
      ...new Set([...v.references.filter((r) => r.category === "self").map((r) => r.url), ...v.remediations.flatMap((r) => (r.url ? [r.url] : []))]),
    ];
    const description = v.notes?.find((n) => n.category === "description")?.text?.trim() || v.title?.trim() || null;
    for (const e of merged.values()) {
      const vendorSeverity = impactFor(v, e.productId, doc.document.aggregate_severity?.text ?? null);
      yield {
        id,
        aliases: isErratum && trackingId !== id ? [trackingId] : [],
        namespace: e.namespace,
        packageName: e.packageName,
        packageKind: e.packageKind,
        versionScheme: rpmVersion.id,
        status: e.status,
        fixedVersion: e.fixedVersion,
        introducedVersion: null,
        severity: severityOfImpact(vendorSeverity),
        vendorSeverity,
        cvss,
        description,
        links,
        updater: RHEL_UPDATER_ID,
      };
    }
  }
}
