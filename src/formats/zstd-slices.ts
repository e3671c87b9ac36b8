import { closeSync, openSync, readSync } from "node:fs";
import { createRequire } from "node:module";
import { FatalError } from "../core/problem.js";

const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
/** Output per decompression step; ZSTD_DStreamOutSize() is 128 KiB, a few of those per step is plenty. */
const OUT = 512 * 1024;

interface DCtx {
  decompressStream(dst: Uint8Array, src: Uint8Array): [number, number, number];
}
interface FzstdDecompress {
  push(chunk: Uint8Array, final?: boolean): void;
}
type FzstdCtor = new (ondata: (data: Uint8Array, final?: boolean) => void) => FzstdDecompress;

const require = createRequire(import.meta.url);

function napiDCtx(): DCtx | null {
  try {
    const mod = require("zstd-napi/binding") as { DCtx?: new () => DCtx };
    return typeof mod.DCtx === "function" ? new mod.DCtx() : null;
  } catch {
    // The native addon is built at install; without a toolchain it is missing and fzstd serves.
    return null;
  }
}

/** Whether the file at `path` starts with zstd's frame magic (read without loading the file). */
export function isZstdFile(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(4);
    return readSync(fd, head, 0, 4, 0) === 4 && head.equals(ZSTD_MAGIC);
  } finally {
    closeSync(fd);
  }
}

/**
 * The decompressed bytes of zstd `slices`, synchronously, a bounded step at a time: the stores
 * consume records inside a synchronous write transaction, so nothing under them may await, and a
 * step's output is capped so one slice that inflates hugely is still handed on in pieces. Data
 * that is not zstd, corrupt, or cut inside a frame throws FEED_INVALID. `fzstd` (pure JS) serves
 * when asked for, or when the zstd-napi addon did not build.
 */
export function* zstdSlices(slices: Iterable<Uint8Array>, what: string, backend: "zstd-napi" | "fzstd" = "zstd-napi"): Generator<Buffer> {
  const invalid = (why: string, cause?: unknown): FatalError =>
    new FatalError(
      "FEED_INVALID",
      `${what}: not a readable zstd stream (${why})`,
      "the download may be truncated; run the update again or check the --source file",
      cause === undefined ? undefined : { cause },
    );
  const napi = backend === "zstd-napi" ? napiDCtx() : null;
  if (napi === null) {
    yield* fzstdSlices(slices, invalid);
    return;
  }
  // decompressStream answers 0 when a frame has just ended, else a hint of the input still wanted.
  let inFrame = false;
  let any = false;
  for (const slice of slices) {
    let src = slice;
    any ||= src.length > 0;
    for (;;) {
      const dst = Buffer.allocUnsafe(OUT);
      let ret: number;
      let produced: number;
      let consumed: number;
      try {
        [ret, produced, consumed] = napi.decompressStream(dst, src);
      } catch (e) {
        throw invalid(e instanceof Error ? e.message : String(e), e);
      }
      src = src.subarray(consumed);
      inFrame = ret !== 0;
      if (produced > 0) yield dst.subarray(0, produced);
      if (src.length === 0 && produced < OUT) break;
    }
  }
  if (!any) throw invalid("empty");
  if (inFrame) throw invalid("it ends inside a frame: truncated");
}

function* fzstdSlices(slices: Iterable<Uint8Array>, invalid: (why: string, cause?: unknown) => FatalError): Generator<Buffer> {
  const out: Buffer[] = [];
  const Decompress = (require("fzstd") as { Decompress: FzstdCtor }).Decompress;
  const d = new Decompress((data) => out.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength)));
  const push = (chunk: Uint8Array, final: boolean): void => {
    try {
      d.push(chunk, final);
    } catch (e) {
      throw invalid(e instanceof Error ? e.message : String(e), e);
    }
  };
  let any = false;
  for (const slice of slices) {
    any ||= slice.length > 0;
    push(slice, false);
    yield* out.splice(0);
  }
  if (!any) throw invalid("empty");
  push(new Uint8Array(0), true);
  yield* out.splice(0);
}
