import type { Digest } from "./digest.js";

export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join("/");
}

/** The subset of the OCI/Docker image config that claro reads. Unknown fields are kept in `raw`. */
export interface ImageConfig {
  readonly architecture: string;
  readonly os: string;
  readonly variant?: string;
  readonly created?: string;
  readonly config: {
    readonly User?: string;
    readonly Env?: readonly string[];
    readonly Cmd?: readonly string[];
    readonly Entrypoint?: readonly string[];
    readonly WorkingDir?: string;
    readonly ExposedPorts?: Readonly<Record<string, unknown>>;
    readonly Labels?: Readonly<Record<string, string>>;
    readonly Healthcheck?: unknown;
  };
  readonly rootfs: { readonly type: string; readonly diff_ids: readonly Digest[] };
  readonly history?: readonly {
    readonly created?: string;
    readonly created_by?: string;
    readonly empty_layer?: boolean;
    readonly comment?: string;
  }[];
  readonly raw: unknown;
}

export type Compression = "gzip" | "zstd" | "none";

/** One layer of a resolved image. */
export interface LayerInfo {
  /** Digest of the blob as stored (compressed); equals diffId for uncompressed layers. */
  readonly digest: Digest;
  /** Digest of the uncompressed tar, from the config's rootfs.diff_ids. */
  readonly diffId: Digest;
  readonly mediaType: string;
  /** Compressed size in bytes when known. */
  readonly size: number | null;
  /** The history `created_by` of the step that made this layer, when known. */
  readonly createdBy: string | null;
}

/** An image picked out of a source: one platform, one manifest. */
export interface ResolvedImage {
  /** The reference as the user wrote it, e.g. `oci-archive:x.tar:tag`. */
  readonly ref: string;
  /** Digest of the manifest of the chosen platform; null for `dir:` sources. */
  readonly digest: Digest | null;
  /** Digest of the index or list the manifest was selected from, if any. */
  readonly indexDigest: Digest | null;
  /** Repository name where one exists (`library/alpine`, `test/alpine`), for whitelists. */
  readonly repository: string | null;
  readonly platform: Platform;
  readonly config: ImageConfig | null;
  readonly layers: readonly LayerInfo[];
}
