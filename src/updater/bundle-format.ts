import { z } from "zod";
import { FIX_STATUSES, type Advisory } from "../core/advisory.js";
import { FatalError } from "../core/problem.js";
import { isEnrichment, type Enrichment } from "../contracts/enrichment.js";
import type { StoredRecord } from "../contracts/store.js";
import { SEVERITIES } from "../core/severity.js";

/**
 * The `claro db export` bundle (docs/db-bundle.md): gzip over NDJSON. Line 1 is the header, then
 * each updater's records in header order, then one trailer line with the sha256 of every byte
 * before it. Each updater's entry carries the sha256 of its record lines.
 */
export const BUNDLE_FORMAT = "claro-db-bundle";
export const BUNDLE_TRAILER = "claro-db-bundle-end";
export const BUNDLE_VERSION = 1;
/** No legitimate line comes near this; a longer one is damage, and must not be buffered whole. */
export const MAX_LINE_BYTES = 8 * 1024 * 1024;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "not a sha256 hex digest");
const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "not a timestamp");

const updaterEntrySchema = z.strictObject({
  updater: z.string().min(1),
  fingerprint: z.string().nullable(),
  lastChangedAt: isoTime,
  recordCount: z.number().int().nonnegative(),
  sha256: sha256Hex,
});

const headerSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  createdAt: isoTime,
  schemaVersion: z.number().int().positive(),
  updaters: z.array(updaterEntrySchema),
});

const trailerSchema = z.strictObject({
  format: z.literal(BUNDLE_TRAILER),
  records: z.number().int().nonnegative(),
  sha256: sha256Hex,
});

const cvssSchema = z.strictObject({
  version: z.enum(["2.0", "3.0", "3.1", "4.0"]),
  vector: z.string(),
  score: z.number().nullable(),
  source: z.string(),
});

// Strict: a field this build does not know would be dropped on import, so it is refused instead.
const recordSchema = z.strictObject({
  id: z.string(),
  aliases: z.array(z.string()),
  namespace: z.string(),
  packageName: z.string(),
  packageKind: z.enum(["source", "binary"]),
  versionScheme: z.string(),
  status: z.enum(FIX_STATUSES),
  fixedVersion: z.string().nullable(),
  introducedVersion: z.string().nullable(),
  lastAffectedVersion: z.string().nullable(),
  severity: z.enum(SEVERITIES),
  vendorSeverity: z.string().nullable(),
  cvss: z.array(cvssSchema),
  description: z.string().nullable(),
  links: z.array(z.string()),
  updater: z.string(),
});

// Enrichment records (NVD, EPSS, KEV), strict for the same reason; data keys in a fixed order.
const enrichmentSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("nvd"),
    cve: z.string(),
    data: z.strictObject({ cvss: z.array(cvssSchema), published: z.string().nullable(), lastModified: z.string().nullable() }),
    updater: z.string(),
  }),
  z.strictObject({
    kind: z.literal("epss"),
    cve: z.string(),
    data: z.strictObject({ score: z.number(), percentile: z.number(), modelVersion: z.string().nullable(), scoreDate: z.string().nullable() }),
    updater: z.string(),
  }),
  z.strictObject({
    kind: z.literal("kev"),
    cve: z.string(),
    data: z.strictObject({ dateAdded: z.string(), dueDate: z.string().nullable(), ransomware: z.string(), vulnerabilityName: z.string().nullable() }),
    updater: z.string(),
  }),
]);

export type BundleHeader = z.infer<typeof headerSchema>;
export type BundleUpdater = z.infer<typeof updaterEntrySchema>;
export type BundleTrailer = z.infer<typeof trailerSchema>;

/**
 * The one serialisation of a record: fixed key order, every key present. The per-updater sha256
 * is over these bytes, so the same data always hashes the same whichever store it came from.
 */
export function canonicalRecord(a: Advisory): string {
  return JSON.stringify({
    id: a.id,
    aliases: a.aliases,
    namespace: a.namespace,
    packageName: a.packageName,
    packageKind: a.packageKind,
    versionScheme: a.versionScheme,
    status: a.status,
    fixedVersion: a.fixedVersion,
    introducedVersion: a.introducedVersion,
    lastAffectedVersion: a.lastAffectedVersion ?? null,
    severity: a.severity,
    vendorSeverity: a.vendorSeverity,
    cvss: a.cvss.map((c) => ({ version: c.version, vector: c.vector, score: c.score, source: c.source })),
    description: a.description,
    links: a.links,
    updater: a.updater,
  });
}

/** The canonical form of an enrichment record: `kind, cve, data, updater`, data keys fixed per kind. */
export function canonicalEnrichment(e: Enrichment): string {
  const data =
    e.kind === "nvd"
      ? {
          cvss: e.data.cvss.map((c) => ({ version: c.version, vector: c.vector, score: c.score, source: c.source })),
          published: e.data.published,
          lastModified: e.data.lastModified,
        }
      : e.kind === "epss"
        ? { score: e.data.score, percentile: e.data.percentile, modelVersion: e.data.modelVersion, scoreDate: e.data.scoreDate }
        : { dateAdded: e.data.dateAdded, dueDate: e.data.dueDate, ransomware: e.data.ransomware, vulnerabilityName: e.data.vulnerabilityName };
  return JSON.stringify({ kind: e.kind, cve: e.cve, data, updater: e.updater });
}

/** Either kind of record line. */
export function canonicalLine(r: StoredRecord): string {
  return isEnrichment(r) ? canonicalEnrichment(r) : canonicalRecord(r);
}

export function bundleInvalid(file: string, cause: string): FatalError {
  return new FatalError(
    "BUNDLE_INVALID",
    `bundle ${file} is invalid: ${cause}`,
    "the file is damaged or was altered; nothing was imported. Copy it again and compare its sha256 with the one `claro db export` printed",
  );
}

function parseJson(text: string, file: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw bundleInvalid(file, `${what} is not valid JSON`);
  }
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue === undefined ? "invalid" : `${issue.path.join(".") || "(root)"}: ${issue.message}`;
}

export function parseHeader(text: string, file: string): BundleHeader {
  const value = parseJson(text, file, "the header line");
  const parsed = headerSchema.safeParse(value);
  if (!parsed.success) {
    const format = typeof value === "object" && value !== null && "format" in value ? value.format : undefined;
    if (format !== BUNDLE_FORMAT) throw bundleInvalid(file, "it is not a claro database bundle (no claro-db-bundle header)");
    throw bundleInvalid(file, `bad header: ${firstIssue(parsed.error)}`);
  }
  const seen = new Set<string>();
  for (const u of parsed.data.updaters) {
    if (seen.has(u.updater)) throw bundleInvalid(file, `the header lists updater ${u.updater} twice`);
    seen.add(u.updater);
  }
  return parsed.data;
}

/** A record line or the trailer line (which may come early in a file that lies about its counts). */
export function parseLine(text: string, file: string, where: string): { kind: "record"; advisory: StoredRecord } | { kind: "trailer"; trailer: BundleTrailer } {
  const value = parseJson(text, file, where);
  if (typeof value === "object" && value !== null && "format" in value && value.format === BUNDLE_TRAILER) {
    const t = trailerSchema.safeParse(value);
    if (!t.success) throw bundleInvalid(file, `bad trailer: ${firstIssue(t.error)}`);
    return { kind: "trailer", trailer: t.data };
  }
  if (typeof value === "object" && value !== null && "cve" in value) {
    const e = enrichmentSchema.safeParse(value);
    if (!e.success) throw bundleInvalid(file, `${where}: ${firstIssue(e.error)}`);
    if (canonicalEnrichment(e.data) !== text) throw bundleInvalid(file, `${where} is not in canonical form`);
    return { kind: "record", advisory: e.data };
  }
  const r = recordSchema.safeParse(value);
  if (!r.success) throw bundleInvalid(file, `${where}: ${firstIssue(r.error)}`);
  const { lastAffectedVersion, ...rest } = r.data;
  // Stores leave the optional field out when null; doing the same makes imports compare equal.
  const advisory: Advisory = lastAffectedVersion === null ? rest : { ...rest, lastAffectedVersion };
  // Canonical form is checked too, so the hashes mean "these records", not "these bytes of JSON".
  if (canonicalRecord(advisory) !== text) throw bundleInvalid(file, `${where} is not in canonical form`);
  return { kind: "record", advisory };
}
