import { createHash } from "node:crypto";
import { Writable, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { EntryType } from "../contracts/file-tree.js";
import { silentProgress, type Progress } from "../contracts/image-source.js";
import type { ContentProbe } from "../contracts/scanner.js";
import type { LayerInfo } from "../core/image.js";
import { FatalError, isFatalError } from "../core/problem.js";
import type { BufferBudget } from "./buffer-budget.js";
import { filler, probeFiller } from "./body-fillers.js";
import { decompressStream, detectCompression, type ZstdBackend } from "./compression.js";
import { normalizeEntryPath, parentOf, type WantMatcher } from "./paths.js";
import { matchingProbes, runProbes } from "./probes.js";
import { TarPushParser, type TarBody, type TarEntryType } from "./tar-push.js";

/** One tar entry as the tree builder sees it. Whiteouts name the path they remove. */
export interface LayerEntry {
  readonly kind: EntryType | "whiteout" | "opaque";
  readonly path: string;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  readonly linkTarget: string | null;
  /** Buffered content, only for wanted regular files. */
  readonly content: Buffer | null;
  /** Content-probe results for a regular file some probe matched and answered. */
  readonly probes?: Readonly<Record<string, unknown>>;
}

export interface LayerWalkOptions {
  readonly wants: WantMatcher;
  readonly maxFileSize: number;
  readonly progress?: Progress;
  readonly signal?: AbortSignal;
  readonly zstdBackend?: ZstdBackend;
  /** Label for progress and errors, e.g. `layer 2/5`. */
  readonly label?: string;
  /** Content probes; a matched file is buffered only while its probes run. */
  readonly probes?: readonly ContentProbe[];
  /**
   * False when the caller does not know the blob's digest (a Clair v2 layer Path without one):
   * the bytes are still read once, but not compared against `layer.digest`.
   */
  readonly verifyDigest?: boolean;
  /**
   * The scan's budget for files held for parsing, shared across layers. A wanted file is held
   * only when its size fits (and stays charged); a probed file is charged while its probes run.
   * A file that does not fit is not read: its entry has no content and the budget records why.
   */
  readonly budget?: BufferBudget;
}

/** Inflated bytes that may wait for the tar walk (see `extract`). */
const PARSE_AHEAD = 8 << 20;
/** Largest probe-only file read into the walk's reused buffer; a bigger one gets its own. */
const SCRATCH_MAX = 16 << 20;
const WH_PREFIX = ".wh.";
const OPAQUE = ".wh..wh..opq";

function entryKind(type: TarEntryType | null): EntryType {
  switch (type) {
    case "file":
    case "contiguous-file":
      return "file";
    case "directory":
      return "dir";
    case "symlink":
      return "symlink";
    case "link":
      return "hardlink";
    default:
      return "other";
  }
}

/** Waits for the first chunk so the magic bytes can pick the decompressor, then puts it back. */
function peek(raw: Readable): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      raw.off("readable", onReadable);
      raw.off("end", onEnd);
      raw.off("error", onError);
    };
    const onReadable = (): void => {
      const chunk: unknown = raw.read();
      if (chunk === null) return;
      cleanup();
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      raw.unshift(buf);
      resolve(buf);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(null);
    };
    const onError = (e: Error): void => {
      cleanup();
      reject(e);
    };
    raw.on("readable", onReadable);
    raw.on("end", onEnd);
    raw.on("error", onError);
  });
}

function shortDigest(d: string): string {
  return d.slice(0, 19);
}

/**
 * Reads one layer blob exactly once: hashes the stored (compressed) bytes against `layer.digest`
 * and the tar against `layer.diffId`, inflates, walks the tar and hands each entry to `onEntry`.
 * Only wanted regular files are buffered; every other body is skipped by counting its bytes.
 * Nothing touches the disk.
 */
export async function walkLayer(raw: Readable, layer: LayerInfo, options: LayerWalkOptions, onEntry: (e: LayerEntry) => void): Promise<void> {
  const label = options.label ?? `layer ${shortDigest(layer.digest)}`;
  const first = await peek(raw);
  if (first === null) throw new FatalError("LAYER_CORRUPT", `${label} (${layer.digest}) is empty`);
  const kind = detectCompression(first, layer.mediaType);

  const hash = createHash("sha256");
  const task = (options.progress ?? silentProgress).start(label, layer.size, "bytes");
  let rawError: unknown = null;
  raw.on("data", (chunk: Buffer) => {
    hash.update(chunk);
    task.advance(chunk.length);
  });
  raw.once("error", (e: unknown) => {
    rawError ??= e;
  });

  const inflate = decompressStream(kind, options.zstdBackend ? { zstdBackend: options.zstdBackend } : {});
  // A source without a config (Clair manifests, v2 layers) has no diff_id and names the layer by
  // its blob digest twice; otherwise the tar itself must match the config's diff_id (issue 9 §12).
  const diffHash = kind !== "none" && layer.diffId !== layer.digest ? createHash("sha256") : null;
  let tarBytes = 0;
  if (kind === "none") raw.on("data", (c: Buffer) => (tarBytes += c.length));

  // End offset of the last entry's data, and whether its body was complete (padding tolerance).
  let lastDataEnd = 0;
  let lastComplete = true;
  const maxFileSize = options.maxFileSize;
  const done = (): void => {
    lastComplete = true;
  };

  // Probe-only files are held one at a time and let go once probed, so one buffer, grown as
  // needed, holds them all: a fresh one per executable cost page faults and garbage collections
  // worth a tenth of the walk. Probes keep no reference to the bytes (ContentProbe says so). A
  // body that arrives whole, within one inflated chunk, is probed where it lies, without a copy.
  let scratch: Buffer | null = null;
  const probeBuffer = (size: number): Buffer => {
    if (size > SCRATCH_MAX) return Buffer.allocUnsafe(size);
    if (scratch === null || scratch.length < size) scratch = Buffer.allocUnsafe(Math.min(SCRATCH_MAX, Math.max(size, 2 * (scratch?.length ?? 1 << 19))));
    return scratch.subarray(0, size);
  };

  let entries = 0;
  const parser = new TarPushParser((header): TarBody => {
    entries++;
    const path = normalizeEntryPath(header.name, label);
    const size = header.size;
    const type = entryKind(header.type);
    lastDataEnd = header.byteOffset + (type === "dir" ? 0 : size);
    lastComplete = size === 0 || type === "dir";
    const slash = path.lastIndexOf("/");
    const base = slash < 0 ? path : path.slice(slash + 1);

    if (base.startsWith(WH_PREFIX)) {
      const dir = parentOf(path);
      if (base === OPAQUE) onEntry({ kind: "opaque", path: dir, mode: 0, uid: 0, gid: 0, size: 0, linkTarget: null, content: null });
      else if (!base.startsWith(`${WH_PREFIX}${WH_PREFIX}`)) {
        const target = dir === "" ? base.slice(WH_PREFIX.length) : `${dir}/${base.slice(WH_PREFIX.length)}`;
        onEntry({ kind: "whiteout", path: target, mode: 0, uid: 0, gid: 0, size: 0, linkTarget: null, content: null });
      }
      // Other `.wh..wh.*` names are aufs bookkeeping, not part of the image.
      return { end: done };
    }

    const linkTarget = type === "hardlink" && header.linkname !== null ? normalizeEntryPath(header.linkname, label) : header.linkname;
    const { mode, uid, gid } = header;
    const meta = { path, mode, uid, gid, size };
    const wanted = type === "file" && path !== "" && options.wants.matches(path);
    const probes = type === "file" && path !== "" ? matchingProbes(options.probes, meta) : [];
    const budget = options.budget;
    if (!wanted && probes.length > 0 && (budget === undefined || budget.tryReserve(path, size))) {
      // Probe-only: hold this one file (its size is within every matching probe's cap), keep only
      // the probes' small results, and let the bytes go before the next entry.
      const fill = probeFiller(size, probeBuffer);
      return {
        data: fill.add,
        end: () => {
          lastComplete = true;
          const results = runProbes(probes, fill.bytes(), path, budget?.available);
          budget?.release(size);
          onEntry({ kind: "file", ...meta, linkTarget: null, content: null, ...(results ? { probes: results } : {}) });
        },
      };
    }
    if (!wanted) {
      return {
        end: () => {
          lastComplete = true;
          if (path !== "") onEntry({ kind: type, ...meta, linkTarget, content: null });
        },
      };
    }
    if (size > maxFileSize) {
      // The header already tells: refuse before reading a byte of a possible decompression bomb.
      throw new FatalError(
        "FILE_TOO_LARGE",
        `${label}: ${path} is ${size} bytes, over the ${maxFileSize}-byte limit for buffered files`,
        "raise the buffered-file limit if the file is legitimate",
      );
    }
    if (budget !== undefined && !budget.tryReserve(path, size)) {
      // Over the scan's budget: the entry keeps its metadata, the budget reports it unread.
      return {
        end: () => {
          lastComplete = true;
          onEntry({ kind: "file", ...meta, linkTarget: null, content: null });
        },
      };
    }
    const fill = filler(size);
    return {
      data: fill.add,
      end: () => {
        lastComplete = true;
        const content = fill.bytes();
        const results = probes.length > 0 ? runProbes(probes, content, path, budget?.available) : null;
        onEntry({ kind: "file", ...meta, linkTarget: null, content, ...(results ? { probes: results } : {}) });
      },
    };
  });
  const walk = (chunk: Buffer, cb: (e?: Error) => void): void => {
    try {
      if (kind !== "none") {
        tarBytes += chunk.length;
        diffHash?.update(chunk);
      }
      parser.push(chunk);
      cb();
    } catch (e) {
      cb(e instanceof Error ? e : new Error(String(e)));
    }
  };
  // The inflater runs on libuv's thread pool and is handed its next chunk only once this thread
  // has taken the last one's output. Walking that output on the next tick, with a few MiB allowed
  // to wait, lets the inflater work on the next chunk meanwhile instead of the two taking turns.
  const extract = new Writable({
    highWaterMark: PARSE_AHEAD,
    write(chunk: Buffer, _enc, cb): void {
      process.nextTick(walk, chunk, cb);
    },
    final(cb): void {
      try {
        parser.end();
        cb();
      } catch (e) {
        cb(e instanceof Error ? e : new Error(String(e)));
      }
    },
  });

  const stages = kind === "none" ? ([raw, extract] as const) : ([raw, inflate, extract] as const);
  try {
    await (stages.length === 2
      ? pipeline(stages[0], stages[1], options.signal ? { signal: options.signal } : {})
      : pipeline(stages[0], stages[1], stages[2], options.signal ? { signal: options.signal } : {}));
  } catch (e) {
    if (isFatalError(e)) throw e;
    if (e instanceof Error && e.name === "AbortError") throw e;
    if (rawError !== null) {
      if (isFatalError(rawError)) throw rawError;
      const msg = rawError instanceof Error ? rawError.message : String(rawError);
      throw new FatalError("LAYER_CORRUPT", `${label} (${layer.digest}): reading the blob failed: ${msg}`, undefined, { cause: rawError });
    }
    const msg = e instanceof Error ? e.message : String(e);
    if (entries === 0 && /Unexpected end of data/.test(msg)) {
      const what = kind === "none" ? `the ${tarBytes}-byte blob is not a tar` : `the ${tarBytes} bytes inside the ${kind} blob are not a tar`;
      throw new FatalError("LAYER_CORRUPT", `${label} (${layer.digest}): ${what}`, "a layer must be a tar archive, optionally gzip- or zstd-compressed", {
        cause: e,
      });
    }
    // umoci writes tars without the last entry's padding and end blocks; Go's archive/tar accepts
    // them, so do we, but only when every byte of the last entry's body arrived. Without any entry
    // there is no such tar: a short non-tar blob (an HTML error page) is not an empty layer.
    const paddingOnly = /Unexpected end of data/.test(msg) && entries > 0 && lastComplete && tarBytes >= lastDataEnd && tarBytes - lastDataEnd < 512;
    if (!paddingOnly) {
      const what = /Unexpected end of data/.test(msg) ? "tar stream is truncated" : kind === "none" ? `bad tar: ${msg}` : `bad ${kind} or tar data: ${msg}`;
      throw new FatalError("LAYER_CORRUPT", `${label} (${layer.digest}): ${what}`, "the blob is damaged; fetch or export the image again", { cause: e });
    }
    // The tar parser stopped early, but the blob must still be read to the end for its digest.
    if (!raw.readableEnded) await drain(raw);
  } finally {
    task.done();
  }
  if (tarBytes === 0) {
    throw new FatalError(
      "LAYER_CORRUPT",
      `${label} (${layer.digest}): the ${kind} blob holds no data, so no tar`,
      "a layer must be a tar archive; an empty one is 1024 zero bytes",
    );
  }
  const actual = `sha256:${hash.digest("hex")}`;
  if (options.verifyDigest !== false && actual !== layer.digest) {
    throw new FatalError(
      "DIGEST_MISMATCH",
      `${label}: blob has digest ${actual}, expected ${layer.digest}`,
      "the archive or registry content is corrupt or was tampered with",
    );
  }
  const tarDigest = diffHash === null ? actual : `sha256:${diffHash.digest("hex")}`;
  if (layer.diffId !== layer.digest && tarDigest !== layer.diffId) {
    throw new FatalError(
      "DIGEST_MISMATCH",
      `${label}: uncompressed tar has digest ${tarDigest}, but the config's diff_id is ${layer.diffId}`,
      "the archive or registry content is corrupt or was tampered with",
    );
  }
}

function drain(raw: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    if (raw.destroyed) return resolve();
    raw.on("end", resolve);
    raw.on("error", reject);
    raw.resume();
  });
}
