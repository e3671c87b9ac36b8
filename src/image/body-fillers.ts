/** Collecting one tar entry's body from the slices the parser hands out (layer-walk.ts). */

/**
 * A body filled in place (the header gives the size): chunks plus a concatenation would peak at
 * twice it. The parser never hands out more than the header's size.
 */
export function filler(size: number, buf: Buffer = Buffer.allocUnsafe(size)): { add: (c: Buffer) => void; bytes: () => Buffer } {
  let received = 0;
  return {
    add: (c) => {
      c.copy(buf, received);
      received += c.length;
    },
    bytes: () => (received === size ? buf : buf.subarray(0, received)),
  };
}

/**
 * `filler` for a probe-only file: a body handed over in one slice is kept as that slice (the
 * probes run on it before the parser moves on); one cut across chunks is copied into `buffer`.
 */
export function probeFiller(size: number, buffer: (size: number) => Buffer): { add: (c: Buffer) => void; bytes: () => Buffer } {
  let whole: Buffer | null = null;
  let fill: ReturnType<typeof filler> | null = null;
  return {
    add: (c) => {
      if (fill === null && whole === null && c.length === size) whole = c;
      else (fill ??= filler(size, buffer(size))).add(c);
    },
    bytes: () => whole ?? fill?.bytes() ?? EMPTY,
  };
}

const EMPTY = Buffer.alloc(0);
