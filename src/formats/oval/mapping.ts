import type { CvssScore } from "../../core/advisory.js";
import type { Severity } from "../../core/severity.js";
import type { OvalDefinition } from "./types.js";

const SEVERITY: Readonly<Record<string, Severity>> = {
  none: "negligible",
  negligible: "negligible",
  low: "low",
  moderate: "medium",
  medium: "medium",
  important: "high",
  high: "high",
  critical: "critical",
};

/** ELSA/PHSA/SUSE words (Low/Moderate/Important/Critical) and Azure Linux's (Low…Critical) on one scale. */
export function normaliseSeverity(vendor: string | null): Severity {
  if (vendor === null) return "unknown";
  return SEVERITY[vendor.trim().toLowerCase()] ?? "unknown";
}

const CVE_RE = /CVE-\d{4}-\d{4,}/;
// `(?:open)?` inside the boundary: `openSUSE-SU-…` has no word boundary before its `SUSE`.
const VENDOR_ID_RE = /\b(?:ELSA|PHSA|RHSA|(?:open)?SUSE-(?:SU|IU|RU|FU|OU|SR))-\d{4}[-:]\d+(?:-\d+)?/;

function cveIds(def: OvalDefinition): string[] {
  const ids = new Set<string>();
  for (const r of def.references) {
    const m = CVE_RE.exec(r.refId);
    if (m && r.source.toUpperCase().includes("CVE")) ids.add(m[0]);
  }
  for (const c of def.cves) if (CVE_RE.test(c.id)) ids.add(c.id);
  return [...ids];
}

/**
 * The record id: a patch definition is the vendor advisory (ELSA-…, PHSA-…) with its CVEs as
 * aliases; a vulnerability definition (SUSE, Azure Linux) is the CVE with the vendor update ids
 * as aliases. Undefined when neither is found.
 */
export function identify(def: OvalDefinition): { id: string; aliases: string[] } | undefined {
  const cves = cveIds(def);
  const vendorIds = new Set<string>();
  const fromTitle = VENDOR_ID_RE.exec(def.title)?.[0];
  if (fromTitle) vendorIds.add(fromTitle);
  for (const r of def.references) {
    const m = VENDOR_ID_RE.exec(r.refId);
    if (m) vendorIds.add(m[0]);
  }
  const vendor = [...vendorIds];
  if (def.class === "patch" && vendor.length > 0) return { id: vendor[0]!, aliases: [...vendor.slice(1), ...cves] };
  const titleCve = CVE_RE.exec(def.title)?.[0];
  const id = titleCve ?? cves[0] ?? vendor[0];
  if (id === undefined) return undefined;
  return { id, aliases: [...cves, ...vendor].filter((a) => a !== id) };
}

export function linksOf(def: OvalDefinition): string[] {
  const links = new Set<string>();
  for (const r of def.references) if (r.refUrl) links.add(r.refUrl);
  for (const c of def.cves) if (c.href) links.add(c.href);
  return [...links];
}

/** SUSE's `cvss3="7/CVSS:3.1/AV:L/…"`: score, slash, vector. */
export function cvssOf(def: OvalDefinition, source: string): CvssScore[] {
  const out: CvssScore[] = [];
  const seen = new Set<string>();
  for (const c of def.cves) {
    const m = /^([0-9.]+)\/(CVSS:(3\.[01])\/.+)$/.exec(c.cvss3 ?? "");
    if (!m || seen.has(m[2]!)) continue;
    seen.add(m[2]!);
    out.push({ version: m[3] === "3.0" ? "3.0" : "3.1", vector: m[2]!, score: Number(m[1]), source });
  }
  return out;
}

/**
 * An arch state as a list: `(aarch64|ppc64le|s390x|x86_64)`, `^x86_64$`, or a plain `equals`.
 * Null when the pattern is not a plain alternation (then it is not enforced: errs to reporting).
 */
export function archList(field: { readonly operation: string; readonly value: string } | undefined): string[] | null {
  if (!field) return null;
  if (field.operation === "equals") return /^[A-Za-z0-9_]+$/.test(field.value) ? [field.value] : null;
  if (field.operation !== "pattern match") return null;
  const inner = field.value
    .replace(/^\^/, "")
    .replace(/\$$/, "")
    .replace(/^\((.*)\)$/, "$1");
  const parts = inner.split("|");
  return parts.every((p) => /^[A-Za-z0-9_]+$/.test(p)) ? parts : null;
}
