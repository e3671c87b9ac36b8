import { z } from "zod";

/**
 * The parts of a CSAF 2.0 document (Red Hat VEX files and RHSA advisories share the shape) that
 * claro reads. Unknown keys are ignored, so Red Hat adding fields never breaks an update.
 */
const helperSchema = z.object({ cpe: z.string().optional(), purl: z.string().optional() }).optional();

const productSchema = z.object({
  name: z.string().optional(),
  product_id: z.string(),
  product_identification_helper: helperSchema,
});

export interface CsafBranch {
  readonly category?: string | undefined;
  readonly name?: string | undefined;
  readonly product?: z.infer<typeof productSchema> | undefined;
  readonly branches?: readonly CsafBranch[] | undefined;
}

export const branchSchema: z.ZodType<CsafBranch> = z.lazy(() =>
  z.object({
    category: z.string().optional(),
    name: z.string().optional(),
    product: productSchema.optional(),
    branches: z.array(branchSchema).optional(),
  }),
);

const relationshipSchema = z.object({
  category: z.string().optional(),
  full_product_name: z.object({ product_id: z.string(), name: z.string().optional() }),
  product_reference: z.string(),
  relates_to_product_reference: z.string(),
});

export const productTreeSchema = z.object({
  branches: z.array(branchSchema).default([]),
  relationships: z.array(relationshipSchema).default([]),
});

const idList = z.array(z.string()).optional();

export const vulnerabilitySchema = z.object({
  cve: z.string().optional(),
  ids: z.array(z.object({ system_name: z.string().optional(), text: z.string() })).optional(),
  title: z.string().optional(),
  notes: z.array(z.object({ category: z.string().optional(), text: z.string().optional() })).optional(),
  product_status: z
    .object({
      fixed: idList,
      known_affected: idList,
      known_not_affected: idList,
      under_investigation: idList,
      first_fixed: idList,
    })
    .default({}),
  remediations: z.array(z.object({ category: z.string(), details: z.string().optional(), product_ids: idList, url: z.string().optional() })).default([]),
  threats: z.array(z.object({ category: z.string(), details: z.string().optional(), product_ids: idList })).default([]),
  scores: z
    .array(
      z.object({
        cvss_v3: z.object({ vectorString: z.string(), baseScore: z.number().optional(), version: z.string().optional() }).optional(),
        cvss_v2: z.object({ vectorString: z.string(), baseScore: z.number().optional() }).optional(),
        products: idList,
      }),
    )
    .default([]),
  references: z.array(z.object({ url: z.string(), category: z.string().optional() })).default([]),
});

export type CsafVulnerability = z.infer<typeof vulnerabilitySchema>;

/** The document envelope; vulnerabilities stay unknown here so one bad record is a problem, not a failure. */
export const documentSchema = z.object({
  document: z.object({
    category: z.string().optional(),
    tracking: z.object({ id: z.string() }),
    aggregate_severity: z.object({ text: z.string() }).optional(),
    references: z.array(z.object({ url: z.string(), category: z.string().optional() })).optional(),
  }),
  product_tree: productTreeSchema,
  vulnerabilities: z.array(z.unknown()).default([]),
});

export type CsafDocument = z.infer<typeof documentSchema>;
export type CsafProductTree = z.infer<typeof productTreeSchema>;
