import type { z as Zod } from "zod";
import { isDigest, type Digest } from "../core/digest.js";

/**
 * The JSON documents of an image (index, manifest, config, docker-archive manifest.json), as zod
 * schemas built from the zod namespace they are given: they are the definition, and they name
 * what is wrong with a bad document. Well-formed documents are read by oci-fast-parse.ts without
 * loading zod at all (issue 10 §3: zod is a tenth of a `claro sbom` run's start-up).
 */
export function ociSchemas(z: typeof Zod) {
  const digest = z
    .string()
    .refine(isDigest, { message: "not a sha256 digest" })
    .transform((s) => s as Digest);
  const platform = z.object({
    architecture: z.string(),
    os: z.string(),
    variant: z.string().optional(),
    "os.version": z.string().optional(),
  });
  const descriptor = z.object({
    mediaType: z.string().optional(),
    digest,
    size: z.number().int().nonnegative(),
    annotations: z.record(z.string(), z.string()).optional(),
    platform: platform.optional(),
  });
  return {
    platform,
    descriptor,
    /** OCI image index and Docker manifest list share this shape. */
    index: z.object({
      schemaVersion: z.literal(2),
      mediaType: z.string().optional(),
      manifests: z.array(descriptor),
      annotations: z.record(z.string(), z.string()).optional(),
    }),
    /** OCI image manifest and Docker v2 schema 2 manifest share this shape. */
    manifest: z.object({
      schemaVersion: z.literal(2),
      mediaType: z.string().optional(),
      config: descriptor,
      layers: z.array(descriptor),
      annotations: z.record(z.string(), z.string()).optional(),
    }),
    imageConfig: z.object({
      architecture: z.string(),
      os: z.string(),
      variant: z.string().optional(),
      created: z.string().optional(),
      config: z
        .object({
          User: z.string().optional(),
          Env: z.array(z.string()).nullish(),
          Cmd: z.array(z.string()).nullish(),
          Entrypoint: z.array(z.string()).nullish(),
          WorkingDir: z.string().optional(),
          ExposedPorts: z.record(z.string(), z.unknown()).nullish(),
          Labels: z.record(z.string(), z.string()).nullish(),
          Healthcheck: z.unknown().optional(),
        })
        .nullish(),
      rootfs: z.object({ type: z.string(), diff_ids: z.array(digest) }),
      history: z
        .array(
          z.object({
            created: z.string().optional(),
            created_by: z.string().optional(),
            empty_layer: z.boolean().optional(),
            comment: z.string().optional(),
          }),
        )
        .nullish(),
    }),
    /** `docker save`'s manifest.json. */
    dockerManifest: z.array(
      z.object({
        Config: z.string(),
        RepoTags: z.array(z.string()).nullish(),
        Layers: z.array(z.string()),
      }),
    ),
  };
}

export type OciSchemas = ReturnType<typeof ociSchemas>;
export type SchemaName = keyof OciSchemas;
export type Parsed<K extends SchemaName> = Zod.infer<OciSchemas[K]>;
