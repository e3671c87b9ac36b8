import { z } from "zod";

/**
 * The Debian security tracker JSON (`/tracker/data/json`):
 * `{ srcpkg: { CVE-id: { description?, scope?, debianbug?, releases: { codename: Release } } } }`.
 * The tracker is written in Python but some maps are emitted as `[]` when empty (seen in the
 * real feed: `"releases": []`), so empty arrays are accepted as empty maps.
 */
const emptyArrayAsMap = <T extends z.ZodType>(value: T) =>
  z.union([
    z.record(z.string(), value),
    z
      .array(z.never())
      .length(0)
      .transform(() => ({}) as Record<string, z.infer<T>>),
  ]);

export const releaseSchema = z.object({
  status: z.string(),
  repositories: emptyArrayAsMap(z.string()).optional(),
  fixed_version: z.string().optional(),
  urgency: z.string().optional(),
  nodsa: z.string().optional(),
  nodsa_reason: z.string().optional(),
});

export const cveSchema = z.object({
  description: z.string().optional(),
  scope: z.string().optional(),
  debianbug: z.number().optional(),
  releases: emptyArrayAsMap(releaseSchema),
});

export type TrackerRelease = z.infer<typeof releaseSchema>;
export type TrackerCve = z.infer<typeof cveSchema>;
