import { createRequire } from "node:module";
import { PassThrough, type Transform } from "node:stream";
import { createGunzip, type ZlibOptions } from "node:zlib";
import type { Compression } from "../core/image.js";
import { FzstdStream, NapiZstdStream, type ZstdDCtx } from "./zstd-stream.js";

const GZIP_MAGIC = [0x1f, 0x8b] as const;
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd] as const;
/** Large output chunks cut per-chunk overhead in the tar walker (dependencies-and-floors §c). */
const INFLATE_CHUNK = 256 * 1024;
/**
 * Compressed bytes queued ahead of the inflater: with node's default 16 KiB, every 1 MiB read paused
 * the blob stream, and the inflater sat idle until the stream had resumed and handed it the next.
 */
const INFLATE_INPUT_AHEAD = 4 << 20;

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

interface ZstdNapiBinding {
  DCtx: new () => ZstdDCtx;
}

let napiCache: ZstdNapiBinding | null | undefined;
// The low-level binding, not zstd-napi's DecompressStream: that one pushes all the output of an
// input chunk at once, whatever the reader can take (issue 9 §3).
const requireNapi = (): unknown => createRequire(import.meta.url)("zstd-napi/binding");
let napiLoader: () => unknown = requireNapi;

/**
 * Replaces how zstd-napi is loaded (null restores the real one). Tests use it to simulate a machine
 * where the native addon failed to build, which no real component can show on this one.
 */
export function overrideZstdNapiLoader(loader: (() => unknown) | null): void {
  napiLoader = loader ?? requireNapi;
  napiCache = undefined;
}

function loadZstdNapi(): ZstdNapiBinding | null {
  if (napiCache !== undefined) return napiCache;
  try {
    const mod: unknown = napiLoader();
    napiCache = typeof mod === "object" && mod !== null && "DCtx" in mod && typeof mod.DCtx === "function" ? (mod as ZstdNapiBinding) : null;
  } catch {
    // The native addon is built by node-gyp at install; without a toolchain it is missing.
    napiCache = null;
  }
  return napiCache;
}

/**
 * The zstd backend `decompressStream` will use when none is forced. `CLARO_ZSTD_BACKEND=fzstd`
 * forces the pure-JS fallback in a whole process (the CLI or server), e.g. to rule out the addon.
 */
export function availableZstdBackend(): ZstdBackend {
  if (process.env["CLARO_ZSTD_BACKEND"] === "fzstd") return "fzstd";
  return loadZstdNapi() ? "zstd-napi" : "fzstd";
}

function fzstdStream(): Transform {
  const mod: unknown = createRequire(import.meta.url)("fzstd");
  if (typeof mod !== "object" || mod === null || !("Decompress" in mod) || typeof mod.Decompress !== "function") {
    throw new Error("fzstd did not load");
  }
  return new FzstdStream(mod.Decompress as ConstructorParameters<typeof FzstdStream>[0], INFLATE_CHUNK);
}

/**
 * A Transform that inflates `kind`. `zstd` uses zstd-napi when its addon loads and fzstd otherwise;
 * `zstdBackend` forces one (tests cover both).
 */
export function decompressStream(kind: Compression, options: { zstdBackend?: ZstdBackend } = {}): Transform {
  switch (kind) {
    case "gzip": {
      // node hands zlib's options to its Transform; @types/node's ZlibOptions does not list them.
      const gunzip: ZlibOptions & { writableHighWaterMark: number } = { chunkSize: INFLATE_CHUNK, writableHighWaterMark: INFLATE_INPUT_AHEAD };
      return createGunzip(gunzip);
    }
    case "zstd": {
      const backend = options.zstdBackend ?? availableZstdBackend();
      const napi = backend === "zstd-napi" ? loadZstdNapi() : null;
      if (backend === "zstd-napi" && !napi) throw new Error("zstd-napi is not available");
      return napi ? new NapiZstdStream(new napi.DCtx(), INFLATE_CHUNK) : fzstdStream();
    }
    case "none":
      return new PassThrough({ highWaterMark: INFLATE_CHUNK });
  }
}
