import { createRequire } from "node:module";
import { PassThrough, Transform, type TransformCallback } from "node:stream";
import { createGunzip } from "node:zlib";
import type { Compression } from "../core/image.js";

const GZIP_MAGIC = [0x1f, 0x8b] as const;
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd] as const;
/** Large output chunks cut per-chunk overhead in the tar walker (dependencies-and-floors §c). */
const INFLATE_CHUNK = 256 * 1024;

function startsWith(head: Uint8Array, magic: readonly number[]): boolean {
  if (head.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (head[i] !== magic[i]) return false;
  return true;
}

/** What the media type claims, or null when it does not say (e.g. `application/octet-stream`). */
export function compressionFromMediaType(mediaType: string | null | undefined): Compression | null {
  if (!mediaType) return null;
  if (/(\+|\.)gzip$|\+gzip\b|tar\.gzip/.test(mediaType)) return "gzip";
  if (/(\+|\.)zstd$/.test(mediaType)) return "zstd";
  if (/\.tar$|layer\.v1\.tar$|rootfs\.diff\.tar$/.test(mediaType)) return "none";
  return null;
}

/**
 * The compression of a blob. Registries and archive writers mislabel layers (skopeo can keep a gzip
 * blob under a zstd manifest), so the bytes win over the media type when they disagree.
 */
export function detectCompression(head: Uint8Array, mediaType?: string | null): Compression {
  if (startsWith(head, GZIP_MAGIC)) return "gzip";
  if (startsWith(head, ZSTD_MAGIC)) return "zstd";
  // Too few bytes to tell: trust the label. Otherwise an unknown head is a plain tar.
  if (head.length < ZSTD_MAGIC.length) return compressionFromMediaType(mediaType) ?? "none";
  return "none";
}

export type ZstdBackend = "zstd-napi" | "fzstd";

interface ZstdNapiModule {
  DecompressStream: new () => Transform;
}

let napiCache: ZstdNapiModule | null | undefined;
const requireNapi = (): unknown => createRequire(import.meta.url)("zstd-napi");
let napiLoader: () => unknown = requireNapi;

/**
 * Replaces how zstd-napi is loaded (null restores the real one). Tests use it to simulate a machine
 * where the native addon failed to build, which no real component can show on this one.
 */
export function overrideZstdNapiLoader(loader: (() => unknown) | null): void {
  napiLoader = loader ?? requireNapi;
  napiCache = undefined;
}

function loadZstdNapi(): ZstdNapiModule | null {
  if (napiCache !== undefined) return napiCache;
  try {
    const mod: unknown = napiLoader();
    napiCache =
      typeof mod === "object" && mod !== null && "DecompressStream" in mod && typeof mod.DecompressStream === "function"
        ? (mod as ZstdNapiModule)
        : null;
  } catch {
    // The native addon is built by node-gyp at install; without a toolchain it is missing.
    napiCache = null;
  }
  return napiCache;
}

/** The zstd backend `decompressStream` will use when none is forced. */
export function availableZstdBackend(): ZstdBackend {
  return loadZstdNapi() ? "zstd-napi" : "fzstd";
}

/** fzstd's push API wrapped as a Transform: the pure-JS fallback, about half the speed of zstd-napi. */
class FzstdStream extends Transform {
  private readonly decoder: { push(chunk: Uint8Array, final?: boolean): unknown };

  constructor(Decompress: new (ondata: (data: Uint8Array) => void) => { push(chunk: Uint8Array, final?: boolean): unknown }) {
    super({ readableHighWaterMark: INFLATE_CHUNK });
    this.decoder = new Decompress((data) => {
      // fzstd reuses its window buffers, so each block is copied before it leaves.
      if (data.length > 0) this.push(Buffer.from(data));
    });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    try {
      this.decoder.push(chunk);
      cb();
    } catch (e) {
      cb(e instanceof Error ? e : new Error(String(e)));
    }
  }

  override _flush(cb: TransformCallback): void {
    try {
      this.decoder.push(new Uint8Array(0), true);
      cb();
    } catch (e) {
      cb(e instanceof Error ? e : new Error(String(e)));
    }
  }
}

function fzstdStream(): Transform {
  const mod: unknown = createRequire(import.meta.url)("fzstd");
  if (typeof mod !== "object" || mod === null || !("Decompress" in mod) || typeof mod.Decompress !== "function") {
    throw new Error("fzstd did not load");
  }
  return new FzstdStream(mod.Decompress as ConstructorParameters<typeof FzstdStream>[0]);
}

/**
 * A Transform that inflates `kind`. `zstd` uses zstd-napi when its addon loads and fzstd otherwise;
 * `zstdBackend` forces one (tests cover both).
 */
export function decompressStream(kind: Compression, options: { zstdBackend?: ZstdBackend } = {}): Transform {
  switch (kind) {
    case "gzip":
      return createGunzip({ chunkSize: INFLATE_CHUNK });
    case "zstd": {
      const backend = options.zstdBackend ?? availableZstdBackend();
      const napi = backend === "zstd-napi" ? loadZstdNapi() : null;
      if (backend === "zstd-napi" && !napi) throw new Error("zstd-napi is not available");
      return napi ? new napi.DecompressStream() : fzstdStream();
    }
    case "none":
      return new PassThrough({ highWaterMark: INFLATE_CHUNK });
  }
}
