import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import tarStream from "tar-stream";
import type { EntryType } from "../contracts/file-tree.js";
import { silentProgress, type Progress } from "../contracts/image-source.js";
import type { ContentProbe } from "../contracts/scanner.js";
import type { LayerInfo } from "../core/image.js";
import { FatalError, isFatalError } from "../core/problem.js";
import type { BufferBudget } from "./buffer-budget.js";
import { decompressStream, detectCompression, type ZstdBackend } from "./compression.js";
import { normalizeEntryPath, parentOf, type WantMatcher } from "./paths.js";
import { matchingProbes, runProbes } from "./probes.js";

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

const WH_PREFIX = ".wh.";
const OPAQUE = ".wh..wh..opq";

function entryKind(type: string | null | undefined): EntryType {
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
 * Only wanted regular files are buffered; every other body is drained. Nothing touches the disk.
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
  if (kind !== "none") {
    inflate.on("data", (c: Buffer) => {
      tarBytes += c.length;
      diffHash?.update(c);
    });
  } else raw.on("data", (c: Buffer) => (tarBytes += c.length));

  const extract = tarStream.extract();
  // End offset of the last entry's data, and whether its body was complete (padding tolerance).
  let lastDataEnd = 0;
  let lastComplete = true;
  const maxFileSize = options.maxFileSize;

  let entries = 0;
  extract.on("entry", (header, body, next) => {
    entries++;
    // The extractor reports every failure itself; a body destroyed with it must not throw again.
    body.on("error", ignore);
    let path: string;
    try {
      path = normalizeEntryPath(header.name, label);
    } catch (e) {
      body.resume();
      next(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    const size = header.size ?? 0;
    const type = entryKind(header.type);
    lastDataEnd = (header as { byteOffset?: number }).byteOffset ?? 0;
    lastDataEnd += type === "dir" ? 0 : size;
    lastComplete = size === 0 || type === "dir";
    let received = 0;
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
      body.on("end", () => {
        lastComplete = true;
        next();
      });
      body.resume();
      return;
    }

    let linkTarget: string | null = header.linkname ?? null;
    if (type === "hardlink" && linkTarget !== null) {
      try {
        linkTarget = normalizeEntryPath(linkTarget, label);
      } catch (e) {
        body.resume();
        next(e instanceof Error ? e : new Error(String(e)));
        return;
      }
    }

    const mode = header.mode ?? 0;
    const wanted = type === "file" && path !== "" && options.wants.matches(path);
    const probes = type === "file" && path !== "" ? matchingProbes(options.probes, { path, mode, size }) : [];
    const budget = options.budget;
    if (!wanted && probes.length > 0 && (budget === undefined || budget.tryReserve(path, size))) {
      // Probe-only: buffer this one file (its size is within every matching probe's cap), keep
      // only the probes' small results, and let the bytes go before the next entry. Filled in
      // place: collecting chunks and concatenating would hold the file twice.
      const buf = Buffer.allocUnsafe(size);
      body.on("data", (data: unknown) => {
        const c = data as Buffer;
        if (received < size) c.copy(buf, received, 0, Math.min(c.length, size - received));
        received += c.length;
      });
      body.on("end", () => {
        lastComplete = true;
        const results = runProbes(probes, buf.subarray(0, Math.min(received, size)), path, budget?.available);
        budget?.release(size);
        onEntry({ kind: "file", path, mode, uid: header.uid ?? 0, gid: header.gid ?? 0, size, linkTarget: null, content: null, ...(results ? { probes: results } : {}) });
        next();
      });
      return;
    }
    if (!wanted) {
      body.on("end", () => {
        lastComplete = true;
        if (path !== "") onEntry({ kind: type, path, mode: header.mode ?? 0, uid: header.uid ?? 0, gid: header.gid ?? 0, size, linkTarget, content: null });
        next();
      });
      body.resume();
      return;
    }
    const tooLarge = (seen: number): FatalError =>
      new FatalError("FILE_TOO_LARGE", `${label}: ${path} is ${seen} bytes, over the ${maxFileSize}-byte limit for buffered files`, "raise the buffered-file limit if the file is legitimate");
    if (size > maxFileSize) {
      // The header already tells: refuse before reading a byte of a possible decompression bomb.
      body.resume();
      next(tooLarge(size));
      return;
    }
    if (budget !== undefined && !budget.tryReserve(path, size)) {
      // Over the scan's budget: the entry keeps its metadata, the budget reports it unread.
      body.on("end", () => {
        lastComplete = true;
        onEntry({ kind: "file", path, mode, uid: header.uid ?? 0, gid: header.gid ?? 0, size, linkTarget: null, content: null });
        next();
      });
      body.resume();
      return;
    }
    // Filled in place (the header gives the size): chunks plus a concatenation would peak at twice it.
    const buf = Buffer.allocUnsafe(size);
    let failed = false;
    body.on("data", (data: unknown) => {
      if (failed) return;
      const c = data as Buffer;
      if (received + c.length > size || received + c.length > maxFileSize) {
        failed = true;
        next(tooLarge(received + c.length));
        return;
      }
      c.copy(buf, received);
      received += c.length;
    });
    body.on("end", () => {
      if (failed) return;
      lastComplete = true;
      const content = received === size ? buf : buf.subarray(0, received);
      const results = probes.length > 0 ? runProbes(probes, content, path, budget?.available) : null;
      onEntry({ kind: "file", path, mode, uid: header.uid ?? 0, gid: header.gid ?? 0, size, linkTarget: null, content, ...(results ? { probes: results } : {}) });
      next();
    });
  });

  const stages = kind === "none" ? [raw, extract] as const : [raw, inflate, extract] as const;
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
      throw new FatalError("LAYER_CORRUPT", `${label} (${layer.digest}): ${what}`, "a layer must be a tar archive, optionally gzip- or zstd-compressed", { cause: e });
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
    throw new FatalError("LAYER_CORRUPT", `${label} (${layer.digest}): the ${kind} blob holds no data, so no tar`, "a layer must be a tar archive; an empty one is 1024 zero bytes");
  }
  const actual = `sha256:${hash.digest("hex")}`;
  if (options.verifyDigest !== false && actual !== layer.digest) {
    throw new FatalError("DIGEST_MISMATCH", `${label}: blob has digest ${actual}, expected ${layer.digest}`, "the archive or registry content is corrupt or was tampered with");
  }
  const tarDigest = diffHash === null ? actual : `sha256:${diffHash.digest("hex")}`;
  if (layer.diffId !== layer.digest && tarDigest !== layer.diffId) {
    throw new FatalError("DIGEST_MISMATCH", `${label}: uncompressed tar has digest ${tarDigest}, but the config's diff_id is ${layer.diffId}`, "the archive or registry content is corrupt or was tampered with");
  }
}

function ignore(): void {}

function drain(raw: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    if (raw.destroyed) return resolve();
    raw.on("end", resolve);
    raw.on("error", reject);
    raw.resume();
  });
}
