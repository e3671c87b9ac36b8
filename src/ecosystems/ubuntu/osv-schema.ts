import { z } from "zod";

/**
 * The parts of an OSV record (schema 1.6/1.7) that the Ubuntu feed fills and claro reads.
 * Unknown fields are allowed: OSV adds fields between schema versions.
 */
const eventSchema = z.union([
  z.object({ introduced: z.string() }),
  z.object({ fixed: z.string() }),
  z.object({ last_affected: z.string() }),
  z.object({ limit: z.string() }),
]);

const rangeSchema = z.object({
  type: z.string(),
  events: z.array(eventSchema).min(1),
});

/** Ubuntu puts `binaries` and `availability` here; a status string if one is ever added. */
const specificSchema = z.record(z.string(), z.unknown()).nullish();

const affectedSchema = z.object({
  package: z.object({ ecosystem: z.string().min(1), name: z.string().min(1), purl: z.string().optional() }),
  ranges: z.array(rangeSchema).default([]),
  versions: z.array(z.string()).default([]),
  ecosystem_specific: specificSchema,
  database_specific: specificSchema,
});

export const osvRecordSchema = z.object({
  id: z.string().min(1),
  summary: z.string().optional(),
  details: z.string().optional(),
  aliases: z.array(z.string()).nullish(),
  upstream: z.array(z.string()).nullish(),
  related: z.array(z.string()).nullish(),
  withdrawn: z.string().optional(),
  severity: z.array(z.object({ type: z.string(), score: z.string() })).nullish(),
  affected: z.array(affectedSchema).default([]),
  references: z.array(z.object({ type: z.string().optional(), url: z.string() })).nullish(),
});

export type OsvRecord = z.infer<typeof osvRecordSchema>;
export type OsvAffected = OsvRecord["affected"][number];
export type OsvRange = z.infer<typeof rangeSchema>;
