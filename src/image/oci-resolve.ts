import type { Digest } from "../core/digest.js";
import type { ImageConfig, LayerInfo, Platform, ResolvedImage } from "../core/image.js";
import { FatalError } from "../core/problem.js";
import { verifyBlob } from "./digests.js";
import { manifestKind, parseJson, selectPlatform, type Descriptor, type ImageManifest } from "./oci-manifest.js";

/** Where manifests and blobs come from: an OCI layout, an archive, or a registry. */
export interface ManifestFetcher {
  /** Raw bytes of the index or manifest `d` names; the resolver verifies the digest. */
  manifest(d: Descriptor): Promise<Buffer>;
  /** Raw bytes of a small blob (the config); the resolver verifies the digest. */
  blob(d: Descriptor): Promise<Buffer>;
}

export interface ResolveRoot {
  readonly bytes: Buffer;
  /** The digest the root was fetched by (verified), or null when it was fetched by tag. */
  readonly digest: Digest | null;
  readonly mediaType: string | null;
}

export interface ResolveContext {
  readonly ref: string;
  readonly repository: string | null;
  readonly platform: Platform;
  /** Names the image in errors, e.g. `oci-archive:x.tar:tag`. */
  readonly what: string;
}

const MAX_INDEX_DEPTH = 4;

/** Turns an already-parsed config into claro's ImageConfig, keeping the raw JSON. */
export function toImageConfig(bytes: Buffer, what: string): ImageConfig {
  const c = parseJson(bytes, "imageConfig", what);
  const raw: unknown = JSON.parse(bytes.toString("utf8"));
  const cfg = c.config ?? {};
  const config: ImageConfig["config"] = Object.fromEntries(Object.entries(cfg).filter(([, v]) => v !== null && v !== undefined));
  const history = c.history ?? undefined;
  return {
    architecture: c.architecture,
    os: c.os,
    ...(c.variant !== undefined ? { variant: c.variant } : {}),
    ...(c.created !== undefined ? { created: c.created } : {}),
    config,
    rootfs: c.rootfs,
    ...(history ? { history } : {}),
    raw,
  };
}

/** `created_by` of the history steps that made a layer, in layer order. */
export function layerHistory(config: ImageConfig): (string | null)[] {
  return (config.history ?? []).filter((h) => h.empty_layer !== true).map((h) => h.created_by ?? null);
}

/** Pairs manifest layer descriptors with the config's diff_ids and history. */
export function layersFromManifest(manifest: ImageManifest, config: ImageConfig, what: string): LayerInfo[] {
  const diffIds = config.rootfs.diff_ids;
  if (diffIds.length !== manifest.layers.length) {
    throw new FatalError("ARCHIVE_CORRUPT", `${what}: manifest lists ${manifest.layers.length} layers but the config has ${diffIds.length} diff_ids`);
  }
  const createdBy = layerHistory(config);
  return manifest.layers.map((l, i) => ({
    digest: l.digest,
    diffId: diffIds[i]!,
    mediaType: l.mediaType ?? "application/octet-stream",
    size: l.size,
    createdBy: createdBy[i] ?? null,
  }));
}

/**
 * Follows a root document (index or manifest) down to one image: selects the platform from
 * (possibly nested) indexes, then reads the config. Every fetched document is digest-verified.
 */
export async function resolveFromRoot(fetcher: ManifestFetcher, root: ResolveRoot, ctx: ResolveContext): Promise<ResolvedImage> {
  let bytes = root.bytes;
  let digest = root.digest;
  let mediaType = root.mediaType;
  let indexDigest: Digest | null = null;
  for (let depth = 0; ; depth++) {
    const kind = manifestKind(bytes, mediaType, ctx.what);
    if (kind === "manifest") break;
    if (depth >= MAX_INDEX_DEPTH) throw new FatalError("ARCHIVE_CORRUPT", `${ctx.what}: image indexes nested more than ${MAX_INDEX_DEPTH} deep`);
    const index = parseJson(bytes, "index", `${ctx.what}: index`);
    const child = selectPlatform(index, ctx.platform, ctx.what);
    indexDigest ??= digest;
    bytes = await fetcher.manifest(child);
    verifyBlob(bytes, child.digest, `${ctx.what}: manifest ${child.digest}`);
    digest = child.digest;
    mediaType = child.mediaType ?? null;
  }
  const manifest = parseJson(bytes, "manifest", `${ctx.what}: manifest`);
  const configBytes = await fetcher.blob(manifest.config);
  verifyBlob(configBytes, manifest.config.digest, `${ctx.what}: config ${manifest.config.digest}`);
  const config = toImageConfig(configBytes, `${ctx.what}: config`);
  return {
    ref: ctx.ref,
    digest,
    indexDigest,
    repository: ctx.repository,
    platform: config.variant
      ? { os: config.os, architecture: config.architecture, variant: config.variant }
      : { os: config.os, architecture: config.architecture },
    config,
    layers: layersFromManifest(manifest, config, ctx.what),
  };
}
