import { z } from "zod";
import { isDigest, type Digest } from "../core/digest.js";
import { formatPlatform, type Platform } from "../core/image.js";
import { FatalError } from "../core/problem.js";

export const MEDIA_TYPES = {
  ociIndex: "application/vnd.oci.image.index.v1+json",
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociConfig: "application/vnd.oci.image.config.v1+json",
  ociLayer: "application/vnd.oci.image.layer.v1.tar",
  ociLayerGzip: "application/vnd.oci.image.layer.v1.tar+gzip",
  ociLayerZstd: "application/vnd.oci.image.layer.v1.tar+zstd",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerManifestList: "application/vnd.docker.distribution.manifest.list.v2+json",
  dockerConfig: "application/vnd.docker.container.image.v1+json",
  dockerLayer: "application/vnd.docker.image.rootfs.diff.tar",
  dockerLayerGzip: "application/vnd.docker.image.rootfs.diff.tar.gzip",
  /** The one synthetic layer of a `dir:` source. */
  claroRootfs: "application/vnd.claro.rootfs",
} as const;

/** What a registry client sends in `Accept` for manifests: OCI types must be present (registry 404s otherwise). */
export const MANIFEST_ACCEPT = [MEDIA_TYPES.ociIndex, MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifestList, MEDIA_TYPES.dockerManifest] as const;

export const REF_NAME_ANNOTATION = "org.opencontainers.image.ref.name";

const digestSchema = z.string().refine(isDigest, { message: "not a sha256 digest" }).transform((s) => s as Digest);

export const platformSchema = z.object({
  architecture: z.string(),
  os: z.string(),
  variant: z.string().optional(),
  "os.version": z.string().optional(),
});

export const descriptorSchema = z.object({
  mediaType: z.string().optional(),
  digest: digestSchema,
  size: z.number().int().nonnegative(),
  annotations: z.record(z.string(), z.string()).optional(),
  platform: platformSchema.optional(),
});
export type Descriptor = z.infer<typeof descriptorSchema>;

/** OCI image index and Docker manifest list share this shape. */
export const indexSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  manifests: z.array(descriptorSchema),
  annotations: z.record(z.string(), z.string()).optional(),
});
export type ImageIndex = z.infer<typeof indexSchema>;

/** OCI image manifest and Docker v2 schema 2 manifest share this shape. */
export const manifestSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  config: descriptorSchema,
  layers: z.array(descriptorSchema),
  annotations: z.record(z.string(), z.string()).optional(),
});
export type ImageManifest = z.infer<typeof manifestSchema>;

export const imageConfigSchema = z.object({
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
  rootfs: z.object({ type: z.string(), diff_ids: z.array(digestSchema) }),
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
});

export type ManifestKind = "index" | "manifest";

/** Parses JSON bytes with a schema; anything malformed is a fatal, one-line error naming `what`. */
export function parseJson<T>(bytes: Uint8Array, schema: z.ZodType<T>, what: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch (e) {
    throw new FatalError("ARCHIVE_CORRUPT", `${what}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "invalid";
    throw new FatalError("ARCHIVE_CORRUPT", `${what}: unexpected content at ${where}`);
  }
  return r.data;
}

/** Tells an index from a manifest by media type, falling back to the document's shape. */
export function manifestKind(bytes: Uint8Array, mediaType: string | null | undefined, what: string): ManifestKind {
  const mt = mediaType ?? "";
  if (mt === MEDIA_TYPES.ociIndex || mt === MEDIA_TYPES.dockerManifestList) return "index";
  if (mt === MEDIA_TYPES.ociManifest || mt === MEDIA_TYPES.dockerManifest) return "manifest";
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    throw new FatalError("ARCHIVE_CORRUPT", `${what}: not valid JSON`);
  }
  if (typeof raw === "object" && raw !== null) {
    const inner = "mediaType" in raw && typeof raw.mediaType === "string" ? raw.mediaType : "";
    if (inner === MEDIA_TYPES.ociIndex || inner === MEDIA_TYPES.dockerManifestList || "manifests" in raw) return "index";
    if ("layers" in raw) return "manifest";
  }
  throw new FatalError("UNSUPPORTED_MEDIA_TYPE", `${what}: unsupported manifest type '${mt || "unknown"}'`, "claro reads OCI and Docker v2 schema 2 images");
}

const ARCH_ALIASES: Record<string, string> = { x86_64: "amd64", x86: "386", aarch64: "arm64", armhf: "arm", armel: "arm" };

/** Normalises a platform the way containerd does: arm64's default variant is v8, aliases fold. */
export function normalizePlatform(p: Platform): Platform {
  const architecture = ARCH_ALIASES[p.architecture] ?? p.architecture;
  let variant = p.variant || undefined;
  if (architecture === "arm64" && (variant === undefined || variant === "8")) variant = "v8";
  if (architecture === "arm" && variant !== undefined && /^\d$/.test(variant)) variant = `v${variant}`;
  return variant === undefined ? { os: p.os, architecture } : { os: p.os, architecture, variant };
}

/**
 * Picks the descriptor for `wanted` from an index. A wanted platform without a variant matches
 * any variant (the first listed wins, as docker does); errors list what the index offers.
 */
export function selectPlatform(index: ImageIndex, wanted: Platform, what: string): Descriptor {
  const want = normalizePlatform(wanted);
  const candidates = index.manifests.filter((d) => d.platform !== undefined);
  const exact = candidates.find((d) => {
    const p = normalizePlatform(d.platform!);
    return p.os === want.os && p.architecture === want.architecture && (p.variant ?? "") === (want.variant ?? "");
  });
  const loose =
    exact ??
    (wanted.variant
      ? undefined
      : candidates.find((d) => {
          const p = normalizePlatform(d.platform!);
          return p.os === want.os && p.architecture === want.architecture;
        }));
  if (loose) return loose;
  const available = candidates.map((d) => formatPlatform(normalizePlatform(d.platform!))).filter((p) => p !== "unknown/unknown");
  throw new FatalError(
    "PLATFORM_NOT_FOUND",
    `${what} has no image for ${formatPlatform(want)}; available: ${available.length > 0 ? available.join(", ") : "none"}`,
    "choose one of the available platforms with --platform",
  );
}
