import { z } from "zod";
import type { Enrichment } from "../contracts/enrichment.js";
import { FatalError } from "../core/problem.js";

// Enrichment rows are external input like advisory rows: validated before they become values.
const cvss = z.object({ version: z.enum(["2.0", "3.0", "3.1", "4.0"]), vector: z.string(), score: z.number().nullable(), source: z.string() });
const nvd = z.object({ cvss: z.array(cvss), published: z.string().nullable(), lastModified: z.string().nullable() });
const epss = z.object({ score: z.number(), percentile: z.number(), modelVersion: z.string().nullable(), scoreDate: z.string().nullable() });
const kev = z.object({ dateAdded: z.string(), dueDate: z.string().nullable(), ransomware: z.string(), vulnerabilityName: z.string().nullable() });
const row = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("nvd"), cve: z.string(), updater: z.string(), data: nvd }),
  z.object({ kind: z.literal("epss"), cve: z.string(), updater: z.string(), data: epss }),
  z.object({ kind: z.literal("kev"), cve: z.string(), updater: z.string(), data: kev }),
]);

export const ENRICHMENT_COLUMNS = ["updater", "kind", "cve", "data"] as const;

export function enrichmentValues(e: Enrichment): [string, string, string, string] {
  return [e.updater, e.kind, e.cve, JSON.stringify(e.data)];
}

/** `jsonText`: the data column arrives as text (SQLite) rather than parsed (PostgreSQL jsonb). */
export function rowToEnrichment(value: unknown, jsonText: boolean): Enrichment {
  let input = value;
  if (jsonText && typeof value === "object" && value !== null && "data" in value && typeof value.data === "string") {
    try {
      input = { ...value, data: JSON.parse(value.data) as unknown };
    } catch {
      input = { ...value, data: undefined };
    }
  }
  const parsed = row.safeParse(input);
  if (!parsed.success) {
    throw new FatalError(
      "DB_ERROR",
      `corrupt enrichment row in the database: ${z.prettifyError(parsed.error).split("\n").join("; ")}`,
      "run `claro db update` to rebuild the data",
    );
  }
  return parsed.data;
}

/** Distinct ids, so a CVE asked for by many findings is read once. */
export function uniqueCves(cves: readonly string[]): string[] {
  return [...new Set(cves)];
}
