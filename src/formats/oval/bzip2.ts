import { createRequire } from "node:module";
import { FatalError } from "../../core/problem.js";

/** Reads `n` bits as a number; `null` skips to the next byte boundary. */
interface BitReader {
  (n: number | null): number;
  /** Bytes touched so far. */
  bytesRead: number;
}

interface Bzip2 {
  /** Reads a stream header (`BZh1`…`BZh9`): the block size in 100 000-byte units. Throws on bad magic. */
  header(bits: BitReader): number;
  /** Decodes one block into `out`, byte by byte; the running stream CRC, or null at the end-of-stream marker. */
  decompress(bits: BitReader, out: (byte: number) => void, buf: Int32Array, bufsize: number, streamCRC: number): number | null;
}

// unbzip2-stream 1.4.3 ships no types, and the lint's kebab-case rule turns away a `.d.ts` file;
// the two CommonJS modules of its decoder core are typed here instead.
const require = createRequire(import.meta.url);
const bzip2 = require("unbzip2-stream/lib/bzip2.js") as Bzip2;
const bitIterator = require("unbzip2-stream/lib/bit_iterator.js") as (nextBuffer: () => Buffer) => BitReader;

export const isBzip2 = (head: Buffer): boolean => head.length >= 3 && head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68;

const PIECE = 256 * 1024;

class Truncated extends Error {}

/**
 * Decompresses bzip2 bytes block by block, synchronously, pulling compressed input only when the
 * decoder needs it. This drives unbzip2-stream's decoder core rather than its stream wrapper: the
 * wrapper allocates a fresh 3.6 MB table and a byte-per-element array for every block, which left
 * a 30 MB document peaking ~70 MB higher; here both are reused. Several concatenated streams
 * (pbzip2) are read in turn. A truncated or corrupt stream (bad CRC included) throws FEED_INVALID.
 * The decoder keeps its tables on its module object, so two decodes must not interleave; readOval
 * drains a document before it returns, so none do.
 */
export function* bunzip2Chunks(compressed: Iterable<Buffer>, label: string): Generator<Buffer> {
  const it = compressed[Symbol.iterator]();
  const queue: Buffer[] = [];
  let fed = 0;
  const pull = (): boolean => {
    for (let r = it.next(); !r.done; r = it.next()) {
      if (r.value.length === 0) continue;
      queue.push(r.value);
      fed += r.value.length;
      return true;
    }
    return false;
  };
  let out = Buffer.allocUnsafe(1 << 20);
  let n = 0;
  const put = (byte: number): void => {
    // A block holds ≤ 900 kB before bzip2's run-length stage, but runs can expand it well past that.
    if (n === out.length) {
      const bigger = Buffer.allocUnsafe(out.length * 2);
      out.copy(bigger, 0, 0, n);
      out = bigger;
    }
    out[n++] = byte;
  };
  let table = new Int32Array(0);
  try {
    const bits = bitIterator(() => {
      if (queue.length === 0 && !pull()) throw new Truncated();
      return queue.shift()!;
    });
    do {
      const size = bzip2.header(bits) * 100_000;
      if (table.length !== size) table = new Int32Array(size);
      for (let crc: number | null = 0; ;) {
        n = 0;
        crc = bzip2.decompress(bits, put, table, size, crc);
        if (crc === null) break;
        // In pieces the size plain input comes in, so a block does not become one 900 kB string.
        for (let off = 0; off < n; off += PIECE) yield Buffer.from(out.subarray(off, Math.min(off + PIECE, n)));
      }
    } while (bits.bytesRead < fed || pull());
  } catch (e) {
    // The decoder's own messages are jokes ("rawr i'm a dinosaur"); say what kind of damage it is.
    const reason = e instanceof Truncated ? "it ends early" : e instanceof Error && /crc32/.test(e.message) ? "checksum mismatch" : "invalid bzip2 data";
    throw new FatalError(
      "FEED_INVALID",
      `${label}: the bzip2 feed is corrupt or truncated (${reason})`,
      "the download may be incomplete; run the update again or check the --source file",
      { cause: e },
    );
  }
}
