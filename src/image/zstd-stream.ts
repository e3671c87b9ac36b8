import { Transform, type TransformCallback } from "node:stream";

/**
 * Largest zstd window accepted: libzstd's own default decoder limit (windowLogMax 27), which
 * zstd-napi applies; fzstd would otherwise allocate whatever a frame header claims (up to 2 GB).
 */
export const MAX_ZSTD_WINDOW = 1 << 27;

/** What one bounded decompression step used and produced. */
interface Step {
  readonly consumed: number;
  readonly output: readonly Buffer[];
  /** The step's output buffer filled up: more may come out without more input. */
  readonly more: boolean;
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/**
 * A decompressor that inflates each input chunk in bounded steps and stops between steps while
 * its reader is full, as Node's zlib streams do. A plain Transform is throttled only between
 * input chunks, so one 64 KB zstd chunk that inflates to 2 GiB would be pushed all at once.
 */
abstract class BoundedInflate extends Transform {
  private input: Buffer = Buffer.alloc(0);
  private more = false;
  private callback: TransformCallback | null = null;
  private waiting = false;

  constructor(protected readonly chunkSize: number) {
    super({ readableHighWaterMark: chunkSize });
  }

  protected abstract step(input: Buffer): Step;
  /** Ends the stream: the last output, or a throw when it stopped inside a frame. */
  protected abstract finish(): readonly Buffer[];

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.input = chunk;
    this.callback = cb;
    this.pump();
  }

  override _read(size: number): void {
    if (this.waiting) {
      this.waiting = false;
      this.pump();
      if (this.waiting) return;
    }
    // The chunk may have finished without a push in this call: Transform then holds the write
    // callback for its own _read, and no further _read would come while nothing was pushed.
    super._read(size);
  }

  override _flush(cb: TransformCallback): void {
    try {
      for (const b of this.finish()) this.push(b);
      cb();
    } catch (e) {
      cb(asError(e));
    }
  }

  private pump(): void {
    const cb = this.callback;
    if (cb === null) return;
    try {
      while (this.input.length > 0 || this.more) {
        const before = this.input.length;
        const { consumed, output, more } = this.step(this.input);
        this.input = this.input.subarray(consumed);
        this.more = more;
        let room = true;
        for (const b of output) if (b.length > 0) room = this.push(b) && room;
        // Never spin on input a decoder will not take.
        if (before > 0 && consumed === 0 && output.length === 0 && !more) throw new Error("zstd decoder made no progress");
        if (!room && (this.input.length > 0 || this.more)) {
          // Resumed by _read once the reader has taken what was pushed.
          this.waiting = true;
          return;
        }
      }
    } catch (e) {
      this.callback = null;
      cb(asError(e));
      return;
    }
    this.callback = null;
    cb();
  }
}

/** zstd-napi's low-level context (`zstd-napi/binding`): `[hint, produced, consumed]`, hint 0 at a frame's end. */
export interface ZstdDCtx {
  decompressStream(dst: Uint8Array, src: Uint8Array): [number, number, number];
}

/** zstd-napi, driven one output buffer at a time. */
export class NapiZstdStream extends BoundedInflate {
  private inFrame = false;

  constructor(
    private readonly dctx: ZstdDCtx,
    chunkSize: number,
  ) {
    super(chunkSize);
  }

  protected step(input: Buffer): Step {
    const out = Buffer.allocUnsafe(this.chunkSize);
    const [hint, produced, consumed] = this.dctx.decompressStream(out, input);
    this.inFrame = hint !== 0;
    // A small result is copied so it does not pin a whole chunk-sized buffer while queued.
    const data = produced * 4 < out.length ? Buffer.from(out.subarray(0, produced)) : out.subarray(0, produced);
    return { consumed, output: produced > 0 ? [data] : [], more: produced === out.length && hint !== 0 };
  }

  protected finish(): readonly Buffer[] {
    if (this.inFrame) throw new Error("zstd stream ended in the middle of a frame");
    return [];
  }
}

type Phase = "magic" | "skip-size" | "skip" | "descriptor" | "frame-header" | "block-header" | "block" | "checksum";

const ZSTD_MAGIC = 0xfd2fb528;
const DID_BYTES = [0, 1, 2, 4] as const;
const FCS_BYTES = [0, 2, 4, 8] as const;

function le(bytes: readonly number[], at: number, n: number): number {
  let v = 0;
  for (let i = n - 1; i >= 0; i--) v = v * 256 + bytes[at + i]!;
  return v;
}

/**
 * Follows the zstd frame format (RFC 8878 §3.1) just far enough to find where each block ends,
 * so the decoder can be fed one block at a time: one block inflates to at most 128 KB, however
 * small it is (an RLE block is 4 bytes). Also refuses windows over MAX_ZSTD_WINDOW.
 */
export class ZstdBlockCutter {
  private phase: Phase = "magic";
  private need = 4;
  private head: number[] = [];
  private descriptor = 0;
  private lastBlock = false;

  /** Length of the prefix of `data` that ends where the first block ending in it ends, else all of it. */
  cut(data: Uint8Array): number {
    let i = 0;
    while (i < data.length) {
      if (this.phase === "skip" || this.phase === "block" || this.phase === "checksum") {
        const take = Math.min(this.need, data.length - i);
        i += take;
        this.need -= take;
        if (this.need > 0) continue;
        const wasBlock = this.phase === "block";
        this.afterBody();
        if (wasBlock) return i;
        continue;
      }
      this.head.push(data[i++]!);
      if (--this.need > 0) continue;
      const head = this.head;
      this.head = [];
      if (this.afterHeader(head)) return i;
    }
    return data.length;
  }

  private enter(phase: Phase, need: number): void {
    this.phase = phase;
    this.need = need;
  }

  /** Handles a complete header field; true when it ended a block (an empty one). */
  private afterHeader(h: readonly number[]): boolean {
    switch (this.phase) {
      case "magic": {
        const magic = le(h, 0, 4);
        if (magic === ZSTD_MAGIC) this.enter("descriptor", 1);
        else if (magic >>> 4 === 0x184d2a5) this.enter("skip-size", 4);
        else throw new Error("not zstd data (bad frame magic)");
        return false;
      }
      case "skip-size": {
        const size = le(h, 0, 4);
        if (size > 0) this.enter("skip", size);
        else this.enter("magic", 4);
        return false;
      }
      case "descriptor": {
        const d = h[0]!;
        this.descriptor = d;
        const single = (d >> 5) & 1;
        const fcsFlag = d >> 6;
        // Never 0: without a single segment there is a window byte, with one a content size.
        this.enter("frame-header", (single ? 0 : 1) + DID_BYTES[d & 3]! + (fcsFlag === 0 ? single : FCS_BYTES[fcsFlag]!));
        return false;
      }
      case "frame-header":
        this.checkWindow(h);
        return false;
      case "block-header": {
        const v = le(h, 0, 3);
        this.lastBlock = (v & 1) === 1;
        const type = (v >> 1) & 3;
        if (type === 3) throw new Error("bad zstd data (reserved block type)");
        const body = type === 1 ? 1 : v >>> 3;
        if (body > 0) {
          this.enter("block", body);
          return false;
        }
        this.afterBody();
        return true;
      }
      default:
        return false;
    }
  }

  private checkWindow(rest: readonly number[]): void {
    const d = this.descriptor;
    const single = (d >> 5) & 1;
    const fcsFlag = d >> 6;
    let window: number;
    if (single) {
      const n = fcsFlag === 0 ? 1 : FCS_BYTES[fcsFlag]!;
      window = le(rest, rest.length - n, n) + (fcsFlag === 1 ? 256 : 0);
    } else {
      const wd = rest[0]!;
      const base = 2 ** (10 + (wd >> 3));
      window = base + (base / 8) * (wd & 7);
    }
    if (window > MAX_ZSTD_WINDOW) throw new Error(`zstd frame needs a ${window}-byte window, over the ${MAX_ZSTD_WINDOW}-byte limit`);
    this.enter("block-header", 3);
  }

  private afterBody(): void {
    if (this.phase === "block" || this.phase === "block-header") {
      if (!this.lastBlock) this.enter("block-header", 3);
      else if ((this.descriptor >> 2) & 1) this.enter("checksum", 4);
      else this.enter("magic", 4);
      return;
    }
    this.enter("magic", 4);
  }
}

interface FzstdDecoder {
  push(chunk: Uint8Array, final?: boolean): unknown;
}

/** fzstd's push API, fed one block at a time: the pure-JS fallback, about half zstd-napi's speed. */
export class FzstdStream extends BoundedInflate {
  private readonly decoder: FzstdDecoder;
  private readonly cutter = new ZstdBlockCutter();
  private readonly out: Buffer[] = [];

  constructor(Decompress: new (ondata: (data: Uint8Array) => void) => FzstdDecoder, chunkSize: number) {
    super(chunkSize);
    this.decoder = new Decompress((data) => {
      // fzstd reuses its window buffers, so each block is copied before it leaves.
      if (data.length > 0) this.out.push(Buffer.from(data));
    });
  }

  protected step(input: Buffer): Step {
    const n = this.cutter.cut(input);
    this.decoder.push(input.subarray(0, n));
    return { consumed: n, output: this.out.splice(0), more: false };
  }

  protected finish(): readonly Buffer[] {
    this.decoder.push(new Uint8Array(0), true);
    return this.out.splice(0);
  }
}
