import { Type, type Static } from "@sinclair/typebox";

/** The same schemas validate requests and generate /openapi.json. */
export const DigestSchema = Type.String({ pattern: "^sha256:[0-9a-f]{64}$", description: "sha256:<64 hex>" });

export const ManifestSchema = Type.Object(
  {
    hash: DigestSchema,
    layers: Type.Array(
      Type.Object({
        hash: DigestSchema,
        uri: Type.String({ minLength: 1 }),
        headers: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()))),
        media_type: Type.Optional(Type.String({ pattern: "^application/vnd\\.oci\\.image\\.layer\\.v1\\.tar(\\+gzip|\\+zstd)?$" })),
      }),
      { maxItems: 256 },
    ),
  },
  { $id: "manifest" },
);
export type ManifestBody = Static<typeof ManifestSchema>;

export const DigestParams = Type.Object({ digest: DigestSchema });
export type DigestParamsT = Static<typeof DigestParams>;

export const ErrorSchema = Type.Object({ code: Type.Optional(Type.String()), message: Type.String() });

export const IndexStateSchema = Type.Object({ state: Type.String() });

/** Reports are built by code from typed values; the schema documents their top-level keys. */
export const IndexReportSchema = Type.Object(
  {
    manifest_hash: Type.String(),
    state: Type.String(),
    err: Type.String(),
    success: Type.Boolean(),
    packages: Type.Record(Type.String(), Type.Unknown()),
    distributions: Type.Record(Type.String(), Type.Unknown()),
    repository: Type.Record(Type.String(), Type.Unknown()),
    environments: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: true },
);

export const MEDIA = {
  manifest: "application/vnd.clair.manifest.v1+json",
  indexReport: "application/vnd.clair.index_report.v1+json",
  indexState: "application/vnd.clair.index_state.v1+json",
  vulnerabilityReport: "application/vnd.clair.vulnerability_report.v1+json",
  error: "application/vnd.clair.error.v1+json",
} as const;
