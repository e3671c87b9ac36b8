import { z } from "zod";

/**
 * The parts of an OSV record (schema 1.x) that claro reads. Unknown fields are allowed because
 * OSV adds fields between schema versions; `null` is accepted where some producers write it.
 */
const eventSchema = z.union([
  z.object({ introduced: z.string() }),
  z.object({ fixed: z.string() }),
  z.object({ last_affected: z.string() }),
  z.object({ limit: z.string() }),
]);

const rangeSchema = z.object({
  type: z.string(),
  repo: z.string().optional(),
  events: z.array(eventSchema).min(1),
});

const specificSchema = z.record(z.string(), z.unknown()).nullish();

const affectedSchema = z.object({
  package: z.object({ ecosystem: z.string().min(1), name: z.string().min(1), purl: z.string().nullish() }),
  ranges: z.array(rangeSchema).nullish(),
  versions: z.array(z.string()).nullish(),
  ecosystem_specific: specificSchema,
  database_specific: specificSchema,
});

export const osvRecordSchema = z.object({
  id: z.string().min(1),
  modified: z.string().optional(),
  published: z.string().nullish(),
  withdrawn: z.string().nullish(),
  aliases: z.array(z.string()).nullish(),
  related: z.array(z.string()).nullish(),
  summary: z.string().nullish(),
  details: z.string().nullish(),
  severity: z.array(z.object({ type: z.string(), score: z.string() })).nullish(),
  affected: z.array(affectedSchema).nullish(),
  references: z.array(z.object({ type: z.string().optional(), url: z.string() })).nullish(),
  database_specific: specificSchema,
});

export type OsvRecord = z.infer<typeof osvRecordSchema>;
export type OsvAffected = NonNullable<OsvRecord["affected"]>[number];
export type OsvRange = NonNullable<OsvAffected["ranges"]>[number];
export type OsvEvent = OsvRange["events"][number];

/** Validates one parsed JSON value as an OSV record; on failure, a one-line reason. */
export function parseOsvRecord(raw: unknown): { readonly ok: true; readonly record: OsvRecord } | { readonly ok: false; readonly detail: string } {
  const parsed = osvRecordSchema.safeParse(raw);
  if (parsed.success) return { ok: true, record: parsed.data };
  return { ok: false, detail: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
}
