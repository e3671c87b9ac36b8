import { createRequire } from "node:module";
import type { z as Zod } from "zod";
import { formatPlatform, type Platform } from "../core/image.js";
import { FatalError } from "../core/problem.js";
import { fastParse } from "./oci-fast-parse.js";
import { ociSchemas, type OciSchemas, type Parsed, type SchemaName } from "./oci-schemas.js";

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

export type Descriptor = Parsed<"descriptor">;
export type ImageIndex = Parsed<"index">;
export type ImageManifest = Parsed<"manifest">;

export type ManifestKind = "index" | "manifest";

let schemas: OciSchemas | undefined;

/** The zod schemas, built on the first document the fast reader declines (zod loads only then). */
function schemaOf<K extends SchemaName>(name: K): OciSchemas[K] {
  schemas ??= ociSchemas((createRequire(import.meta.url)("zod") as { z: typeof Zod }).z);
  return schemas[name];
}

/** Parses JSON bytes as one of the image documents; anything malformed is a fatal, one-line error naming `what`. */
export function parseJson<K extends SchemaName>(bytes: Uint8Array, name: K, what: string): Parsed<K> {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch (e) {
    throw new FatalError("ARCHIVE_CORRUPT", `${what}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const fast = fastParse(name, raw);
  if (fast !== null) return fast;
  const r = schemaOf(name).safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "invalid";
    throw new FatalError("ARCHIVE_CORRUPT", `${what}: unexpected content at ${where}`);
  }
  return r.data as Parsed<K>;
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
